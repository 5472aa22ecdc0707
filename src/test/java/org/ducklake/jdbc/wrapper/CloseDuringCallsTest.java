package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection closed (or aborted) by one thread while another thread's call runs on it: the engine connection
 * is closed only once that call, and any bounded work it started, has ended. Closing it earlier let the call's
 * own next step (reading the engine's transaction state, which the driver does without DuckDB's connection
 * lock) reach a freed DuckDB connection and crash the JVM (SIGSEGV in duckdb::Connection::IsAutoCommit). The
 * call ends with an SQLException; the lake stays usable. Rounds are bounded in count and time.
 */
class CloseDuringCallsTest {
    private static final int ROUNDS = 80;
    private static final long ROUND_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * What the running calls may end with: the connection closed (08003), the statement or result set closed
     * with it (55000), or the running statement interrupted by the close (57014).
     */
    private static final Set<String> ENDINGS = Set.of("08003", "55000", "57014");

    private static TestLakes.FileLake lake;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp() throws SQLException {
        lake = TestLakes.file("close-during-calls");
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE nums AS SELECT range::BIGINT AS n FROM range(1, 3001)");
        }
        pool = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** Statements, prepared reads and a write in a loop until the connection is closed under them. */
    private static String callsUntilClosed(Connection c, boolean bounded) {
        int n = 0;
        try (Statement s = c.createStatement();
                PreparedStatement p = c.prepareStatement("SELECT n FROM nums WHERE n = ?")) {
            if (bounded) {
                s.setQueryTimeout(30);
                p.setQueryTimeout(30);
            }
            while (n < 100_000) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM nums")) {
                    rs.next();
                }
                p.setLong(1, 1 + (n % 3000));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                }
                n++;
            }
            return "never closed";
        } catch (SQLException e) {
            return e.getSQLState() + " " + e.getMessage();
        }
    }

    private static void rounds(boolean bounded, boolean abort) throws Exception {
        long start = System.nanoTime();
        int done = 0;
        while (done < ROUNDS && System.nanoTime() - start < ROUND_LIMIT_NANOS) {
            Connection c = lake.connect();
            Future<String> calls = pool.submit(() -> callsUntilClosed(c, bounded));
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, 3_000_000));
            if (abort) {
                c.abort(Runnable::run);
            } else {
                c.close();
            }
            String ending = calls.get(60, TimeUnit.SECONDS);
            assertThat(ending.substring(0, 5))
                    .as("how the running calls ended: " + ending)
                    .isIn(ENDINGS);
            assertThat(c.isClosed()).isTrue();
            done++;
        }
        assertThat(done).isGreaterThan(10);
        try (Connection after = lake.connect();
                Statement s = after.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM nums")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3000);
        }
    }

    @Test
    void closeWhileAnotherThreadsCallsRun() throws Exception {
        rounds(false, false);
    }

    @Test
    void closeWhileAnotherThreadsBoundedCallsRun() throws Exception {
        rounds(true, false);
    }

    @Test
    void abortWhileAnotherThreadsCallsRun() throws Exception {
        rounds(false, true);
    }
}
