package org.ducklake.jdbc.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.ducklake.jdbc.sql.SqlText;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * What the wrappers cost per call: a full scan and a prepared point query through ducklake-jdbc against
 * the same work on raw duckdb_jdbc, in one JVM, on two identical local lakes (a DuckDB-file catalog with
 * local Parquet data, so no network is measured). Each round runs both sides, the first side alternating; the report gives
 * each side's median and the ratio. Not a test: it asserts nothing about speed.
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.ducklake.jdbc.bench.WrapperBenchmark</pre>
 *
 * Writes its report to stdout and to src/bench/wrapper-latest.txt.
 */
public final class WrapperBenchmark {
    private static final int ROWS = 1_000_000;
    private static final int ROUNDS = 15;
    private static final int POINT_QUERIES = 300;
    private static final List<String> report = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (String header : BenchHeader.start("ducklake-jdbc wrapper benchmark")) {
            line("%s", header);
        }
        line("two identical lakes: DuckDB-file catalog, local Parquet data, %,d rows (BIGINT, DOUBLE, VARCHAR)", ROWS);
        line("results streamed on both sides (ours by default, raw with jdbc_stream_results=true)");

        Path ourLake = TestLakes.freshDirectory("bench-ours");
        Path rawLake = TestLakes.freshDirectory("bench-raw");
        Properties p = new Properties();
        p.setProperty("data_path", ourLake.resolve("data").toString() + "/");
        p.setProperty("extension_directory", TestLakes.extensionDirectory());
        String url = "jdbc:ducklake:" + ourLake.resolve("meta.ducklake");

        try (Connection ours = DriverManager.getConnection(url, p);
                Connection raw = rawLake(rawLake)) {
            for (Connection c : new Connection[] {ours, raw}) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t AS SELECT i AS id, i * 0.5 AS v, 'row ' || i AS s FROM range(" + ROWS
                            + ") r(i)");
                }
            }
            double[] scanOurs = new double[ROUNDS];
            double[] scanRaw = new double[ROUNDS];
            double[] pointOurs = new double[ROUNDS];
            double[] pointRaw = new double[ROUNDS];
            long check = -1;
            for (int r = -2; r < ROUNDS; r++) { // two warm-up rounds per side, not reported
                // The side that goes first alternates, so neither always runs on a warmer cache.
                boolean oursFirst = (r & 1) == 0;
                long a = 0;
                long b = 0;
                double so = 0;
                double sr = 0;
                for (int side = 0; side < 2; side++) {
                    long t = System.nanoTime();
                    if ((side == 0) == oursFirst) {
                        a = scan(ours);
                        so = ms(t);
                    } else {
                        b = scan(raw);
                        sr = ms(t);
                    }
                }
                double pa = 0;
                double pb = 0;
                double po = 0;
                double pr = 0;
                for (int side = 0; side < 2; side++) {
                    long t = System.nanoTime();
                    if ((side == 0) == oursFirst) {
                        pa = point(ours);
                        po = ms(t);
                    } else {
                        pb = point(raw);
                        pr = ms(t);
                    }
                }
                if (a != b || pa != pb) {
                    throw new IllegalStateException(
                            "the two sides read different data: " + a + "/" + b + ", " + pa + "/" + pb);
                }
                check = a;
                if (r >= 0) {
                    scanOurs[r] = so;
                    scanRaw[r] = sr;
                    pointOurs[r] = po;
                    pointRaw[r] = pr;
                }
            }
            line("checksum of a scan (both sides equal): %d", check);
            line("");
            line("  %-52s %10s %10s %8s", "median of " + ROUNDS + " rounds", "ours ms", "raw ms", "ratio");
            row("full scan, getLong+getDouble+getString per row", scanOurs, scanRaw);
            row(POINT_QUERIES + " prepared point queries (setLong, getDouble)", pointOurs, pointRaw);
        }
        line("%s", BenchHeader.end());
        Path out = Paths.get("src/bench/wrapper-latest.txt");
        Files.write(out, (String.join("\n", report) + "\n").getBytes(StandardCharsets.UTF_8));
        System.exit(0);
    }

    /** raw duckdb_jdbc with the same lake set-up done by hand (ours installed the extension already). */
    private static Connection rawLake(Path dir) throws SQLException {
        // Streamed results on both sides (ours streams by default): the same engine work, the wrappers compared.
        Properties streamed = new Properties();
        streamed.put(DuckDBDriver.JDBC_STREAM_RESULTS, true);
        Connection c = new DuckDBDriver().connect("jdbc:duckdb:", streamed);
        try (Statement s = c.createStatement()) {
            s.execute("SET extension_directory = " + SqlText.literal(TestLakes.extensionDirectory()));
            s.execute("LOAD ducklake");
            s.execute("ATTACH " + SqlText.literal("ducklake:" + dir.resolve("meta.ducklake")) + " AS lake (DATA_PATH "
                    + SqlText.literal(dir.resolve("data") + "/") + ")");
            s.execute("USE lake");
        }
        return c;
    }

    private static long scan(Connection c) throws SQLException {
        long sum = 0;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v, s FROM t")) {
            while (rs.next()) {
                sum += rs.getLong(1) + (long) rs.getDouble(2) + rs.getString(3).length();
            }
        }
        return sum;
    }

    private static double point(Connection c) throws SQLException {
        double sum = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            for (int i = 0; i < POINT_QUERIES; i++) {
                ps.setLong(1, (i * 7919L) % ROWS);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sum += rs.getDouble(1);
                }
            }
        }
        return sum;
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void row(String label, double[] ours, double[] raw) {
        line("  %-52s %10.1f %10.1f %8.3f", label, median(ours), median(raw), median(ours) / median(raw));
    }

    private static void line(String fmt, Object... args) {
        String s = String.format(fmt, args);
        System.out.println(s);
        report.add(s);
    }
}
