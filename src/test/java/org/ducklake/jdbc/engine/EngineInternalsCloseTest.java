package org.ducklake.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The reads of an engine connection's transaction state and the interrupts that go to DuckDB's native
 * connection without its lock never reach a connection closed through {@link EngineInternals#close}, however
 * the close and they interleave: DuckDB frees the native connection in its close, and a read of it then
 * crashed the JVM. Real DuckDB connections; rounds bounded in count.
 */
class EngineInternalsCloseTest {
    private static final int ROUNDS = 300;

    @Test
    void readsAndInterruptsNeverReachAClosedConnection() throws Exception {
        assertThat(EngineInternals.AVAILABLE).isTrue();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection home = DriverManager.getConnection("jdbc:duckdb:")) {
            for (int round = 0; round < ROUNDS; round++) {
                Connection c = ((org.duckdb.DuckDBConnection) home).duplicate();
                try (Statement s = c.createStatement()) {
                    s.execute("BEGIN TRANSACTION");
                }
                assertThat(EngineInternals.isOpen(c)).isTrue();
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch reading = new CountDownLatch(1);
                Future<Long> reader = pool.submit(() -> {
                    long n = 0;
                    while (!stop.get() && n < 5_000_000) {
                        EngineInternals.isOpen(c);
                        EngineInternals.interrupt(c);
                        n++;
                        reading.countDown();
                    }
                    return n;
                });
                assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, 500_000));
                EngineInternals.close(c);
                assertThat(EngineInternals.isOpen(c)).isFalse();
                assertThat(EngineInternals.interrupt(c)).isFalse();
                stop.set(true);
                assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
                assertThat(c.isClosed()).isTrue();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
