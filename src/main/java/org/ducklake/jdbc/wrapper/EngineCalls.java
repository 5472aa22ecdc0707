package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.ducklake.jdbc.engine.BoundedCalls;
import org.ducklake.jdbc.engine.CallLock;
import org.ducklake.jdbc.engine.SqlWork;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * The one path of a connection's calls into the engine: serialized, bounded, and given up when the engine
 * does not answer.
 *
 * <p><b>Serialized.</b> One engine connection runs one call at a time, and a call of one thread would end
 * another thread's streamed result or read the transaction state half-changed. So every call into the
 * engine (an execution, a prepare, a fetch of a streamed row, a metadata query, BEGIN, COMMIT, ROLLBACK, the
 * entry into the lake, moving a stream aside) runs inside {@link #serialized}: the calls of one connection
 * run one after another, whichever threads make them, as pgjdbc's do. Lock order: the connection's call
 * lock, then the engine's catalog guard, then the engine's commit lock; a result set's monitor only inside
 * the call lock (or without it, for what does not reach the engine).
 *
 * <p><b>Bounded.</b> A call that waits for a frozen catalog database or object store cannot be stopped:
 * DuckDB's cancel waits for the connection lock the stuck call holds, and libpq or the HTTP client look at
 * DuckDB's interrupt only when their socket answers. So a call with a time bound (a query timeout, a network
 * timeout, isValid's timeout) runs on a thread of BoundedCalls while the caller waits at most the bound. At
 * the bound the engine is interrupted without its lock; when the call still has not ended a moment later,
 * the connection is abandoned: the caller gets the timeout, every later use of the connection gets 08006
 * (pools evict it), and the DuckDB connection is closed once the stuck call returns.
 *
 * <p><b>Closes never wait</b> for another thread's call nor for a stuck one (see {@link #closeEngineObject}).
 * But the engine connection itself is closed only once no call runs on it and no bounded call or its work is
 * under way ({@link #enterIfIdle}, {@link #enterWhenIdle}): a call's next step may read the engine's
 * transaction state or interrupt it without DuckDB's connection lock (see EngineInternals), which on a closed
 * DuckDB connection reads freed memory and crashes the JVM.
 */
final class EngineCalls {
    private final CallLock lock = new CallLock();
    /**
     * Bounded calls under way, each counted twice (see bounded): its caller, which may interrupt the engine at
     * the bound, and its work, which may outlive the caller. Zero when neither runs.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Told when {@link #inFlight} reaches zero (see enterWhenIdle). */
    private final Object idle = new Object();
    /** Why the connection was given up (a call into the engine outlived its bound); null while usable. */
    private volatile String abandoned;
    /** Told once when the connection is abandoned (the instance counts it). */
    private final Runnable onAbandoned;

    /** Run as a call begins (not a nested one): fails when the connection may no longer be used. */
    private final SqlWork<Void> usable;

    /**
     * @param onAbandoned told once when the connection is abandoned
     * @param usable run as each call that is not nested in another begins, inside the call lock: fails when
     *     the connection was closed or abandoned meanwhile, so that a call that waited for a close's release
     *     does not reach the closed engine connection
     */
    EngineCalls(Runnable onAbandoned, SqlWork<Void> usable) {
        this.onAbandoned = onAbandoned;
        this.usable = usable;
    }

    EngineCalls() {
        this(() -> {}, () -> null);
    }

    /**
     * Runs work as one call on the engine connection, after any call another thread runs on it. Nested
     * calls of the same thread (or of the thread a bounded call runs on) do not wait.
     */
    <T> T serialized(SqlWork<T> work) throws SQLException {
        CallLock.Hold hold = enter();
        try {
            if (hold.outermost()) {
                usable.run();
            }
            return work.run();
        } finally {
            hold.close();
        }
    }

    /** Enters a call (see serialized); the caller closes the hold. */
    CallLock.Hold enter() throws SQLException {
        try {
            return lock.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqlErrors.create(
                    "Interrupted while waiting for another call on this connection", SqlState.QUERY_CANCELED, e);
        }
    }

    /** Enters a call waiting at most {@code millis}; null when another call still runs then, or on interrupt. */
    CallLock.Hold tryEnter(long millis) {
        try {
            return lock.tryEnter(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Runs a call on {@code engine}, bounded by {@code seconds} when positive (see the class comment);
     * {@code what} names the bound in the error, {@code state} is the SQLState of a call that outlived it.
     * A call that outlives its bound abandons the connection.
     */
    <T> T bounded(Connection engine, int seconds, String what, String state, SqlWork<T> work) throws SQLException {
        return bounded(() -> engine, seconds, what, state, work);
    }

    /** As {@link #bounded(Connection, int, String, String, SqlWork)}; {@code engine} is asked at the bound. */
    <T> T bounded(Supplier<Connection> engine, int seconds, String what, String state, SqlWork<T> work)
            throws SQLException {
        return serialized(() -> {
            // Counted before the work is handed to its thread: the work runs exactly once, there, on this
            // thread when no thread takes it, or here when unbounded, and counts itself down when it ends.
            inFlight.addAndGet(2);
            try {
                return BoundedCalls.call(engine, seconds, what, state, () -> tracked(work), this::abandon);
            } finally {
                ended();
            }
        });
    }

    private void abandon(String why) {
        boolean first = abandoned == null;
        abandoned = why;
        if (first) {
            onAbandoned.run();
        }
    }

    private <T> T tracked(SqlWork<T> work) throws SQLException {
        try {
            return work.run();
        } finally {
            ended();
        }
    }

    private void ended() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /**
     * The call lock, entered now for the connection's release, when no call of another thread runs and no
     * bounded call or its work is under way; null otherwise (then see {@link #enterWhenIdle}).
     */
    CallLock.Hold enterIfIdle() {
        CallLock.Hold hold = tryEnter(0);
        if (hold != null && inFlight.get() > 0) {
            hold.close();
            return null;
        }
        return hold;
    }

    /**
     * The call lock, entered once no call of another thread runs and no bounded call or its work is under
     * way, however long that takes (a call stuck on a frozen catalog keeps it waiting until the catalog
     * answers, as DuckDB's own close would wait). For a background thread; an interrupt does not end the wait
     * (it is kept for the caller): the engine connection must not be closed under a running call.
     */
    CallLock.Hold enterWhenIdle() {
        boolean interrupted = false;
        CallLock.Hold hold = null;
        while (hold == null) {
            try {
                hold = lock.enter();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (idle) {
            while (inFlight.get() > 0) {
                try {
                    idle.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return hold;
    }

    /** Whether a bounded call is under way (on another thread, or abandoned after its bound). */
    boolean underWay() {
        return inFlight.get() > 0;
    }

    /**
     * Whether a call into the engine outlived its bound: DuckDB's objects may then be locked by the stuck
     * call, and closing them would wait for it (the connection's release closes them).
     */
    boolean abandoned() {
        return abandoned != null;
    }

    /** Fails with 08006 once the connection was abandoned. */
    void checkNotAbandoned() throws SQLException {
        String why = abandoned;
        if (why != null) {
            throw SqlErrors.create(
                    "Connection abandoned: " + why + ". Open a new connection", SqlState.CONNECTION_FAILURE, null);
        }
    }

    /**
     * Closes an object of the engine connection (a statement, a result) without waiting for a call another
     * thread runs: then it is closed on a background thread once that call ended. Not at all on an abandoned
     * connection: its stuck call holds DuckDB's lock, and the connection's release closes everything.
     */
    void closeEngineObject(AutoCloseable engineObject) throws SQLException {
        if (abandoned != null) {
            return;
        }
        CallLock.Hold hold = tryEnter(0);
        if (hold == null) {
            Runnable later = () -> {
                try (CallLock.Hold h = lock.enter()) {
                    if (abandoned == null) {
                        engineObject.close();
                    }
                } catch (Exception ignored) {
                    // nobody to report to; the connection's release closes what is left
                }
            };
            try {
                BoundedCalls.THREADS.execute(later);
            } catch (RuntimeException e) {
                // no thread: the connection's release closes it
            }
            return;
        }
        try {
            engineObject.close();
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw SqlErrors.create("Closing failed: " + e, SqlState.INTERNAL_ERROR, e);
        } finally {
            hold.close();
        }
    }
}
