package org.ducklake.jdbc.instance;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's own daemon threads: timers (login timeout, idle close, maintenance checks), preparing spare engine
 * connections, and maintenance runs.
 */
final class Background {
    private Background() {}

    static final ScheduledExecutorService TIMERS = timers();

    /** Prepares spare engine connections; a cached pool so one slow catalog does not hold up another lake. */
    static final ExecutorService WORK = Executors.newCachedThreadPool(daemon("ducklake-jdbc-prepare"));

    /** Runs maintenance=auto (see AutoMaintenance): at most one run per lake instance at a time. */
    static final ExecutorService MAINTENANCE = Executors.newCachedThreadPool(daemon("ducklake-jdbc-maintenance"));

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("ducklake-jdbc-timer"));
        t.setRemoveOnCancelPolicy(true);
        t.setKeepAliveTime(30, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true);
        return t;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
