package org.ducklake.jdbc.wrapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A prepared statement handed to the user: everything {@link LakeStatement} does, plus the
 * {@link PreparedStatement} methods forwarded to DuckDB's prepared statement. When DuckDB closes it after
 * a failed execution, the same SQL is prepared again on the next call; parameters bound before the
 * failure are lost then and must be bound again.
 */
public class LakePreparedStatement extends PreparedStatementForwards {

    /** The statement's SQL as prepared. */
    private final String sql;

    LakePreparedStatement(
            LakeConnection connection,
            PreparedStatement delegate,
            Opener<? extends PreparedStatement> opener,
            String sql) {
        super(connection, delegate, opener);
        this.sql = sql;
    }

    /** The delegate to call (see {@link #delegate()}); always a prepared statement, as our opener made it. */
    @Override
    final PreparedStatement preparedDelegate() throws SQLException {
        return (PreparedStatement) delegate();
    }

    // ---- java.sql.PreparedStatement ----

    @Override
    public ResultSet executeQuery() throws SQLException {
        return result(checkedExecution(sql, target -> ((PreparedStatement) target).executeQuery()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return checkedExecution(sql, target -> ((PreparedStatement) target).executeUpdate());
    }

    @Override
    public boolean execute() throws SQLException {
        return checkedExecution(sql, target -> ((PreparedStatement) target).execute());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return checkedExecution(sql, target -> ((PreparedStatement) target).executeLargeUpdate());
    }
}
