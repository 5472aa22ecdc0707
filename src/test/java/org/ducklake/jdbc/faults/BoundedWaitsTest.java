package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.EngineThreads;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Every wait is bounded when the catalog or the object store hangs (its processes frozen with SIGSTOP: the
 * kernel still accepts and acknowledges, nothing answers): setQueryTimeout, isValid(t), the network timeout
 * on commit, and close return within their bound plus a margin, and the lake works again once the server
 * does. The margin is generous (the bound is the claim; this machine is shared and noisy).
 */
class BoundedWaitsTest {
    private static final long MARGIN_MS = 4000;

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** {@code work} started on a daemon thread of its own, to be waited for with a bound. */
    private static <T> java.util.concurrent.FutureTask<T> started(String name, java.util.concurrent.Callable<T> work) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    /**
     * Statement.cancel() returns at once while the statement waits for a catalog that does not answer. A
     * prepared statement is planned again before it runs (see FreshPlans), and DuckDB's driver holds its
     * connection's lock while it plans; its own cancel() takes that lock, so it waited for as long as the
     * catalog did (Quirk.CANCEL_WAITS_FOR_LOCK). The statement itself ends once the catalog answers, with
     * 57014: the interrupt was kept.
     */
    @Test
    void cancelReturnsAtOnceWhileTheStatementWaitsForAFrozenCatalog() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection setup = lake.connect();
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(1000)");
        }
        try (Connection c = lake.connect();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM t WHERE n >= ?")) {
            ps.setLong(1, 0);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1000);
            }
            java.util.concurrent.FutureTask<SQLException> query;
            Thread[] runner = new Thread[1];
            PostgresServer.get().freeze();
            try {
                query = started("waits for the catalog", () -> {
                    runner[0] = Thread.currentThread();
                    return catchThrowableOfType(SQLException.class, () -> {
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    });
                });
                EngineThreads.awaitHeld(
                        java.time.Duration.ofSeconds(20),
                        java.time.Duration.ofMillis(500),
                        "the statement waits in the engine",
                        () -> runner[0] != null && EngineThreads.inNative(runner[0], EngineThreads.ANY));
                java.util.concurrent.FutureTask<Void> cancel = started("cancel", () -> {
                    ps.cancel();
                    return null;
                });
                long start = System.nanoTime();
                try {
                    cancel.get(MARGIN_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("cancel() waited for the frozen catalog", e);
                }
                assertThat(millisSince(start)).as("cancel()").isLessThan(MARGIN_MS);
            } finally {
                PostgresServer.get().thaw();
            }
            SQLException e = query.get(30, TimeUnit.SECONDS);
            assertThat((Throwable) e).as("the statement was cancelled").isNotNull();
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
            ps.setLong(1, 500);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1))
                        .as("the cancelled statement runs again")
                        .isEqualTo(500);
            }
        }
    }

    @Test
    void aFrozenCatalogBoundsQueriesIsValidCommitAndClose() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection setup = lake.connect();
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(1000)");
        }
        Connection query = lake.connect();
        Connection valid = lake.connect();
        Connection writer = lake.connect();
        Connection inserter = lake.connect();
        try (Statement q = query.createStatement();
                Statement w = writer.createStatement();
                Statement i = inserter.createStatement()) {
            assertThat(FaultsTest.count(i, "SELECT count(*) FROM t")).isEqualTo(1000);
            assertThat(FaultsTest.count(q, "SELECT count(*) FROM t")).isEqualTo(1000); // all three are in the lake
            assertThat(valid.isValid(5)).isTrue();
            writer.setAutoCommit(false);
            writer.setNetworkTimeout(Runnable::run, 2000);
            w.execute("INSERT INTO t VALUES (-1)");

            PostgresServer.get().freeze();
            try {
                q.setQueryTimeout(2);
                long start = System.nanoTime();
                SQLException e = catchThrowableOfType(
                        SQLException.class, () -> FaultsTest.count(q, "SELECT count(*) FROM t WHERE n > 0"));
                assertThat(millisSince(start)).as("query timeout of 2 s").isLessThan(2000 + MARGIN_MS);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");

                // The COMMIT first: once sent it waits for the catalog, and its outcome is unknown. (An abandoned
                // write keeps holding the engine's commit lock while the catalog is frozen, so a COMMIT after it
                // would time out waiting for that lock instead, never sent.)
                start = System.nanoTime();
                SQLException c = catchThrowableOfType(SQLException.class, writer::commit);
                assertThat(millisSince(start))
                        .as("commit under a network timeout of 2 s")
                        .isLessThan(2000 + MARGIN_MS);
                assertThat(c.getSQLState())
                        .as("a COMMIT cut off at its bound has an unknown outcome: " + c.getMessage())
                        .isEqualTo("08007");
                assertThat(c.getMessage()).contains("unknown");

                // An auto-commit write runs in a transaction of its own (see WritersInOneJvmTest): bounded too.
                i.setQueryTimeout(2);
                start = System.nanoTime();
                SQLException ins =
                        catchThrowableOfType(SQLException.class, () -> i.execute("INSERT INTO t VALUES (-2)"));
                assertThat(millisSince(start))
                        .as("insert with a query timeout of 2 s")
                        .isLessThan(2000 + MARGIN_MS);
                assertThat(ins.getSQLState()).as(ins.getMessage()).isEqualTo("57014");

                start = System.nanoTime();
                assertThat(valid.isValid(2)).isFalse();
                assertThat(millisSince(start)).as("isValid(2)").isLessThan(2000 + MARGIN_MS);

                // The abandoned connections say so, and close at once.
                SQLException after = catchThrowableOfType(SQLException.class, () -> FaultsTest.count(q, "SELECT 1"));
                assertThat(after.getSQLState()).isEqualTo("08006");
                start = System.nanoTime();
                query.close();
                valid.close();
                writer.close();
                inserter.close();
                assertThat(millisSince(start))
                        .as("close of abandoned connections")
                        .isLessThan(MARGIN_MS);
            } finally {
                PostgresServer.get().thaw();
            }
        } finally {
            query.close();
            valid.close();
            writer.close();
            inserter.close();
        }
        // Once the catalog answers again, the lake works. The writer's COMMIT, cut off at its bound, ended when
        // the catalog answered: its row is there whole or not at all (08007 said the outcome was unknown).
        try (Connection again = lake.connect();
                Statement s = again.createStatement()) {
            assertThat(again.isValid(10)).isTrue();
            long rows = FaultsTest.count(s, "SELECT count(*) FROM t");
            assertThat(rows).isBetween(1000L, 1001L);
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM t WHERE n = -1"))
                    .isEqualTo(rows - 1000);
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM t WHERE n = -2"))
                    .as("the abandoned INSERT was rolled back")
                    .isZero();
            s.execute("INSERT INTO t VALUES (1000)");
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM t")).isEqualTo(rows + 1);
        }
    }

    /**
     * Metadata calls sharing the instance's read of the catalog (metadata_window) are bounded by the network
     * timeout: the one reading gives its engine connection up, the one waiting for it stops waiting, and both
     * JDBC connections stay usable. A metadata call in a transaction reads on its connection's own engine
     * connection: bounded too, it abandons that connection, as a query timeout does.
     */
    @Test
    void aFrozenCatalogBoundsSharedMetadataReads() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        java.util.Properties p = lake.properties();
        p.setProperty("metadata_window", "7"); // an instance of its own, with no read begun yet
        try (Connection setup = java.sql.DriverManager.getConnection(lake.url(), p);
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE m AS SELECT 1 AS x");
        }
        try (Connection first = java.sql.DriverManager.getConnection(lake.url(), p);
                Connection second = java.sql.DriverManager.getConnection(lake.url(), p);
                Connection inTransaction = java.sql.DriverManager.getConnection(lake.url(), p)) {
            assertThat(first.isValid(5)).isTrue();
            assertThat(second.isValid(5)).isTrue();
            assertThat(inTransaction.isValid(5)).isTrue();
            first.setNetworkTimeout(Runnable::run, 2000);
            second.setNetworkTimeout(Runnable::run, 2000);
            inTransaction.setNetworkTimeout(Runnable::run, 2000);
            inTransaction.setAutoCommit(false); // its metadata reads run on its own engine connection
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            PostgresServer.get().freeze();
            try {
                long start = System.nanoTime();
                java.util.concurrent.Future<SQLException> a = pool.submit(() -> catchThrowableOfType(
                        SQLException.class, () -> first.getMetaData().getTables(null, null, "%", null)));
                java.util.concurrent.Future<SQLException> b = pool.submit(() -> catchThrowableOfType(
                        SQLException.class, () -> second.getMetaData().getColumns(null, null, "m", "%")));
                for (SQLException e : new SQLException[] {
                    a.get(2000 + MARGIN_MS, TimeUnit.MILLISECONDS), b.get(2000 + MARGIN_MS, TimeUnit.MILLISECONDS)
                }) {
                    assertThat((Object) e).isNotNull();
                    assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
                    assertThat(e.getMessage()).contains("metadata read");
                }
                assertThat(millisSince(start)).as("network timeout of 2 s").isLessThan(2000 + MARGIN_MS);

                // A metadata read on the connection's own engine connection is bounded too, and abandons it.
                start = System.nanoTime();
                SQLException own = catchThrowableOfType(
                        SQLException.class, () -> inTransaction.getMetaData().getColumns(null, null, "m", "%"));
                assertThat(millisSince(start)).as("network timeout of 2 s").isLessThan(2000 + MARGIN_MS);
                assertThat(own.getSQLState()).as(own.getMessage()).isEqualTo("57014");
                SQLException after = catchThrowableOfType(
                        SQLException.class, () -> inTransaction.getMetaData().getTables(null, null, "m", null));
                assertThat(after.getSQLState()).as(after.getMessage()).isEqualTo("08006");
            } finally {
                PostgresServer.get().thaw();
                pool.shutdownNow();
            }
            // Neither connection was given up: the stuck read was on the reads' own engine connection.
            first.setNetworkTimeout(Runnable::run, 0);
            try (Statement s = first.createStatement()) {
                assertThat(FaultsTest.count(s, "SELECT count(*) FROM m")).isEqualTo(1);
            }
            try (ResultSet rs = second.getMetaData().getTables(null, null, "m", null)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("TABLE_NAME")).isEqualTo("m");
            }
        }
    }

    @Test
    void aFrozenObjectStoreBoundsAQuery() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE big AS SELECT range AS n, 'row ' || range AS s FROM range(200000)"); // parquet on S3
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM big")).isEqualTo(200000);
            S3Server.get().freeze();
            try {
                s.setQueryTimeout(2);
                long start = System.nanoTime();
                SQLException e = catchThrowableOfType(
                        SQLException.class, () -> FaultsTest.count(s, "SELECT sum(length(s)) FROM big"));
                assertThat(millisSince(start)).as("query timeout of 2 s").isLessThan(2000 + MARGIN_MS);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
            } finally {
                S3Server.get().thaw();
            }
        }
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM big WHERE s LIKE 'row %'"))
                    .isEqualTo(200000);
        }
    }

    /**
     * A plain query's stream closed before its last row ends its query at once (its catalog transaction would
     * otherwise stay open until the next statement, see LakeResultSet#closeEngineResult), and that end talks to
     * the catalog: with the catalog frozen, close() returns within the statement's query timeout instead of
     * waiting for the catalog, and the lake works again once the catalog answers.
     */
    @Test
    void aFrozenCatalogBoundsTheCloseOfAStreamBeforeItsEnd() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection setup = lake.connect();
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE many AS SELECT range AS n FROM range(50000)");
        }
        Connection c = lake.connect();
        java.util.concurrent.FutureTask<Void> close = null;
        try {
            Statement s = c.createStatement();
            s.setQueryTimeout(2);
            ResultSet rs = s.executeQuery("SELECT n FROM many");
            assertThat(rs.next()).isTrue(); // more chunks follow: the query is not finished
            PostgresServer.get().freeze();
            try {
                long start = System.nanoTime();
                java.util.concurrent.FutureTask<Void> closing = started("stream-close", () -> {
                    rs.close();
                    return null;
                });
                close = closing;
                closing.get(2000 + MARGIN_MS, TimeUnit.MILLISECONDS); // a TimeoutException fails the test
                assertThat(millisSince(start)).as("query timeout of 2 s").isLessThan(2000 + MARGIN_MS);
                assertThat(rs.isClosed()).isTrue();
            } finally {
                PostgresServer.get().thaw();
            }
            // The end outlived its bound: the connection was given up, not left holding an unknown state.
            assertThat(c.isValid(5))
                    .as("the connection whose close outlived its bound")
                    .isFalse();
        } finally {
            if (close != null && !close.isDone()) {
                close.get(60, TimeUnit.SECONDS); // a close still waiting ends once the catalog answers
            }
            c.close();
        }
        try (Connection again = lake.connect();
                Statement s = again.createStatement()) {
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM many")).isEqualTo(50000);
        }
    }

    /**
     * A prepared read in auto-commit mode ends its transaction when its stream ends (see
     * Transactions#readsInOneTransaction): the fetch that finds the end commits it, within the fetch's bound, as
     * DuckDB's own auto-commit stream commits inside that fetch. With the catalog frozen right before the end,
     * next() fails with 57014 in time instead of waiting for the COMMIT.
     */
    @Test
    void aFrozenCatalogBoundsTheEndOfAPreparedStream() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection setup = lake.connect();
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE few AS SELECT range AS n FROM range(10)");
        }
        Connection c = lake.connect();
        java.util.concurrent.FutureTask<Boolean> end = null;
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT n FROM few WHERE n >= ? ORDER BY n")) {
            ps.setQueryTimeout(2);
            ps.setLong(1, 0);
            ResultSet rs = ps.executeQuery();
            for (int i = 0; i < 10; i++) {
                assertThat(rs.next()).isTrue(); // the rows are in the first chunk
            }
            PostgresServer.get().freeze();
            try {
                long start = System.nanoTime();
                java.util.concurrent.FutureTask<Boolean> next = started("stream-end", rs::next);
                end = next;
                java.util.concurrent.ExecutionException failed = catchThrowableOfType(
                        java.util.concurrent.ExecutionException.class,
                        () -> next.get(2000 + MARGIN_MS, TimeUnit.MILLISECONDS));
                assertThat(failed)
                        .as("next() at the stream's end returned, or did not fail")
                        .isNotNull();
                assertThat(millisSince(start)).as("query timeout of 2 s").isLessThan(2000 + MARGIN_MS);
                assertThat(failed.getCause()).isInstanceOf(SQLException.class);
                assertThat(((SQLException) failed.getCause()).getSQLState())
                        .as(failed.getCause().getMessage())
                        .isEqualTo("57014");
            } finally {
                PostgresServer.get().thaw();
            }
        } finally {
            if (end != null) {
                try {
                    end.get(60, TimeUnit.SECONDS); // a next() still waiting ends once the catalog answers
                } catch (java.util.concurrent.ExecutionException ignored) {
                    // its failure was checked above
                }
            }
            c.close();
        }
        try (Connection again = lake.connect();
                Statement s = again.createStatement()) {
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM few")).isEqualTo(10);
            s.execute("INSERT INTO few VALUES (10)");
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM few")).isEqualTo(11);
        }
    }

    /**
     * Rows a streamed result reads after the execution returned are bounded by the query timeout too. The
     * engine runs on one thread here: with more, its worker threads read ahead of the stream while the store
     * is being frozen (60,000 of 100,000 rows of ten 5 MB files, once; every row, in two other runs), and
     * the stream could then end without the store. With one thread the engine reads only when the stream
     * asks for rows: it read 8,192 rows, inside the first file, and then waited for the store (two runs).
     */
    @Test
    void aFrozenObjectStoreBoundsTheReadingOfAStream() throws Exception {
        int files = 10;
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties oneThread = lake.properties();
        oneThread.setProperty("threads", "1");
        try (Connection c = DriverManager.getConnection(lake.url(), oneThread);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wide (n BIGINT, s VARCHAR)");
            // Ten parquet files on S3 of about 5 MB each, of values that do not compress (1 KB of hex digests
            // per row), so that a file is more than the engine fetches for one chunk of the stream.
            StringBuilder row = new StringBuilder();
            for (int k = 0; k < 32; k++) {
                row.append(k == 0 ? "" : " || ")
                        .append("md5(range::VARCHAR || '-")
                        .append(k)
                        .append("')");
            }
            for (int i = 0; i < files; i++) {
                s.execute("INSERT INTO wide SELECT range, " + row + " FROM range(" + i * 10000 + ", " + (i + 1) * 10000
                        + ")");
            }
            try (ResultSet size = s.executeQuery(
                    "SELECT count(*), sum(data_file_size_bytes) FROM ducklake_list_files('lake', 'wide')")) {
                assertThat(size.next()).isTrue();
                assertThat(size.getLong(1)).as("files").isEqualTo(files);
                assertThat(size.getLong(2)).as("bytes on the store").isGreaterThan(files * (4L << 20));
            }
            s.setQueryTimeout(2);
            try (ResultSet rs = s.executeQuery("SELECT * FROM wide")) {
                assertThat(rs.next()).isTrue();
                S3Server.get().freeze();
                try {
                    long start = System.nanoTime();
                    SQLException e = catchThrowableOfType(SQLException.class, () -> {
                        while (rs.next()) {
                            // read on: the rest of the files are on the frozen store
                        }
                    });
                    assertThat(e != null)
                            .as("the stream cannot end while its files do not answer")
                            .isTrue();
                    assertThat(millisSince(start)).as("query timeout of 2 s").isLessThan(2000 + MARGIN_MS);
                    assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
                } finally {
                    S3Server.get().thaw();
                }
            }
        }
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM wide")).isEqualTo(files * 10_000L);
        }
    }
}
