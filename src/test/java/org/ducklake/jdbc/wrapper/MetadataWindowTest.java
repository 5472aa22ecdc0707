package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.ducklake.jdbc.engine.CatalogReads;
import org.ducklake.jdbc.testsupport.Await;
import org.ducklake.jdbc.testsupport.MySqlServer;
import org.ducklake.jdbc.testsupport.PostgresRoundTrips;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * metadata_window on a PostgreSQL catalog: metadata calls in auto-commit mode share one read transaction on
 * the instance's own engine connection (see CatalogReads). Round trips are counted on the wire by
 * {@link PostgresRoundTrips}; what a call sees is checked against changes made through the driver (seen at
 * once, whatever the window), by another engine (seen once the window has passed) and in the caller's own
 * transaction (always seen).
 */
class MetadataWindowTest {
    private static final int TABLES = 12;

    private static TestLakes.PostgresLake lake;
    private static PostgresRoundTrips wire;

    @BeforeAll
    static void openLake() throws Exception {
        lake = TestLakes.postgres();
        wire = PostgresRoundTrips.start();
        try (Connection c = connect("0");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA browse");
            for (int i = 0; i < TABLES; i++) {
                s.execute("CREATE TABLE browse.t" + i + " (id INTEGER, name VARCHAR, v DOUBLE)");
            }
        }
    }

    @AfterAll
    static void closeLake() throws Exception {
        if (wire != null) {
            wire.close();
        }
    }

    /** A connection through the counting wire; the window decides the instance (it is one of its settings). */
    private static Connection connect(String window) throws SQLException {
        Properties p = lake.properties();
        p.setProperty("metadata_window", window);
        return DriverManager.getConnection(wire.url(lake), p);
    }

