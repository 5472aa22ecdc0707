package org.ducklake.jdbc.wrapper;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.UUID;
import org.ducklake.jdbc.engine.Engines;
import org.ducklake.jdbc.engine.FreshPlans;
import org.ducklake.jdbc.sql.InsertValues;

/**
 * A prepared statement handed to the user: everything {@link LakeStatement} does, plus the
 * {@link PreparedStatement} methods forwarded to DuckDB's prepared statement. When DuckDB closes it after
 * a failed execution, the same SQL is prepared again on the next call; parameters bound before the
 * failure are lost then and must be bound again.
 *
 * <p>Batches: the batch of a simple {@code INSERT INTO t [(columns)] VALUES (?, …)} is written by one engine
 * statement through a staging table (see {@link StagedBatch}) unless {@code bulk_batch=false}; the values
 * are recorded as the setters bind them, and bound on DuckDB's statement as well, so a batch that cannot be
 * staged runs row by row as before. Either way a batch is all or nothing in auto-commit mode, and a row the
 * engine refuses fails the batch with a {@link BatchUpdateException} whose update counts are empty (nothing
 * of the batch is stored, or, in a transaction, can be committed), with the engine's error, translated, as
 * its cause and next exception. A timeout, a lost connection or a commit conflict is thrown as it is. In the
 * user's transaction a staged batch waits for the next batches of the same INSERT and is written with them
 * when anything else needs the connection ({@code batch_coalesce}, see CoalescedBatch): a row refused then
 * fails that call or the commit.
 */
public class LakePreparedStatement extends PreparedStatementForwards {

    /** The statement's SQL as prepared. */
    private final String sql;
    /** The rows of a batch that can be staged; null when this statement's batches run row by row. */
    private final StagedBatch staged;

    LakePreparedStatement(
            LakeConnection connection,
            PreparedStatement delegate,
            Opener<? extends PreparedStatement> opener,
            String sql) {
        super(connection, delegate, opener);
        this.sql = sql;
        InsertValues insert = connection.bulkBatches() ? InsertValues.parse(sql) : null;
        this.staged = insert == null ? null : new StagedBatch(insert, sql);
    }

    /** The delegate to call (see {@link #delegate()}); always a prepared statement, as our opener made it. */
    @Override
    final PreparedStatement preparedDelegate() throws SQLException {
        return (PreparedStatement) delegate();
    }

    /** A setter whose value is not recorded bound this parameter: a batch holding it runs row by row. */
    @Override
    final void unrecorded(int parameterIndex) {
        if (staged != null) {
            staged.unrecorded(parameterIndex);
        }
    }

    /** Records a value DuckDB's statement accepted. */
    private void record(int parameterIndex, Object value) {
        if (staged != null) {
            staged.set(parameterIndex, value);
        }
    }

    /** JDBC's parameter index is the engine's, except in a call with an OUT value (LakeCallableStatement). */
    @Override
    int position(int parameterIndex) throws SQLException {
        return parameterIndex;
    }

    @Override
    void delegateReplaced() {
        if (staged != null) {
            staged.reset();
        }
    }

    // ---- java.sql.PreparedStatement ----

