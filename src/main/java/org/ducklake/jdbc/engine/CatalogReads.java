package org.ducklake.jdbc.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;

/**
 * The driver's metadata reads of a lake on a catalog server, sharing one read transaction for a short window
 * ({@code metadata_window}) on an engine connection of their own.
 *
 * <p>Why: every transaction on a PostgreSQL catalog costs eight round trips to the server before it reads
 * anything (the postgres extension's pooled connection: its check, BEGIN, DuckLake's read of the snapshot,
 * COMMIT, DISCARD ALL), and in auto-commit mode each metadata call is a transaction of its own. A tool that
 * browses a schema makes a few calls per table (DBeaver: getColumns, getPrimaryKeys, … for each), so a
 * 50-table browse cost over 500 round trips. Inside one transaction DuckLake reads the catalog once and
 * answers the later reads from memory.
 *
 * <p>What a read sees: the lake as it was when the window's transaction began. The window ends, and the next
 * read begins a new one, when
 * <ul>
 *   <li>it is older than the window (so it sees commits from other processes at most that late);
 *   <li>any statement of this engine's connections that may have changed the catalog has ended since it began,
 *       or a transaction that held one (see {@link CatalogGuard#schemaChanges}): a table one connection
 *       creates is in the next metadata read of every other;
 *   <li>a read failed (its engine connection is then closed, not reused).
 * </ul>
 * When the engine may commit outside the driver's sight (a DuckDB object handed to the user, see
 * {@link EngineLock#commitsOutsideLock}), every read is a transaction of its own. An idle window is ended by a
 * timer, so no catalog connection stays idle in a transaction.
 *
 * <p>Callers decide which reads may come here: only reads that would otherwise be a transaction of their own
 * (auto-commit, no transaction open) and that do not depend on the caller's session (its temporary objects).
 * Reads are serialized; a caller waits at most its network timeout for another's read to end, and its own
 * read is bounded by it too: one that outlives it gives its engine connection up (the caller's connection is
 * not involved and stays usable).
 */
public final class CatalogReads {
    private static final Logger LOG = Logger.getLogger(CatalogReads.class.getName());

    /** Reads a result while the engine connection is held (the result is gone afterwards). */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Work of several queries that must see the same read of the catalog (one window's transaction). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Window window) throws SQLException;
    }

    /** One window's transaction, handed to {@link Work}: its queries, and what is remembered across windows. */
    public final class Window {
        private Window() {}

        /** Runs a query in the window's transaction and hands its result to {@code reader}. */
        public <T> T query(String sql, Reader<T> reader) throws SQLException {
            CatalogGuard.Hold hold = engineLock.catalog.enter(CatalogReads.this, CatalogEffect.NONE, holdWaitMillis);
            try (Statement s = engine.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                return reader.read(rs);
            } finally {
                hold.release(false);
            }
        }

        /**
         * What a read derived from the catalog and kept under {@code name} for the catalog state {@code key}
         * (e.g. DuckLake's schema version), or null when nothing is kept for that state.
         */
        public Object remembered(String name, Object key) {
            Object[] kept = memory.get(name);
            return kept != null && kept[0].equals(key) ? kept[1] : null;
        }

        /** Keeps {@code value} under {@code name} for the catalog state {@code key}, replacing what was kept. */
        public void remember(String name, Object key, Object value) {
            memory.put(name, new Object[] {key, value});
        }
    }

    private final SqlWork<Connection> opener;
    private final EngineLock engineLock;
    /** The lake's error path: its secrets masked in what is logged. */
    private final SqlErrors errors;

    private final long windowNanos;
    private final ScheduledExecutorService timers;
    /**
     * The one permit to use the reads' state and engine connection. A semaphore, not a lock: a read cut off at
     * its caller's bound goes on on a {@link BoundedCalls} thread, which holds the permit until the engine lets
     * it go, and releases it then (see {@link #read(long, Work)}).
     */
    private final Semaphore permit = new Semaphore(1, true);

    // Under the permit. Volatile: a caller waiting at its bound reads it, without the permit, to interrupt it.
    private volatile Connection engine;
    /** Whether the window's transaction is open on {@link #engine}; volatile for tests and diagnostics. */
    private volatile boolean open;
    /** When the window's transaction began (System.nanoTime). */
    private long begun;
    /** {@link CatalogGuard#schemaChanges} read before the window's transaction began. */
    private long changesAtBegin;

    /** What reads derived from the catalog, by name: {key, value} (see Window#remembered). */
    private final Map<String, Object[]> memory = new HashMap<>();
    /** The current read's bound for the catalog guard. */
    private long holdWaitMillis;

    private final Window window = new Window();

    private ScheduledFuture<?> ender;
    /** Set by close(), read by a read that was under way then. */
    private volatile boolean closed;
    /** Windows begun, for tests and diagnostics. */
    private volatile long windows;

