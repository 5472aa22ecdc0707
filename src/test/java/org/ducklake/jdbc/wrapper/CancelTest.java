package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.EngineThreads;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statement.cancel() from another thread stops that statement's work in the engine, on every path the driver
 * runs it: an execution, a prepared execution (planned again first), a batch of texts and a prepared batch
 * (row by row). The driver sends the interrupt itself, while the statement's work runs (DuckDB's own cancel
 * waits for its connection's lock: see BoundedWaitsTest#cancelReturnsAtOnceWhileTheStatementWaitsForAFrozenCatalog);
 * what the cancelled statement ran in a transaction of its own is rolled back, and a cancel reaches no other
 * statement of the connection. (A stream's fetch: see StoppedStreamTest.) The slow statements scan billions of
 * generated rows on one engine thread: tens of seconds, so a cancel that does not reach them shows as a wait of
 * that length, not as a pass.
 */
class CancelTest {
    /** About 40 s on one engine thread. */
    private static final String SLOW_COUNT = "SELECT count(*) FROM range(10000000000) t(r) WHERE r % 7 = 3";

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestLakes.FileLake lake;

    @BeforeAll
    static void openLake() throws SQLException {
        lake = TestLakes.file("cancel");
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE marks (n BIGINT)");
        }
    }

    private static Connection connect() throws SQLException {
        Properties p = lake.properties();
        p.setProperty("threads", "1");
        return DriverManager.getConnection(lake.url(), p);
    }

    /** Runs the work on a thread of its own; answers its failure, or null. */
    private static FutureTask<SQLException> started(Runnable0 work) {
        FutureTask<SQLException> task = new FutureTask<>(() -> catchThrowableOfType(SQLException.class, work::run));
        new Thread(task, "cancelled work").start();
        return task;
    }

    @FunctionalInterface
    private interface Runnable0 {
        void run() throws Exception;
    }

    /**
     * Waits until a thread of this JVM has been inside DuckDB's native execution of a statement for half a
     * second: the slow statement, not a quick one before it (a cancel between two statements of the engine,
     * which DuckDB starts afresh, is kept for the statement's next step: see LakeStatement#cancel).
     */
    private static void awaitExecuting() throws InterruptedException {
        EngineThreads.awaitHeld(
                WAIT,
                Duration.ofMillis(500),
                "a slow statement executes in the engine",
                () -> EngineThreads.anyInNative(EngineThreads.EXECUTE));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void assertCancelled(FutureTask<SQLException> task, long cancelledAt) throws Exception {
        SQLException e = task.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt))
                .as("ended at the cancel, not at the statement's end")
                .isLessThan(10_000);
        assertThat((Throwable) e).as("the statement was cancelled").isNotNull();
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
    }

    @Test
    void cancelStopsAnExecution() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            FutureTask<SQLException> query = started(() -> s.executeQuery(SLOW_COUNT));
            awaitExecuting();
            long at = System.nanoTime();
            s.cancel();
            assertCancelled(query, at);
            assertThat(count(c, "SELECT count(*) FROM range(10)")).isEqualTo(10);
        }
    }

    @Test
    void cancelStopsAPreparedExecution() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM range(?) t(r) WHERE r % 7 = 3")) {
            ps.setLong(1, 10_000_000_000L);
            FutureTask<SQLException> query = started(ps::executeQuery);
            awaitExecuting();
            long at = System.nanoTime();
            ps.cancel();
            assertCancelled(query, at);
            ps.setLong(1, 10);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1))
                        .as("the cancelled statement runs again")
                        .isEqualTo(1);
            }
        }
    }

    /** Runs the batch on a thread of its own, cancels it once its slow row runs, and checks it wrote nothing. */
    private static void assertBatchCancelled(Connection c, Statement batchOf, Runnable0 executeBatch) throws Exception {
        FutureTask<SQLException> batch = started(executeBatch);
        awaitExecuting();
        long at = System.nanoTime();
        batchOf.cancel();
        assertCancelled(batch, at);
        assertThat(count(c, "SELECT count(*) FROM marks"))
                .as("the cancelled batch wrote nothing")
                .isZero();
    }

    @Test
    void cancelStopsABatchAndItsRowsAreRolledBack() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.addBatch("INSERT INTO marks VALUES (1)");
            s.addBatch("INSERT INTO marks " + SLOW_COUNT);
            assertBatchCancelled(c, s, s::executeBatch);
        }
    }

    @Test
    void cancelStopsAPreparedBatchAndItsRowsAreRolledBack() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO marks SELECT count(*) FROM range(?) t(r) WHERE r % 7 = 3")) {
            ps.setLong(1, 10);
            ps.addBatch();
            ps.setLong(1, 10_000_000_000L);
            ps.addBatch();
            assertBatchCancelled(c, ps, ps::executeBatch);
        }
    }

    @Test
    void cancelOfAnotherStatementDoesNotReachTheOneRunning() throws Exception {
        try (Connection c = connect();
                Statement idle = c.createStatement();
                Statement busy = c.createStatement()) {
            // About 2 s on one engine thread.
            String query = "SELECT count(*) FROM range(500000000) t(r) WHERE r % 7 = 3";
            FutureTask<Long> running = new FutureTask<>(() -> {
                try (ResultSet rs = busy.executeQuery(query)) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            new Thread(running, "busy statement").start();
            awaitExecuting();
            idle.cancel();
            assertThat(running.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(500_000_000L / 7);
        }
    }
}
