package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.Await;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** The catalog and the object store go away and come back; a writer dies mid-commit. */
class FaultsTest {

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void postgresStoppedMidSessionAndRestarted() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(100)");
            assertThat(c.isValid(2)).isTrue();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "t", null)) {
                assertThat(rs.next()).isTrue(); // a shared metadata read begun (metadata_window)
            }
            PostgresServer.get().stopServer();
            try {
                // Past the window: the next metadata call must read the catalog, and fails with it.
                Thread.sleep(1_100);
                SQLException m = catchThrowableOfType(
                        SQLException.class, () -> c.getMetaData().getTables(null, null, "t", null));
                assertThat(m.getSQLState()).as(m.getMessage()).startsWith("08");
                SQLException e = catchThrowableOfType(SQLException.class, () -> count(s, "SELECT count(*) FROM t"));
                assertThat(e.getSQLState()).as(e.getMessage()).startsWith("08");
                assertThat(c.isValid(2)).isFalse();
                SQLException w = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1)"));
                assertThat(w.getSQLState()).as(w.getMessage()).startsWith("08");
            } finally {
                PostgresServer.get().startServer();
            }
            // The same connection works again, its metadata too, and so does a new one from the same instance.
            assertThat(c.isValid(5)).isTrue();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "t", null)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("TABLE_NAME")).isEqualTo("t");
            }
            assertThat(count(s, "SELECT count(*) FROM t")).isEqualTo(100);
            s.execute("INSERT INTO t VALUES (100)");
            try (Connection d = lake.connect();
                    Statement sd = d.createStatement()) {
                assertThat(count(sd, "SELECT count(*) FROM t")).isEqualTo(101);
            }
        }
    }

    @Test
    void s3StoppedDuringALargeInsertLeavesNoPartialData() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        try (Connection c = DriverManager.getConnection(lake.url(), p);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (n BIGINT, pad VARCHAR)");
            s.execute("INSERT INTO big SELECT range, 'committed' FROM range(1000)");
            long snapshots = count(s, "SELECT count(*) FROM lake.snapshots()");
            long stored = S3Server.get().bytesStored(TestLakes.BUCKET, lake.prefix);
            CompletableFuture<SQLException> insert = CompletableFuture.supplyAsync(() -> {
                try (Statement w = c.createStatement()) {
                    w.execute("INSERT INTO big SELECT range, repeat('x', 200) || range FROM range(30000000)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            // Stopped once the INSERT is sending its data, so part of it has reached the object store.
            Await.until(
                    Duration.ofSeconds(120),
                    "the INSERT sends data to the object store",
                    () -> S3Server.get().bytesStored(TestLakes.BUCKET, lake.prefix) > stored || insert.isDone());
            S3Server.get().stopServer();
            SQLException e;
            try {
                e = insert.get(120, TimeUnit.SECONDS);
            } finally {
                S3Server.get().startServer();
            }
            assertThat((Throwable) e)
                    .as("the insert should fail while S3 is down")
                    .isNotNull();
            assertThat(e.getSQLState()).as(e.getMessage()).isNotNull();
            assertThat(count(s, "SELECT count(*) FROM big")).isEqualTo(1000);
            assertThat(count(s, "SELECT count(*) FROM lake.snapshots()")).isEqualTo(snapshots);
            s.execute("INSERT INTO big SELECT range, 'after' FROM range(50000)");
            assertThat(count(s, "SELECT count(*) FROM big")).isEqualTo(51000);
        }
    }

    @Test
    void aWriterKilledMidCommitLeavesTheLastCommittedSnapshotIntact() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE batches (batch INTEGER, n BIGINT, pad VARCHAR)");
        }
        ChildJvm.Running child = ChildJvm.main(KilledWriter.class)
                .env("TEST_URL", lake.url())
                .env("TEST_USER", lake.user)
                .env("TEST_PASSWORD", lake.password)
                .env("TEST_DATA_PATH", lake.dataPath())
                .env("TEST_ENDPOINT", S3Server.get().endpoint())
                .env("TEST_EXT_DIR", TestLakes.extensionDirectory())
                .start();
        ChildJvm.Result killed;
        try {
            Await.until(
                    Duration.ofSeconds(120),
                    "the writer commits two batches",
                    () -> lastCommitted(child.output()) >= 2 || !child.isAlive());
            // Into the next batch's write and commit: its data is on its way to the object store.
            long stored = S3Server.get().bytesStored(TestLakes.BUCKET, lake.prefix);
            Await.until(
                    Duration.ofSeconds(120),
                    "the writer sends the next batch's data",
                    () -> S3Server.get().bytesStored(TestLakes.BUCKET, lake.prefix) > stored || !child.isAlive());
        } finally {
            killed = child.kill(); // SIGKILL on Linux: no shutdown hooks, no rollback
        }
        // The last batch whose commit returned before the kill.
        int committed = lastCommitted(killed.output);
        assertThat(committed).as(killed.output).isGreaterThanOrEqualTo(2);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            long batches = count(s, "SELECT count(DISTINCT batch) FROM batches");
            // The batch in flight when the process died is either wholly there or wholly absent.
            assertThat(batches).isBetween((long) committed, (long) committed + 1);
            assertThat(count(s, "SELECT count(*) FROM batches")).isEqualTo(batches * KilledWriter.ROWS);
            assertThat(count(
                            s,
                            "SELECT count(*) FROM batches GROUP BY batch HAVING count(*) <> " + KilledWriter.ROWS
                                    + " UNION ALL SELECT 0 LIMIT 1"))
                    .isZero();
            assertThat(count(s, "SELECT max(snapshot_id) FROM lake.snapshots()"))
                    .isPositive();
            s.execute("INSERT INTO batches VALUES (-1, -1, 'after the crash')");
        }
    }

    /** The number of the last whole "committed N" line a {@link KilledWriter} printed (0 before the first). */
    private static int lastCommitted(String output) {
        int last = 0;
        for (String line : output.substring(0, output.lastIndexOf('\n') + 1).split("\n")) {
            if (line.startsWith("committed ")) {
                last = Integer.parseInt(line.substring("committed ".length()).trim());
            }
        }
        return last;
    }

    /** Commits batches of rows until killed, printing each batch after its commit returned. */
    public static final class KilledWriter {
        static final int ROWS = 2_000_000;

        public static void main(String[] args) throws Exception {
            Properties p = new Properties();
            p.setProperty("user", System.getenv("TEST_USER"));
            p.setProperty("password", System.getenv("TEST_PASSWORD"));
            p.setProperty("data_path", System.getenv("TEST_DATA_PATH"));
            p.setProperty("s3_access_key_id", S3Server.ACCESS_KEY);
            p.setProperty("s3_secret_access_key", S3Server.SECRET_KEY);
            p.setProperty("s3_region", S3Server.REGION);
            p.setProperty("s3_endpoint", System.getenv("TEST_ENDPOINT"));
            p.setProperty("s3_url_style", "path");
            p.setProperty("s3_use_ssl", "false");
            p.setProperty("extension_directory", System.getenv("TEST_EXT_DIR"));
            try (Connection c = DriverManager.getConnection(System.getenv("TEST_URL"), p);
                    Statement s = c.createStatement()) {
                for (int batch = 1; batch <= 50; batch++) {
                    s.execute("INSERT INTO batches SELECT " + batch + ", range, repeat('y', 50) FROM range(" + ROWS
                            + ")");
                    System.out.println("committed " + batch);
                    System.out.flush();
                }
            }
        }
    }
}
