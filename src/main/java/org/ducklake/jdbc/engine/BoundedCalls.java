package org.ducklake.jdbc.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads on which a call with a time bound runs while its caller waits at most that bound. A call into the
 * engine that waits for a frozen catalog or object store cannot be stopped from outside (libpq and the HTTP
 * client do not look at DuckDB's interrupt until their socket answers), so the only way to hand the caller
 * control back in time is not to make the call on the caller's thread. Threads are made on demand and idle
 * out after ten seconds.
 */
public final class BoundedCalls {
    private BoundedCalls() {
    }

    public static final ExecutorService THREADS = threads();

    private static ExecutorService threads() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "ducklake-jdbc-bounded-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }
}
