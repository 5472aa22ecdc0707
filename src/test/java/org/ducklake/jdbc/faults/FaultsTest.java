package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        try (Connection c = DriverManager.getConnection(lake.url(), lake.properties()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(100)");
            assertThat(c.isValid(2)).isTrue();
            PostgresServer.get().stopServer();
            try {
                SQLException e = catchThrowableOfType(SQLException.class, () -> count(s, "SELECT count(*) FROM t"));
                assertThat(e.getSQLState()).as(e.getMessage()).startsWith("08");
                long start = System.nanoTime();
                assertThat(c.isValid(2)).isFalse();
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
                SQLException w = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES (1)"));
                assertThat(w.getSQLState()).as(w.getMessage()).startsWith("08");
            } finally {
                PostgresServer.get().startServer();
            }
            // The same connection works again, and so does a new one from the same instance.
            assertThat(c.isValid(5)).isTrue();
            assertThat(count(s, "SELECT count(*) FROM t")).isEqualTo(100);
            s.execute("INSERT INTO t VALUES (100)");
            try (Connection d = DriverManager.getConnection(lake.url(), lake.properties()); Statement sd = d.createStatement()) {
                assertThat(count(sd, "SELECT count(*) FROM t")).isEqualTo(101);
            }
        }
    }

    @Test
    void s3StoppedDuringALargeInsertLeavesNoPartialData() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        try (Connection c = DriverManager.getConnection(lake.url(), p); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (n BIGINT, pad VARCHAR)");
            s.execute("INSERT INTO big SELECT range, 'committed' FROM range(1000)");
            long snapshots = count(s, "SELECT count(*) FROM lake.snapshots()");
            CompletableFuture<SQLException> insert = CompletableFuture.supplyAsync(() -> {
                try (Statement w = c.createStatement()) {
                    w.execute("INSERT INTO big SELECT range, repeat('x', 200) || range FROM range(30000000)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(1500);
            S3Server.get().stopServer();
            SQLException e;
            try {
                e = insert.get(120, TimeUnit.SECONDS);
            } finally {
                S3Server.get().startServer();
            }
            assertThat((Throwable) e).as("the insert should fail while S3 is down").isNotNull();
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
        try (Connection c = DriverManager.getConnection(lake.url(), lake.properties()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE batches (batch INTEGER, n BIGINT, pad VARCHAR)");
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KilledWriter.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("TEST_URL", lake.url());
        pb.environment().put("TEST_USER", lake.user);
        pb.environment().put("TEST_PASSWORD", lake.password);
        pb.environment().put("TEST_DATA_PATH", lake.dataPath());
        pb.environment().put("TEST_ENDPOINT", S3Server.get().endpoint());
        pb.environment().put("TEST_EXT_DIR", TestLakes.extensionDirectory());
        Process child = pb.start();
        int committed = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.currentTimeMillis() + 120_000;
            String line;
            while ((line = r.readLine()) != null && System.currentTimeMillis() < deadline) {
                if (line.startsWith("committed ")) {
                    committed = Integer.parseInt(line.substring("committed ".length()));
                    if (committed >= 2) {
                        Thread.sleep(300); // into the next batch's write and commit
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no rollback
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(committed).isGreaterThanOrEqualTo(2);
        try (Connection c = DriverManager.getConnection(lake.url(), lake.properties()); Statement s = c.createStatement()) {
            long batches = count(s, "SELECT count(DISTINCT batch) FROM batches");
            // The batch in flight when the process died is either wholly there or wholly absent.
            assertThat(batches).isBetween((long) committed, (long) committed + 1);
            assertThat(count(s, "SELECT count(*) FROM batches")).isEqualTo(batches * KilledWriter.ROWS);
            assertThat(count(s, "SELECT count(*) FROM batches GROUP BY batch HAVING count(*) <> " + KilledWriter.ROWS
                    + " UNION ALL SELECT 0 LIMIT 1")).isZero();
            assertThat(count(s, "SELECT max(snapshot_id) FROM lake.snapshots()")).isPositive();
            s.execute("INSERT INTO batches VALUES (-1, -1, 'after the crash')");
        }
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
            try (Connection c = DriverManager.getConnection(System.getenv("TEST_URL"), p); Statement s = c.createStatement()) {
                for (int batch = 1; batch <= 50; batch++) {
                    s.execute("INSERT INTO batches SELECT " + batch + ", range, repeat('y', 50) FROM range(" + ROWS + ")");
                    System.out.println("committed " + batch);
                    System.out.flush();
                }
            }
        }
    }
}
