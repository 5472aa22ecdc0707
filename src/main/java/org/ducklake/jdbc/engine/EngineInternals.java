package org.ducklake.jdbc.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBResultSet;

/**
 * What DuckDB's JNI layer knows about a connection but its JDBC classes do not expose or get wrong: whether
 * the engine has a transaction open, and an interrupt that does not wait for the connection's lock.
 *
 * <p>Why not DuckDB's driver's own flag: {@code DuckDBConnection} remembers "a transaction is running" in a
 * Java field that it clears only when COMMIT or ROLLBACK succeed. When a COMMIT fails (a DuckLake conflict,
 * the catalog lost) the engine has already ended the transaction, the flag stays set, no BEGIN is issued
 * again, and every later statement of a "manual-commit" connection silently auto-commits. The engine's own
 * answer ({@code Connection::IsAutoCommit} in DuckDB, false exactly while a BEGIN is open) is what DuckDB's
 * JNI layer exposes as a package-private native method; it is reached here through a private lookup, which
 * the class path (unnamed modules) and an automatic module (all packages open) both allow. A lookup costs
 * about 50 ns.
 *
 * <p>When a future duckdb_jdbc changes these internals, {@link #AVAILABLE} is false and the connection
 * falls back to tracking the transactions it opened itself (a test pins the probe for the version built
 * against).
 */
public final class EngineInternals {
    private static final Logger LOG = Logger.getLogger(EngineInternals.class.getName());

    private static final MethodHandle CONN_REF;
    private static final MethodHandle ENGINE_AUTO_COMMIT;
    private static final VarHandle DRIVER_FLAG;
    private static final MethodHandle INTERRUPT;
    /** Whether the engine's state can be read on this duckdb_jdbc. */
    public static final boolean AVAILABLE;

    // DuckDB's result set: the chunk of rows it holds, the position in it, and whether the result ended.
    private static final VarHandle RESULT_CHUNK;
    private static final VarHandle RESULT_POSITION;
    private static final VarHandle RESULT_FINISHED;
    private static final VarHandle VECTOR_LENGTH;
    private static final VarHandle RESULT_REF;
    private static final MethodHandle RESULT_META;

    /** DuckDBPreparedStatement's bound parameters, pending batch and batch flag (see copyBindings). */
    private static final VarHandle PARAMS;

    private static final VarHandle BATCHED_PARAMS;
    private static final VarHandle IS_BATCH;
    /** Whether a prepared statement's bindings can be carried to another (see copyBindings). */
    public static final boolean BINDINGS_MOVABLE;

