package org.ducklake.jdbc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.ducklake.jdbc.sql.KeyValueDsn;
import org.ducklake.jdbc.sql.SqlText;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * Connect latency of ducklake-jdbc against the same recipe done by hand on raw duckdb_jdbc, in one run,
 * on a PostgreSQL catalog with S3Proxy data (both started here, on loopback). Not a test: it reports
 * figures and ratios, it asserts nothing about speed.
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.ducklake.jdbc.bench.ConnectBenchmark</pre>
 *
 * Writes its report to stdout and to src/bench/connect-latest.txt.
 */
public final class ConnectBenchmark {
    private static final int LATER = 2000;
    private static final List<String> report = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path repo = Paths.get("target/extension-repository").toAbsolutePath();
        if (!Files.isDirectory(repo)) {
            throw new IllegalStateException("run the build first: " + repo + " is missing");
        }
        TestLakes.PostgresLake lake = TestLakes.postgres();
        line(
                "ducklake-jdbc connect benchmark — %s, %d cores, Java %s",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        line("catalog: PostgreSQL %s on loopback; data: S3Proxy on loopback", "(throwaway cluster)");

        // DuckDB's native library loads once per JVM (~0.5 s); pay it before measuring either side.
        long t = System.nanoTime();
        new DuckDBDriver().connect("jdbc:duckdb:", new Properties()).close();
        line("native library load + first in-memory open (paid once, excluded below): %.1f ms", ms(t));

        // Create the lake once so both sides attach an existing one.
        try (Connection c =
                DriverManager.getConnection(lake.url(), withExtDir(lake.properties(), fresh("ext-setup")))) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
        }

        line("");
        line("First connection (fresh extension directory: extensions installed, then loaded)");
        double raw1 = rawFirst(lake, repo, fresh("ext-raw1"), true);
        double ours1 = oursFirst(lake, fresh("ext-ours1"), "1");
        line("  raw duckdb_jdbc by hand:   %8.1f ms", raw1);
        line("  ducklake-jdbc:             %8.1f ms   (ratio ours/raw %.2f)", ours1, ours1 / raw1);

        line("First connection (extensions already installed: loaded only)");
        Path warmExt = fresh("ext-warm");
        rawFirst(lake, repo, warmExt, true); // installs the extensions into warmExt
        double raw2 = rawFirst(lake, repo, warmExt, false);
        double ours2 = oursFirst(lake, warmExt, "2");
        line("  raw duckdb_jdbc by hand:   %8.1f ms", raw2);
        line("  ducklake-jdbc:             %8.1f ms   (ratio ours/raw %.2f)", ours2, ours2 / raw2);

        line("");
        line("Later connections on a warm instance (%d each; getConnection+close, then first SELECT 1)", LATER);
        laterConnections(lake, warmExt);

        Path out = Paths.get("src/bench/connect-latest.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, (String.join("\n", report) + "\n").getBytes(StandardCharsets.UTF_8));
        System.exit(0);
    }

