package org.ducklake.jdbc.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Where threads stand in DuckDB's driver, read from their stacks: a test that stops, cancels or closes
 * something "while it runs in the engine" waits for that instead of sleeping.
 */
public final class EngineThreads {
    /** Native calls of DuckDB's driver: executions ({@code duckdb_jdbc_execute…}), fetches, prepares. */
    public static final String EXECUTE = "duckdb_jdbc_execute";

    public static final String FETCH = "duckdb_jdbc_fetch";
    /** Any native call. */
    public static final String ANY = "";

    private EngineThreads() {}

    /** Whether {@code thread} is inside a native call of DuckDB's driver whose name starts with {@code call}. */
    public static boolean inNative(Thread thread, String call) {
        return inNative(thread.getStackTrace(), call);
    }

    /** Whether any thread of this JVM is inside such a native call (the caller's, or a driver thread's). */
    public static boolean anyInNative(String call) {
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            if (inNative(stack, call)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inNative(StackTraceElement[] stack, String call) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals("org.duckdb.DuckDBNative")
                    && frame.getMethodName().startsWith(call)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until {@code condition} has held at every poll for {@code held}: a call that waits in the engine,
     * not a quick one passing by (those take microseconds; the polls are 20 ms apart).
     */
    public static void awaitHeld(Duration timeout, Duration held, String what, BooleanSupplier condition)
            throws InterruptedException {
        long[] since = {0};
        Await.until(timeout, what + " (for " + held.toMillis() + " ms)", () -> {
            if (!condition.getAsBoolean()) {
                since[0] = 0;
                return false;
            }
            long now = System.nanoTime();
            if (since[0] == 0) {
                since[0] = now;
            }
            return now - since[0] >= TimeUnit.MILLISECONDS.toNanos(held.toMillis());
        });
    }
}