    static {
        VarHandle params = null;
        VarHandle batched = null;
        VarHandle isBatch = null;
        try {
            MethodHandles.Lookup lookup =
                    MethodHandles.privateLookupIn(DuckDBPreparedStatement.class, MethodHandles.lookup());
            params = lookup.findVarHandle(DuckDBPreparedStatement.class, "params", Object[].class);
            batched = lookup.findVarHandle(DuckDBPreparedStatement.class, "batchedParams", java.util.List.class);
            isBatch = lookup.findVarHandle(DuckDBPreparedStatement.class, "isBatch", Boolean.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(
                    Level.FINE,
                    "cannot carry a prepared statement's bindings on this duckdb_jdbc; streams are moved aside"
                            + " into memory instead of keeping an engine connection",
                    e);
            params = null;
        }
        PARAMS = params;
        BATCHED_PARAMS = batched;
        IS_BATCH = isBatch;
        BINDINGS_MOVABLE = params != null;
    }

    /**
     * Carries what is bound on one of DuckDB's prepared statements (its parameters and pending batch) to
     * another of the same SQL, freshly prepared on another engine connection; false when either is not
     * DuckDB's or the parameter counts differ (nothing is carried then). DuckDB keeps the bound values as
     * Java objects until it executes, so the copy is exactly what was bound.
     */
    @SuppressWarnings("unchecked")
    public static boolean copyBindings(java.sql.Statement from, java.sql.Statement to) {
        if (!BINDINGS_MOVABLE) {
            return false;
        }
        if (!(from instanceof DuckDBPreparedStatement) || !(to instanceof DuckDBPreparedStatement)) {
            return !(from instanceof DuckDBPreparedStatement) && !(to instanceof DuckDBPreparedStatement);
        }
        Object[] bound = (Object[]) PARAMS.get((DuckDBPreparedStatement) from);
        Object[] fresh = (Object[]) PARAMS.get((DuckDBPreparedStatement) to);
        // DuckDB sizes the array at the first value bound; until then it is empty.
        if (bound == null || fresh == null || (fresh.length != 0 && fresh.length != bound.length)) {
            return false;
        }
        PARAMS.set((DuckDBPreparedStatement) to, bound.clone());
        java.util.List<Object[]> pending =
                (java.util.List<Object[]>) BATCHED_PARAMS.get((DuckDBPreparedStatement) from);
        java.util.List<Object[]> target = (java.util.List<Object[]>) BATCHED_PARAMS.get((DuckDBPreparedStatement) to);
        if (pending != null && !pending.isEmpty()) {
            target.addAll(pending);
            IS_BATCH.set((DuckDBPreparedStatement) to, IS_BATCH.get((DuckDBPreparedStatement) from));
        }
        return true;
    }

    static {
        MethodHandle connRef = null;
        MethodHandle autoCommit = null;
        VarHandle flag = null;
        MethodHandle interrupt = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(DuckDBConnection.class, MethodHandles.lookup());
            connRef = lookup.findGetter(DuckDBConnection.class, "connRef", ByteBuffer.class);
            flag = lookup.findVarHandle(DuckDBConnection.class, "transactionRunning", boolean.class);
            Class<?> nativeApi =
                    Class.forName("org.duckdb.DuckDBNative", true, DuckDBConnection.class.getClassLoader());
            MethodHandles.Lookup nativeLookup = MethodHandles.privateLookupIn(nativeApi, MethodHandles.lookup());
            autoCommit = nativeLookup.findStatic(
                    nativeApi, "duckdb_jdbc_get_auto_commit", MethodType.methodType(boolean.class, ByteBuffer.class));
            interrupt = nativeLookup.findStatic(
                    nativeApi, "duckdb_jdbc_interrupt", MethodType.methodType(void.class, ByteBuffer.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(
                    Level.WARNING,
                    "cannot read DuckDB's transaction state on this duckdb_jdbc version; "
                            + "the driver tracks the transactions it opened itself",
                    e);
            connRef = null;
            autoCommit = null;
            flag = null;
            interrupt = null;
        }
        INTERRUPT = interrupt;
        CONN_REF = connRef;
        ENGINE_AUTO_COMMIT = autoCommit;
        DRIVER_FLAG = flag;
        AVAILABLE = autoCommit != null;

        VarHandle chunk = null;
        VarHandle position = null;
        VarHandle finished = null;
        VarHandle length = null;
        VarHandle resultRef = null;
        MethodHandle resultMeta = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(DuckDBResultSet.class, MethodHandles.lookup());
            Class<?> vector = Class.forName("org.duckdb.DuckDBVector", false, DuckDBResultSet.class.getClassLoader());
            chunk = lookup.findVarHandle(
                    DuckDBResultSet.class,
                    "currentChunk",
                    java.lang.reflect.Array.newInstance(vector, 0).getClass());
            position = lookup.findVarHandle(DuckDBResultSet.class, "chunkIdx", int.class);
            finished = lookup.findVarHandle(DuckDBResultSet.class, "finished", boolean.class);
            length = MethodHandles.privateLookupIn(vector, MethodHandles.lookup())
                    .findVarHandle(vector, "length", int.class);
            resultRef = lookup.findVarHandle(DuckDBResultSet.class, "resultRef", ByteBuffer.class);
            Class<?> nativeApi =
                    Class.forName("org.duckdb.DuckDBNative", true, DuckDBConnection.class.getClassLoader());
            resultMeta = MethodHandles.privateLookupIn(nativeApi, MethodHandles.lookup())
                    .findStatic(
                            nativeApi,
                            "duckdb_jdbc_query_result_meta",
                            MethodType.methodType(
                                    Class.forName(
                                            "org.duckdb.DuckDBResultSetMetaData",
                                            false,
                                            DuckDBConnection.class.getClassLoader()),
                                    ByteBuffer.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(
                    Level.FINE,
                    "cannot see DuckDB's result chunks on this duckdb_jdbc; with a time bound every"
                            + " next() runs bounded",
                    e);
            chunk = null;
        }
        RESULT_CHUNK = chunk;
        RESULT_POSITION = position;
        RESULT_FINISHED = finished;
        VECTOR_LENGTH = length;
        RESULT_REF = resultRef;
        RESULT_META = resultMeta;
    }

    /**
     * Whether DuckDB's result set ended because the query failed. DuckDB's driver ends a streamed result
     * whose query fails while its rows are fetched as if the rows had run out: the engine keeps the error
     * on its result, which the driver's {@code next()} then reports as the end. Its metadata call refuses a
     * result holding an error, which is how it is seen here (the engine's message stays inside it). False
     * when it cannot be told.
     */
    // Quirk.STREAM_FAILURE_LOOKS_LIKE_END
    public static boolean failed(ResultSet duck) {
        if (RESULT_META == null || !(duck instanceof DuckDBResultSet)) {
            return false;
        }
        ByteBuffer ref = (ByteBuffer) RESULT_REF.getVolatile((DuckDBResultSet) duck);
        if (ref == null) {
            return false;
        }
        try {
            RESULT_META.invoke(ref);
            return false;
        } catch (Throwable e) {
            return true;
        }
    }

    /**
     * Whether DuckDB's result set has not reached its end (its last fetch did not find the end of the rows):
     * closed now, its query would be abandoned. True when it cannot be told.
     */
    public static boolean unfinished(ResultSet duck) {
        if (RESULT_FINISHED == null || !(duck instanceof DuckDBResultSet)) {
            return true;
        }
        return !(boolean) RESULT_FINISHED.get((DuckDBResultSet) duck);
    }

    /**
     * Whether the next {@code next()} on DuckDB's result set may call into the engine (fetch the next chunk
     * of rows): true at the end of a chunk, and whenever it cannot be told. Rows within a chunk are already in
     * memory, so only a fetch can wait for the catalog or the object store.
     */
    public static boolean mayFetch(ResultSet duck) {
        if (RESULT_CHUNK == null || !(duck instanceof DuckDBResultSet)) {
            return true;
        }
        if ((boolean) RESULT_FINISHED.get((DuckDBResultSet) duck)) {
            return false;
        }
        Object[] chunk = (Object[]) RESULT_CHUNK.get((DuckDBResultSet) duck);
        if (chunk == null || chunk.length == 0) {
            return true;
        }
        int rows = (int) VECTOR_LENGTH.get(chunk[0]);
        return (int) RESULT_POSITION.get((DuckDBResultSet) duck) >= rows;
    }

    private EngineInternals() {}

    /**
     * Engine connections whose close began (see {@link #close}): the reads of their state and the interrupts
     * below, which go to DuckDB's native connection without DuckDB's connection lock, no longer reach them.
     * Weak, by identity (DuckDB's connection keeps Object's equality); also the monitor of those reads, which
     * are over in a moment.
     */
    private static final Set<Connection> CLOSING = Collections.newSetFromMap(new WeakHashMap<>());

    /**
     * Closes an engine connection: from the moment this begins, {@link #isOpen} and {@link #interrupt} no
     * longer touch it, and one that is under way ends before DuckDB frees it. Every engine connection those
     * two may be given is closed here: DuckDB's close frees the native connection while another thread may
     * hold its address, and a read of a freed connection crashes the JVM.
     */
    public static void close(Connection duck) throws SQLException {
        synchronized (CLOSING) {
            CLOSING.add(duck);
        }
        duck.close();
    }

    /**
     * Whether the engine has a transaction open on this connection (a BEGIN not yet ended by COMMIT,
     * ROLLBACK or a failed COMMIT). Only call when {@link #AVAILABLE}; false for a closed connection.
     */
    // Quirk.STALE_TRANSACTION_FLAG
    public static boolean isOpen(Connection duck) {
        synchronized (CLOSING) {
            if (CLOSING.contains(duck)) {
                return false;
            }
            try {
                ByteBuffer ref = (ByteBuffer) CONN_REF.invokeExact((DuckDBConnection) duck);
                return ref != null && !(boolean) ENGINE_AUTO_COMMIT.invokeExact(ref);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) { // the native method declares SQLException; it throws only for a closed connection
                return false;
            }
        }
    }

    /**
     * Interrupts what the connection is running without taking DuckDB's connection lock: DuckDB's own
     * {@code Statement.cancel()} waits for that lock, which a statement stuck in a catalog or object-store
     * call holds. The engine notices the interrupt when the call returns. Returns whether it was sent (not to a
     * connection whose close began).
     */
    // Quirk.CANCEL_WAITS_FOR_LOCK
    public static boolean interrupt(Connection duck) {
        if (INTERRUPT == null) {
            return false;
        }
        synchronized (CLOSING) {
            if (CLOSING.contains(duck)) {
                return false;
            }
            try {
                ByteBuffer ref = (ByteBuffer) CONN_REF.invokeExact((DuckDBConnection) duck);
                if (ref != null) {
                    INTERRUPT.invokeExact(ref);
                    return true;
                }
                return false;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                return false;
            }
        }
    }

    /**
     * Tells DuckDB's driver whether a transaction is running, so that its {@code executeBatch} neither opens
     * a second one inside ours nor commits ours.
     */
    // Quirk.BATCH_OWN_TRANSACTION
    public static void tellDriver(Connection duck, boolean running) {
        if (DRIVER_FLAG != null) {
            DRIVER_FLAG.setVolatile((DuckDBConnection) duck, running);
        }
    }
}
