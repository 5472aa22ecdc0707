package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connections of one instance never fail a commit because of each other: {@value #THREADS} threads, each
 * with its own connection to the same lake (so the same engine), insert rows in auto-commit mode at the
 * same time, on each kind of catalog. DuckLake numbers snapshots by reading the latest and adding one, so
 * two commits of one engine at the same moment collide ("Duplicate key snapshot_id … violates primary
 * key"); the driver serializes the commits of an instance.
 *
 * <p>CI runs {@code ducklake.writers.runs} (default 2) runs of {@code ducklake.writers.inserts} (default
 * 100) inserts per thread; the documented run is 10 × 300:
 * {@code mvn -q -B test -Dtest=WritersInOneJvmTest -Dducklake.writers.runs=10 -Dducklake.writers.inserts=300}.
 */
class WritersInOneJvmTest {
    static final int THREADS = 8;
    private static final int RUNS = Integer.getInteger("ducklake.writers.runs", 2);
    private static final int INSERTS = Integer.getInteger("ducklake.writers.inserts", 100);

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "sqlite", "postgres"})
    void concurrentAutoCommitInsertsOfOneInstanceNeverFail(String catalog) throws Exception {
        long started = System.nanoTime();
        for (int run = 0; run < RUNS; run++) {
            String url;
            Properties p;
            if (catalog.equals("postgres")) {
                TestLakes.PostgresLake lake = TestLakes.postgres();
                url = lake.url();
                p = lake.properties();
            } else {
                Path dir = TestLakes.freshDirectory("writers-" + catalog);
                url = "jdbc:ducklake:"
                        + (catalog.equals("sqlite")
                                ? "sqlite:" + dir.resolve("meta.sqlite")
                                : dir.resolve("meta.ducklake").toString());
                p = TestLakes.properties();
                p.setProperty("data_path", dir.resolve("data").toString() + "/");
            }
            ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
            try (Connection first = DriverManager.getConnection(url, p);
                    Statement s = first.createStatement()) {
                s.execute("CREATE TABLE events (thread INTEGER, i INTEGER)");
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    String u = url;
                    Properties props = p;
                    done.add(pool.submit(() -> {
                        try (Connection c = DriverManager.getConnection(u, props);
                                Statement w = c.createStatement()) {
                            go.await();
                            for (int i = 0; i < INSERTS && System.nanoTime() < deadline; i++) {
                                try {
                                    w.executeUpdate("INSERT INTO events VALUES (" + thread + ", " + i + ")");
                                } catch (SQLException e) {
                                    failed.add(e.getSQLState() + " " + e.getMessage());
                                }
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(6, TimeUnit.MINUTES);
                }
                pool.shutdown();
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (thread, i)) FROM events")) {
                    rs.next();
                    assertThat(failed)
                            .as(catalog + " run " + run + ": failed inserts")
                            .isEmpty();
                    assertThat(rs.getLong(1))
                            .as(catalog + " run " + run + ": rows")
                            .isEqualTo((long) THREADS * INSERTS);
                    assertThat(rs.getLong(2)).isEqualTo((long) THREADS * INSERTS);
                }
            }
        }
        System.out.printf(
                "== WritersInOneJvmTest %s: %d runs x %d threads x %d auto-commit inserts, 0 failures, %.1f s%n",
                catalog, RUNS, THREADS, INSERTS, (System.nanoTime() - started) / 1e9);
    }
}
