package org.ducklake.jdbc.wrapper;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.InsertValues;
import org.ducklake.jdbc.sql.SqlText;

/**
 * The rows of consecutive {@code executeBatch} calls of one prepared {@code INSERT … VALUES} in one
 * transaction, kept in a stage (a TEMP table of the engine connection, inside the transaction) and written by
 * one {@code INSERT … SELECT} when anything else needs the connection: another statement, the commit, a
 * change of the session's schema or catalog. Spark's JDBC writer, Kafka Connect and Flink sinks and Spring
 * {@code batchUpdate} loops send a transaction's rows as many small batches; written one by one, each batch
 * is a data file of the lake, and 200 batches of 1,000 rows are 200 files. Coalesced, they are one.
 *
 * <p>Batches join when they come from the same SQL text (the same prepared statement, or another one prepared
 * from the same text, as Spring prepares one per call) and their values fit the stage's columns unchanged (see
 * StagedBatch.Column#holding; a column the stage only held NULLs in, or a narrower integer, is altered to the
 * later batch's type). Anything else writes the staged rows first. At most {@link #MAX_ROWS} rows wait: a
 * batch that reaches it is written at once, so the stage's memory stays bounded.
 *
 * <p>Each staged row is an {@code INSERT … VALUES} of one row, so its update count is 1 when it is written,
 * and the rows are written or refused all together: when the write fails (a value its column refuses, a NOT
 * NULL), the error names the batch and reaches the caller of the call that wrote it, and the transaction
 * cannot commit (see Transactions#writeStaged). A rollback discards the stage with the transaction.
 */
// Quirk.BATCH_INLINES_EACH_ROW
final class CoalescedBatch {
    /** The most rows kept before they are written. */
    static final long MAX_ROWS = 1_000_000;

    /** The engine connection the stage lives on: the transaction's. */
    private final Connection raw;

    private final String stage;
    private final InsertValues insert;
    private final String sql;
    private StagedBatch.Column[] columns;
    private long rows;
    private int calls;
    /** Why the staged rows cannot be written (a write or an append that failed); null while they can. */
    private SQLException failure;

    private CoalescedBatch(Connection raw, String stage, StagedBatch.Write first) {
        this.raw = raw;
        this.stage = stage;
        this.insert = first.insert();
        this.sql = first.sql();
        this.columns = first.columns();
    }

    /**
     * A stage with the rows of {@code write}, on {@code raw} (DuckDB's connection) inside its transaction.
     * {@code keptSession} is told when a stage whose rows could not be appended cannot be dropped either.
     */
    static CoalescedBatch start(Connection raw, StagedBatch.Write write, Runnable keptSession) throws SQLException {
        CoalescedBatch b = new CoalescedBatch(raw, StagedBatch.newStage(), write);
        try (Statement s = raw.createStatement()) {
            s.execute(StagedBatch.createStage(b.stage, b.columns));
            try {
                write.appendTo(raw, b.stage, b.columns);
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("DROP TABLE " + StagedBatch.stageName(b.stage));
                } catch (SQLException dropping) {
                    keptSession.run(); // the transaction may still commit it: the session is not reused
                }
                throw e;
            }
        }
        b.rows = write.rowCount();
        b.calls = 1;
        return b;
    }

    /** Whether {@code write}, on {@code engine}, joins these rows (see the class comment). */
    boolean accepts(StagedBatch.Write write, Connection engine) {
        return failure == null
                && engine == raw
                && sql.equals(write.sql())
                && rows + write.rowCount() <= MAX_ROWS
                && holding(write.columns()) != null;
    }

    /** The stage columns that hold both the staged rows and {@code batch}'s, or null when none do. */
    private StagedBatch.Column[] holding(StagedBatch.Column[] batch) {
        if (batch.length != columns.length) {
            return null;
        }
        StagedBatch.Column[] out = new StagedBatch.Column[columns.length];
        for (int k = 0; k < columns.length; k++) {
            out[k] = columns[k].holding(batch[k]);
            if (out[k] == null) {
                return null;
            }
        }
        return out;
    }

    /**
     * Adds the rows of a batch {@link #accepts} took. When this fails part-way the stage may hold some of its
     * rows: the staged rows are then refused for good (see {@link #write}), so none of them can be committed.
     *
     * @param translate the connection's translation of an engine error (SQLState, secrets masked)
     */
    void append(StagedBatch.Write write, UnaryOperator<SQLException> translate) throws SQLException {
        try {
            StagedBatch.Column[] wider = holding(write.columns());
            try (Statement s = raw.createStatement()) {
                for (int k = 0; k < wider.length; k++) {
                    if (!wider[k].sameType(columns[k])) {
                        s.execute("ALTER TABLE " + StagedBatch.stageName(stage) + " ALTER COLUMN "
                                + SqlText.identifier(InsertValues.columnName(wider[k].parameter)) + " TYPE "
                                + wider[k].sqlType());
                        columns[k] = wider[k];
                    }
                }
            }
            write.appendTo(raw, stage, columns);
            rows += write.rowCount();
            calls++;
        } catch (SQLException e) {
            failure = translate.apply(e);
            throw failure;
        } catch (RuntimeException e) {
            failure = translate.apply(new SQLException(String.valueOf(e.getMessage()), e));
            throw e;
        }
    }

    boolean full() {
        return rows >= MAX_ROWS;
    }

    /** The engine connection the stage lives on. */
    Connection engine() {
        return raw;
    }

    /** The failure that keeps these rows from being written, or null. */
    SQLException failure() {
        return failure;
    }

    /**
     * Writes the staged rows into the target with one INSERT … SELECT, then drops the stage. Returns normally
     * only when every staged row was inserted. A failure is kept: the rows are refused for good and the
     * transaction cannot commit.
     *
     * @param translate the connection's translation of an engine error
     * @param keptSession told when the stage outlives the write (its DROP failed): the session is not reused
     */
    void write(UnaryOperator<SQLException> translate, Runnable keptSession) throws SQLException {
        if (failure != null) {
            throw failure;
        }
        try (Statement s = raw.createStatement()) {
            long inserted = s.executeLargeUpdate(insert.fromStage("temp", "main", stage));
            if (inserted != rows) {
                throw SqlErrors.create(
                        "The engine inserted " + inserted + " rows where " + rows + " were staged",
                        SqlState.INTERNAL_ERROR,
                        null);
            }
            try {
                s.execute("DROP TABLE " + StagedBatch.stageName(stage));
            } catch (SQLException e) {
                keptSession.run();
            }
        } catch (SQLException e) {
            failure = translate.apply(e);
            throw failure;
        }
    }

    /**
     * The error a failure of these rows reaches the caller with: a BatchUpdateException that names the
     * batches, with the engine's error (translated) as its cause and next exception, and its SQLState unless
     * {@code state} is given. {@code scrub} masks the lake's secrets in the text (the INSERT as the user wrote
     * it may hold anything, a comment included).
     */
    BatchUpdateException error(String what, String state, UnaryOperator<String> scrub) {
        SQLException cause = failure;
        String reason = scrub.apply("The " + rows + (rows == 1 ? " row" : " rows") + " staged by " + calls
                + " executeBatch " + (calls == 1 ? "call" : "calls") + " of " + insert.described() + " " + what
                + ": " + String.valueOf(cause.getMessage()));
        BatchUpdateException e = new BatchUpdateException(
                reason, state != null ? state : cause.getSQLState(), cause.getErrorCode(), new long[0], cause);
        e.setNextException(cause);
        return (BatchUpdateException) SqlErrors.bounded(e);
    }
}
