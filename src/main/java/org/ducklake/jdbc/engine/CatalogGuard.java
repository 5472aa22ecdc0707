package org.ducklake.jdbc.engine;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;

/**
 * Keeps the connections of one engine instance from freeing the catalog that another connection's uncommitted
 * schema change points into.
 *
 * <p>Why: DuckLake (as DuckDB 1.5.5 ships it) keeps the catalog of each schema version in one cache entry
 * shared by the engine's connections, and a query keeps the entry it used alive only until the query ends
 * (duckdb/ducklake#1248; later DuckLake keeps it for the whole transaction). A table, view or comment that a
 * transaction creates or changes refers to its schema inside that entry and reads it again at COMMIT, which is
 * a later query. The entry is freed while the transaction is still open when
 * <ul>
 *   <li>two connections load the same schema version at the same time (each puts its own copy in the cache;
 *       the later one replaces the first): after any schema change commits, a pool's connections all load the
 *       new version at once; or
 *   <li>a commit drops every cached version: one that flushed inlined data, expired snapshots, or a
 *       CHECKPOINT.
 * </ul>
 * The COMMIT then reads freed memory: "Failed to get path for schema with id &lt;garbage&gt;", an internal error
 * ("Information loss on integer cast") that invalidates the whole database and later aborts the JVM, or a
 * SIGSEGV.
 *
 * <p>So, on each engine instance:
 * <ul>
 *   <li>A statement that changes the catalog ({@link CatalogEffect#CHANGES_SCHEMA}) runs alone: it waits until
 *       no other statement is running, and none starts until it ends. The schema is loaded only inside a
 *       statement, so the cache entry such a statement refers to is the one that stays in the cache.
 *   <li>A statement that drops the cached schemas ({@link CatalogEffect#DROPS_CACHED_SCHEMAS}) also runs alone,
 *       and not while another connection's transaction holds uncommitted catalog changes; while its own
 *       transaction is open, no other connection changes the catalog.
 * </ul>
 * Every other statement, commit, rollback and catalog read of the driver holds the guard shared: statements run
 * side by side as before, and wait only while a catalog change runs. A connection's nested calls (entering the
 * lake inside its statement) never wait for themselves.
 *
 * <p>Waits: for running statements, at most the caller's bound (its query or network timeout; without one,
 * as long as those statements run, as any wait without a bound does). For another connection's open
 * transaction, which may stay open for as long as its user likes, at most the caller's bound, and without one
 * not at all: the statement fails at once with 55P03, naming the reason, and nothing is sent to the engine.
 */
// Quirk.SCHEMA_CHANGE_UNDER_LOAD
public final class CatalogGuard {
    private final Object monitor = new Object();
    /** Owners running a statement that holds the guard shared, with their nesting depth. */
    private final Map<Object, Integer> shared = new HashMap<>();
    /** The owner running a statement alone, or null. */
    private Object exclusive;

    private int exclusiveDepth;
    /**
     * Owners that wait for running statements to end so as to run alone; while any waits, no new owner starts a
     * shared statement.
     */
    private int waitingAlone;
    /** Owners whose open transaction holds uncommitted catalog changes. */
    private final Set<Object> openChanges = new HashSet<>();
    /** Owners whose open transaction will drop the cached schemas when it commits. */
    private final Set<Object> openDrops = new HashSet<>();
    /** When the last statement that held the guard ended (System.nanoTime). */
    private long quietSince = System.nanoTime();
    /**
     * Counts the ends of what may have changed the catalog (see {@link #schemaChanges}): a statement read as a
     * change, and a transaction that held one.
     */
    private long schemaChanges;

    /** A hold on the guard; release it once, from any thread. */
    public final class Hold {
        private final Object owner;
        private final CatalogEffect effect;
        private final boolean alone;
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean started = new AtomicBoolean();

        private Hold(Object owner, CatalogEffect effect, boolean alone) {
            this.owner = owner;
            this.effect = effect;
            this.alone = alone;
        }