    /**
     * @param opener   makes an engine connection of the instance, in the lake
     * @param errors   the lake's error path, which masks its secrets in what is logged
     * @param windowMillis how long a window's transaction may serve reads (positive)
     * @param timers   where the timer that ends an idle window runs
     */
    public CatalogReads(
            SqlWork<Connection> opener,
            EngineLock engineLock,
            SqlErrors errors,
            long windowMillis,
            ScheduledExecutorService timers) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be positive: " + windowMillis);
        }
        this.opener = opener;
        this.engineLock = engineLock;
        this.errors = errors;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.timers = timers;
    }

    /**
     * Runs work of several queries in the current window (or a new one): they all see the same read of the
     * catalog.
     *
     * @param waitMillis at most how long to wait for another caller's read, 0 for no bound
     */
    public <T> T read(long waitMillis, Work<T> work) throws SQLException {
        enter(waitMillis);
        // From here the permit is released by whichever thread ends the read: this one, or, when the read
        // outlives the caller's bound, the BoundedCalls thread it goes on on.
        AtomicBoolean givenUp = new AtomicBoolean();
        SqlWork<T> locked = () -> {
            boolean ok = false;
            try {
                if (closed) {
                    throw SqlErrors.create("The lake's engine instance is closing", SqlState.CONNECTION_FAILURE, null);
                }
                T result = readLocked(waitMillis, work);
                ok = true;
                return result;
            } finally {
                try {
                    if (!ok || closed || givenUp.get()) {
                        discard(); // its state after a failure is not known: not reused
                    } else if (!usable() || expired()) {
                        end();
                    }
                } finally {
                    permit.release();
                }
            }
        };
        int seconds = waitMillis <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (waitMillis + 999) / 1000);
        try {
            return BoundedCalls.call(
                    () -> engine, seconds, "the network timeout", SqlState.QUERY_CANCELED, locked, why -> {
                        givenUp.set(true);
                        LOG.log(Level.FINE, "a metadata read was given up: {0}", why);
                    });
        } catch (SQLException e) {
            if (givenUp.get()) {
                throw SqlErrors.create(
                        "Cancelled: a metadata read of the lake's catalog did not end within the network timeout of "
                                + seconds + " s: the catalog database does not answer. This connection stays"
                                + " usable; the read's own engine connection is given up",
                        SqlState.QUERY_CANCELED,
                        null);
            }
            throw e;
        }
    }

    private <T> T readLocked(long waitMillis, Work<T> work) throws SQLException {
        long changes = engineLock.catalog.schemaChanges(); // before BEGIN: a change after it ends the window
        if (open && (expired() || changes != changesAtBegin || !usable())) {
            end();
        }
        if (engine == null) {
            engine = opener.run();
        }
        holdWaitMillis = waitMillis;
        if (!open) {
            // BEGIN reads nothing yet: DuckLake reads the catalog at the first query.
            run("BEGIN TRANSACTION");
            open = true;
            begun = System.nanoTime();
            changesAtBegin = changes;
            windows++;
            scheduleEnd();
        }
        return work.run(window);
    }

    /** Whether reads may share a transaction now (see the class comment). */
    private boolean usable() {
        return !engineLock.commitsOutsideLock();
    }

    private boolean expired() {
        return System.nanoTime() - begun >= windowNanos;
    }

    private void enter(long waitMillis) throws SQLException {
        try {
            if (waitMillis <= 0) {
                permit.acquire();
            } else if (!permit.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw SqlErrors.create(
                        "Timed out after " + waitMillis + " ms waiting for another connection's metadata read of"
                                + " the lake's catalog",
                        SqlState.QUERY_CANCELED,
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqlErrors.create(
                    "Interrupted while waiting for another connection's metadata read", SqlState.QUERY_CANCELED, e);
        }
    }

    private void run(String sql) throws SQLException {
        try (Statement s = engine.createStatement()) {
            s.execute(sql);
        }
    }

    /** Ends the window's transaction; on failure the engine connection is discarded. Under the permit. */
    private void end() {
        if (ender != null) {
            ender.cancel(false);
            ender = null;
        }
        if (!open) {
            return;
        }
        open = false;
        try {
            CatalogGuard.Hold hold = engineLock.catalog.enter(this, CatalogEffect.NONE, 0);
            try {
                run("COMMIT");
            } finally {
                hold.release(false);
            }
        } catch (SQLException | RuntimeException e) {
            logMasked("ending a metadata read window failed; its engine connection is closed", e);
            discard();
        }
    }

    /** Closes the engine connection (a DuckDB connection closing rolls its transaction back). Under the permit. */
    private void discard() {
        if (ender != null) {
            ender.cancel(false);
            ender = null;
        }
        open = false;
        Connection c = engine;
        engine = null;
        if (c != null) {
            try {
                EngineInternals.close(c);
            } catch (SQLException | RuntimeException e) {
                logMasked("closing a metadata read engine connection failed", e);
            }
        }
    }

    /** Logs a failure of the engine's with this lake's secrets masked (see SqlErrors#forLog). */
    private void logMasked(String what, Exception e) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "{0}: {1}", new Object[] {what, errors.forLog(e)});
        }
    }

    private void scheduleEnd() {
        if (ender != null) {
            ender.cancel(false);
        }
        // The COMMIT runs off the timer's thread: it may wait for a catalog that does not answer.
        ender = timers.schedule(
                () -> BoundedCalls.THREADS.execute(this::endIfExpired), windowNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The timer: ends a window that outlived its time. When a read holds the permit, that read ends the window
     * itself as it finishes (it checks the age then).
     */
    private void endIfExpired() {
        if (!permit.tryAcquire()) {
            return;
        }
        try {
            if (open && expired()) {
                end();
            }
        } finally {
            permit.release();
        }
    }

    /**
     * Ends the window and closes the engine connection, waiting at most {@code waitMillis} for a read under
     * way; a read that is still running then closes nothing and finds the reads closed at its end.
     */
    public void close(long waitMillis) {
        closed = true;
        boolean acquired;
        try {
            acquired = permit.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            LOG.log(Level.FINE, "a metadata read was still running when the lake's engine instance closed");
            return;
        }
        try {
            discard();
        } finally {
            permit.release();
        }
    }

    /** Whether a window's transaction is open now; for tests and diagnostics. */
    public boolean windowOpen() {
        return open;
    }

    /** How many windows began so far; for tests and diagnostics. */
    public long windows() {
        return windows;
    }

    @Override
    public String toString() {
        return "CatalogReads[window " + TimeUnit.NANOSECONDS.toMillis(windowNanos) + " ms]";
    }
}
