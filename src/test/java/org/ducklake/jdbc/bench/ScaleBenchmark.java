package org.ducklake.jdbc.bench;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.ducklake.jdbc.sql.SqlText;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * ducklake-jdbc against raw duckdb_jdbc at scale, side by side in one run (issue #12, item 3), on a PostgreSQL
 * catalog with S3Proxy data (both started here, on loopback) and, where the catalog changes the picture (P3, P6),
 * on a DuckDB-file catalog with local data:
 *
 * <ul>
 *   <li>P1 a later {@code getConnection} and its first statement on a warm instance, against {@code duplicate()} +
 *       {@code USE lake} and DuckDB's own pinned {@code jdbc:duckdb:ducklake:} URL; and what DuckDB answers when
 *       asked to make the lake the default database of later connections;
 *   <li>P2 the first connection of a fresh JVM, extensions installed first or already there;
 *   <li>P3 a full scan (BIGINT, VARCHAR, DOUBLE);
 *   <li>P4 a prepared point query round trip;
 *   <li>P5 {@code executeBatch} of 100k rows against raw {@code executeBatch}, the Appender and a staged INSERT …
 *       SELECT, with the data files and inlined rows each way leaves;
 *   <li>P6 peak resident memory and heap of {@code SELECT * FROM big}: 200 rows with {@code setMaxRows}, and every
 *       row, each side in a JVM of its own.
 * </ul>
 *
 * Not a test: it reports figures and ratios, it asserts nothing about speed. Run it from the project directory
 * after {@code mvn -B -ntp -o -q -Dmaven.test.skip=true package} (which lays out target/extensions/repository):
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.ducklake.jdbc.bench.ScaleBenchmark</pre>
 *
 * System properties (pass them as {@code -D…} on the same command line):
 *
 * <ul>
 *   <li>{@code ducklake.bench.rows} rows of the P3 scan table (default 10,000,000);
 *   <li>{@code ducklake.bench.bigRows} rows of P6's {@code big} table (default 50,000,000);
 *   <li>{@code ducklake.bench.jvmRuns} child JVMs per side and case in P2 (default 5);
 *   <li>{@code ducklake.bench.only} which parts to run, e.g. {@code P1,P5} (default all);
 *   <li>{@code ducklake.bench.out} the name of the output files under src/bench, without extension (default
 *       {@code scale-latest}), so a run of some parts does not replace the full run's report.
 * </ul>
 *
 * A smoke run, e.g. {@code -Dducklake.bench.rows=1000000 -Dducklake.bench.bigRows=2000000}, is labelled as one in
 * its output. Writes the report to stdout and src/bench/scale-latest.txt, the ratios as a chart to
 * src/bench/scale-latest.svg (or the name {@code ducklake.bench.out} gives).
 */
public final class ScaleBenchmark {
    private static final long DEFAULT_ROWS = 10_000_000L;
    private static final long DEFAULT_BIG_ROWS = 50_000_000L;
    private static final long ROWS = Long.getLong("ducklake.bench.rows", DEFAULT_ROWS);
    private static final long BIG_ROWS = Long.getLong("ducklake.bench.bigRows", DEFAULT_BIG_ROWS);
    private static final int JVM_RUNS = Integer.getInteger("ducklake.bench.jvmRuns", 5);
    private static final Set<String> ONLY =
            new TreeSet<>(Arrays.asList(System.getProperty("ducklake.bench.only", "P1,P2,P3,P4,P5,P6")
                    .toUpperCase()
                    .split("\\s*,\\s*")));

    /** Rows of the small table read by P1's point read and P4. */
    private static final int POINT_ROWS = 100_000;

    /** Connections per side in P1: back to back with SELECT 1, and otherwise (a point read takes ~10-30 ms). */
    private static final int LATER = 1000;

    private static final int LATER_SLOW = 200;
    private static final int SCAN_ROUNDS = 3;
    /**
     * {@code ducklake.bench.streamBuffer}: a value of DuckDB's streaming_buffer_size (e.g. 256MB) that P3 also
     * measures, on a streamed side of each driver; unset, P3 measures the defaults only.
     */
    private static final String STREAM_BUFFER = System.getProperty("ducklake.bench.streamBuffer", "");

    private static final int POINT_ROUNDS = 5;
    private static final int POINTS_PER_ROUND = 100;
    private static final int BATCH_ROWS = 100_000;
    private static final int BATCH_EVERY = 50_000;
    /** Single-row executeBatch runs at a few thousand rows/s on a lake: measured on this many rows, then scaled. */
    private static final int SLOW_BATCH_ROWS = 10_000;
    /** A batch side projected to take longer than this on BATCH_ROWS is measured on SLOW_BATCH_ROWS only. */
    private static final double BATCH_BUDGET_MS = 60_000;
    /** Every loop also stops at a time bound, so a slow machine cannot run away. */
    private static final long LOOP_BOUND_NANOS = Duration.ofSeconds(60).toNanos();

    private static final Duration CHILD_DEADLINE = Duration.ofMinutes(10);
    private static final String CHILD_HEAP = "-Xmx6g";

    private static final String OUT = System.getProperty("ducklake.bench.out", "scale-latest");

    private static final ScaleReport report = new ScaleReport();
    private static Path repo;
    private static Path warmExt;

    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        repo = Paths.get("target/extensions/repository").toAbsolutePath();
        if (!Files.isDirectory(repo)) {
            throw new IllegalStateException(
                    "run the build first (mvn -B -ntp -o -q -Dmaven.test.skip=true package): " + repo + " is missing");
        }
        boolean smoke = ROWS != DEFAULT_ROWS || BIG_ROWS != DEFAULT_BIG_ROWS;
        for (String line : BenchHeader.start("ducklake-jdbc scale benchmark")) {
            report.line("%s", line);
        }
        if (smoke) {
            report.line(
                    "SMOKE RUN with reduced sizes (rows=%,d, bigRows=%,d; defaults %,d and %,d): not the measurement",
                    ROWS, BIG_ROWS, DEFAULT_ROWS, DEFAULT_BIG_ROWS);
        }
        report.line("parts: %s; ours = ducklake-jdbc (this build), raw = duckdb_jdbc 1.5.5.1 by hand", ONLY);
        report.line("catalog: throwaway PostgreSQL on loopback, data: S3Proxy on loopback (unless a part says else)");
        report.line("times are medians unless marked; absolute times are noisy on a shared 2-core machine");

        long t = System.nanoTime();
        new DuckDBDriver().connect("jdbc:duckdb:", new Properties()).close();
        report.line("native library load + first in-memory open (paid once, excluded): %.1f ms", ms(t));

        warmExt = fresh("ext-warm");
        installExtensions(warmExt);

        TestLakes.PostgresLake pg = TestLakes.postgres();
        BenchLake lake =
                BenchLake.postgres(PostgresServer.get().port(), pg.database, pg.user, pg.password, pg.dataPath());
        try (Connection ours = lake.ours(warmExt, Map.of());
                Statement s = ours.createStatement()) {
            s.execute(pointTableSql());
        }

        if (ONLY.contains("P1")) {
            p1(lake);
        }
        if (ONLY.contains("P2")) {
            p2(lake);
        }
        Path fileLakeDir = null;
        if (ONLY.contains("P3") || ONLY.contains("P6")) {
            fileLakeDir = TestLakes.freshDirectory("scale-file-lake");
        }
        if (ONLY.contains("P3")) {
            p3(lake, BenchLake.file(fileLakeDir));
        }
        if (ONLY.contains("P4")) {
            p4(lake);
        }
        if (ONLY.contains("P5")) {
            p5(lake);
        }
        if (ONLY.contains("P6")) {
            p6(lake, BenchLake.file(fileLakeDir));
        }

        report.line("");
        report.line("whole run: %.1f s", ms(started) / 1000);
        report.line("%s", BenchHeader.end());
        report.writeText(Paths.get("src/bench/" + OUT + ".txt"));
        report.writeChart(
                Paths.get("src/bench/" + OUT + ".svg"),
                "ducklake-jdbc / raw duckdb_jdbc at scale" + (smoke ? " (SMOKE RUN, reduced sizes)" : ""),
                LocalDate.now() + ", " + BenchHeader.commit() + ", "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores; bar per measurement: ratio ours/raw of time or memory (src/bench/" + OUT + ".txt)");
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // P1 later connections

    /** Opens a connection of one side, ready for its first statement (the USE, where needed, included). */
    @FunctionalInterface
    private interface Opener {
        Connection open() throws SQLException;
    }

    private static void p1(BenchLake lake) throws Exception {
        report.section("P1", "a later connection and its first statement, on a warm instance");
        BenchLake pinnedLake = plainPasswordLake();
        String pinnedUrl = "jdbc:duckdb:ducklake:postgres:host=127.0.0.1 port="
                + PostgresServer.get().port() + " dbname=" + pinnedLake.database() + " user=" + PINNED_ROLE
                + " password=" + PINNED_PASSWORD;
        Properties pinnedProps = new Properties();
        pinnedProps.setProperty("extension_directory", warmExt.toString());

        Properties oursProps = lake.oursProperties(warmExt, Map.of());
        String point = "SELECT v FROM pts WHERE id = 4242";
        Map<String, String> firsts = new LinkedHashMap<>();
        firsts.put("SELECT 1", "SELECT 1");
        firsts.put("point read", point);

        try (Connection oursKeep = lake.ours(warmExt, Map.of());
                DuckDBConnection home = lake.raw(warmExt, repo, false, false);
                Connection pinnedKeep = new DuckDBDriver().connect(pinnedUrl, pinnedProps)) {
            try (Statement s = pinnedKeep.createStatement()) {
                // DuckDB's URL takes no S3 settings; an instance-wide temporary secret made once serves later
                // connections.
                s.execute(pinnedLake.s3SecretSql());
            }
            double a = single(oursKeep, point);
            double b = single(home, point);
            double c = single(pinnedKeep, point);
            if (a != b || a != c) {
                throw new IllegalStateException("the sides read different values: " + a + " " + b + " " + c);
            }
            Map<String, Opener> sides = new LinkedHashMap<>();
            sides.put("ours getConnection", () -> java.sql.DriverManager.getConnection(lake.oursUrl(), oursProps));
            sides.put("raw duplicate() + USE lake", () -> {
                Connection d = home.duplicate();
                try (Statement s = d.createStatement()) {
                    s.execute("USE lake");
                }
                return d;
            });
            sides.put("raw duplicate() + SET search_path", () -> {
                Connection d = home.duplicate();
                try (Statement s = d.createStatement()) {
                    s.execute("SET search_path = 'lake.main'");
                }
                return d;
            });
            sides.put(
                    "DuckDB's pinned jdbc:duckdb:ducklake: URL",
                    () -> new DuckDBDriver().connect(pinnedUrl, pinnedProps));

            for (boolean spaced : new boolean[] {false, true}) {
                report.line("");
                report.line(
                        "  %s (%d connections per side with SELECT 1, %d with the point read; connect = a connection"
                                + " ready for SQL)",
                        spaced ? "10 ms apart, as a pool or tool connects" : "back to back",
                        spaced ? LATER_SLOW : LATER,
                        LATER_SLOW);
                report.line("  %-44s %-11s %9s %9s %9s %9s", "side", "first stmt", "connect", "p90", "first", "p90");
                Map<String, double[]> totals = new HashMap<>();
                for (Map.Entry<String, String> first : firsts.entrySet()) {
                    for (Map.Entry<String, Opener> side : sides.entrySet()) {
                        int n = spaced || !first.getKey().equals("SELECT 1") ? LATER_SLOW : LATER;
                        double[][] r = later(side.getValue(), first.getValue(), n, spaced ? 10 : 0);
                        report.line(
                                "  %-44s %-11s %9.3f %9.3f %9.3f %9.3f  ms",
                                side.getKey(),
                                first.getKey(),
                                ScaleReport.median(r[0]),
                                ScaleReport.percentile(r[0], 90),
                                ScaleReport.median(r[1]),
                                ScaleReport.percentile(r[1], 90));
                        totals.put(side.getKey() + "|" + first.getKey(), sum(r[0], r[1]));
                    }
                }
                report.line("");
                report.header("connect + first statement (median of the sum)", "ours", "raw");
                for (String first : firsts.keySet()) {
                    double ours = ScaleReport.median(totals.get("ours getConnection|" + first));
                    for (String raw : sides.keySet()) {
                        if (!raw.startsWith("ours")) {
                            report.row(
                                    first + (spaced ? ", 10 ms apart" : ", back to back") + " vs " + raw,
                                    ours,
                                    ScaleReport.median(totals.get(raw + "|" + first)),
                                    "ms");
                        }
                    }
                }
            }
        }
        probeDefaultDatabase(lake, pinnedUrl, pinnedProps);
    }

    private static final String PINNED_ROLE =
            "bench_plain_" + ProcessHandle.current().pid();
    /** DuckDB's URL splits on ';' and '=', so this side's catalog password has neither. */
    private static final String PINNED_PASSWORD =
            "plainBench" + ProcessHandle.current().pid();

    /** A second lake, same data as the first, whose catalog role has a password DuckDB's URL can carry. */
    private static BenchLake plainPasswordLake() throws SQLException {
        String database = PINNED_ROLE;
        PostgresServer.get().createDatabase(database, PINNED_ROLE, PINNED_PASSWORD);
        BenchLake b = BenchLake.postgres(
                PostgresServer.get().port(),
                database,
                PINNED_ROLE,
                PINNED_PASSWORD,
                "s3://" + TestLakes.BUCKET + "/" + PINNED_ROLE + "/");
        // Created by hand: DuckDB's URL cannot give DATA_PATH, which a new PostgreSQL-catalog lake needs.
        try (DuckDBConnection c = b.raw(warmExt, repo, false, false);
                Statement s = c.createStatement()) {
            s.execute(pointTableSql());
        }
        return b;
    }

    private static double[][] later(Opener opener, String firstSql, int n, long pauseMillis) throws SQLException {
        double[] connect = new double[n];
        double[] first = new double[n];
        long bound = System.nanoTime() + LOOP_BOUND_NANOS;
        int done = 0;
        for (; done < n && System.nanoTime() < bound; done++) {
            if (pauseMillis > 0) {
                sleep(pauseMillis);
            }
            long t = System.nanoTime();
            Connection c = opener.open();
            connect[done] = ms(t);
            t = System.nanoTime();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(firstSql)) {
                rs.next();
            }
            first[done] = ms(t);
            c.close();
        }
        return new double[][] {Arrays.copyOf(connect, done), Arrays.copyOf(first, done)};
    }

    /**
     * Can an ATTACHed lake be the default database of connections DuckDB makes later with {@code duplicate()}? Each
     * attempt is run and DuckDB's answer printed, so the evidence is in the report.
     */
    private static void probeDefaultDatabase(BenchLake lake, String pinnedUrl, Properties pinnedProps)
            throws SQLException {
        report.line("");
        report.line("  Can the ATTACHed lake be the default database of later duplicate()s? (SQL as run -> DuckDB)");
        try (DuckDBConnection home = lake.raw(warmExt, repo, false, false)) {
            show("home", home, "USE lake");
            show("home", home, "SELECT current_database(), current_schema()");
            try (Connection d = home.duplicate()) {
                show("duplicate()", d, "SELECT current_database(), current_schema()");
                show("duplicate()", d, "SELECT count(*) FROM pts");
            }
            show(
                    "home",
                    home,
                    "SELECT name, scope FROM duckdb_settings() WHERE name ILIKE '%catalog%' OR name ILIKE '%database%'"
                            + " OR name ILIKE '%schema%' OR name ILIKE '%search_path%' ORDER BY name");
            show("home", home, "SET GLOBAL search_path = 'lake.main'");
            show("home", home, "SET GLOBAL schema = 'lake'");
            show("home", home, "SET GLOBAL default_catalog = 'lake'");
            show("home", home, "SET GLOBAL default_database = 'lake'");
            show("home", home, "ATTACH ':memory:' AS spare (DEFAULT)");
            try (Connection d = home.duplicate()) {
                show("duplicate()", d, "SET search_path = 'lake.main'");
                show("duplicate()", d, "SELECT current_database(), count(*) FROM pts");
            }
            Properties p = new Properties();
            p.setProperty("search_path", "lake.main");
            try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", p)) {
                report.line("    [connect] jdbc:duckdb: with search_path=lake.main -> OK");
            } catch (SQLException e) {
                report.line("    [connect] jdbc:duckdb: with search_path=lake.main -> %s", shortMessage(e));
            }
            // Last: this leaves the home database without a default catalog.
            show("home", home, "DETACH memory");
            try (Connection d = home.duplicate()) {
                show("duplicate() after DETACH memory", d, "SELECT current_database()");
                show("duplicate() after DETACH memory", d, "SELECT count(*) FROM lake.main.pts");
            }
        }
        try (Connection keep = new DuckDBDriver().connect(pinnedUrl, pinnedProps);
                Connection later = new DuckDBDriver().connect(pinnedUrl, pinnedProps)) {
            show("pinned URL, later connection", later, "SELECT current_database(), current_schema()");
            show(
                    "pinned URL, later connection",
                    later,
                    "SELECT database_name, path FROM duckdb_databases() "
                            + "WHERE NOT internal AND database_name NOT LIKE '__ducklake%'");
        }
    }

    private static void show(String who, Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            StringBuilder out = new StringBuilder("OK");
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    int n = rs.getMetaData().getColumnCount();
                    int rows = 0;
                    while (rs.next() && rows++ < 12) {
                        out.append(rows == 1 ? ": " : "; ");
                        for (int i = 1; i <= n; i++) {
                            out.append(i > 1 ? "|" : "").append(rs.getString(i));
                        }
                    }
                }
            }
            report.line("    [%s] %s -> %s", who, sql, out.toString().replace(PINNED_PASSWORD, "****"));
        } catch (SQLException e) {
            report.line("    [%s] %s -> %s", who, sql, shortMessage(e));
        }
    }

    /** DuckDB's text without duckdb_jdbc's wrapper line, on one line. */
    private static String shortMessage(SQLException e) {
        String m = String.valueOf(e.getMessage())
                .replace(
                        "Invalid Input Error: Attempting to execute an unsuccessful or closed pending query result", "")
                .replaceFirst("^\\s*Error: ", "")
                .trim()
                .replaceAll("\\s*\\n\\s*", " / ");
        m = m.replace(PINNED_PASSWORD, "****");
        return "ERROR " + (m.length() > 220 ? m.substring(0, 220) + "…" : m);
    }

    // ---------------------------------------------------------------------------------------------------------
    // P2 first connection of a fresh JVM

    private static void p2(BenchLake lake) throws Exception {
        report.section("P2", "the first connection in a fresh JVM (" + JVM_RUNS + " child JVMs per side and case)");
        report.line("  raw = by hand: [INSTALL x FROM target/extensions/repository,] LOAD ducklake, postgres_scanner,");
        report.line("  httpfs; CREATE SECRET (s3); ATTACH 'ducklake:postgres:…' (DATA_PATH …); USE lake. Each figure");
        report.line("  is measured in the child: connect (native library load included) + the first SELECT 1.");
        report.header("", "ours", "raw");
        for (boolean cold : new boolean[] {true, false}) {
            Map<String, double[]> inChild = new HashMap<>();
            Map<String, double[]> wall = new HashMap<>();
            // Per side: each set-up step's time in each run, and the connect's time outside the steps.
            Map<String, Map<String, double[]>> steps = new HashMap<>();
            for (String side : List.of("ours", "raw")) {
                inChild.put(side, new double[JVM_RUNS]);
                wall.put(side, new double[JVM_RUNS]);
            }
            for (int run = 0; run < JVM_RUNS; run++) {
                // The side that goes first alternates, so neither always meets a warmer page cache.
                List<String> order = run % 2 == 0 ? List.of("ours", "raw") : List.of("raw", "ours");
                for (String side : order) {
                    Path ext = cold ? fresh("ext-cold") : warmExt;
                    List<String> args = new ArrayList<>(
                            List.of("task=first", "side=" + side, "install=" + cold, "ext=" + ext, "repo=" + repo));
                    args.addAll(lake.args());
                    long t = System.nanoTime();
                    Map<String, Double> r = child("first-" + side, List.of(), args);
                    wall.get(side)[run] = ms(t);
                    inChild.get(side)[run] = r.get("connect_ms") + r.get("first_statement_ms");
                    Map<String, double[]> mine = steps.computeIfAbsent(side, k -> new LinkedHashMap<>());
                    double inSteps = 0;
                    for (Map.Entry<String, Double> e : r.entrySet()) {
                        if (e.getKey().startsWith("step:")) {
                            mine.computeIfAbsent(e.getKey().substring(5), k -> new double[JVM_RUNS])[run] =
                                    e.getValue();
                            inSteps += e.getValue();
                        }
                    }
                    mine.computeIfAbsent("(connect outside these steps)", k -> new double[JVM_RUNS])[run] =
                            r.get("connect_ms") - inSteps;
                    mine.computeIfAbsent("(first SELECT 1)", k -> new double[JVM_RUNS])[run] =
                            r.get("first_statement_ms");
                }
            }
            String what = cold ? "fresh extension directory" : "extensions already installed";
            report.row(
                    "connect + SELECT 1 in the child, " + what,
                    ScaleReport.median(inChild.get("ours")),
                    ScaleReport.median(inChild.get("raw")),
                    "ms");
            report.row(
                    "child JVM start to exit (wall), " + what,
                    ScaleReport.median(wall.get("ours")),
                    ScaleReport.median(wall.get("raw")),
                    "ms");
            for (String side : List.of("ours", "raw")) {
                report.line(
                        "    %s, %s: median ms per step (%s)",
                        side,
                        what,
                        side.equals("ours")
                                ? "the driver's set-up steps, as the doctor reports them"
                                : "each statement of the recipe");
                for (Map.Entry<String, double[]> e : steps.get(side).entrySet()) {
                    report.line("      %-58s %9.1f", e.getKey(), ScaleReport.median(e.getValue()));
                }
            }
        }
        report.line("  (ours with a fresh extension directory installs from the copies bundled with the driver; their");
        report.line("  extraction to a private directory is kept between JVMs, as it is for users)");
    }

    // ---------------------------------------------------------------------------------------------------------
    // P3 full scan

    private static void p3(BenchLake pgLake, BenchLake fileLake) throws Exception {
        report.section(
                "P3",
                String.format("full scan of %,d rows (BIGINT, VARCHAR, DOUBLE), getLong/getString/getDouble", ROWS));
        report.line(
                "  %d rounds per side (PostgreSQL: the order rotating); mode = streamed or materialized, inferred",
                SCAN_ROUNDS);
        report.line("  from the first row: materialized when it takes over 4x raw streamed's first row + 10 ms");
        try (Connection ours = pgLake.ours(warmExt, Map.of());
                Statement s = ours.createStatement()) {
            long t = System.nanoTime();
            s.execute(scanTableSql());
            report.line("  created the table on the %s in %.1f s", pgLake.label(), ms(t) / 1000);
        }
        Map<String, double[][]> pg = new LinkedHashMap<>();
        try (Connection ours = pgLake.ours(warmExt, Map.of());
                Connection oursMat = pgLake.oursIfAccepted(warmExt, "stream_results", "false");
                Connection raw = pgLake.raw(warmExt, repo, false, false);
                Connection rawStream = pgLake.raw(warmExt, repo, false, true)) {
            Map<String, Connection> sides = new LinkedHashMap<>();
            sides.put("ours", ours);
            sides.put("ours (stream_results=false)", oursMat);
            sides.put("raw", raw);
            sides.put("raw (jdbc_stream_results=true)", rawStream);
            if (!STREAM_BUFFER.isEmpty()) {
                sides.put(oursBuffered(), buffered(pgLake.ours(warmExt, Map.of("sql_access", "unrestricted"))));
                sides.put(rawBuffered(), buffered(pgLake.raw(warmExt, repo, false, true)));
            }
            List<String> names = new ArrayList<>(sides.keySet());
            sides.forEach((k, v) -> pg.put(k, v == null ? null : new double[2][SCAN_ROUNDS]));
            long check = Long.MIN_VALUE;
            for (int round = 0; round < SCAN_ROUNDS; round++) {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get((i + round) % names.size());
                    Connection c = sides.get(name);
                    if (c != null) {
                        check = scanInto(c, pg.get(name), round, check);
                    }
                }
            }
            for (String name : names) {
                if (name.contains("streaming_buffer_size")) {
                    sides.get(name).close();
                }
            }
        }
        scanTable(pgLake.label(), pg);

        Map<String, double[][]> file = new LinkedHashMap<>();
        try (Connection ours = fileLake.ours(warmExt, Map.of());
                Statement s = ours.createStatement()) {
            long t = System.nanoTime();
            s.execute(scanTableSql());
            report.line("  created the table on the %s in %.1f s", fileLake.label(), ms(t) / 1000);
        }
        // One process may attach a DuckDB-file catalog once: the sides take turns, each with its rounds in a row.
        long check = Long.MIN_VALUE;
        List<String> fileSides = new ArrayList<>(
                List.of("ours", "ours (stream_results=false)", "raw", "raw (jdbc_stream_results=true)"));
        if (!STREAM_BUFFER.isEmpty()) {
            fileSides.add(oursBuffered());
            fileSides.add(rawBuffered());
        }
        for (String name : fileSides) {
            try (Connection c = name.equals(oursBuffered())
                    ? buffered(fileLake.ours(warmExt, Map.of("sql_access", "unrestricted")))
                    : name.equals(rawBuffered())
                            ? buffered(fileLake.raw(warmExt, repo, false, true))
                            : name.equals("ours")
                                    ? fileLake.ours(warmExt, Map.of())
                                    : name.startsWith("ours")
                                            ? fileLake.oursIfAccepted(warmExt, "stream_results", "false")
                                            : fileLake.raw(warmExt, repo, false, name.contains("stream"))) {
                if (c == null) {
                    file.put(name, null);
                    continue;
                }
                double[][] r = new double[2][SCAN_ROUNDS];
                for (int round = 0; round < SCAN_ROUNDS; round++) {
                    check = scanInto(c, r, round, check);
                }
                file.put(name, r);
            }
        }
        scanTable(fileLake.label(), file);
    }

    private static String oursBuffered() {
        return "ours (unrestricted, streaming_buffer_size=" + STREAM_BUFFER + ")";
    }

    private static String rawBuffered() {
        return "raw (stream, streaming_buffer_size=" + STREAM_BUFFER + ")";
    }

    /**
     * A streamed connection with streaming_buffer_size set by SQL: DuckDB takes it per connection only (as a
     * start-up setting it is refused: "Could not set option as a global option"), and sql_access=lake locks the
     * configuration, so the driver's side is an unrestricted connection.
     */
    private static Connection buffered(Connection raw) throws SQLException {
        try (Statement s = raw.createStatement()) {
            s.execute("SET streaming_buffer_size = '" + STREAM_BUFFER + "'");
        }
        return raw;
    }

    /**
     * P3's scan, {@code SELECT id, s, v FROM scan} with every value read: its time and first row's go into
     * {@code into[0][round]} and {@code into[1][round]}; the sum of what it read is checked against {@code
     * expected} (unless Long.MIN_VALUE) and returned.
     */
    static long scanInto(Connection c, double[][] into, int round, long expected) throws SQLException {
        long sum = 0;
        long t = System.nanoTime();
        double first = Double.NaN;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, s, v FROM scan")) {
            while (rs.next()) {
                if (Double.isNaN(first)) {
                    first = ms(t);
                }
                sum += rs.getLong(1) + rs.getString(2).length() + (long) rs.getDouble(3);
            }
        }
        into[0][round] = ms(t);
        into[1][round] = first;
        if (expected != Long.MIN_VALUE && sum != expected) {
            throw new IllegalStateException("the sides read different data: " + sum + " vs " + expected);
        }
        return sum;
    }

    private static void scanTable(String label, Map<String, double[][]> r) {
        report.line("");
        report.line("  %s", label);
        report.line("  %-44s %12s %14s  %s", "side", "scan", "first row", "mode");
        // A streamed result's first row comes after one chunk; a materialized one after the whole query.
        double streamedFirst = ScaleReport.median(r.get("raw (jdbc_stream_results=true)")[1]);
        r.forEach((name, v) -> {
            if (v == null) {
                report.line("  %-44s %12s %14s  %s", name, "n/a", "", "the driver does not take this property yet");
            } else {
                double total = ScaleReport.median(v[0]);
                double first = ScaleReport.median(v[1]);
                report.line(
                        "  %-44s %9.1f ms %11.1f ms  %s",
                        name, total, first, first > 4 * streamedFirst + 10 ? "materialized" : "streamed");
            }
        });
        report.header("full scan", "ours", "raw");
        List<String[]> pairs = new ArrayList<>(List.of(
                new String[] {"ours", "raw"},
                new String[] {"ours", "raw (jdbc_stream_results=true)"},
                new String[] {"ours (stream_results=false)", "raw"}));
        if (!STREAM_BUFFER.isEmpty()) {
            pairs.add(new String[] {oursBuffered(), "raw"});
            pairs.add(new String[] {oursBuffered(), "raw (jdbc_stream_results=true)"});
            pairs.add(new String[] {rawBuffered(), "raw"});
        }
        for (String[] p : pairs) {
            String what = String.format("%,d rows: %s vs %s", ROWS, p[0], p[1]);
            if (r.get(p[0]) == null || r.get(p[1]) == null) {
                report.rowNotAvailable(what, "(property not accepted by this build)");
            } else {
                report.row(what, ScaleReport.median(r.get(p[0])[0]), ScaleReport.median(r.get(p[1])[0]), "ms");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // P4 prepared point query

    private static void p4(BenchLake lake) throws Exception {
        report.section(
                "P4",
                String.format(
                        "prepared point query round trip (SELECT v FROM pts WHERE id = ?, %,d rows), auto-commit",
                        POINT_ROWS));
        double[] ours = new double[POINT_ROUNDS * POINTS_PER_ROUND];
        double[] raw = new double[POINT_ROUNDS * POINTS_PER_ROUND];
        try (Connection o = lake.ours(warmExt, Map.of());
                Connection r = lake.raw(warmExt, repo, false, false);
                PreparedStatement po = o.prepareStatement("SELECT v FROM pts WHERE id = ?");
                PreparedStatement pr = r.prepareStatement("SELECT v FROM pts WHERE id = ?")) {
            point(po, new double[POINTS_PER_ROUND], 0); // warm-up, not reported
            point(pr, new double[POINTS_PER_ROUND], 0);
            for (int round = 0; round < POINT_ROUNDS; round++) {
                int at = round * POINTS_PER_ROUND;
                if (round % 2 == 0) {
                    point(po, ours, at);
                    point(pr, raw, at);
                } else {
                    point(pr, raw, at);
                    point(po, ours, at);
                }
            }
        }
        report.header("one query: setLong, executeQuery, next, getDouble, close", "ours", "raw");
        report.row("median of " + ours.length, ScaleReport.median(ours), ScaleReport.median(raw), "ms");
        report.row("p90", ScaleReport.percentile(ours, 90), ScaleReport.percentile(raw, 90), "ms");
    }

    private static void point(PreparedStatement ps, double[] into, int at) throws SQLException {
        for (int i = 0; i < POINTS_PER_ROUND; i++) {
            long t = System.nanoTime();
            ps.setLong(1, ((at + i) * 7919L) % POINT_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rs.getDouble(1);
            }
            into[at + i] = ms(t);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // P5 bulk insert

    /** What one way of inserting rows did. */
    private static final class Insert {
        int rows;
        double millis;
        long files;
        long inlined;
        double readMillis;
        String note = "";

        double projectedMillis() {
            return millis * BATCH_ROWS / rows;
        }
    }

    private static void p5(BenchLake lake) throws Exception {
        report.section(
                "P5",
                String.format(
                        "inserting %,d rows (BIGINT, VARCHAR, DOUBLE, TIMESTAMP, DECIMAL(18,2), VARCHAR with nulls)",
                        BATCH_ROWS));
        report.line(
                "  JDBC sides: auto-commit off, addBatch per row, executeBatch every %,d rows, one commit.",
                BATCH_EVERY);
        report.line(
                "  A side projected to need over %.0f s is measured on %,d rows and scaled (marked *).",
                BATCH_BUDGET_MS / 1000, SLOW_BATCH_ROWS);
        report.line(
                "  The fast ways (ours, the Appender, the staged insert): one warm-up round each, then %d rounds in",
                FAST_ROUNDS);
        report.line("  rotating order, the median reported; each round writes a table of its own.");
        Map<String, Insert> done = new LinkedHashMap<>();
        try (Connection raw = lake.raw(warmExt, repo, false, false)) {
            try (Connection ours = lake.ours(warmExt, Map.of())) {
                Map<String, InsertRound> fast = new LinkedHashMap<>();
                fast.put("ours executeBatch", k -> {
                    String table = "ins_ours_" + k;
                    createInsertTable(ours, table);
                    Insert r = jdbcBatch(ours, table, BATCH_ROWS);
                    countFiles(raw, lake, table, r);
                    return r;
                });
                fast.put("raw Appender straight into the lake table", k -> appender(raw, lake, "ins_appender_" + k));
                fast.put(
                        "raw staged: Appender into TEMP, one INSERT … SELECT",
                        k -> staged(raw, lake, "ins_staged_" + k));
                List<String> names = new ArrayList<>(fast.keySet());
                Map<String, List<Insert>> rounds = new LinkedHashMap<>();
                names.forEach(name -> rounds.put(name, new ArrayList<>()));
                for (int round = -1; round < FAST_ROUNDS; round++) { // round -1 warms each way up
                    for (int i = 0; i < names.size(); i++) {
                        String name = names.get((i + Math.max(0, round)) % names.size());
                        Insert r = fast.get(name).run(round + 1);
                        if (round >= 0) {
                            rounds.get(name).add(r);
                        }
                    }
                }
                for (String name : names) {
                    List<Insert> rs = rounds.get(name);
                    rs.sort(java.util.Comparator.comparingDouble(r -> r.millis));
                    done.put(name, rs.get(rs.size() / 2));
                }
            }
            try (Connection oursSingle = lake.oursIfAccepted(warmExt, "bulk_batch", "false")) {
                done.put(
                        "ours (bulk_batch=false) executeBatch",
                        oursSingle == null ? null : jdbcBatchBounded(oursSingle, raw, lake, "ins_ours_single"));
            }
            createInsertTable(raw, "ins_raw");
            Insert rawBatch = jdbcBatch(raw, "ins_raw", SLOW_BATCH_ROWS);
            rawBatch.note = "* measured on " + String.format("%,d", SLOW_BATCH_ROWS) + " rows, scaled";
            countFiles(raw, lake, "ins_raw", rawBatch);
            done.put("raw executeBatch", rawBatch);
        }
        // Report order: ours first, then the raw ways.
        Map<String, Insert> ordered = new LinkedHashMap<>();
        for (String name : List.of(
                "ours executeBatch",
                "ours (bulk_batch=false) executeBatch",
                "raw executeBatch",
                "raw Appender straight into the lake table",
                "raw staged: Appender into TEMP, one INSERT … SELECT")) {
            ordered.put(name, done.get(name));
        }
        done = ordered;
        report.line("");
        report.line("  %-52s %9s %12s %10s %7s %9s", "way", "rows", "time", "rows/s", "files", "inlined");
        done.forEach((name, r) -> {
            if (r == null) {
                report.line("  %-52s %9s   the driver does not take this property yet", name, "n/a");
            } else {
                report.line(
                        "  %-52s %,9d %9.1f ms %,10.0f %7d %,9d  %s",
                        name, r.rows, r.millis, r.rows / (r.millis / 1000), r.files, r.inlined, r.note);
            }
        });
        report.header(String.format("time for %,d rows (scaled where marked *)", BATCH_ROWS), "ours", "raw");
        Insert ours = done.get("ours executeBatch");
        for (String raw : List.of(
                "raw executeBatch",
                "raw Appender straight into the lake table",
                "raw staged: Appender into TEMP, one INSERT … SELECT")) {
            report.row(
                    "ours executeBatch vs " + raw,
                    ours.projectedMillis(),
                    done.get(raw).projectedMillis(),
                    "ms");
        }
        smallBatches(lake);
        Insert single = done.get("ours (bulk_batch=false) executeBatch");
        if (single == null) {
            report.rowNotAvailable(
                    "ours (bulk_batch=false) executeBatch vs raw executeBatch", "(property not accepted)");
        } else {
            report.row(
                    "ours (bulk_batch=false) executeBatch vs raw executeBatch",
                    single.projectedMillis(),
                    done.get("raw executeBatch").projectedMillis(),
                    "ms");
        }
    }

    private static final int FAST_ROUNDS = 3;
    /** Rows per executeBatch in the small-batch part of P5: Spark's JDBC writer's default batch size. */
    private static final int SMALL_BATCH = 1_000;

    /**
     * P5's small batches: BATCH_ROWS rows as executeBatch calls of SMALL_BATCH rows in one transaction (Spark's JDBC
     * writer, Kafka Connect and Flink sinks, Spring batchUpdate loops), with the driver's batches written together
     * (batch_coalesce, the default) and one by one, against the hand-written equivalent of writing them together
     * on raw duckdb_jdbc (every batch appended to one TEMP table, one INSERT … SELECT before the commit); then a
     * full read of each table, which pays for every file it is made of. Each way writes a table of its own, FAST_ROUNDS
     * rounds after a warm-up one, in rotating order; medians.
     */
    private static void smallBatches(BenchLake lake) throws Exception {
        report.line("");
        report.line(
                "  Small batches: %,d rows as executeBatch calls of %,d rows in one transaction, then a full read of"
                        + " the table",
                BATCH_ROWS, SMALL_BATCH);
        try (Connection raw = lake.raw(warmExt, repo, false, false);
                Connection ours = lake.ours(warmExt, Map.of());
                Connection oursEach = lake.oursIfAccepted(warmExt, "batch_coalesce", "false")) {
            Map<String, InsertRound> ways = new LinkedHashMap<>();
            ways.put("ours, batches written together", k -> smallBatchRound(ours, raw, lake, "sb_ours_" + k));
            if (oursEach != null) {
                ways.put(
                        "ours (batch_coalesce=false), one write per batch",
                        k -> smallBatchRound(oursEach, raw, lake, "sb_each_" + k));
            }
            ways.put(
                    "raw, by hand: one TEMP stage, one INSERT … SELECT",
                    k -> smallBatchByHand(raw, lake, "sb_raw_" + k));
            List<String> names = new ArrayList<>(ways.keySet());
            Map<String, List<Insert>> rounds = new LinkedHashMap<>();
            names.forEach(name -> rounds.put(name, new ArrayList<>()));
            for (int round = -1; round < FAST_ROUNDS; round++) {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get((i + Math.max(0, round)) % names.size());
                    Insert r = ways.get(name).run(round + 1);
                    if (round >= 0) {
                        rounds.get(name).add(r);
                    }
                }
            }
            report.line("  %-52s %12s %7s %12s", "way", "write", "files", "full read");
            Map<String, Insert> medians = new LinkedHashMap<>();
            for (String name : names) {
                List<Insert> rs = rounds.get(name);
                rs.sort(java.util.Comparator.comparingDouble(r -> r.millis));
                Insert m = rs.get(rs.size() / 2);
                medians.put(name, m);
                report.line("  %-52s %9.1f ms %7d %9.1f ms", name, m.millis, m.files, m.readMillis);
            }
            String byHand = "raw, by hand: one TEMP stage, one INSERT … SELECT";
            report.header("small batches: write time", "ours", "raw");
            for (String name : names) {
                if (!name.equals(byHand)) {
                    report.row(name + " vs raw by hand", medians.get(name).millis, medians.get(byHand).millis, "ms");
                }
            }
            if (oursEach == null) {
                report.rowNotAvailable(
                        "ours (batch_coalesce=false), one write per batch vs raw by hand", "(property not accepted)");
            }
        }
    }

    private static Insert smallBatchRound(Connection c, Connection raw, BenchLake lake, String table)
            throws SQLException {
        createInsertTable(c, table);
        Insert r = jdbcBatch(c, table, BATCH_ROWS, SMALL_BATCH);
        countFiles(raw, lake, table, r);
        r.readMillis = fullRead(raw, table);
        return r;
    }

    private static Insert smallBatchByHand(Connection raw, BenchLake lake, String table) throws SQLException {
        createInsertTable(raw, table);
        Insert r = new Insert();
        r.rows = BATCH_ROWS;
        DuckDBConnection duck = raw.unwrap(DuckDBConnection.class);
        long t = System.nanoTime();
        raw.setAutoCommit(false);
        try (Statement s = raw.createStatement()) {
            s.execute("CREATE TEMP TABLE sb_stage AS SELECT * FROM lake.main." + table + " LIMIT 0");
            for (int done = 0; done < BATCH_ROWS; done += SMALL_BATCH) {
                try (DuckDBAppender a = duck.createAppender("temp", "main", "sb_stage")) {
                    appendRows(a, Math.min(SMALL_BATCH, BATCH_ROWS - done), done);
                }
            }
            s.execute("INSERT INTO lake.main." + table + " SELECT * FROM temp.main.sb_stage");
            s.execute("DROP TABLE temp.main.sb_stage");
            raw.commit();
        } finally {
            raw.setAutoCommit(true);
        }
        r.millis = ms(t);
        countFiles(raw, lake, table, r);
        r.readMillis = fullRead(raw, table);
        return r;
    }

    /** A full read of the table on raw duckdb_jdbc (every column's values summed up), in ms. */
    private static double fullRead(Connection raw, String table) throws SQLException {
        long t = System.nanoTime();
        single(
                raw,
                "SELECT sum(id) + sum(length(name)) + sum(v) + sum(epoch(ts)) + sum(amount)"
                        + " + sum(length(note)) FROM lake.main." + table);
        return ms(t);
    }

    /** One measured round of a way to insert, writing table number {@code k}. */
    @FunctionalInterface
    private interface InsertRound {
        Insert run(int k) throws SQLException;
    }

    private static String insertTableSql(String table) {
        return "CREATE TABLE " + table + " (id BIGINT, name VARCHAR, v DOUBLE, ts TIMESTAMP, amount DECIMAL(18,2),"
                + " note VARCHAR)";
    }

    private static void createInsertTable(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(insertTableSql(table));
        }
    }

    private static final LocalDateTime BASE_TIME = LocalDateTime.of(2026, 1, 1, 0, 0);

    /**
     * JDBC executeBatch of BATCH_ROWS rows, unless a first run on SLOW_BATCH_ROWS rows projects it over the budget:
     * then that run is the figure, scaled.
     */
    private static Insert jdbcBatchBounded(Connection c, Connection inspector, BenchLake lake, String table)
            throws SQLException {
        createInsertTable(c, table + "_probe");
        Insert probe = jdbcBatch(c, table + "_probe", SLOW_BATCH_ROWS);
        if (probe.projectedMillis() > BATCH_BUDGET_MS) {
            probe.note = "* measured on " + String.format("%,d", SLOW_BATCH_ROWS) + " rows, scaled";
            countFiles(inspector, lake, table + "_probe", probe);
            return probe;
        }
        createInsertTable(c, table);
        Insert full = jdbcBatch(c, table, BATCH_ROWS);
        countFiles(inspector, lake, table, full);
        return full;
    }

    private static Insert jdbcBatch(Connection c, String table, int rows) throws SQLException {
        return jdbcBatch(c, table, rows, BATCH_EVERY);
    }

    private static Insert jdbcBatch(Connection c, String table, int rows, int every) throws SQLException {
        Insert r = new Insert();
        r.rows = rows;
        long t = System.nanoTime();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setLong(1, i);
                ps.setString(2, "name-" + i);
                ps.setDouble(3, i * 0.25);
                ps.setTimestamp(4, Timestamp.valueOf(BASE_TIME.plusSeconds(i)));
                ps.setBigDecimal(5, BigDecimal.valueOf(i, 2));
                if (i % 3 == 0) {
                    ps.setNull(6, Types.VARCHAR);
                } else {
                    ps.setString(6, "note " + i);
                }
                ps.addBatch();
                if ((i + 1) % every == 0) {
                    ps.executeBatch();
                }
            }
            if (rows % every != 0) {
                ps.executeBatch();
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        r.millis = ms(t);
        return r;
    }

    private static void appendRows(DuckDBAppender a, int rows) throws SQLException {
        appendRows(a, rows, 0);
    }

    private static void appendRows(DuckDBAppender a, int rows, int from) throws SQLException {
        for (int i = from; i < from + rows; i++) {
            a.beginRow();
            a.append((long) i);
            a.append("name-" + i);
            a.append(i * 0.25);
            a.append(BASE_TIME.plusSeconds(i));
            a.append(BigDecimal.valueOf(i, 2));
            if (i % 3 == 0) {
                a.appendNull();
            } else {
                a.append("note " + i);
            }
            a.endRow();
        }
    }

    private static Insert appender(Connection raw, BenchLake lake, String table) throws SQLException {
        createInsertTable(raw, table);
        Insert r = new Insert();
        r.rows = BATCH_ROWS;
        DuckDBConnection duck = raw.unwrap(DuckDBConnection.class);
        long t = System.nanoTime();
        raw.setAutoCommit(false);
        try {
            // duckdb_jdbc begins its transaction with the first statement; the Appender alone would auto-commit.
            single(raw, "SELECT 1");
            try (DuckDBAppender a = duck.createAppender("lake", "main", table)) {
                appendRows(a, BATCH_ROWS);
            }
            raw.commit();
        } finally {
            raw.setAutoCommit(true);
        }
        r.millis = ms(t);
        countFiles(raw, lake, table, r);
        return r;
    }

    private static Insert staged(Connection raw, BenchLake lake, String table) throws SQLException {
        createInsertTable(raw, table);
        Insert r = new Insert();
        r.rows = BATCH_ROWS;
        DuckDBConnection duck = raw.unwrap(DuckDBConnection.class);
        long t = System.nanoTime();
        try (Statement s = raw.createStatement()) {
            s.execute("CREATE TEMP TABLE stage AS SELECT * FROM lake.main." + table + " LIMIT 0");
            try (DuckDBAppender a = duck.createAppender("temp", "main", "stage")) {
                appendRows(a, BATCH_ROWS);
            }
            raw.setAutoCommit(false);
            try {
                s.execute("INSERT INTO lake.main." + table + " SELECT * FROM temp.main.stage");
                raw.commit();
            } finally {
                raw.setAutoCommit(true);
            }
            r.millis = ms(t);
            s.execute("DROP TABLE temp.main.stage");
        }
        countFiles(raw, lake, table, r);
        return r;
    }

    /** Data files the table has in DuckLake's catalog, and its rows that live in the catalog instead (inlined). */
    private static void countFiles(Connection raw, BenchLake lake, String table, Insert into) throws SQLException {
        long rows = (long) single(raw, "SELECT count(*) FROM lake.main." + table);
        try (Connection pg = PostgresServer.get().connectAsSuperuser(lake.database());
                PreparedStatement ps =
                        pg.prepareStatement("SELECT count(f.data_file_id), coalesce(sum(f.record_count), 0)"
                                + " FROM ducklake_table t LEFT JOIN ducklake_data_file f ON f.table_id = t.table_id"
                                + " AND f.end_snapshot IS NULL WHERE t.table_name = ? AND t.end_snapshot IS NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                into.files = rs.getLong(1);
                into.inlined = rows - rs.getLong(2);
            }
        }
        if (rows != into.rows) {
            throw new IllegalStateException(table + " has " + rows + " rows, expected " + into.rows);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // P6 memory

    private static final String[] MEMORY_SIDES = {"ours", "ours-materialize", "raw-stream"};

    private static void p6(BenchLake pgLake, BenchLake fileLake) throws Exception {
        report.section(
                "P6",
                String.format(
                        "memory of SELECT * FROM big (%,d rows: id, name, v, ts), each side in a JVM of its own",
                        BIG_ROWS));
        report.line(
                "  ours = default properties; ours-materialize = stream_results=false; raw-stream = duckdb_jdbc with");
        report.line(
                "  jdbc_stream_results=true. Child JVMs run with %s (heap is reported as used, not as reserved).",
                CHILD_HEAP);
        report.line(
                "  RSS sampled every 250 ms; peak RSS = the kernel's VmHWM (includes the connect). Heap: used = peak of");
        report.line("  the samples (garbage included), retained = peak of survivors + old generation (what outlives a");
        report.line("  young collection), committed = peak the JVM took from the OS (part of RSS).");
        report.line("  Before the measured reads, raw-stream and ours each read 200 rows once, discarded: the first");
        report.line("  process to read the new table pays for the catalog's and the object store's cold caches.");
        for (BenchLake lake : List.of(pgLake, fileLake)) {
            try (Connection ours = lake.ours(warmExt, Map.of());
                    Statement s = ours.createStatement()) {
                long t = System.nanoTime();
                s.execute("CREATE TABLE big AS SELECT range AS id, 'customer-' || range AS name, random() AS v,"
                        + " now() AS ts FROM range(" + BIG_ROWS + ")");
                report.line("  created big on the %s in %.1f s", lake.label(), ms(t) / 1000);
            }
            // The parent has closed the lake (a DuckDB-file catalog admits one process at a time).
            Map<String, Map<String, Double>> first = new LinkedHashMap<>();
            Map<String, Map<String, Double>> all = new LinkedHashMap<>();
            // The first process to read the new table pays for cold caches of the catalog database and the
            // object store, whichever side it is (measured: ours' 200 rows took 158-190 ms to the first row when
            // it read first, 80 ms after one discarded read by raw): each side reads once first, discarded.
            for (String side : List.of("raw-stream", "ours")) {
                memoryChild(lake, side, "first200");
            }
            for (String side : MEMORY_SIDES) {
                first.put(side, memoryChild(lake, side, "first200"));
                all.put(side, memoryChild(lake, side, "all"));
            }
            report.line("");
            report.line("  %s", lake.label());
            report.line(
                    "  %-18s %-8s %11s %11s %11s %9s %9s %9s %9s %9s %9s",
                    "side",
                    "part",
                    "1st row ms",
                    "last row ms",
                    "closed ms",
                    "RSS start",
                    "RSS peak",
                    "RSS end",
                    "heap used",
                    "retained",
                    "committed");
            for (String side : MEMORY_SIDES) {
                for (Map<String, Double> r : List.of(first.get(side), all.get(side))) {
                    String part = r == first.get(side) ? "200 rows" : "all rows";
                    if (r.containsKey("unsupported")) {
                        report.line("  %-18s %-8s n/a (the driver does not take stream_results yet)", side, part);
                        continue;
                    }
                    report.line(
                            "  %-18s %-8s %11.1f %11.1f %11.1f %6.0f MB %6.0f MB %6.0f MB %6.0f MB %6.0f MB %6.0f MB",
                            side,
                            part,
                            r.get("first_row_ms"),
                            r.get("last_row_ms"),
                            r.get("closed_ms"),
                            r.get("rss_start_mb"),
                            r.get("rss_hwm_mb"),
                            r.get("rss_end_mb"),
                            r.get("heap_peak_sampled_mb"),
                            r.get("heap_live_peak_mb"),
                            r.get("heap_committed_peak_mb"));
                }
            }
            smallHeap(lake);
            report.header(
                    lake.isPostgres() ? "PostgreSQL catalog, S3Proxy data" : "DuckDB-file catalog, local data",
                    "ours",
                    "raw-stream");
            Map<String, Double> rf = first.get("raw-stream");
            Map<String, Double> ra = all.get("raw-stream");
            for (String side : List.of("ours", "ours-materialize")) {
                Map<String, Double> of = first.get(side);
                Map<String, Double> oa = all.get(side);
                String who = side.equals("ours") ? "ours" : "ours (stream_results=false)";
                if (of.containsKey("unsupported")) {
                    report.rowNotAvailable(who + ": any", "(stream_results not accepted by this build)");
                    continue;
                }
                report.row(
                        who + ": time to the 200th row (setMaxRows 200)",
                        of.get("last_row_ms"),
                        rf.get("last_row_ms"),
                        "ms");
                report.row(who + ": peak RSS, 200 rows", of.get("rss_hwm_mb"), rf.get("rss_hwm_mb"), "MB");
                report.row(who + ": time to read every row", oa.get("last_row_ms"), ra.get("last_row_ms"), "ms");
                report.row(who + ": peak RSS, every row", oa.get("rss_hwm_mb"), ra.get("rss_hwm_mb"), "MB");
                report.row(
                        who + ": RSS growth start to end, every row",
                        oa.get("rss_end_mb") - oa.get("rss_start_mb"),
                        ra.get("rss_end_mb") - ra.get("rss_start_mb"),
                        "MB");
                report.row(
                        who + ": peak heap used (sampled), every row",
                        oa.get("heap_peak_sampled_mb"),
                        ra.get("heap_peak_sampled_mb"),
                        "MB");
                report.row(
                        who + ": peak retained heap (survivors + old), every row",
                        oa.get("heap_live_peak_mb"),
                        ra.get("heap_live_peak_mb"),
                        "MB");
            }
        }
    }

    private static Map<String, Double> memoryChild(BenchLake lake, String side, String part) throws Exception {
        return memoryChild(lake, side, part, CHILD_HEAP);
    }

    private static Map<String, Double> memoryChild(BenchLake lake, String side, String part, String heap)
            throws Exception {
        List<String> args = new ArrayList<>(
                List.of("task=memory", "side=" + side, "part=" + part, "ext=" + warmExt, "repo=" + repo));
        args.addAll(lake.args());
        return child("memory-" + side + "-" + part + heap, List.of(heap), args);
    }

    /**
     * Ours reading every row in a JVM whose heap is capped at 64 MB: completing at all shows the stream's heap
     * stays under it. On an object-store lake also with DuckDB's cache of object-store reads off, which is
     * what grows resident memory while a stream reads a large table the first time.
     */
    private static void smallHeap(BenchLake lake) {
        List<String> sides = lake.isPostgres() ? List.of("ours", "ours-no-file-cache") : List.of("ours");
        for (String side : sides) {
            String label = side.equals("ours") ? "ours" : "ours, enable_external_file_cache=false";
            try {
                Map<String, Double> r = memoryChild(lake, side, "all", "-Xmx64m");
                report.line(
                        "  %s, every row with -Xmx64m: completed; last row %.0f ms, RSS start %.0f MB, peak %.0f MB,"
                                + " end %.0f MB, heap used peak %.0f MB",
                        label,
                        r.get("last_row_ms"),
                        r.get("rss_start_mb"),
                        r.get("rss_hwm_mb"),
                        r.get("rss_end_mb"),
                        r.get("heap_peak_sampled_mb"));
            } catch (Exception | Error e) {
                report.line("  %s, every row with -Xmx64m: FAILED (%s)", label, e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // shared

    /** Runs {@link ScaleChild} in a JVM of its own and returns its {@code RESULT key=value} lines. */
    private static Map<String, Double> child(String name, List<String> jvmOptions, List<String> args) throws Exception {
        ChildJvm.Result r = ChildJvm.main(ScaleChild.class.getName(), classPath())
                .named("ScaleChild " + name)
                .jvmOptions(jvmOptions.toArray(new String[0]))
                .args(args.toArray(new String[0]))
                .run(CHILD_DEADLINE);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String l : r.output.split("\n")) {
            if (l.startsWith("RESULT ") && !l.startsWith("RESULT error=")) {
                String kv = l.substring("RESULT ".length()).trim();
                // The last '=': the value is a number, the key (a set-up step's name) may hold one.
                out.put(
                        kv.substring(0, kv.lastIndexOf('=')),
                        Double.parseDouble(kv.substring(kv.lastIndexOf('=') + 1)));
            }
        }
        if (r.exit != 0 || out.isEmpty()) {
            throw new IllegalStateException("child " + name + " failed (exit " + r.exit + "):\n" + r.output);
        }
        return out;
    }

    /**
     * The class path of this program: exec:java runs it in Maven's JVM through a class loader of its own, so
     * java.class.path is Maven's, not the project's.
     */
    private static String classPath() throws URISyntaxException {
        ClassLoader loader = ScaleBenchmark.class.getClassLoader();
        if (loader instanceof URLClassLoader) {
            List<String> entries = new ArrayList<>();
            for (URL u : ((URLClassLoader) loader).getURLs()) {
                entries.add(Paths.get(u.toURI()).toString());
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static void installExtensions(Path ext) throws SQLException {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement s = c.createStatement()) {
            s.execute("SET extension_directory = " + SqlText.literal(ext.toString()));
            for (String e : BenchLake.EXTENSIONS) {
                s.execute("INSTALL " + e + " FROM " + SqlText.literal(repo.toString()));
            }
        }
    }

    private static String pointTableSql() {
        return "CREATE TABLE pts AS SELECT range AS id, CAST(range AS DOUBLE) / 2 AS v, 'p' || range AS s"
                + " FROM range(" + POINT_ROWS + ")";
    }

    private static String scanTableSql() {
        return "CREATE TABLE scan AS SELECT range AS id, 'row ' || range AS s, CAST(range AS DOUBLE) / 2 AS v"
                + " FROM range(" + ROWS + ")";
    }

    /** The first column of the first row, as a double. */
    private static double single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static Path fresh(String name) throws IOException {
        return Files.createTempDirectory(TestLakes.work(), name);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
