package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * A HikariCP pool of 8 configured with isolation, read-only, catalog and schema, used by 8 threads for a
 * bounded time (CI: 15 s; -Dducklake.pool.seconds=120 for the documented two minutes). HikariCP evicts a
 * connection on SQLState 08xxx or 0A000 from it: no connection may be replaced during the run.
 */
class HikariPoolTest {

    @Test
    void eightThreadsNoEvictions() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection setup = lake.connect();
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE numbers AS SELECT range AS n FROM range(10000)");
        }
        // Every physical connection the pool opens goes through this data source: 8 means none was evicted.
        AtomicInteger created = new AtomicInteger();
        DuckLakeDataSource counting = new DuckLakeDataSource() {
            private static final long serialVersionUID = 1L;

            @Override
            public Connection getConnection() throws SQLException {
                created.incrementAndGet();
                return super.getConnection();
            }
        };
        counting.setUrl(lake.url());
        lake.properties().forEach((k, v) -> counting.setProperty((String) k, (String) v));
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSource(counting);
        cfg.setMaximumPoolSize(8);
        cfg.setMinimumIdle(8);
        cfg.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
        cfg.setReadOnly(true);
        cfg.setCatalog("lake");
        cfg.setSchema("main");
        cfg.setConnectionTimeout(30_000);
        long seconds = Long.getLong("ducklake.pool.seconds", 15);
        AtomicLong queries = new AtomicLong();
        AtomicLong expectedErrors = new AtomicLong();
        List<String> unexpected = new ArrayList<>();
        ConcurrentHashMap<String, Boolean> states = new ConcurrentHashMap<>();
        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int id = t;
                futures.add(threads.submit(() -> {
                    int i = 0;
                    while (System.nanoTime() < deadline && i < 1_000_000) {
                        i++;
                        try (Connection c = pool.getConnection();
                                Statement s = c.createStatement()) {
                            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM numbers WHERE n % 8 = " + id)) {
                                rs.next();
                                if (rs.getLong(1) != 1250) {
                                    synchronized (unexpected) {
                                        unexpected.add("wrong count " + rs.getLong(1));
                                    }
                                }
                            }
                            queries.incrementAndGet();
                            if (i % 10 == 0) {
                                try {
                                    s.execute("SELEC 1"); // a user error: must not cost the pool its connection
                                } catch (SQLException e) {
                                    expectedErrors.incrementAndGet();
                                    states.put(e.getSQLState(), true);
                                }
                            }
                        } catch (SQLException e) {
                            synchronized (unexpected) {
                                unexpected.add(e.getSQLState() + " " + e.getMessage());
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(seconds + 60, TimeUnit.SECONDS);
            }
            threads.shutdown();
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(8);
        }
        System.out.printf(
                "pool: %d queries, %d user errors (%s), %d connections created in %d s%n",
                queries.get(), expectedErrors.get(), states.keySet(), created.get(), seconds);
        assertThat(unexpected).isEmpty();
        assertThat(queries.get()).isPositive();
        assertThat(states.keySet()).containsExactly("42601");
        assertThat(created.get()).as("connections created (8 = none evicted)").isEqualTo(8);
    }
}
