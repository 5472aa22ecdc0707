package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.JdbcEscapes;
import org.ducklake.jdbc.sql.NamedParameters;

/**
 * Makes the statements of one connection: plain, prepared and callable, in the shapes JDBC asks for.
 *
 * <p>Scrollable result sets: DuckDB's results only go forward, so a statement asked for
 * TYPE_SCROLL_INSENSITIVE (or TYPE_SCROLL_SENSITIVE, which JDBC lets a driver downgrade to it) runs on a
 * forward-only statement of DuckDB's and its result sets are read into memory when the query has run (up to
 * max rows). Updatable result sets are DuckDB's to refuse.
 *
 * <p>A network timeout set on the connection bounds every statement made afterwards that has no query
 * timeout of its own (DuckDB interrupts the statement, SQLState 57014).
 */
final class StatementFactory {
    /** What JDBC asked for: the result set type, concurrency and holdability, or none of them. */
    static final class Shape {
        static final Shape DEFAULT = new Shape(false, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1);

        final boolean given;
        final int type;
        final int concurrency;
        /** -1 when not given. */
        final int holdability;

        private Shape(boolean given, int type, int concurrency, int holdability) {
            this.given = given;
            this.type = type;
            this.concurrency = concurrency;
            this.holdability = holdability;
        }

        static Shape of(int type, int concurrency) {
            return new Shape(true, type, concurrency, -1);
        }

        static Shape of(int type, int concurrency, int holdability) {
            return new Shape(true, type, concurrency, holdability);
        }

        /** The type a statement of ours reports, or -1 when DuckDB is to decide. */
        int scrollable() throws SQLException {
            switch (type) {
                case ResultSet.TYPE_FORWARD_ONLY:
                    return -1;
                case ResultSet.TYPE_SCROLL_INSENSITIVE:
                case ResultSet.TYPE_SCROLL_SENSITIVE:
                    return concurrency == ResultSet.CONCUR_READ_ONLY ? ResultSet.TYPE_SCROLL_INSENSITIVE : -1;
                default:
                    throw SqlErrors.create("Invalid result set type: " + type, SqlState.INVALID_PARAMETER_VALUE, null);
            }
        }
    }

    /** Prepares (rewritten) SQL on DuckDB's connection. */
    @FunctionalInterface
    interface Preparer {
        PreparedStatement open(Connection raw, String sql) throws SQLException;
    }

    private final LakeConnection connection;

    StatementFactory(LakeConnection connection) {
        this.connection = connection;
    }

    Statement create(Shape shape) throws SQLException {
        int scroll = shape.scrollable();
        if (scroll > 0 || !shape.given) {
            LakeStatement s = statement(raw -> raw.createStatement());
            return scroll > 0 ? s.ofType(scroll) : s;
        }
        if (shape.holdability < 0) {
            return statement(raw -> raw.createStatement(shape.type, shape.concurrency));
        }
        return statement(raw -> raw.createStatement(shape.type, shape.concurrency, shape.holdability));
    }

    PreparedStatement prepare(String sql, Shape shape) throws SQLException {
        int scroll = shape.scrollable();
        if (scroll > 0 || !shape.given) {
            LakePreparedStatement s = prepared(sql, (raw, q) -> raw.prepareStatement(q));
            return scroll > 0 ? s.ofType(scroll) : s;
        }
        if (shape.holdability < 0) {
            return prepared(sql, (raw, q) -> raw.prepareStatement(q, shape.type, shape.concurrency));
        }
        return prepared(sql, (raw, q) -> raw.prepareStatement(q, shape.type, shape.concurrency, shape.holdability));
    }

    /** A prepared statement made by a preparer of its own (the generated-keys forms). */
    PreparedStatement prepare(String sql, Preparer preparer) throws SQLException {
        return prepared(sql, preparer);
    }

    /**
     * DuckDB's driver has no prepareCall: a call is a prepared statement on the engine connection, wrapped,
     * with its {@code $name} parameters rewritten to positions so the named setters can bind them.
     */
    LakeCallableStatement call(String sql, Shape shape) throws SQLException {
        int scroll = shape.scrollable();
        if (scroll > 0 || !shape.given) {
            LakeCallableStatement s = callable(sql, (raw, q) -> raw.prepareStatement(q));
            return scroll > 0 ? s.ofType(scroll) : s;
        }
        if (shape.holdability < 0) {
            return callable(sql, (raw, q) -> raw.prepareStatement(q, shape.type, shape.concurrency));
        }
        return callable(sql, (raw, q) -> raw.prepareStatement(q, shape.type, shape.concurrency, shape.holdability));
    }

    private LakeStatement statement(LakeStatement.Opener<Statement> opener) throws SQLException {
        try {
            return withNetworkTimeout(
                    connection.track(new LakeStatement(connection, opener.open(connection.entered()), opener)));
        } catch (SQLException e) {
            throw connection.error(e);
        }
    }

    private LakePreparedStatement prepared(String sql, Preparer preparer) throws SQLException {
        connection.checkUsable();
        String translated = connection.checkAccess(JdbcEscapes.translate(sql));
        LakeStatement.Opener<PreparedStatement> withSql = raw -> preparer.open(raw, translated);
        try {
            return withNetworkTimeout(connection.track(new LakePreparedStatement(
                    connection, connection.guarded(() -> withSql.open(connection.preparing())), withSql, translated)));
        } catch (SQLException e) {
            throw connection.error(e);
        }
    }

    private LakeCallableStatement callable(String sql, Preparer preparer) throws SQLException {
        connection.checkUsable();
        String returnCall = JdbcEscapes.returnCall(sql);
        String translated = returnCall != null ? returnCall : JdbcEscapes.translate(sql);
        NamedParameters named = NamedParameters.parse(translated);
        // Checked after the named parameters became positional: the text checked is the text that runs.
        String checked = connection.checkAccess(named.sql());
        LakeStatement.Opener<PreparedStatement> withSql = raw -> preparer.open(raw, checked);
        try {
            return withNetworkTimeout(connection.track(new LakeCallableStatement(
                    connection,
                    connection.guarded(() -> withSql.open(connection.preparing())),
                    withSql,
                    named,
                    returnCall != null)));
        } catch (SQLException e) {
            throw connection.error(e);
        }
    }

    private <S extends LakeStatement> S withNetworkTimeout(S statement) throws SQLException {
        int ms = connection.networkTimeoutMillis();
        if (ms > 0) {
            statement.setQueryTimeout((ms + 999) / 1000);
        }
        return statement;
    }
}
