package org.ducklake.jdbc.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.duckdb.DuckDBPreparedStatement;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * Plans a DuckDB prepared statement again right before it runs, keeping the parameters bound on it.
 *
 * <p>Why: a plan DuckDB made for a DuckLake table points into DuckLake's schema cache (the table's entry
 * in the catalog of one schema version). DuckLake (as DuckDB 1.5.5 ships it) keeps that cache entry alive
 * for the plan only until the connection's next query ends; after that only the cache holds it, and the
 * cache drops it when another connection loads the same schema version at the same time (its copy replaces
 * this one), on eviction, or on invalidation. DuckDB re-binds a prepared statement only when the schema
 * version changed, so executing it again runs a plan into freed memory: a SIGSEGV in
 * {@code DuckLakeInlineData::OperatorFinalize}, {@code UpdateStats} or {@code DuckLakeFieldData::GetByRootIndex},
 * "database has been invalidated", or a false binder error. A statement prepared right before it runs (as
 * DuckDB's own plain statements are) is safe: nothing ends between the prepare and the execution. So each
 * execution of a prepared statement, and each row of a row-by-row batch, runs on a plan made just before it,
 * inside the transaction it runs in.
 *
 * <p>Why every execution, not only those after a schema change: the schema copies live in DuckDB's object
 * cache ({@code DuckLakeCatalog::GetSchemaCacheEntry}, keyed by schema version), and besides the two loads
 * of one version at once and DuckLake's own invalidations (expired snapshots, flushed inlined tables), the
 * object cache drops entries whenever any statement of the engine reaches the memory limit and the buffer
 * pool cannot free enough otherwise ({@code BufferPool::EvictObjectCacheEntries}, DuckDB 1.5.5): a
 * {@code CREATE TEMP TABLE} that ran out of memory on another connection left the object cache empty, and the
 * next read loaded a new copy. Nothing the driver sees tells such a drop apart from a statement that ran
 * within its memory, and a kept plan is not pinned while it runs, so a plan is never kept across queries.
 * What planning again costs is one DuckDB prepare, and in auto-commit mode a transaction of the prepare's own
 * (one more read of the catalog's snapshot) where the execution does not run in one the driver begins: a
 * write in auto-commit mode runs in one (Transactions#atomically), and so does a plain read
 * (Transactions#readsInOneTransaction); see {@code bench/PlanCostProbe}.
 *
 * <p>DuckDB's driver keeps a statement's values in a private array and re-prepares through a private method;
 * both are reached through private lookups, as {@link EngineInternals} reaches the engine's state. When a
 * future duckdb_jdbc changes them {@link #AVAILABLE} is false, a warning is logged, and statements run on the
 * plan they were prepared with (a test pins the probe for the version built against).
 */
// Quirk.STALE_PREPARED_PLAN
public final class FreshPlans {
    private static final Logger LOG = Logger.getLogger(FreshPlans.class.getName());

    private static final MethodHandle PREPARE;
    private static final VarHandle PARAMS;
    private static final VarHandle BATCHED_PARAMS;
    /** Whether statements can be planned again on this duckdb_jdbc. */
    public static final boolean AVAILABLE;

    static {
        MethodHandle prepare = null;
        VarHandle params = null;
        VarHandle batched = null;
        try {
            MethodHandles.Lookup lookup =
                    MethodHandles.privateLookupIn(DuckDBPreparedStatement.class, MethodHandles.lookup());
            prepare = lookup.findVirtual(
                    DuckDBPreparedStatement.class, "prepare", MethodType.methodType(void.class, String.class));
            params = lookup.findVarHandle(DuckDBPreparedStatement.class, "params", Object[].class);
            batched = lookup.findVarHandle(DuckDBPreparedStatement.class, "batchedParams", List.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(
                    Level.WARNING,
                    "cannot plan DuckDB's prepared statements again on this duckdb_jdbc version; a prepared"
                            + " statement executed more than once may run a plan DuckLake has freed",
                    e);
            prepare = null;
            params = null;
            batched = null;
        }
        PREPARE = prepare;
        PARAMS = params;
        BATCHED_PARAMS = batched;
        AVAILABLE = prepare != null;
    }

    private FreshPlans() {}

    /**
     * Prepares {@code sql} again on DuckDB's statement, keeping its bound values; a no-op when not
     * {@link #AVAILABLE}. A failed prepare closes DuckDB's statement (as DuckDB does).
     */
    public static void replan(PreparedStatement statement, String sql) throws SQLException {
        if (!AVAILABLE) {
            return;
        }
        DuckDBPreparedStatement target = statement.unwrap(DuckDBPreparedStatement.class);
        Object[] bound = (Object[]) PARAMS.get(target);
        invokePrepare(target, sql);
        PARAMS.set(target, bound);
    }

    /**
     * Runs DuckDB's pending batch row by row, each row on a fresh plan, and clears it; the caller holds
     * the transaction (DuckDB's driver is told one is running, so it neither begins nor commits one).
     * Returns one update count per row. When not {@link #AVAILABLE}, DuckDB's own batch runs instead.
     *
     * @param beforeEachRow runs before each row is planned; a failure it throws ends the batch (a cancel)
     */
    public static long[] executeRows(PreparedStatement statement, String sql, Checkpoint beforeEachRow)
            throws SQLException {
        if (!AVAILABLE) {
            return statement.executeLargeBatch();
        }
        DuckDBPreparedStatement target = statement.unwrap(DuckDBPreparedStatement.class);
        @SuppressWarnings("unchecked")
        List<Object[]> pending = (List<Object[]>) BATCHED_PARAMS.get(target);
        List<Object[]> rows = new ArrayList<>(pending);
        Object[] bound = (Object[]) PARAMS.get(target);
        long[] counts = new long[rows.size()];
        try {
            for (int i = 0; i < rows.size(); i++) {
                beforeEachRow.check();
                invokePrepare(target, sql);
                PARAMS.set(target, rows.get(i));
                target.execute(); // as DuckDB's own batch: executeUpdate is refused while a batch is pending
                counts[i] = target.getLargeUpdateCount();
            }
        } finally {
            if (!target.isClosed()) {
                target.clearBatch(); // the batch is over, as after DuckDB's own, failed or not
                PARAMS.set(target, bound);
            }
        }
        return counts;
    }

    /** A check between two steps of the engine, which may end the work with its failure. */
    @FunctionalInterface
    public interface Checkpoint {
        void check() throws SQLException;
    }

    private static void invokePrepare(DuckDBPreparedStatement target, String sql) throws SQLException {
        try {
            PREPARE.invokeExact(target, sql);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw SqlErrors.create("Preparing the statement again failed", SqlState.INTERNAL_ERROR, e);
        }
    }
}