        /**
         * The call to make while holding: it releases the hold when it ends, on whichever thread runs it (a call
         * abandoned at its bound keeps the guard until the engine lets it go). {@code transactionOpen} tells,
         * when it ends, whether the owner's transaction is still open (see {@link #release}).
         */
        public <T> SqlWork<T> around(SqlWork<T> work, BooleanSupplier transactionOpen) {
            return () -> {
                if (!started.compareAndSet(false, true)) { // the caller gave up before the call started
                    throw SqlErrors.create("Cancelled before it started", SqlState.QUERY_CANCELED, null);
                }
                try {
                    return work.run();
                } finally {
                    release(transactionOpen.getAsBoolean());
                }
            };
        }

        /**
         * Releases the hold if the call made {@link #around} it has not started (it was refused, or its caller
         * gave up first); the call then never starts.
         */
        public void releaseUnlessStarted(BooleanSupplier transactionOpen) {
            if (started.compareAndSet(false, true)) {
                release(transactionOpen.getAsBoolean());
            }
        }

        /**
         * Releases the hold; {@code transactionOpen} is whether the owner's transaction is still open after the
         * statement: a catalog change in it is then remembered until {@link #transactionEnded}, and an owner
         * whose transaction ended is forgotten.
         */
        public void release(boolean transactionOpen) {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            synchronized (monitor) {
                if (alone) {
                    if (--exclusiveDepth == 0) {
                        exclusive = null;
                    }
                } else {
                    shared.computeIfPresent(owner, (o, depth) -> depth == 1 ? null : depth - 1);
                }
                if (effect != CatalogEffect.NONE) {
                    schemaChanges++;
                }
                if (transactionOpen) {
                    if (effect == CatalogEffect.CHANGES_SCHEMA) {
                        openChanges.add(owner);
                    } else if (effect == CatalogEffect.DROPS_CACHED_SCHEMAS) {
                        openDrops.add(owner);
                    }
                } else if (openChanges.remove(owner) | openDrops.remove(owner)) {
                    schemaChanges++; // its transaction ended (a COMMIT by SQL): the change is in, or gone
                }
                if (shared.isEmpty() && exclusive == null) {
                    quietSince = System.nanoTime();
                }
                monitor.notifyAll();
            }
        }
    }

