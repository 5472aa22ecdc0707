package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ducklake.jdbc.testsupport.EngineThreads;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streamed result stopped while its rows are read: by its query timeout or the network timeout, by
 * Statement.cancel() from another thread, by the connection's close or abort from another thread. DuckDB's
 * driver reports a query that fails while its rows are fetched only as "the result holds an error"; so the
 * reader used to get an internal error (XX000) for each of these, and DuckDB's own cancel did nothing at all to
 * a fetch (the query ran to its end, 40 s here). Each stop now ends the fetch at once with the stop's SQLState:
 * 57014 for a timeout or a cancel, 08003 for a closed connection; the connection (when open) and the statement
 * work afterwards.
 *
 * <p>The query streams a million rows (more than the engine buffers ahead of the reader, so the execution
 * returns at once), then scans ten billion more to find three: on one engine thread, about 40 s of fetching
 * after the first million rows. Each test waits until the reader is inside that fetch before it stops it.
 */
class StoppedStreamTest {
    private static final String SLOW = "SELECT r FROM range(1000000) t(r)"
            + " UNION ALL SELECT r FROM range(10000000000) t(r) WHERE r % 4000000000 = 0";
    /** All the rows of the query: a stopped stream returned fewer. */
    private static final long ALL_ROWS = 1_000_003;

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestLakes.FileLake lake;

    @BeforeAll
    static void openLake() {
        lake = TestLakes.file("stopped-streams");
    }

    /** One engine thread: the engine fetches only when the reader asks, in the union's order. */
    private static Connection connect() throws SQLException {
        Properties p = lake.properties();
        p.setProperty("threads", "1");
        return DriverManager.getConnection(lake.url(), p);
    }

    /** Reads a result to its end on a thread of its own, counting rows; answers the failure, or null. */
    private static final class Reader {
        final AtomicLong rows = new AtomicLong();
        final FutureTask<SQLException> task;

        Reader(ResultSet rs) {
            task = new FutureTask<>(() -> catchThrowableOfType(SQLException.class, () -> {
                while (rs.next()) {
                    rows.incrementAndGet();
                }
            }));
            new Thread(task, "stream reader").start();
        }

        /**
         * Waits until the reader waits in the engine's fetch of the slow part: a fetch under way for half a
         * second (a chunk of the fast rows takes microseconds), after some rows.
         */
        void awaitSlowFetch() throws InterruptedException {
            EngineThreads.awaitHeld(
                    WAIT,
                    Duration.ofMillis(500),
                    "the reader waits for the slow part",
                    () -> rows.get() > 0 && EngineThreads.anyInNative(EngineThreads.FETCH));
        }

        SQLException failure() throws Exception {
            return task.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @Test
    void aQueryTimeoutReachedWhileTheRowsAreReadIs57014() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            long rows = 0;
            long start = System.nanoTime();
            try (ResultSet rs = s.executeQuery(SLOW)) {
                SQLException e = null;
                try {
                    while (rs.next()) {
                        rows++;
                    }
                } catch (SQLException stopped) {
                    e = stopped;
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat((Throwable) e).as("the stream cannot end within 2 s").isNotNull();
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
                assertThat((Throwable) e).isInstanceOf(SQLTimeoutException.class);
                assertThat(e.getMessage()).contains("the query timeout of 2 s");
                assertThat(rows).isBetween(1L, ALL_ROWS - 1);
                assertThat(millis).as("bounded by the query timeout").isLessThan(2000 + 4000);
                SQLException again = catchThrowableOfType(SQLException.class, rs::next);
                assertThat(again.getSQLState())
                        .as("a later next() of the stopped stream")
                        .isEqualTo("57014");
            }
            assertThat(count(s, "SELECT count(*) FROM range(10)"))
                    .as("the same statement runs again: the engine stopped within the bound")
                    .isEqualTo(10);
        }
    }

    /** A statement created before the network timeout was set has no query timeout: its fetches keep the network timeout. */
    @Test
    void theNetworkTimeoutReachedWhileTheRowsAreReadIs57014() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setNetworkTimeout(Runnable::run, 1500);
            assertThat(s.getQueryTimeout()).isZero();
            try (ResultSet rs = s.executeQuery(SLOW)) {
                SQLException e = catchThrowableOfType(SQLException.class, () -> {
                    while (rs.next()) {
                        // the bound ends this
                    }
                });
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
                assertThat(e.getMessage()).contains("the network timeout of 2 s");
            }
            c.setNetworkTimeout(Runnable::run, 0);
            assertThat(count(s, "SELECT count(*) FROM range(10)")).isEqualTo(10);
        }
    }

    @Test
    void cancelStopsAFetchUnderWay() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(SLOW)) {
                Reader reader = new Reader(rs);
                reader.awaitSlowFetch();
                long start = System.nanoTime();
                s.cancel();
                SQLException e = reader.failure();
                assertThat((Throwable) e)
                        .as("the stream was cancelled before its end")
                        .isNotNull();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .as("the fetch stopped at the cancel, not at the query's end")
                        .isLessThan(10_000);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
                assertThat(e.getMessage()).contains("Statement.cancel()");
                assertThat(reader.rows.get()).isBetween(1L, ALL_ROWS - 1);
            }
            assertThat(count(s, "SELECT count(*) FROM range(10)"))
                    .as("the cancelled statement runs again")
                    .isEqualTo(10);
        }
    }

    @Test
    void cancelBetweenFetchesEndsTheStreamAtItsNextRow() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(SLOW)) {
                for (int i = 0; i < 10; i++) {
                    assertThat(rs.next()).isTrue();
                }
                s.cancel();
                SQLException e = catchThrowableOfType(SQLException.class, rs::next);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
            }
            assertThat(count(s, "SELECT count(*) FROM range(10)")).isEqualTo(10);
        }
    }

    @Test
    void cancelWithNothingUnderWayChangesNothing() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.cancel();
            assertThat(count(s, "SELECT count(*) FROM range(10)"))
                    .as("no interrupt waits for the next query")
                    .isEqualTo(10);
            try (ResultSet rs = s.executeQuery("SELECT r FROM range(5) t(r)")) {
                long rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(5);
                s.cancel(); // the query has ended
                assertThat(rs.next()).isFalse();
            }
            assertThat(count(s, "SELECT count(*) FROM range(10)")).isEqualTo(10);
        }
    }

    @Test
    void aClosedStatementCannotBeCancelled() throws Exception {
        try (Connection c = connect()) {
            Statement s = c.createStatement();
            s.close();
            SQLException e = catchThrowableOfType(SQLException.class, s::cancel);
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("55000");
        }
    }

    @Test
    void closeOrAbortFromAnotherThreadStopsAFetchWith08003() throws Exception {
        for (boolean abort : new boolean[] {false, true}) {
            for (boolean bounded : new boolean[] {false, true}) {
                Connection c = connect();
                Statement s = c.createStatement();
                if (bounded) {
                    s.setQueryTimeout(60);
                }
                ResultSet rs = s.executeQuery(SLOW);
                Reader reader = new Reader(rs);
                reader.awaitSlowFetch();
                if (abort) {
                    c.abort(Runnable::run);
                } else {
                    c.close();
                }
                SQLException e = reader.failure();
                String how = (abort ? "abort" : "close") + (bounded ? ", query timeout set" : "");
                assertThat((Throwable) e).as(how).isNotNull();
                assertThat(e.getSQLState()).as(how + ": " + e.getMessage()).isEqualTo("08003");
                assertThat(c.isClosed()).isTrue();
            }
        }
        try (Connection after = connect();
                Statement s = after.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM range(10)")).isEqualTo(10);
        }
    }
}
