package org.ducklake.jdbc.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waiting for something observable instead of sleeping for a while: a condition is polled until it holds or a
 * deadline passes. A test waits with {@link #until}, which fails naming what did not happen; a fixture that
 * decides for itself what a timeout means uses {@link #within}.
 */
public final class Await {
    /** How often the condition is checked unless the caller says otherwise. */
    private static final Duration POLL = Duration.ofMillis(20);

    private Await() {}

    /** A condition to poll; it may throw what its check throws. */
    @FunctionalInterface
    public interface Condition<E extends Exception> {
        boolean holds() throws E;
    }

    /** Polls the condition until it holds; an AssertionError naming {@code what} if the deadline passes first. */
    public static <E extends Exception> void until(Duration timeout, String what, Condition<E> condition)
            throws E, InterruptedException {
        if (!within(timeout, condition)) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
        }
    }

    /** Polls the condition until it holds or the deadline has passed; whether it holds. */
    public static <E extends Exception> boolean within(Duration timeout, Condition<E> condition)
            throws E, InterruptedException {
        return within(timeout, POLL, condition);
    }

    /**
     * Polls the condition every {@code interval} until it holds or {@code timeout} has passed; whether it holds.
     * It is checked at least once, and once more when the deadline has passed.
     */
    public static <E extends Exception> boolean within(Duration timeout, Duration interval, Condition<E> condition)
            throws E, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.holds()) {
                return true;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(interval.toNanos(), left));
        }
    }
}