    /**
     * Waits until {@code owner} may run a statement with this effect, and holds the guard for it.
     *
     * @param boundMillis the caller's bound in milliseconds, 0 for none
     */
    public Hold enter(Object owner, CatalogEffect effect, long boundMillis) throws SQLException {
        long deadline = boundMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis) : 0;
        synchronized (monitor) {
            if (exclusive == owner) { // nested in this owner's own statement that runs alone
                exclusiveDepth++;
                return new Hold(owner, effect, true);
            }
            if (effect == CatalogEffect.NONE) {
                Integer depth = shared.get(owner);
                if (depth == null) {
                    while (exclusive != null || waitingAlone > 0) {
                        await(deadline, boundMillis, null);
                    }
                }
                shared.merge(owner, 1, Integer::sum);
                return new Hold(owner, effect, false);
            }
            boolean queued = false; // counted in waitingAlone
            try {
                while (true) {
                    String openTransaction = openTransactionInTheWay(owner, effect);
                    boolean free = exclusive == null && !othersRunning(owner);
                    if (free && openTransaction == null) {
                        break;
                    }
                    // Waiting for running statements, it keeps new ones from starting (they would starve it);
                    // waiting for another connection's open transaction, it must not: that connection's next
                    // statements, its COMMIT included, are what end the wait.
                    boolean queue = openTransaction == null;
                    if (queue != queued) {
                        waitingAlone += queue ? 1 : -1;
                        queued = queue;
                        monitor.notifyAll();
                    }
                    await(deadline, boundMillis, free ? openTransaction : null);
                }
            } finally {
                if (queued) {
                    waitingAlone--;
                }
                monitor.notifyAll();
            }
            exclusive = owner;
            exclusiveDepth = 1;
            return new Hold(owner, effect, true);
        }
    }

    /** The owner's transaction ended (committed, rolled back, or its connection closed). */
    public void transactionEnded(Object owner) {
        synchronized (monitor) {
            if (openChanges.remove(owner) | openDrops.remove(owner)) {
                schemaChanges++;
                monitor.notifyAll();
            }
        }
    }

    /**
     * A number that changes whenever one of this engine's statements may have changed the lake's catalog: it
     * grows when a statement read as a change ({@link CatalogEffect}) ends and when a transaction holding one
     * ends. Read before a read of the catalog begins, it tells whether what that read saw may be out of date
     * for changes made through the driver on this engine (not for SQL run on an unwrapped DuckDB connection,
     * nor for other processes).
     */
    public long schemaChanges() {
        synchronized (monitor) {
            return schemaChanges;
        }
    }

    /** Whether an owner's transaction holds uncommitted catalog changes (for tests and diagnostics). */
    public boolean holdsOpenChanges(Object owner) {
        synchronized (monitor) {
            return openChanges.contains(owner) || openDrops.contains(owner);
        }
    }

    /**
     * For how many nanoseconds no statement has held the guard; -1 while one runs or waits to run alone. Only
     * the driver's own statements count: SQL a user ran on an unwrapped DuckDB connection is not seen.
     */
    public long quietNanos() {
        synchronized (monitor) {
            if (!shared.isEmpty() || exclusive != null || waitingAlone > 0) {
                return -1;
            }
            return System.nanoTime() - quietSince;
        }
    }

    private boolean othersRunning(Object owner) {
        int mine = shared.containsKey(owner) ? 1 : 0;
        return shared.size() > mine;
    }

    /** What another connection's open transaction keeps this statement from running, or null. */
    private String openTransactionInTheWay(Object owner, CatalogEffect effect) {
        if (effect == CatalogEffect.DROPS_CACHED_SCHEMAS && others(openChanges, owner)) {
            return "another connection's transaction holds uncommitted schema changes, which this statement"
                    + " (it drops DuckLake's cached schemas when it commits) would corrupt";
        }
        if (others(openDrops, owner)) {
            return "another connection's open transaction will drop DuckLake's cached schemas when it commits"
                    + " (inlined data flushed, snapshots expired, or a checkpoint), which would corrupt this"
                    + " schema change";
        }
        return null;
    }

    private static boolean others(Set<Object> owners, Object owner) {
        return owners.size() > (owners.contains(owner) ? 1 : 0);
    }

    /**
     * Waits for a change, at most until the deadline. {@code onlyOpenTransaction} is set when nothing but
     * another connection's open transaction is in the way: without a bound that is not waited for at all.
     */
    private void await(long deadline, long boundMillis, String onlyOpenTransaction) throws SQLException {
        if (onlyOpenTransaction != null && deadline == 0) {
            throw SqlErrors.create(
                    "Not run: " + onlyOpenTransaction + ". Commit or roll that transaction back first, or set a"
                            + " query timeout to wait for it (DuckLake of DuckDB 1.5.5, duckdb/ducklake#1248)",
                    SqlState.LOCK_NOT_AVAILABLE,
                    null);
        }
        long wait = 0; // no bound: until the running statements end
        if (deadline != 0) {
            long remaining = deadline - System.nanoTime();
            // Rounded up: a wait rounded down to 0 would end the bound up to a millisecond early.
            wait = remaining <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(remaining + 999_999);
            if (wait <= 0) {
                throw onlyOpenTransaction != null
                        ? SqlErrors.create(
                                "Timed out after " + boundMillis + " ms: " + onlyOpenTransaction
                                        + " (DuckLake of DuckDB 1.5.5, duckdb/ducklake#1248)",
                                SqlState.LOCK_NOT_AVAILABLE,
                                null)
                        : SqlErrors.create(
                                "Timed out after " + boundMillis + " ms waiting for other connections' statements:"
                                        + " a change of the lake's catalog runs alone (DuckLake of DuckDB 1.5.5,"
                                        + " duckdb/ducklake#1248)",
                                SqlState.QUERY_CANCELED,
                                null);
            }
        }
        try {
            monitor.wait(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqlErrors.create(
                    "Interrupted while waiting for a change of the lake's catalog", SqlState.QUERY_CANCELED, e);
        }
    }

    @Override
    public String toString() {
        synchronized (monitor) {
            return "CatalogGuard[running " + shared.size() + (exclusive != null ? ", one alone" : "")
                    + ", waiting alone " + waitingAlone + ", open changes " + openChanges.size() + ", open drops "
                    + openDrops.size() + "]";
        }
    }
}
