package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * After a query timed out on a frozen catalog (its processes stopped with SIGSTOP, as in BoundedWaitsTest),
 * closing what the caller holds (the statement that timed out, a result set, the connection) returns at once:
 * within the margin, not after the catalog's own timeouts. The lake works again once the catalog answers.
 */
class BoundedCloseTest {
    private static final long MARGIN_MS = 4000;

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * Closes on a thread of its own and waits for it at most the margin: a close that hangs on the frozen server
     * fails the test, and the caller's finally still thaws the server (the close then ends in the background).
     */
    private static final List<Thread> STUCK_CLOSES = new ArrayList<>();

    private static void assertClosesInTime(String what, AutoCloseable closeable) throws Exception {
        FutureTask<Void> close = new FutureTask<>(() -> {
            closeable.close();
            return null;
        });
        Thread t = new Thread(close, "bounded-close");
        t.setDaemon(true);
        long start = System.nanoTime();
        t.start();
        try {
            close.get(MARGIN_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            STUCK_CLOSES.add(t);
            throw new AssertionError(what + " did not return within " + MARGIN_MS + " ms while the catalog is frozen");
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed", e.getCause());
        }
        assertThat(millisSince(start)).as(what).isLessThan(MARGIN_MS);
    }

    /** After the thaw: lets a close that did not return in time end before anything else is closed. */
    private static void awaitStuckCloses() throws InterruptedException {
        for (Thread t : STUCK_CLOSES) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        STUCK_CLOSES.clear();
    }

    private static TestLakes.PostgresLake lakeWithTable() throws SQLException {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection setup = lake.connect();
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(1000)");
        }
        return lake;
    }

    /** The lake works once the catalog answers again; the abandoned statements left nothing behind. */
    private static void assertLakeWorks(TestLakes.PostgresLake lake) throws SQLException {
        try (Connection again = lake.connect();
                Statement s = again.createStatement()) {
            assertThat(again.isValid(10)).isTrue();
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM t")).isEqualTo(1000);
            s.execute("INSERT INTO t VALUES (1000)");
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM t")).isEqualTo(1001);
        }
    }

    @Test
    void closingAStatementItsResultSetAndTheConnectionAfterATimeoutIsBounded() throws Exception {
        TestLakes.PostgresLake lake = lakeWithTable();
        Connection c = lake.connect();
        Statement q = c.createStatement();
        Statement r = c.createStatement();
        try {
            assertThat(FaultsTest.count(q, "SELECT count(*) FROM t")).isEqualTo(1000);
            ResultSet rs = r.executeQuery("SELECT n FROM t ORDER BY n");
            assertThat(rs.next()).isTrue();

            PostgresServer.get().freeze();
            try {
                q.setQueryTimeout(3);
                long start = System.nanoTime();
                SQLException e = catchThrowableOfType(
                        SQLException.class, () -> FaultsTest.count(q, "SELECT count(*) FROM t WHERE n > 0"));
                assertThat(millisSince(start)).as("query timeout of 3 s").isLessThan(3000 + MARGIN_MS);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");

                assertClosesInTime("close of the statement that timed out", q);
                assertClosesInTime("close of a result set", rs);
                assertClosesInTime("close of another statement", r);
                assertClosesInTime("close of the connection", c);
            } finally {
                PostgresServer.get().thaw();
                awaitStuckCloses();
            }
        } finally {
            c.close();
        }
        assertLakeWorks(lake);
    }

    @Test
    void closingATimedOutStatementRightAwayIsBounded() throws Exception {
        TestLakes.PostgresLake lake = lakeWithTable();
        Connection c = lake.connect();
        Statement q = c.createStatement();
        try {
            assertThat(FaultsTest.count(q, "SELECT count(*) FROM t")).isEqualTo(1000);
            PostgresServer.get().freeze();
            try {
                q.setQueryTimeout(3);
                long start = System.nanoTime();
                SQLException e = catchThrowableOfType(
                        SQLException.class, () -> FaultsTest.count(q, "SELECT count(*) FROM t WHERE n > 0"));
                assertThat(millisSince(start)).as("query timeout of 3 s").isLessThan(3000 + MARGIN_MS);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
                assertClosesInTime("close of the statement that timed out", q);
                assertClosesInTime("close of its connection", c);
            } finally {
                PostgresServer.get().thaw();
                awaitStuckCloses();
            }
        } finally {
            c.close();
        }
        assertLakeWorks(lake);
    }

    @Test
    void closingAManualCommitConnectionWhoseFirstStatementTimedOutIsBounded() throws Exception {
        TestLakes.PostgresLake lake = lakeWithTable();
        Connection c = lake.connect();
        Statement q = c.createStatement();
        try {
            assertThat(FaultsTest.count(q, "SELECT count(*) FROM t")).isEqualTo(1000);
            c.setAutoCommit(false);
            PostgresServer.get().freeze();
            try {
                q.setQueryTimeout(3);
                long start = System.nanoTime();
                SQLException e = catchThrowableOfType(SQLException.class, () -> q.execute("INSERT INTO t VALUES (-1)"));
                assertThat(millisSince(start)).as("query timeout of 3 s").isLessThan(3000 + MARGIN_MS);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
                assertClosesInTime("close of the statement that timed out", q);
                assertClosesInTime("close of its connection", c);
            } finally {
                PostgresServer.get().thaw();
                awaitStuckCloses();
            }
        } finally {
            c.close();
        }
        assertLakeWorks(lake);
    }
}
