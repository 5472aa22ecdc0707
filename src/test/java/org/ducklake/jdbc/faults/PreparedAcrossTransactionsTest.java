package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.ducklake.jdbc.engine.FreshPlans;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Prepared statements that live across transactions, on several connections of one lake at once, neither crash
 * the JVM nor fail: DuckLake frees the schema a kept plan points into (see FreshPlans), which crashed the JVM
 * with a SIGSEGV in most runs before each execution ran on a fresh plan. The work runs in a child JVM
 * ({@link PreparedAcrossTransactionsChild}), so a crash fails this test instead of ending the run; then every
 * row is checked.
 */
class PreparedAcrossTransactionsTest {
    static final int PER_WORKER = PreparedAcrossTransactionsChild.COUNT + 20 + 10 + 3;

    @Test
    void driverCanPlanStatementsAgain() {
        assertThat(FreshPlans.AVAILABLE).isTrue();
    }

    @Test
    void postgresCatalog() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        check(lake.url(), lake.properties());
    }

    @Test
    void duckDbFileCatalog() throws Exception {
        TestLakes.FileLake lake = TestLakes.file("prepared-across-");
        check(lake.url(), lake.properties());
    }

    private static void check(String url, Properties p) throws Exception {
        Path props = Files.createTempFile(TestLakes.work(), "lake-", ".properties");
        try (Writer out = Files.newBufferedWriter(props)) {
            p.store(out, null);
        }
        ChildJvm.Result r = ChildJvm.main(PreparedAcrossTransactionsChild.class)
                .jvmOptions("-XX:ErrorFile=" + TestLakes.work().resolve("hs_err_prepared_%p.log"))
                .args(url, props.toString())
                .run(Duration.ofMinutes(4));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("done");
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT worker, count(*), count(DISTINCT n), sum(hits), min(n), max(n)"
                    + " FROM visits GROUP BY worker ORDER BY worker")) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + ":" + rs.getLong(2) + "," + rs.getLong(3) + "," + rs.getLong(4) + ","
                            + rs.getInt(5) + "," + rs.getInt(6));
                }
            }
            List<String> expected = new ArrayList<>();
            for (int w = 0; w < PreparedAcrossTransactionsChild.THREADS; w++) {
                expected.add(w + ":" + PER_WORKER + "," + PER_WORKER + "," + PreparedAcrossTransactionsChild.COUNT
                        + ",0,302");
            }
            assertThat(rows).containsExactlyElementsOf(expected);
            assertThat(ns(s, "SELECT n FROM visits WHERE worker = 0 AND n >= 100 ORDER BY n"))
                    .isEqualTo(expectedHigherNs());
        } finally {
            Files.deleteIfExists(props);
        }
    }

    private static List<Integer> ns(Statement s, String sql) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static List<Integer> expectedHigherNs() {
        List<Integer> out = new ArrayList<>();
        for (int n = 100; n < 120; n++) {
            out.add(n);
        }
        for (int n = 200; n < 210; n++) {
            out.add(n);
        }
        out.add(300);
        out.add(301);
        out.add(302);
        return out;
    }
}
