package org.ducklake.jdbc.instance;

import java.sql.SQLException;

/**
 * A way to watch the set-up of a lake instance step by step (extensions, secrets, data-path check, ATTACH,
 * USE) without changing it: the connection doctor registers a listener for its own thread, connects, and is
 * told each step's name, its statement (secrets masked), its time and how it ended. With no listener
 * registered, which is every ordinary connect, a step costs one thread-local read.
 */
public final class SetupSteps {

    /** Told about the set-up steps run on the thread that registered it. */
    public interface Listener {
        /** A step begins; {@link #finished} follows, also when the step fails. */
        void started(String step);

        /**
         * @param detail the step's statement with the lake's secrets masked, or what it found (e.g. where an
         *     extension was installed from); may be empty
         * @param failure null when the step succeeded
         */
        void finished(String step, String detail, long nanos, Throwable failure);
    }

    /** A unit of set-up work (or a connect, for {@link #observe}). */
    public interface Work<T> {
        T call() throws SQLException;
    }

    /** Work that says what it found, reported as the step's detail. */
    interface DescribedWork {
        String call() throws SQLException;
    }

    private static final ThreadLocal<Listener> LISTENER = new ThreadLocal<>();

    private SetupSteps() {}

    /** Runs {@code work} (a connect) with {@code listener} told about every set-up step it runs. */
    public static <T> T observe(Listener listener, Work<T> work) throws SQLException {
        Listener before = LISTENER.get();
        LISTENER.set(listener);
        try {
            return work.call();
        } finally {
            if (before == null) {
                LISTENER.remove();
            } else {
                LISTENER.set(before);
            }
        }
    }

    /** Whether someone listens on this thread (the doctor), so a report only it reads is worth making. */
    static boolean observed() {
        return LISTENER.get() != null;
    }

    /** Runs one step, reported with {@code detail} (already masked) when someone listens. */
    static <T> T step(String step, String detail, Work<T> work) throws SQLException {
        Listener l = LISTENER.get();
        if (l == null) {
            return work.call();
        }
        l.started(step);
        long started = System.nanoTime();
        try {
            T result = work.call();
            l.finished(step, detail, System.nanoTime() - started, null);
            return result;
        } catch (Throwable e) { // precise rethrow: only SQLException or unchecked ones reach here
            l.finished(step, detail, System.nanoTime() - started, e);
            throw e;
        }
    }

    /** Runs one step whose result (e.g. where an extension came from) is its reported detail. */
    static String described(String step, DescribedWork work) throws SQLException {
        Listener l = LISTENER.get();
        if (l == null) {
            return work.call();
        }
        l.started(step);
        long started = System.nanoTime();
        try {
            String result = work.call();
            l.finished(step, result, System.nanoTime() - started, null);
            return result;
        } catch (Throwable e) {
            l.finished(step, "", System.nanoTime() - started, e);
            throw e;
        }
    }
}
