package org.ducklake.jdbc.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.ducklake.jdbc.sql.KeyValueDsn;
import org.ducklake.jdbc.sql.SqlText;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * Rows per second of {@code PreparedStatement.executeBatch} into a PostgreSQL-catalog lake with S3Proxy
 * data (both started here, on loopback): ducklake-jdbc's staged batch, the same with
 * {@code bulk_batch=false}, raw duckdb_jdbc's executeBatch on the same lake attached by hand, and DuckDB's
 * Appender straight into the lake table; with the data files each made. Rows are (BIGINT, VARCHAR, DOUBLE,
 * TIMESTAMP, DECIMAL(18,2), nullable VARCHAR), auto-commit off, executeBatch every 50,000 rows, one commit.
 * The two row-by-row variants insert fewer rows (they take minutes for 100,000). Not a test: it asserts
 * nothing; numbers on a shared machine are noisy.
 *
 * <pre>mvn -q -B -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.ducklake.jdbc.bench.BulkBatchProbe</pre>
 */
public final class BulkBatchProbe {
    private static final int ROWS = 100_000;
    private static final int ROW_BY_ROW_ROWS = 10_000;
    private static final int BATCH = 50_000;
    private static final LocalDateTime BASE = LocalDateTime.of(2026, 1, 1, 0, 0);

    public static void main(String[] args) throws Exception {
        Path repo = Paths.get("target/extension-repository").toAbsolutePath();
        if (!Files.isDirectory(repo)) {
            throw new IllegalStateException("run the build first: " + repo + " is missing");
        }
        TestLakes.PostgresLake lake = TestLakes.postgres();
        System.out.printf(
                "bulk batch probe: %d cores, Java %s; PostgreSQL catalog and S3Proxy data on loopback%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (Connection ours = ours(lake, true);
                Connection rowByRow = ours(lake, false);
                Connection raw = raw(lake, repo)) {
            for (String t : new String[] {"warm", "staged", "row_by_row", "raw_batch", "appender"}) {
                exec(
                        ours,
                        "CREATE TABLE " + t + " (id BIGINT, s VARCHAR, d DOUBLE, ts TIMESTAMP, m DECIMAL(18,2),"
                                + " n VARCHAR)");
            }
            batch(ours, "warm", 20_000); // JIT and first-use costs, not reported
            report(ours, "ducklake-jdbc, staged batch", "staged", ROWS, batch(ours, "staged", ROWS));
            report(
                    ours,
                    "ducklake-jdbc, bulk_batch=false",
                    "row_by_row",
                    ROW_BY_ROW_ROWS,
                    batch(rowByRow, "row_by_row", ROW_BY_ROW_ROWS));
            report(
                    ours,
                    "raw duckdb_jdbc executeBatch",
                    "raw_batch",
                    ROW_BY_ROW_ROWS,
                    batch(raw, "raw_batch", ROW_BY_ROW_ROWS));
            report(ours, "Appender straight into the lake", "appender", ROWS, appender(raw, "appender", ROWS));
        }
        System.exit(0);
    }

    private static Connection ours(TestLakes.PostgresLake lake, boolean bulk) throws SQLException {
        Properties p = lake.properties();
        p.setProperty("bulk_batch", String.valueOf(bulk));
        return DriverManager.getConnection(lake.url(), p);
    }

    /** The same lake attached by hand on duckdb_jdbc, extensions from the build's repository. */
    private static Connection raw(TestLakes.PostgresLake lake, Path repo) throws SQLException {
        Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        try (Statement s = c.createStatement()) {
            s.execute("SET extension_directory = "
                    + SqlText.literal(TestLakes.freshDirectory("ext-raw").toString()));
            for (String e : new String[] {"ducklake", "postgres_scanner", "httpfs"}) {
                s.execute("INSTALL " + e + " FROM " + SqlText.literal(repo.toString()));
                s.execute("LOAD " + e);
            }
            s.execute("CREATE SECRET (TYPE s3, KEY_ID " + SqlText.literal(S3Server.ACCESS_KEY) + ", SECRET "
                    + SqlText.literal(S3Server.SECRET_KEY) + ", REGION " + SqlText.literal(S3Server.REGION)
                    + ", ENDPOINT " + SqlText.literal(S3Server.get().endpoint())
                    + ", URL_STYLE 'path', USE_SSL false)");
            String dsn = KeyValueDsn.empty()
                    .with("host", "127.0.0.1")
                    .with("port", String.valueOf(PostgresServer.get().port()))
                    .with("dbname", lake.database)
                    .with("user", lake.user)
                    .with("password", lake.password)
                    .render();
            s.execute("ATTACH " + SqlText.literal("ducklake:postgres:" + dsn) + " AS lake (DATA_PATH "
                    + SqlText.literal(lake.dataPath()) + ")");
            s.execute("USE lake");
        }
        return c;
    }

    /** executeBatch every 50,000 rows (or once for fewer), one commit; returns the elapsed nanoseconds. */
    private static long batch(Connection c, String table, int rows) throws SQLException {
        c.setAutoCommit(false);
        long t = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setLong(1, i);
                ps.setString(2, "name-" + i);
                ps.setDouble(3, i * 0.5);
                ps.setTimestamp(4, Timestamp.valueOf(BASE.plusSeconds(i)));
                ps.setBigDecimal(5, BigDecimal.valueOf(i, 2));
                if (i % 3 == 0) {
                    ps.setNull(6, Types.VARCHAR);
                } else {
                    ps.setString(6, "n" + i);
                }
                ps.addBatch();
                if ((i + 1) % BATCH == 0 || i + 1 == rows) {
                    ps.executeBatch();
                }
            }
        }
        c.commit();
        long elapsed = System.nanoTime() - t;
        c.setAutoCommit(true);
        return elapsed;
    }

    /** DuckDB's Appender into the lake table, one transaction. */
    private static long appender(Connection c, String table, int rows) throws SQLException {
        c.setAutoCommit(false);
        long t = System.nanoTime();
        try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("lake", "main", table)) {
            for (int i = 0; i < rows; i++) {
                a.beginRow();
                a.append((long) i);
                a.append("name-" + i);
                a.append(i * 0.5);
                a.append(BASE.plusSeconds(i));
                a.append(BigDecimal.valueOf(i, 2));
                if (i % 3 == 0) {
                    a.appendNull();
                } else {
                    a.append("n" + i);
                }
                a.endRow();
            }
        }
        c.commit();
        long elapsed = System.nanoTime() - t;
        c.setAutoCommit(true);
        return elapsed;
    }

    private static void report(Connection c, String what, String table, int rows, long nanos) throws SQLException {
        long stored = scalar(c, "SELECT count(*) FROM " + table);
        long files = scalar(c, "SELECT count(*) FROM ducklake_list_files('lake', '" + table + "')");
        System.out.printf(
                "  %-34s %7d rows in %7.2f s: %9.0f rows/s, %3d data files, %d rows stored%n",
                what, rows, nanos / 1e9, rows / (nanos / 1e9), files, stored);
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
