package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One connection used from several threads at once, as SchemaCrawler 17's default crawl does (it reads columns
 * on 4 threads through one connection): every call succeeds with the right result. Default settings (results
 * stream). The time bound only detects a hang; it is not a speed claim. On a DuckDB-file lake and on a
 * PostgreSQL-catalog lake with S3 data.
 */
class OneConnectionManyThreadsTest {
    private static final int TABLES = 20;
    private static final int THREADS = 4;
    private static final Duration HANG = Duration.ofSeconds(120);
    private static final TestLakes.BothLakes LAKES = TestLakes.both(OneConnectionManyThreadsTest::fill);

    static Stream<TestLakes.Lake> lakes() throws SQLException {
        return LAKES.stream();
    }

    /** Tables tbl_0 … tbl_19, table i with i + 2 columns; nums with the numbers 1 … 3000. */
    private static void fill(TestLakes.Lake lake) throws SQLException {
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            for (int i = 0; i < TABLES; i++) {
                StringBuilder columns = new StringBuilder("id INTEGER");
                for (int k = 1; k < i + 2; k++) {
                    columns.append(", c").append(k).append(" VARCHAR");
                }
                s.execute("CREATE TABLE tbl_" + i + " (" + columns + ")");
            }
            s.execute("CREATE TABLE nums AS SELECT range::BIGINT AS n FROM range(1, 3001)");
        }
    }

    /** Runs the task on {@link #THREADS} threads that start together; each returns how many calls it made. */
    private static List<Integer> onThreads(Callable<Integer> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<Integer> done = new ArrayList<>();
            for (Future<Integer> f : futures) {
                done.add(f.get()); // an ExecutionException carries the first failure of that thread
            }
            return done;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void getColumnsFromFourThreadsOnOneConnection(TestLakes.Lake lake) throws Exception {
        try (Connection c = lake.connect()) {
            DatabaseMetaData md = c.getMetaData();
            List<Integer> calls = assertTimeoutPreemptively(
                    HANG,
                    () -> onThreads(() -> {
                        int n = 0;
                        for (int k = 0; k < 40; k++) {
                            int table = (k * 7 + n) % TABLES;
                            int columns = 0;
                            try (ResultSet rs = md.getColumns(null, null, "tbl_" + table, null)) {
                                while (rs.next()) {
                                    assertThat(rs.getString("TABLE_NAME")).isEqualTo("tbl_" + table);
                                    assertThat(rs.getString("COLUMN_NAME")).isNotBlank();
                                    columns++;
                                }
                            }
                            assertThat(columns).as("columns of tbl_" + table).isEqualTo(table + 2);
                            n++;
                        }
                        return n;
                    }));
            assertThat(calls).containsExactly(40, 40, 40, 40);
            assertThat(c.isValid(10)).as("the connection still works").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void queriesFromFourThreadsOnOneConnectionEachReadTheirWholeResult(TestLakes.Lake lake) throws Exception {
        queriesFromFourThreads(lake, true);
    }

    /**
     * In one transaction every thread's query runs on the one engine connection, so each moves the others'
     * streams into memory, often while those threads read values from them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void queriesFromFourThreadsInOneTransactionEachReadTheirWholeResult(TestLakes.Lake lake) throws Exception {
        queriesFromFourThreads(lake, false);
    }

    /**
     * Prepared reads in auto-commit mode run in a transaction each stream holds until it ends (see
     * Transactions#readsInOneTransaction); four threads' streams claim, keep and close one another's engine
     * connections. Each thread also inserts a row per query, half of them while its stream is still open: every
     * insert must be committed when it returns (seen by another connection), never left inside a stream's read.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void preparedReadsAndWritesFromFourThreadsInAutoCommit(TestLakes.Lake lake) throws Exception {
        try (Connection c = lake.connect();
                Connection other = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS marks (thread BIGINT, k BIGINT)");
            java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
            List<Integer> calls = assertTimeoutPreemptively(
                    HANG,
                    () -> onThreads(() -> {
                        long thread = ids.incrementAndGet();
                        int n = 0;
                        try (java.sql.PreparedStatement read =
                                        c.prepareStatement("SELECT n FROM nums WHERE n >= ? ORDER BY n");
                                java.sql.PreparedStatement write =
                                        c.prepareStatement("INSERT INTO marks VALUES (?, ?)")) {
                            for (int k = 0; k < 10; k++) {
                                read.setLong(1, 1 + k);
                                long rows = 0;
                                try (ResultSet rs = read.executeQuery()) {
                                    while (rs.next()) {
                                        rows++;
                                        if (rows == 100 && k % 2 == 0) {
                                            write.setLong(1, thread);
                                            write.setLong(2, k);
                                            assertThat(write.executeUpdate()).isEqualTo(1);
                                        }
                                    }
                                }
                                assertThat(rows).isEqualTo(3000 - k);
                                if (k % 2 == 1) {
                                    write.setLong(1, thread);
                                    write.setLong(2, k);
                                    assertThat(write.executeUpdate()).isEqualTo(1);
                                }
                                synchronized (other) {
                                    try (java.sql.PreparedStatement seen = other.prepareStatement(
                                            "SELECT count(*) FROM marks WHERE thread = ? AND k = ?")) {
                                        seen.setLong(1, thread);
                                        seen.setLong(2, k);
                                        try (ResultSet rs = seen.executeQuery()) {
                                            assertThat(rs.next()).isTrue();
                                            assertThat(rs.getLong(1))
                                                    .as("thread %d, query %d: committed", thread, k)
                                                    .isEqualTo(1);
                                        }
                                    }
                                }
                                n++;
                            }
                        }
                        return n;
                    }));
            assertThat(calls).containsExactly(10, 10, 10, 10);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(c.unwrap(LakeConnection.class).transactionOpenNow()).isFalse();
        }
    }

    private static void queriesFromFourThreads(TestLakes.Lake lake, boolean autoCommit) throws Exception {
        try (Connection c = lake.connect()) {
            c.setAutoCommit(autoCommit);
            List<Integer> calls = assertTimeoutPreemptively(
                    HANG,
                    () -> onThreads(() -> {
                        int n = 0;
                        try (Statement s = c.createStatement()) {
                            for (int k = 0; k < 10; k++) {
                                long sum = 0;
                                int rows = 0;
                                try (ResultSet rs = s.executeQuery("SELECT n FROM nums ORDER BY n")) {
                                    while (rs.next()) {
                                        sum += rs.getLong(1);
                                        assertThat(rs.getObject(1)).isEqualTo(rs.getLong(1));
                                        rows++;
                                    }
                                }
                                assertThat(rows).isEqualTo(3000);
                                assertThat(sum).isEqualTo(3000L * 3001 / 2);
                                n++;
                            }
                        }
                        return n;
                    }));
            assertThat(calls).containsExactly(10, 10, 10, 10);
            assertThat(c.isValid(10)).as("the connection still works").isTrue();
            if (!autoCommit) {
                c.commit();
            }
        }
    }
}
