package org.ducklake.jdbc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.ducklake.jdbc.testsupport.PostgresRoundTrips;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * What a later connection's first statements send to a PostgreSQL catalog, on each of P1's sides: the driver's
 * {@code getConnection}, raw duckdb_jdbc's {@code duplicate()} + {@code USE lake}, and DuckDB's pinned
 * {@code jdbc:duckdb:ducklake:} URL, all through a loopback proxy that counts the catalog's round trips per
 * statement ({@link PostgresRoundTrips}). Each statement's count and time is taken from just before it runs
 * to just after its result set is closed, as P1 times it; the statements the catalog received are listed for
 * the last round. Writes {@code src/bench/first-statement-round-trips-latest.txt}.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.ducklake.jdbc.bench.FirstStatementRoundTrips
 * </pre>
 */
public final class FirstStatementRoundTrips {
    private static final int ROUNDS = 3;
    private static final String ROLE = "first_statement_rt";
    private static final String PASSWORD = "first-statement-rt-pw";

    /** Opens a later connection of one side. */
    @FunctionalInterface
    private interface Opener {
        Connection open() throws SQLException;
    }

    private FirstStatementRoundTrips() {}

    public static void main(String[] args) throws Exception {
        ScaleReport report = new ScaleReport();
        for (String line : BenchHeader.start("a later connection's first statements: catalog round trips")) {
            report.line("%s", line);
        }
        TestLakes.postgres(); // the servers, and the bucket
        // DuckDB's URL takes the catalog's password in clear text: a role of its own, with a plain password.
        PostgresServer.get().createDatabase(ROLE, ROLE, PASSWORD);
        try (PostgresRoundTrips proxy = PostgresRoundTrips.start()) {
            String dsn = "host=127.0.0.1 port=" + proxy.port() + " dbname=" + ROLE + " user=" + ROLE + " password="
                    + PASSWORD;
            Path ext = Files.createTempDirectory("first-statement-ext");
            Path repo = Paths.get("target/extensions/repository").toAbsolutePath();
            BenchLake lake = BenchLake.postgres(
                    proxy.port(), ROLE, ROLE, PASSWORD, "s3://" + TestLakes.BUCKET + "/" + ROLE + "/");
            Properties pinnedProps = new Properties();
            pinnedProps.setProperty("extension_directory", ext.toString());
            String pinnedUrl = "jdbc:duckdb:ducklake:postgres:" + dsn;
            try (DuckDBConnection home = lake.raw(ext, repo, true, false);
                    Connection oursKeep = lake.ours(ext, Map.of());
                    Connection pinnedKeep = new DuckDBDriver().connect(pinnedUrl, pinnedProps)) {
                try (Statement s = home.createStatement()) {
                    s.execute("CREATE TABLE pts AS SELECT range AS id, range * 2 AS v FROM range(1000)");
                }
                try (Statement s = pinnedKeep.createStatement()) {
                    s.execute(lake.s3SecretSql()); // DuckDB's URL takes no S3 settings
                }
                Map<String, Opener> sides = new LinkedHashMap<>();
                sides.put("ours getConnection", () -> lake.ours(ext, Map.of()));
                sides.put("raw duplicate() + USE lake", () -> {
                    Connection d = home.duplicate();
                    try (Statement s = d.createStatement()) {
                        s.execute("USE lake");
                    }
                    return d;
                });
                sides.put("DuckDB's pinned URL", () -> new DuckDBDriver().connect(pinnedUrl, pinnedProps));
                String[] sqls = {"SELECT 1", "SELECT v FROM pts WHERE id = 42", "SELECT v FROM pts WHERE id = 43"};
                report.line("");
                report.line(
                        "catalog round trips / ms of each statement on a new connection, in order: %s",
                        String.join(" ; ", sqls));
                for (int round = 0; round < ROUNDS; round++) {
                    for (Map.Entry<String, Opener> side : sides.entrySet()) {
                        PostgresRoundTrips.awaitNoSparePreparing();
                        Connection c = side.getValue().open();
                        PostgresRoundTrips.awaitNoSparePreparing();
                        StringBuilder line = new StringBuilder();
                        StringBuilder sent = new StringBuilder();
                        for (String sql : sqls) {
                            Thread.sleep(50);
                            proxy.reset();
                            long t = System.nanoTime();
                            try (Statement s = c.createStatement();
                                    ResultSet rs = s.executeQuery(sql)) {
                                rs.next();
                            }
                            double ms = (System.nanoTime() - t) / 1e6;
                            List<String> statements = proxy.statements();
                            line.append(String.format("  %2d / %6.2f", proxy.roundTrips(), ms));
                            sent.append(String.format("%n    %s: %s", sql, summary(statements)));
                        }
                        c.close();
                        report.line("  round %d  %-28s%s", round + 1, side.getKey(), line);
                        if (round == ROUNDS - 1) {
                            report.line("    the catalog received:%s", sent);
                        }
                    }
                }
            }
        }
        report.writeText(Paths.get("src/bench/first-statement-round-trips-latest.txt"));
        System.exit(0);
    }

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile("ducklake_[a-z_0-9]+");

    /** Each statement's first word and the catalog table it reads, in order: where a transaction begins and ends. */
    private static String summary(List<String> statements) {
        StringBuilder b = new StringBuilder();
        for (String s : statements) {
            String flat = s.replaceAll("\\s+", " ").trim();
            java.util.regex.Matcher m = TABLE.matcher(flat);
            String head = m.find() ? flat.split(" ")[0] + " " + m.group() : flat;
            b.append(b.length() == 0 ? "" : ", ").append(head);
        }
        return b.length() == 0 ? "(nothing)" : b.toString();
    }
}
