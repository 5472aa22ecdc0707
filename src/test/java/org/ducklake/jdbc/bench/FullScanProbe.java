package org.ducklake.jdbc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a full scan's time goes, on a PostgreSQL-catalog lake with S3 data (P3's table: BIGINT, VARCHAR,
 * DOUBLE). First, raw duckdb_jdbc's {@code next()} alone (no getter) over each kind of column, materialized:
 * what DuckDB's driver pays to turn each fetched chunk into Java values. Then the full scan with its getters on
 * raw duckdb_jdbc materialized (its default), streamed with DuckDB's default {@code streaming_buffer_size} and
 * with larger ones (set per connection), and the driver as it ships, the sides interleaved, the order rotating
 * each round. Writes {@code src/bench/full-scan-probe-latest.txt}.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.ducklake.jdbc.bench.FullScanProbe
 * </pre>
 *
 * {@code -Dducklake.probe.sizes=4MB,64MB} chooses the buffer sizes, {@code -Dducklake.probe.rounds=N} the rounds.
 */
public final class FullScanProbe {
    private static final int ROWS = 10_000_000;
    private static final int ROUNDS = Integer.getInteger("ducklake.probe.rounds", 3);
    private static final List<String> SIZES = Arrays.asList(
            System.getProperty("ducklake.probe.sizes", "4MB,16MB,64MB,256MB").split(","));

    private FullScanProbe() {}

    public static void main(String[] args) throws Exception {
        ScaleReport report = new ScaleReport();
        for (String line : BenchHeader.start("where a full scan's time goes")) {
            report.line("%s", line);
        }
        Path repo = BenchLake.repository();
        Path ext = Files.createTempDirectory("full-scan-ext");
        BenchLake lake = BenchLake.freshPostgres();
        try (Connection setup = lake.raw(ext, repo, true, false);
                Statement s = setup.createStatement()) {
            long t = System.nanoTime();
            s.execute("CREATE OR REPLACE TABLE scan AS SELECT range AS id, 'row ' || range AS s,"
                    + " CAST(range AS DOUBLE) / 2 AS v FROM range(" + ROWS + ")");
            report.line("table scan: %,d rows (id BIGINT, s VARCHAR, v DOUBLE), made in %.1f s", ROWS, ms(t) / 1000);
        }

        report.line("");
        report.line("1. raw duckdb_jdbc, materialized: next() alone, no getter (median of %d, ms)", ROUNDS);
        String[] columns = {"id, v", "s", "id, s, v"};
        try (Connection raw = lake.raw(ext, repo, false, false)) {
            for (String cols : columns) {
                double[] t = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    t[round] = nextOnly(raw, "SELECT " + cols + " FROM scan");
                }
                report.line(
                        "  SELECT %-10s %10.1f ms  %6.0f ns a row  all %s",
                        cols, ScaleReport.median(t), ScaleReport.median(t) * 1e6 / ROWS, rounded(t));
            }
        }

        report.line("");
        report.line("2. full scan with getLong/getString/getDouble, %d rounds, the order rotating (ms)", ROUNDS);
        Map<String, Connection> sides = new LinkedHashMap<>();
        sides.put("raw, materialized (its default)", lake.raw(ext, repo, false, false));
        sides.put("raw, streamed, default buffer", lake.raw(ext, repo, false, true));
        for (String size : SIZES) {
            Connection c = lake.raw(ext, repo, false, true);
            try (Statement s = c.createStatement()) {
                s.execute("SET streaming_buffer_size = '" + size + "'");
            }
            sides.put("raw, streamed, buffer " + size, c);
        }
        sides.put("ours, as it ships (streamed)", lake.ours(ext, Map.of()));
        Map<String, double[][]> r = new LinkedHashMap<>();
        sides.keySet().forEach(k -> r.put(k, new double[2][ROUNDS]));
        List<String> names = new ArrayList<>(sides.keySet());
        long expected = Long.MIN_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                expected = ScaleBenchmark.scanInto(sides.get(name), r.get(name), round, expected);
            }
        }
        double materialized = ScaleReport.median(r.get(names.get(0))[0]);
        double streamed = ScaleReport.median(r.get(names.get(1))[0]);
        report.line("  %-34s %9s %10s %9s %9s  %s", "side", "scan", "first row", "/mat.", "/stream", "all rounds");
        for (String name : names) {
            double m = ScaleReport.median(r.get(name)[0]);
            report.line(
                    "  %-34s %9.1f %10.1f %9.3f %9.3f  %s",
                    name,
                    m,
                    ScaleReport.median(r.get(name)[1]),
                    m / materialized,
                    m / streamed,
                    rounded(r.get(name)[0]));
        }
        for (Connection c : sides.values()) {
            c.close();
        }
        report.writeText(Paths.get("src/bench/full-scan-probe-latest.txt"));
        System.exit(0);
    }

    private static double nextOnly(Connection c, String sql) throws SQLException {
        long n = 0;
        long t = System.nanoTime();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                n++;
            }
        }
        if (n != ROWS) {
            throw new IllegalStateException(n + " rows, not " + ROWS);
        }
        return ms(t);
    }

    private static String rounded(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.length() == 0 ? "" : " ").append(Math.round(x));
        }
        return b.toString();
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
