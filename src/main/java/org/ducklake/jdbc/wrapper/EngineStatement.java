package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * The DuckDB statement under one of ours, which the driver opens again when it must, and the settings it
 * carries to the new one (max rows, query timeout, fetch size; -1 when never set, so DuckDB's default
 * applies).
 *
 * <p><b>Re-opened after DuckDB closed it.</b> DuckDB's driver closes its statement when an execution fails:
 * the next call on it fails with "Statement was closed" although the user never closed ours. So after an
 * error, the next call checks (once) whether the DuckDB statement is still open; if DuckDB closed it, a fresh
 * one is opened the way the first one was (a prepared statement prepares the same SQL again), settings
 * carried. Lost with the old one: parameters bound before the failure, a pending batch, warnings.
 *
 * <p><b>Following the connection's calls.</b> When a stream keeps the engine connection this DuckDB statement
 * is on and the connection's calls moved to another (see EngineSession), the statement is prepared again
 * there before it runs, its settings, bound parameters and pending batch carried over; the old one is closed
 * once the stream that keeps its engine connection ends.
 */
final class EngineStatement {
    private final LakeConnection connection;
    /** How to open a new DuckDB statement; null for statements that are never re-opened (metadata ones). */
    private final LakeStatement.Opener<? extends Statement> opener;

    private volatile Statement current;
    /** The engine connection {@link #current} is on. */
    private volatile Connection engine;
    /** Set when a call failed: the next call checks whether DuckDB closed the statement. */
    private volatile boolean suspect;

    volatile long maxRows = -1;
    volatile int queryTimeout = -1;
    volatile int fetchSize = -1;

    EngineStatement(LakeConnection connection, Statement first, LakeStatement.Opener<? extends Statement> opener) {
        this.connection = connection;
        this.current = first;
        this.engine = engineOf(first);
        this.opener = opener;
    }

    /** The DuckDB statement now, without any check (unwrap, close). */
    Statement current() {
        return current;
    }

    /** The engine connection the DuckDB statement is on; the connection's when it cannot tell. */
    Connection engine() {
        Connection e = engine;
        return e != null ? e : connection.engine();
    }

    void suspect() {
        suspect = true;
    }

    boolean isSuspect() {
        return suspect;
    }

    /** Whether the DuckDB statement is on another engine connection than the connection's calls. */
    boolean leftBehind() {
        return engine != connection.engine();
    }

    private static Connection engineOf(Statement engineStatement) {
        try {
            return engineStatement.getConnection();
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Opens a fresh DuckDB statement when DuckDB closed this one after a failure (see the class comment);
     * {@code replaced} runs when it did. Returns the statement to use.
     */
    synchronized Statement reopenIfClosed(boolean closed, Runnable replaced) throws SQLException {
        if (!suspect) {
            return current;
        }
        Statement old = current;
        if (opener != null && !closed && old.isClosed()) {
            Connection target = connection.rawConnection();
            Statement fresh = opener.open(target);
            try {
                carrySettings(fresh);
            } catch (SQLException e) {
                closeAfter(fresh, e);
                throw e;
            }
            current = fresh;
            engine = target;
            replaced.run();
        }
        suspect = false;
        return current;
    }

    /** Prepares the statement again on the connection's engine connection (see the class comment). */
    synchronized Statement follow() throws SQLException {
        Statement old = current;
        Connection target = connection.engine();
        if (opener == null || engine == target) {
            return old;
        }
        Statement fresh = opener.open(target);
        try {
            carrySettings(fresh);
            if (!EngineInternals.copyBindings(old, fresh)) {
                throw SqlErrors.create(
                        "Could not carry the statement's bound parameters to another engine connection",
                        SqlState.INTERNAL_ERROR,
                        null);
            }
        } catch (SQLException | RuntimeException e) {
            closeAfter(fresh, e);
            throw e;
        }
        connection.session().leftBehind(engine, old);
        current = fresh;
        engine = target;
        return fresh;
    }

    private static void closeAfter(Statement fresh, Exception failure) {
        try {
            fresh.close();
        } catch (SQLException closing) {
            failure.addSuppressed(closing);
        }
    }

    /** Max rows, query timeout and fetch size, as set on our statement, on a new DuckDB statement. */
    private void carrySettings(Statement fresh) throws SQLException {
        if (maxRows >= 0) {
            if (maxRows <= Integer.MAX_VALUE) {
                fresh.setMaxRows((int) maxRows);
            } else {
                fresh.setLargeMaxRows(maxRows);
            }
        }
        if (queryTimeout >= 0) {
            fresh.setQueryTimeout(queryTimeout);
        }
        if (fetchSize >= 0) {
            fresh.setFetchSize(fetchSize);
        }
    }
}
