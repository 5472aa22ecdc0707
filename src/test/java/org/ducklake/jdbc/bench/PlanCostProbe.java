package org.ducklake.jdbc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.ducklake.jdbc.engine.FreshPlans;

/**
 * Where the time of a prepared point query goes on a PostgreSQL-catalog lake with S3 data, all on raw
 * duckdb_jdbc but the last line: the kept plan executed again, the plan made again right before (as the driver
 * does) in auto-commit mode, the same inside one transaction, and the driver. Writes
 * {@code src/bench/plan-cost-latest.txt}.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.ducklake.jdbc.bench.PlanCostProbe
 * </pre>
 */
public final class PlanCostProbe {
    private static final int ROWS = 100_000;
    private static final int ROUNDS = 10;
    private static final int PER_ROUND = 50;
    private static final String SQL = "SELECT v FROM pts WHERE id = ?";

    /** One way of running the point query, timed per query. */
    private interface Way {
        void run(long id) throws SQLException;
    }

    private PlanCostProbe() {}

    public static void main(String[] args) throws Exception {
        ScaleReport report = new ScaleReport();
        for (String line : BenchHeader.start("prepared point query: where the time goes")) {
            report.line("%s", line);
        }
        Path repo = BenchLake.repository();
        Path ext = Files.createTempDirectory("plan-cost-ext");
        BenchLake lake = BenchLake.freshPostgres();
        try (DuckDBConnection setup = lake.raw(ext, repo, true, false);
                Statement s = setup.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE pts AS SELECT range AS id, CAST(range AS DOUBLE) / 2 AS v FROM range("
                    + ROWS + ")");
        }
        String[] names = {
            "raw: kept plan executed again",
            "raw: planned again, then executed (auto-commit)",
            "raw: BEGIN, planned again, executed, COMMIT",
            "raw: a Statement with the id as a literal",
            "ours: executeQuery"
        };
        double[][] times = new double[names.length][ROUNDS * PER_ROUND];
        try (DuckDBConnection raw = lake.raw(ext, repo, false, false);
                DuckDBConnection rawTx = lake.raw(ext, repo, false, false);
                Connection ours = lake.ours(ext, Map.of());
                PreparedStatement kept = raw.prepareStatement(SQL);
                PreparedStatement again = raw.prepareStatement(SQL);
                PreparedStatement inTx = rawTx.prepareStatement(SQL);
                Statement literal = raw.createStatement();
                PreparedStatement oursPs = ours.prepareStatement(SQL)) {
            Way[] ways = {
                id -> read(kept, id),
                id -> {
                    FreshPlans.replan(again, SQL);
                    read(again, id);
                },
                id -> {
                    rawTx.setAutoCommit(false);
                    FreshPlans.replan(inTx, SQL);
                    read(inTx, id);
                    rawTx.commit();
                    rawTx.setAutoCommit(true);
                },
                id -> {
                    try (ResultSet rs = literal.executeQuery("SELECT v FROM pts WHERE id = " + id)) {
                        rs.next();
                        rs.getDouble(1);
                    }
                },
                id -> read(oursPs, id)
            };
            for (Way w : ways) { // warm-up
                for (int i = 0; i < PER_ROUND; i++) {
                    w.run(i);
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int k = 0; k < ways.length; k++) {
                    int w = (k + round) % ways.length; // each way goes first in turn
                    for (int i = 0; i < PER_ROUND; i++) {
                        long id = ((round * PER_ROUND + i) * 7919L) % ROWS;
                        long t = System.nanoTime();
                        ways[w].run(id);
                        times[w][round * PER_ROUND + i] = (System.nanoTime() - t) / 1e6;
                    }
                }
            }
        }
        report.line("");
        report.line(
                "%d point queries each, %d rounds, the ways interleaved; median and p90 in ms",
                ROUNDS * PER_ROUND, ROUNDS);
        double base = ScaleReport.median(times[0]);
        for (int k = 0; k < names.length; k++) {
            report.line(
                    "  %-52s %7.3f  p90 %7.3f  ratio to the kept plan %.2f",
                    names[k],
                    ScaleReport.median(times[k]),
                    ScaleReport.percentile(times[k], 90),
                    ScaleReport.median(times[k]) / base);
        }
        report.line("%s", BenchHeader.end());
        report.writeText(Paths.get("src/bench/plan-cost-latest.txt"));
        System.exit(0);
    }

    private static void read(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            rs.getDouble(1);
        }
    }
}