    private static double rawFirst(TestLakes.PostgresLake lake, Path repo, Path extDir, boolean install)
            throws SQLException {
        long t = System.nanoTime();
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement s = c.createStatement()) {
            s.execute("SET extension_directory = " + SqlText.literal(extDir.toString()));
            for (String e : new String[] {"ducklake", "postgres_scanner", "httpfs"}) {
                if (install) {
                    s.execute("INSTALL " + e + " FROM " + SqlText.literal(repo.toString()));
                }
                s.execute("LOAD " + e);
            }
            s.execute("CREATE SECRET (TYPE s3, KEY_ID " + SqlText.literal(S3Server.ACCESS_KEY) + ", SECRET "
                    + SqlText.literal(S3Server.SECRET_KEY) + ", REGION 'us-east-1', ENDPOINT "
                    + SqlText.literal(S3Server.get().endpoint()) + ", URL_STYLE 'path', USE_SSL false)");
            s.execute("ATTACH " + SqlText.literal("ducklake:postgres:" + rawDsn(lake)) + " AS lake (DATA_PATH "
                    + SqlText.literal(lake.dataPath()) + ")");
            s.execute("USE lake");
            return ms(t);
        }
    }

    private static String rawDsn(TestLakes.PostgresLake lake) {
        return KeyValueDsn.empty()
                .with("host", "127.0.0.1")
                .with("port", String.valueOf(PostgresServer.get().port()))
                .with("dbname", lake.database)
                .with("user", lake.user)
                .with("password", lake.password)
                .render();
    }

    private static double oursFirst(TestLakes.PostgresLake lake, Path extDir, String variant) throws SQLException {
        Properties p = withExtDir(lake.properties(), extDir);
        p.setProperty("alias", "lake" + variant); // a distinct configuration: a new instance
        long t = System.nanoTime();
        try (Connection c = DriverManager.getConnection(lake.url(), p)) {
            return ms(t);
        }
    }

    private static void laterConnections(TestLakes.PostgresLake lake, Path extDir) throws SQLException {
        Properties p = withExtDir(lake.properties(), extDir);
        double[] oursConnect = new double[LATER];
        double[] oursFirstQuery = new double[LATER];
        try (Connection keep = DriverManager.getConnection(lake.url(), p)) {
            for (int i = 0; i < LATER; i++) {
                long t = System.nanoTime();
                Connection c = DriverManager.getConnection(lake.url(), p);
                oursConnect[i] = ms(t);
                t = System.nanoTime();
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                oursFirstQuery[i] = ms(t);
                c.close();
            }
        }

        double[] rawDup = new double[LATER];
        double[] rawUse = new double[LATER];
        double[] rawFirstQuery = new double[LATER];
        try (Connection home = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement s = home.createStatement()) {
            s.execute("SET extension_directory = " + SqlText.literal(extDir.toString()));
            s.execute("LOAD ducklake");
            s.execute("LOAD postgres_scanner");
            s.execute("ATTACH " + SqlText.literal("ducklake:postgres:" + rawDsn(lake)) + " AS lake");
            DuckDBConnection duck = (DuckDBConnection) home;
            for (int i = 0; i < LATER; i++) {
                long t = System.nanoTime();
                Connection c = duck.duplicate();
                rawDup[i] = ms(t);
                t = System.nanoTime();
                try (Statement u = c.createStatement()) {
                    u.execute("USE lake");
                }
                rawUse[i] = ms(t);
                t = System.nanoTime();
                try (Statement q = c.createStatement()) {
                    q.execute("SELECT 1");
                }
                rawFirstQuery[i] = ms(t);
                c.close();
            }
        }

        double[] pinned = null;
        String pinnedNote = "";
        Properties dp = new Properties();
        dp.setProperty("extension_directory", extDir.toString());
        // DuckDB's URL parser splits on ';' and '=', so the test role's password (which has both) cannot be
        // written in it; the superuser's plain password can.
        String duckUrl = "jdbc:duckdb:ducklake:postgres:host=127.0.0.1 port="
                + PostgresServer.get().port() + " dbname=" + lake.database + " user=" + PostgresServer.SUPERUSER
                + " password=" + PostgresServer.SUPERUSER_PASSWORD;
        try (Connection keep = DriverManager.getConnection(duckUrl, dp)) {
            pinned = new double[LATER];
            for (int i = 0; i < LATER; i++) {
                long t = System.nanoTime();
                Connection c = DriverManager.getConnection(duckUrl, dp);
                pinned[i] = ms(t);
                c.close();
            }
        } catch (SQLException e) {
            pinnedNote = "  DuckDB's jdbc:duckdb:ducklake: URL could not connect here: "
                    + e.getMessage().split("\n")[0];
        }

        line("  %-44s %9s %9s %9s", "", "median", "p90", "p99");
        row("ducklake-jdbc getConnection", oursConnect);
        row("ducklake-jdbc first SELECT 1", oursFirstQuery);
        row("raw duplicate()", rawDup);
        row("raw USE lake on the new connection", rawUse);
        row("raw first SELECT 1", rawFirstQuery);
        double[] rawTotal = new double[LATER];
        for (int i = 0; i < LATER; i++) {
            rawTotal[i] = rawDup[i] + rawUse[i];
        }
        row("raw duplicate() + USE (a usable connection)", rawTotal);
        if (pinned != null) {
            row("DuckDB's jdbc:duckdb:ducklake: getConnection", pinned);
            line(
                    "  ratio ducklake-jdbc getConnection / DuckDB's pinned URL (median): %.2f",
                    median(oursConnect) / median(pinned));
        } else {
            line(pinnedNote);
        }
        line(
                "  ratio ducklake-jdbc getConnection / raw duplicate()+USE (median): %.3f",
                median(oursConnect) / median(rawTotal));

        // Connects spaced out as a pool or a tool makes them: the spare session is ready each time.
        int spaced = 300;
        double[] spacedConnect = new double[spaced];
        double[] spacedFirst = new double[spaced];
        try (Connection keep = DriverManager.getConnection(lake.url(), p)) {
            for (int i = 0; i < spaced; i++) {
                sleep(10);
                long t = System.nanoTime();
                Connection c = DriverManager.getConnection(lake.url(), p);
                spacedConnect[i] = ms(t);
                t = System.nanoTime();
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                spacedFirst[i] = ms(t);
                c.close();
            }
        }
        line("");
        line("Later connections 10 ms apart (%d; the spare session is prepared in between)", spaced);
        line("  %-44s %9s %9s %9s", "", "median", "p90", "p99");
        row("ducklake-jdbc getConnection", spacedConnect);
        row("ducklake-jdbc first SELECT 1", spacedFirst);
        line(
                "  ratio ducklake-jdbc getConnection + first SELECT 1 / raw duplicate()+USE+SELECT 1 (median): %.3f",
                (median(spacedConnect) + median(spacedFirst)) / (median(rawTotal) + median(rawFirstQuery)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Properties withExtDir(Properties p, Path dir) {
        p.setProperty("extension_directory", dir.toString());
        return p;
    }

    private static Path fresh(String name) throws IOException {
        return Files.createTempDirectory(TestLakes.work(), name);
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] v) {
        return pct(v, 50);
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static void row(String label, double[] v) {
        line("  %-44s %9.3f %9.3f %9.3f  ms", label, pct(v, 50), pct(v, 90), pct(v, 99));
    }

    private static void line(String fmt, Object... args) {
        String s = String.format(fmt, args);
        System.out.println(s);
        report.add(s);
    }
}
