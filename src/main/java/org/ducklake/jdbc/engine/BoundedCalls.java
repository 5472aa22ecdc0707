package org.ducklake.jdbc.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * Threads on which a call with a time bound runs while its caller waits at most that bound. A call into the
 * engine that waits for a frozen catalog or object store cannot be stopped from outside (libpq and the HTTP
 * client do not look at DuckDB's interrupt until their socket answers), so the only way to hand the caller
 * control back in time is not to make the call on the caller's thread. Threads are made on demand and idle
 * out after ten seconds.
 */
public final class BoundedCalls {
    private BoundedCalls() {}

    public static final ExecutorService THREADS = threads();

    /** How long a call may take past its bound once interrupted, before its connection is given up. */
    private static final long INTERRUPT_GRACE_MS = 500;

    /**
     * Runs work on {@code engine} bounded by {@code seconds} when positive (else on the caller's thread). At
     * the bound the engine connection is interrupted (without DuckDB's connection lock, which the stuck call
     * holds); when the work still has not ended {@link #INTERRUPT_GRACE_MS} later, {@code abandon} is told why
     * and the caller gets the error with {@code state}: the connection cannot be trusted with another call.
     *
     * @param what names the bound in the error ("the query timeout")
     */
    public static <T> T call(
            Connection engine, int seconds, String what, String state, SqlWork<T> work, Consumer<String> abandon)
            throws SQLException {
        return call(() -> engine, seconds, what, state, work, abandon);
    }

    /**
     * As {@link #call(Connection, int, String, String, SqlWork, Consumer)}, for work whose engine connection is
     * known only once it runs: {@code engine} tells which one to interrupt at the bound (null: none yet).
     */
    public static <T> T call(
            Supplier<Connection> engine,
            int seconds,
            String what,
            String state,
            SqlWork<T> work,
            Consumer<String> abandon)
            throws SQLException {
        if (seconds <= 0) {
            return work.run();
        }
        Future<T> call;
        try {
            // The caller's call locks are lent to the thread that does its work (see CallLock).
            java.util.Set<CallLock> held = CallLock.heldByCurrentThread();
            call = THREADS.submit(() -> CallLock.lent(held, work));
        } catch (RejectedExecutionException e) {
            return work.run();
        }
        try {
            try {
                return call.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException first) {
                // Quirk.CANCEL_WAITS_FOR_LOCK
                interrupt(engine);
                try {
                    return call.get(INTERRUPT_GRACE_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stuck) {
                    String why = "a call did not end within " + what + " of " + seconds
                            + " s, and the engine did not stop it: the catalog database or the object store does not answer";
                    abandon.accept(why);
                    throw SqlErrors.create("Cancelled: " + why + "; the connection was abandoned", state, null);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException) {
                throw (SQLException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw SqlErrors.create("The call failed: " + cause, SqlState.INTERNAL_ERROR, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Quirk.CANCEL_WAITS_FOR_LOCK
            interrupt(engine);
            throw SqlErrors.create("Interrupted while waiting for the engine", SqlState.QUERY_CANCELED, e);
        }
    }

    private static void interrupt(Supplier<Connection> engine) {
        Connection c = engine.get();
        if (c != null) {
            EngineInternals.interrupt(c);
        }
    }

    private static ExecutorService threads() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "ducklake-jdbc-bounded-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