    /** DuckDB's metadata of the result, naming the classes the driver's getObject answers. */
    @Override
    public java.sql.ResultSetMetaData getMetaData() throws SQLException {
        try {
            java.sql.ResultSetMetaData meta = preparedDelegate().getMetaData();
            return meta == null ? null : LakeResultSetMetaData.wrap(meta);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return result(checkedExecution(sql, target -> freshPlan(target).executeQuery()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return checkedExecution(sql, target -> freshPlan(target).executeUpdate());
    }

    @Override
    public boolean execute() throws SQLException {
        return checkedExecution(sql, target -> freshPlan(target).execute());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return checkedExecution(sql, target -> freshPlan(target).executeLargeUpdate());
    }

    /**
     * DuckDB's statement, planned again just now, inside the transaction the execution runs in, with the
     * values bound on it: a plan kept from an earlier query may point into DuckLake's freed schema cache
     * (see FreshPlans). The prepare is the last thing that runs on the engine before the execution.
     */
    private PreparedStatement freshPlan(Statement target) throws SQLException {
        PreparedStatement prepared = (PreparedStatement) target;
        // Quirk.STALE_PREPARED_PLAN
        FreshPlans.replan(prepared, sql);
        cancelPoint(); // a cancel that came while it planned
        return prepared;
    }

    @Override
    boolean plansEachExecution() {
        return FreshPlans.AVAILABLE;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) Math.min(counts[i], Integer.MAX_VALUE);
        }
        return out;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        StagedBatch.Write write = takeStaged();
        try {
            if (write == null) {
                // Row by row, each row on a fresh plan (see freshPlan), all in one transaction.
                return batchExecution(
                        catalogEffectOf(sql),
                        target -> FreshPlans.executeRows((PreparedStatement) target, sql, this::cancelPoint));
            }
            if (lakeConnection().coalescesBatches()) {
                return batchExecution(catalogEffectOf(sql), write, target -> stagedOrCoalesced(write, target));
            }
            return batchExecution(catalogEffectOf(sql), target -> staged(write, target));
        } catch (SQLException e) {
            throw LakeStatement.batchFailure(e);
        }
    }

    /** The staged write of the pending batch, or null when it runs row by row; the batch is taken either way. */
    private StagedBatch.Write takeStaged() throws SQLException {
        if (staged == null) {
            return null;
        }
        try {
            return staged.take(preparedDelegate().getParameterMetaData());
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** Writes the batch through the stage; one update count per row, as the row path reports. */
    // Quirk.BATCH_INLINES_EACH_ROW
    private static long[] staged(StagedBatch.Write write, Statement target) throws SQLException {
        target.clearBatch(); // DuckDB's copy of the rows, written here instead
        long inserted = write.run(Engines.unwrap(target.getConnection()));
        long[] counts = new long[write.rowCount()];
        Arrays.fill(counts, inserted == write.rowCount() ? 1 : SUCCESS_NO_INFO);
        return counts;
    }

    /**
     * In the user's transaction, keeps the batch's rows to be written with the next batches of the same
     * INSERT (see CoalescedBatch): each row counts 1, as each row of an INSERT … VALUES inserts one row once
     * written, and a failure of the write reaches the next call or the commit. In a transaction of its own
     * (auto-commit mode), and on a read-only connection, the batch is written now.
     */
    private long[] stagedOrCoalesced(StagedBatch.Write write, Statement target) throws SQLException {
        if (!inUsersTransaction() || lakeConnection().transactions().readOnly()) {
            return staged(write, target);
        }
        target.clearBatch(); // DuckDB's copy of the rows, kept in the stage instead
        lakeConnection().transactions().stage(write, Engines.unwrap(target.getConnection()));
        long[] counts = new long[write.rowCount()];
        Arrays.fill(counts, 1);
        return counts;
    }

    @Override
    public void addBatch() throws SQLException {
        super.addBatch();
        if (staged != null) {
            staged.addRow();
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        super.clearBatch();
        if (staged != null) {
            staged.clearBatch();
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        super.clearParameters();
        if (staged != null) {
            staged.clearParameters();
        }
    }

    /** Once DuckDB's statement is handed out, values may be bound on it unseen: batches run row by row. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        T out = super.unwrap(iface);
        if (staged != null && out != this) {
            staged.disable();
        }
        return out;
    }

    // ---- setters whose values a staged batch records (after DuckDB's statement accepted them) ----

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        super.setNull(parameterIndex, sqlType);
        record(parameterIndex, null);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        super.setNull(parameterIndex, sqlType, typeName);
        record(parameterIndex, null);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        super.setBoolean(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        super.setByte(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        super.setShort(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        super.setInt(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        super.setLong(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        super.setFloat(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        super.setDouble(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        super.setBigDecimal(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        super.setString(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String x) throws SQLException {
        super.setNString(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        super.setBytes(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        super.setDate(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        super.setTime(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        super.setTimestamp(parameterIndex, x);
        record(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        super.setObject(parameterIndex, x);
        record(parameterIndex, x);
    }

    /*
     * DuckDB's setObject with a target type knows only some types: a LocalDate for Types.DATE is "Unknown
     * target type 91", a LocalTime for TIME "92", a ZonedDateTime or Instant for TIMESTAMP_WITH_TIMEZONE
     * "Can't convert value to timestamp", and byte[] for BINARY, a UUID for OTHER are refused the same way.
     * Those values are bound here as DuckDB binds them without a target type (a zoned value as its
     * OffsetDateTime, an Instant at UTC); every other combination is DuckDB's.
     */

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        Object bound = x == null ? null : asDuckDbBinds(x, targetSqlType);
        if (bound != null) {
            setObject(parameterIndex, bound);
        } else {
            super.setObject(parameterIndex, x, targetSqlType);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        Object bound = x == null ? null : asDuckDbBinds(x, targetSqlType);
        if (bound != null) {
            setObject(parameterIndex, bound);
        } else {
            super.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        Integer type = vendorTypeNumber(targetSqlType);
        if (type == null) {
            super.setObject(parameterIndex, x, targetSqlType);
        } else {
            setObject(parameterIndex, x, (int) type);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        Integer type = vendorTypeNumber(targetSqlType);
        if (type == null) {
            super.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        } else {
            setObject(parameterIndex, x, (int) type, scaleOrLength);
        }
    }

    private static Integer vendorTypeNumber(SQLType type) {
        return type instanceof JDBCType ? type.getVendorTypeNumber() : null;
    }

    /** The value to bind without a target type, where DuckDB's typed setObject would refuse it; else null. */
    // Quirk.TYPED_SET_OBJECT
    private static Object asDuckDbBinds(Object x, int targetSqlType) {
        switch (targetSqlType) {
            case Types.DATE:
                return x instanceof LocalDate || x instanceof java.sql.Date ? x : null;
            case Types.TIME:
                return x instanceof LocalTime || x instanceof Time ? x : null;
            case Types.TIME_WITH_TIMEZONE:
                return x instanceof OffsetTime || x instanceof LocalTime || x instanceof Time ? x : null;
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE:
                if (x instanceof ZonedDateTime) {
                    return ((ZonedDateTime) x).toOffsetDateTime();
                }
                return x instanceof Instant ? ((Instant) x).atOffset(ZoneOffset.UTC) : null;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return x instanceof byte[] ? x : null;
            case Types.OTHER:
            case Types.JAVA_OBJECT:
                return x instanceof UUID ? x : null;
            default:
                return null;
        }
    }
}