    private static CatalogReads reads(Connection c) throws SQLException {
        return c.unwrap(LakeConnection.class).catalogReads();
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, "browse", "%", null)) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static String remarks(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, "browse", table, null)) {
            assertThat(rs.next()).as(table).isTrue();
            return rs.getString("REMARKS");
        }
    }

    /** Round trips of each table's getColumns, getBestRowIdentifier and getPseudoColumns, read to the end. */
    private static long browseTrips(Connection c) throws Exception {
        PostgresRoundTrips.awaitNoSparePreparing();
        wire.reset();
        DatabaseMetaData md = c.getMetaData();
        for (int i = 0; i < TABLES; i++) {
            String t = "t" + i;
            for (ResultSet rs : List.of(
                    md.getColumns(null, "browse", t, "%"),
                    md.getBestRowIdentifier(null, "browse", t, DatabaseMetaData.bestRowSession, true),
                    md.getPseudoColumns(null, "browse", t, "%"))) {
                try (ResultSet r = rs) {
                    assertThat(r.next()).as(t).isTrue();
                    while (r.next()) {
                        r.getObject(1);
                    }
                }
            }
        }
        return wire.roundTrips();
    }

    @Test
    void aBrowseSharesOneReadOfTheCatalog() throws Exception {
        try (Connection shared = connect("600");
                Connection each = connect("0")) {
            browseTrips(shared); // the first reads load the engine's catalog functions
            browseTrips(each);
            long windowsBefore = reads(shared).windows();
            long sharedTrips = browseTrips(shared);
            long eachTrips = browseTrips(each);
            System.out.println("round trips of " + (TABLES * 3) + " metadata calls: metadata_window=600 " + sharedTrips
                    + ", metadata_window=0 " + eachTrips);
            // One transaction begun at most (the window may have begun before), against one per call.
            assertThat(reads(shared).windows() - windowsBefore).isLessThanOrEqualTo(1);
            assertThat(sharedTrips).isLessThanOrEqualTo(8);
            assertThat(eachTrips).isGreaterThanOrEqualTo(TABLES * 3 * 5L);
            assertThat(reads(each)).isNull();
        }
    }

    @Test
    void aChangeMadeThroughTheDriverIsSeenAtOnceWhateverTheWindow() throws Exception {
        try (Connection reader = connect("600");
                Connection writer = connect("600");
                Statement w = writer.createStatement()) {
            assertThat(tables(reader)).doesNotContain("made_auto", "made_tx", "made_sql");
            assertThat(reads(reader).windowOpen()).isTrue();

            w.execute("CREATE TABLE browse.made_auto (x INTEGER)");
            assertThat(tables(reader)).contains("made_auto");

            writer.setAutoCommit(false);
            w.execute("CREATE TABLE browse.made_tx (x INTEGER)");
            assertThat(tables(reader)).doesNotContain("made_tx"); // not committed yet
            writer.commit();
            assertThat(tables(reader)).contains("made_tx");
            writer.setAutoCommit(true);

            w.execute("BEGIN");
            w.execute("CREATE TABLE browse.made_sql (x INTEGER)");
            w.execute("COMMIT");
            assertThat(tables(reader)).contains("made_sql");

            w.execute("COMMENT ON TABLE browse.made_sql IS 'said once'");
            assertThat(remarks(reader, "made_sql")).isEqualTo("said once");

            w.execute("DROP TABLE browse.made_auto");
            w.execute("DROP TABLE browse.made_tx");
            w.execute("DROP TABLE browse.made_sql");
            assertThat(tables(reader)).doesNotContain("made_auto", "made_tx", "made_sql");
        }
    }

    @Test
    void anotherEnginesChangeIsSeenOnceTheWindowHasPassed() throws Exception {
        try (Connection reader = connect("1");
                Connection otherEngine = connect("0"); // another setting, so another engine instance
                Statement o = otherEngine.createStatement()) {
            assertThat(tables(reader)).doesNotContain("elsewhere");
            o.execute("CREATE TABLE browse.elsewhere (x INTEGER)");
            // The window that may have read the catalog before the change began before it: a second later it
            // has ended, and the next call reads the catalog anew.
            Thread.sleep(1_000);
            assertThat(tables(reader)).contains("elsewhere");
            assertThat(remarks(reader, "elsewhere")).isNull();
            o.execute("COMMENT ON TABLE browse.elsewhere IS 'said elsewhere'");
            Thread.sleep(1_000);
            // Another engine's comment: the comments kept for the tables as they were are not used.
            assertThat(remarks(reader, "elsewhere")).isEqualTo("said elsewhere");
            o.execute("DROP TABLE browse.elsewhere");
            assertThat(tables(otherEngine)).doesNotContain("elsewhere"); // no window: at once
        }
    }

    @Test
    void theCallersOwnTransactionIsReadOnItsOwnConnection() throws Exception {
        try (Connection c = connect("600");
                Statement s = c.createStatement()) {
            assertThat(tables(c)).doesNotContain("mine");
            s.execute("BEGIN"); // auto-commit mode, a transaction opened by SQL
            s.execute("CREATE TABLE browse.mine (x INTEGER)");
            assertThat(tables(c)).contains("mine");
            s.execute("ROLLBACK");
            assertThat(tables(c)).doesNotContain("mine");

            c.setAutoCommit(false);
            s.execute("CREATE TABLE browse.mine (x INTEGER)");
            assertThat(tables(c)).contains("mine");
            c.rollback();
            assertThat(tables(c)).doesNotContain("mine");
            c.setAutoCommit(true);
        }
    }

    @Test
    void sharedRowsLeadBackToTheConnectionAndNothingOfTheEngine() throws Exception {
        try (Connection c = connect("600")) {
            ResultSet rs = c.getMetaData().getColumns(null, "browse", "t1", "%");
            assertThat(reads(c).windowOpen()).isTrue();
            assertThat(rs.getStatement().getConnection()).isSameAs(c);
            assertThat(rs.isWrapperFor(DuckDBResultSet.class)).isFalse();
            assertThat(rs.getMetaData().getColumnCount()).isEqualTo(24);
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":" + rs.getInt(17));
            }
            assertThat(columns)
                    .containsExactly(
                            "id:" + java.sql.Types.INTEGER + ":1",
                            "name:" + java.sql.Types.VARCHAR + ":2",
                            "v:" + java.sql.Types.DOUBLE + ":3");
            Statement owner = rs.getStatement();
            rs.close();
            assertThat(owner.isClosed()).isTrue(); // closes with its result, as DuckDB's metadata statements do

            // What runs on a metadata result's statement runs on this connection, not in the shared window's
            // read transaction (where it would never commit): another engine sees the table.
            try (ResultSet again = c.getMetaData().getColumns(null, "browse", "t1", "%")) {
                again.getStatement().execute("CREATE TABLE browse.via_metadata (x INTEGER)");
            }
            try (Connection other = connect("0")) {
                assertThat(tables(other)).contains("via_metadata");
                try (Statement s = other.createStatement()) {
                    s.execute("DROP TABLE browse.via_metadata");
                }
            }
        }
    }

    @Test
    void anIdleWindowEnds() throws Exception {
        try (Connection c = connect("1")) {
            tables(c);
            CatalogReads reads = reads(c);
            // The timer ends it a second after it began; the bound is how long a loaded machine may take.
            Await.until(Duration.ofSeconds(30), "the idle window ended", () -> !reads.windowOpen());
            assertThat(tables(c)).contains("t0");
        }
    }

    @Test
    void aDuckDbConnectionInTheUsersHandsEndsTheSharing() throws Exception {
        try (Connection c = connect("599")) { // an instance of its own: the unwrap marks the instance for good
            tables(c);
            c.unwrap(DuckDBConnection.class);
            PostgresRoundTrips.awaitNoSparePreparing();
            long windows = reads(c).windows();
            wire.reset();
            tables(c);
            long first = wire.roundTrips();
            wire.reset();
            tables(c);
            // Each read a transaction of its own again, on the connection's engine connection.
            assertThat(first).isPositive();
            assertThat(wire.roundTrips()).isPositive();
            assertThat(reads(c).windows()).isEqualTo(windows);
        }
    }

    @Test
    void browsesAndChangesRunSideBySide() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (Connection a = connect("600");
                Connection b = connect("600");
                Connection writer = connect("600")) {
            List<Future<?>> work = new ArrayList<>();
            for (Connection c : List.of(a, b)) {
                work.add(pool.submit(() -> {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    for (int round = 0; round < 60 && System.nanoTime() < end; round++) {
                        tables(c);
                        try (ResultSet rs = c.getMetaData().getColumns(null, "browse", "%", "%")) {
                            while (rs.next()) {
                                rs.getString("COLUMN_NAME");
                            }
                        }
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                try (Statement s = writer.createStatement()) {
                    for (int i = 0; i < 8; i++) {
                        s.execute("CREATE TABLE browse.side_" + i + " (x INTEGER)");
                    }
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertThat(tables(a)).contains("side_0", "side_7");
            assertThat(tables(b)).contains("side_0", "side_7");
            try (Statement s = writer.createStatement()) {
                for (int i = 0; i < 8; i++) {
                    s.execute("DROP TABLE browse.side_" + i);
                }
            }
            assertThat(tables(a)).doesNotContain("side_0", "side_7");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every column of every row of a getTables answer, in order. */
    private static List<List<Object>> rows(ResultSet answer) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = answer) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void sharedGetTablesAnswersAsEachReadDoesAndReadsStatisticsOnlyWhenTheTablesChange() throws Exception {
        try (Connection shared = connect("600");
                Connection each = connect("0");
                Statement s = each.createStatement()) {
            s.execute("CREATE SCHEMA said");
            s.execute("CREATE TABLE said.plain (x INTEGER)");
            s.execute("CREATE TABLE said.\"quoted 'name'\" (x INTEGER)");
            s.execute("CREATE TABLE said.noted (x INTEGER)");
            s.execute("CREATE VIEW said.seen AS SELECT 1 AS one");
            s.execute("COMMENT ON TABLE said.\"quoted 'name'\" IS 'it''s \"here\" – ünïcode'");
            s.execute("COMMENT ON TABLE said.noted IS 'line one\nline two \\ back'");
            s.execute("COMMENT ON VIEW said.seen IS 'a view'");
            try {
                DatabaseMetaData sharedMd = shared.getMetaData();
                DatabaseMetaData eachMd = each.getMetaData();
                String[][] filters = {
                    {null, null, null},
                    {null, "said", "%"},
                    {null, "said", "quoted%"},
                    {"lake", "said", "noted"},
                    {null, "said", "plain"},
                    {null, "s_id", "%"},
                    {"memory", "said", "%"}
                };
                for (String[] f : filters) {
                    for (String[] types : new String[][] {null, {"TABLE"}, {"VIEW"}, {"SYSTEM TABLE"}}) {
                        assertThat(rows(sharedMd.getTables(f[0], f[1], f[2], types)))
                                .as("getTables(%s, %s, %s, %s)", f[0], f[1], f[2], java.util.Arrays.toString(types))
                                .isEqualTo(rows(eachMd.getTables(f[0], f[1], f[2], types)));
                    }
                }
                assertThat(rows(sharedMd.getTables(null, "said", "noted", null))
                                .get(0)
                                .get(4))
                        .isEqualTo("line one\nline two \\ back");

                // The comments are read again only when the tables changed: a later window reads no table's
                // statistics, also after rows were written.
                try (Connection shortWindow = connect("1");
                        Connection writer = connect("1"); // the same instance: its change ends the window
                        Statement w = writer.createStatement()) {
                    DatabaseMetaData md = shortWindow.getMetaData();
                    w.execute("COMMENT ON TABLE said.plain IS 'now said'");
                    PostgresRoundTrips.awaitNoSparePreparing();
                    wire.reset();
                    List<List<Object>> afterChange = rows(md.getTables(null, "said", "%", null));
                    long firstTrips = wire.roundTrips();
                    assertThat(afterChange).isEqualTo(rows(eachMd.getTables(null, "said", "%", null)));
                    assertThat(afterChange).anySatisfy(r -> assertThat(r.get(4)).isEqualTo("now said"));

                    long windows = reads(shortWindow).windows();
                    Thread.sleep(1_000); // the window ends; the lake's schema version does not change
                    PostgresRoundTrips.awaitNoSparePreparing();
                    wire.reset();
                    assertThat(rows(md.getTables(null, "said", "%", null))).isEqualTo(afterChange);
                    long againTrips = wire.roundTrips();
                    System.out.println("getTables round trips, new schema version: " + firstTrips + ", next window: "
                            + againTrips);
                    assertThat(reads(shortWindow).windows()).isEqualTo(windows + 1);
                    // The first read each table's statistics (two round trips per table of the lake).
                    assertThat(firstTrips).isGreaterThan(2L * (TABLES + 4));
                    assertThat(againTrips).isLessThanOrEqualTo(8);

                    w.execute("INSERT INTO said.plain VALUES (1)");
                    Thread.sleep(1_000);
                    PostgresRoundTrips.awaitNoSparePreparing();
                    wire.reset();
                    assertThat(rows(md.getTables(null, "said", "%", null))).isEqualTo(afterChange);
                    long afterRows = wire.roundTrips();
                    System.out.println("getTables round trips after rows were written: " + afterRows);
                    assertThat(afterRows).isLessThanOrEqualTo(8);
                }
            } finally {
                s.execute("DROP SCHEMA said CASCADE");
            }
        }
    }

    @Test
    void aMySqlCatalogSharesReadsWithTheSameAnswers() throws Exception {
        String db = "window_" + ProcessHandle.current().pid();
        MySqlServer.get().createDatabase(db, "window_user", "window-pw");
        String url =
                "jdbc:ducklake:mysql:host=127.0.0.1 port=" + MySqlServer.get().port() + " database=" + db;
        Properties p = TestLakes.properties();
        p.setProperty("user", "window_user");
        p.setProperty("password", "window-pw");
        p.setProperty("data_path", TestLakes.freshDirectory("mysql-window").resolve("data") + "/");
        Properties each = new Properties();
        each.putAll(p);
        each.setProperty("metadata_window", "0");
        try (Connection shared = DriverManager.getConnection(url, p);
                Connection perCall = DriverManager.getConnection(url, each);
                Statement s = perCall.createStatement()) {
            // No comment: DuckLake 1.5.5 on MySQL cannot record a change to a table after its creation (see Quirk).
            s.execute("CREATE TABLE items (id INTEGER, name VARCHAR)");
            s.execute("CREATE VIEW named AS SELECT name FROM items");
            assertThat(reads(shared)).isNotNull();
            assertThat(reads(perCall)).isNull();
            for (String pattern : new String[] {"%", "items", "named"}) {
                assertThat(rows(shared.getMetaData().getTables(null, null, pattern, null)))
                        .isEqualTo(rows(perCall.getMetaData().getTables(null, null, pattern, null)))
                        .isNotEmpty();
                assertThat(rows(shared.getMetaData().getColumns(null, null, pattern, "%")))
                        .isEqualTo(rows(perCall.getMetaData().getColumns(null, null, pattern, "%")))
                        .isNotEmpty();
            }
            assertThat(reads(shared).windowOpen()).isTrue();
        }
    }

    @Test
    void aFileCatalogSharesNoReads() throws Exception {
        TestLakes.FileLake file = TestLakes.file();
        try (Connection c = file.connect()) {
            assertThat(reads(c)).isNull();
        }
    }
}
