package org.ducklake.jdbc.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.duckdb.DuckDBConnection;

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
    }

    private EngineInternals() {}

    /**
     * Whether the engine has a transaction open on this connection (a BEGIN not yet ended by COMMIT,
     * ROLLBACK or a failed COMMIT). Only call when {@link #AVAILABLE}; false for a closed connection.
     */
    public static boolean isOpen(Connection duck) {
        try {
            ByteBuffer ref = (ByteBuffer) CONN_REF.invokeExact((DuckDBConnection) duck);
            return ref != null && !(boolean) ENGINE_AUTO_COMMIT.invokeExact(ref);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // the native method declares SQLException; it throws only for a closed connection
            return false;
        }
    }

    /**
     * Interrupts what the connection is running without taking DuckDB's connection lock: DuckDB's own
     * {@code Statement.cancel()} waits for that lock, which a statement stuck in a catalog or object-store
     * call holds. The engine notices the interrupt when the call returns. Returns whether it was sent.
     */
    public static boolean interrupt(Connection duck) {
        if (INTERRUPT == null) {
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

    /**
     * Tells DuckDB's driver whether a transaction is running, so that its {@code executeBatch} neither opens
     * a second one inside ours nor commits ours.
     */
    public static void tellDriver(Connection duck, boolean running) {
        if (DRIVER_FLAG != null) {
            DRIVER_FLAG.setVolatile((DuckDBConnection) duck, running);
        }
    }
}
