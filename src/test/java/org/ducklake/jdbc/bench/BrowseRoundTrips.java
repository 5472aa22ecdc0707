package org.ducklake.jdbc.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ducklake.jdbc.testsupport.PostgresRoundTrips;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * What a DBeaver browse of one schema costs on a PostgreSQL catalog: the calls DBeaver's generic plugin makes
 * when the schema is expanded and each of its 50 tables is opened (getTables, then for the schema and for
 * each table getColumns, getPrimaryKeys, getImportedKeys, getIndexInfo; then getFunctions, getProcedures),
 * with every row read. Round trips are counted on the wire to PostgreSQL by {@link PostgresRoundTrips}
 * (Query and Sync messages: each one the client waits on); the time is the median of a few browses after a
 * warm-up one. Not a test.
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 *     -Dexec.mainClass=org.ducklake.jdbc.bench.BrowseRoundTrips -Dbrowse.label=after</pre>
 *
 * <p>Then the cost of one per-table call as tools make them (getColumns, getBestRowIdentifier and
 * getPseudoColumns of one named table) when the lake holds 50 tables and again once it holds 200: median time
 * of {@value #PER_CALL_ROUNDS} calls and round trips per call, next to raw duckdb_jdbc (the lake attached by
 * hand, through the same counting proxy) in the same run. {@code -Dbrowse.only=browse} or
 * {@code -Dbrowse.only=percall} runs one part.
 *
 * <p>{@code -Dbrowse.window=SECONDS} sets metadata_window (the driver's default otherwise); each measured browse
 * follows a pause longer than the default window, so it begins a read of the catalog of its own. The breakdown
 * by method is of the last browse.
 *
 * The label names the run (an argument, or the system property {@code browse.label}: exec.args would reach
 * the build's own exec execution too); the report replaces that label's section of
 * src/bench/browse-round-trips-latest.txt and keeps the others (so a "before" and an "after" run sit side by
 * side).
 */
public final class BrowseRoundTrips {
    private static final String SCHEMA = "browse";
    private static final int TABLES = 50;
    private static final int ROUNDS = 3;
    private static final long PAUSE_MILLIS = 1_200;
    private static final int PER_CALL_ROUNDS = 41;
    private static final int MORE_TABLES = 150;
    private static final Path REPORT = Paths.get("src/bench/browse-round-trips-latest.txt");

    /** One metadata call of the replay: its method name (for the breakdown) and the call. */
    private interface Call {
        ResultSet call(DatabaseMetaData md) throws SQLException;
    }

    private final PostgresRoundTrips wire;
    private final Map<String, Long> tripsByMethod = new LinkedHashMap<>();
    private final Map<String, Integer> callsByMethod = new LinkedHashMap<>();

    private BrowseRoundTrips(PostgresRoundTrips wire) {
        this.wire = wire;
    }

    public static void main(String[] args) throws Exception {
        String label = args.length > 0 ? args[0] : System.getProperty("browse.label", "latest");
        List<String> report = new ArrayList<>();
        TestLakes.PostgresLake lake = TestLakes.postgres();
        String only = System.getProperty("browse.only", "browse,percall");
        java.util.Properties props = lake.properties();
        String window = System.getProperty("browse.window");
        if (window != null) {
            props.setProperty("metadata_window", window);
        }
        try (PostgresRoundTrips wire = PostgresRoundTrips.start();
                Connection c = DriverManager.getConnection(wire.url(lake), props)) {
            create(c);
            report.addAll(BenchHeader.start("## " + label));
            if (only.contains("browse")) {
                BrowseRoundTrips replay = new BrowseRoundTrips(wire);
                replay.browse(c.getMetaData()); // warm-up: first use of the engine's catalog functions
                long[] millis = new long[ROUNDS];
                long[] browseTrips = new long[ROUNDS];
                long trips = 0;
                int calls = 0;
                for (int i = 0; i < ROUNDS; i++) {
                    replay.tripsByMethod.clear();
                    replay.callsByMethod.clear();
                    // A pause longer than the default metadata_window, as between a user's clicks: each browse
                    // begins a read of its own rather than going on in the one before.
                    Thread.sleep(PAUSE_MILLIS);
                    wire.reset();
                    long start = System.nanoTime();
                    calls = replay.browse(c.getMetaData());
                    millis[i] = (System.nanoTime() - start) / 1_000_000;
                    trips = wire.roundTrips();
                    browseTrips[i] = trips;
                    System.err.printf("browse %d: %d ms, %d round trips%n", i + 1, millis[i], trips);
                }
                Arrays.sort(millis);
                report.add(String.format(
                        "DBeaver browse of schema %s (%d tables, 4 columns each; metadata_window %s; %d ms between"
                                + " browses): %d metadata calls, %d catalog round trips (each browse: %s), median %d ms"
                                + " of %d browses (min %d, max %d)",
                        SCHEMA,
                        TABLES,
                        window == null ? "default" : window,
                        PAUSE_MILLIS,
                        calls,
                        trips,
                        Arrays.toString(browseTrips),
                        millis[ROUNDS / 2],
                        ROUNDS,
                        millis[0],
                        millis[ROUNDS - 1]));
                report.add(String.format("  %-24s %6s %12s", "method", "calls", "round trips"));
                for (Map.Entry<String, Long> e : replay.tripsByMethod.entrySet()) {
                    report.add(String.format(
                            "  %-24s %6d %12d", e.getKey(), replay.callsByMethod.get(e.getKey()), e.getValue()));
                }
            }
            if (only.contains("percall")) {
                BenchLake raw =
                        BenchLake.postgres(wire.port(), lake.database, lake.user, lake.password, lake.dataPath());
                Path ext = Paths.get(TestLakes.extensionDirectory());
                Path repo = Paths.get("target/extensions/repository").toAbsolutePath();
                try (Connection r = raw.raw(ext, repo, false, false)) {
                    report.add(String.format(
                            "Per-table calls on table %s.t07, median of %d calls after a warm-up one, with the lake"
                                    + " holding %d and then %d tables (raw = duckdb_jdbc's DatabaseMetaData on the lake"
                                    + " attached by hand)",
                            SCHEMA, PER_CALL_ROUNDS, TABLES, TABLES + MORE_TABLES));
                    report.add(String.format(
                            "  %-22s %7s %10s %10s %6s %11s %11s",
                            "method", "tables", "ours ms", "raw ms", "ratio", "ours trips", "raw trips"));
                    Map<String, double[]> at50 = perCall(wire, c, r, TABLES, report);
                    addTables(c);
                    Map<String, double[]> at200 = perCall(wire, c, r, TABLES + MORE_TABLES, report);
                    for (Map.Entry<String, double[]> e : at50.entrySet()) {
                        report.add(String.format(
                                "  %-22s growth from %d to %d tables: ours %.2fx, raw %s",
                                e.getKey(),
                                TABLES,
                                TABLES + MORE_TABLES,
                                at200.get(e.getKey())[0] / e.getValue()[0],
                                Double.isNaN(e.getValue()[1])
                                        ? "n/a"
                                        : String.format("%.2fx", at200.get(e.getKey())[1] / e.getValue()[1])));
                    }
                }
            }
        }
        report.add(BenchHeader.end());
        for (String line : report) {
            System.out.println(line);
        }
        write(label, report);
    }

    private static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE SCHEMA " + SCHEMA);
            for (int i = 0; i < TABLES; i++) {
                s.execute(String.format(
                        "CREATE TABLE %s.t%02d (id BIGINT, name VARCHAR, amount DECIMAL(12,2), seen TIMESTAMP)",
                        SCHEMA, i));
            }
            c.commit();
            c.setAutoCommit(true);
        }
    }

    /** A per-table call of a tool; the table is a name for getBestRowIdentifier, a pattern for the others. */
    private static final String[] PER_CALL = {"getColumns", "getBestRowIdentifier", "getPseudoColumns"};

    private static ResultSet perTable(DatabaseMetaData md, String method) throws SQLException {
        switch (method) {
            case "getColumns":
                return md.getColumns(null, SCHEMA, "t07", "%");
            case "getBestRowIdentifier":
                return md.getBestRowIdentifier(null, SCHEMA, "t07", DatabaseMetaData.bestRowSession, true);
            default:
                return md.getPseudoColumns(null, SCHEMA, "t07", "%");
        }
    }

    /**
     * Times each per-table call on ours and on raw duckdb_jdbc, adds a line each to the report and returns
     * {ours ms, raw ms (NaN when raw duckdb_jdbc fails the call)} per method.
     */
    private static Map<String, double[]> perCall(
            PostgresRoundTrips wire, Connection ours, Connection raw, int tables, List<String> report)
            throws SQLException {
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (String method : PER_CALL) {
            long[] oursTrips = new long[1];
            double oursMs = median(wire, ours.getMetaData(), method, oursTrips);
            long[] rawTrips = new long[1];
            double rawMs;
            String rawNote = "";
            try {
                rawMs = median(wire, raw.getMetaData(), method, rawTrips);
            } catch (SQLException e) {
                rawMs = Double.NaN;
                rawNote = "  (raw fails: " + String.valueOf(e.getMessage()).split("\n")[0] + ")";
            }
            medians.put(method, new double[] {oursMs, rawMs});
            report.add(String.format(
                    "  %-22s %7d %10.1f %10s %6s %11d %11s%s",
                    method,
                    tables,
                    oursMs,
                    Double.isNaN(rawMs) ? "n/a" : String.format("%.1f", rawMs),
                    Double.isNaN(rawMs) ? "n/a" : String.format("%.2f", oursMs / rawMs),
                    oursTrips[0],
                    Double.isNaN(rawMs) ? "n/a" : String.valueOf(rawTrips[0]),
                    rawNote));
        }
        return medians;
    }

    /** The median milliseconds of the call, rows read; trips[0] is the round trips of the last call. */
    private static double median(PostgresRoundTrips wire, DatabaseMetaData md, String method, long[] trips)
            throws SQLException {
        long[] nanos = new long[PER_CALL_ROUNDS];
        for (int i = -1; i < PER_CALL_ROUNDS; i++) {
            wire.reset();
            long start = System.nanoTime();
            int rows = 0;
            try (ResultSet rs = perTable(md, method)) {
                while (rs.next()) {
                    rows++;
                }
            }
            if (rows == 0 && !method.equals("getBestRowIdentifier") && !method.equals("getPseudoColumns")) {
                throw new IllegalStateException(method + " found nothing");
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
            trips[0] = wire.roundTrips();
        }
        Arrays.sort(nanos);
        return nanos[PER_CALL_ROUNDS / 2] / 1e6;
    }

    /** Makes the lake hold {@value #MORE_TABLES} more tables, in another schema. */
    private static void addTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE SCHEMA more");
            for (int i = 0; i < MORE_TABLES; i++) {
                s.execute(String.format(
                        "CREATE TABLE more.t%03d (id BIGINT, name VARCHAR, amount DECIMAL(12,2), seen TIMESTAMP)", i));
            }
            c.commit();
            c.setAutoCommit(true);
        }
    }

    /** DBeaver's calls for expanding the schema and opening each table; returns the number of calls. */
    private int browse(DatabaseMetaData md) throws SQLException {
        String schemaPattern = SCHEMA.replace("_", "\\_");
        List<String> tables = read("getTables", m -> m.getTables(null, schemaPattern, "%", null), md, 3);
        int calls = 1;
        read("getColumns", m -> m.getColumns(null, schemaPattern, "%", "%"), md, 1);
        read("getPrimaryKeys", m -> m.getPrimaryKeys(null, SCHEMA, "%"), md, 1);
        read("getImportedKeys", m -> m.getImportedKeys(null, SCHEMA, "%"), md, 1);
        read("getIndexInfo", m -> m.getIndexInfo(null, SCHEMA, "%", false, true), md, 1);
        calls += 4;
        for (String table : tables) {
            String tablePattern = table.replace("_", "\\_");
            read("getColumns", m -> m.getColumns(null, schemaPattern, tablePattern, "%"), md, 1);
            read("getPrimaryKeys", m -> m.getPrimaryKeys(null, SCHEMA, table), md, 1);
            read("getImportedKeys", m -> m.getImportedKeys(null, SCHEMA, table), md, 1);
            read("getIndexInfo", m -> m.getIndexInfo(null, SCHEMA, table, false, true), md, 1);
            calls += 4;
        }
        read("getFunctions", m -> m.getFunctions(null, schemaPattern, "%"), md, 1);
        read("getProcedures", m -> m.getProcedures(null, schemaPattern, "%"), md, 1);
        calls += 2;
        if (tables.size() != TABLES) {
            throw new IllegalStateException("browsed " + tables.size() + " tables, expected " + TABLES);
        }
        return calls;
    }

    /**
     * Makes the call, reads every row (returning the given column's values) and closes the result set; the
     * round trips all that made are booked to the method.
     */
    private List<String> read(String method, Call call, DatabaseMetaData md, int column) throws SQLException {
        long before = wire.roundTrips();
        List<String> values = new ArrayList<>();
        try (ResultSet rs = call.call(md)) {
            while (rs.next()) {
                values.add(rs.getString(column));
            }
        }
        callsByMethod.merge(method, 1, Integer::sum);
        tripsByMethod.merge(method, wire.roundTrips() - before, Long::sum);
        return values;
    }

    /** Replaces this label's section of the report file, keeping the others in their order. */
    private static void write(String label, List<String> section) throws Exception {
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        if (Files.exists(REPORT)) {
            boolean skipping = false;
            for (String line : Files.readAllLines(REPORT, StandardCharsets.UTF_8)) {
                if (line.startsWith("## ")) {
                    skipping = line.startsWith("## " + label + " ");
                    if (skipping && !replaced) {
                        out.addAll(section);
                        out.add("");
                        replaced = true;
                    }
                }
                if (!skipping) {
                    out.add(line);
                }
            }
        }
        if (!replaced) {
            if (out.isEmpty()) {
                out.add("Catalog round trips of a DBeaver schema browse (src/test/java/org/ducklake/jdbc/bench/"
                        + "BrowseRoundTrips.java), counted on the wire to PostgreSQL");
                out.add("");
            }
            out.addAll(section);
            out.add("");
        }
        Files.write(REPORT, out, StandardCharsets.UTF_8);
    }
}
