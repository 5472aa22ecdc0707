package org.ducklake.jdbc.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.ducklake.jdbc.testsupport.MySqlServer;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.ducklake.jdbc.wrapper.LakeConnection;
import org.junit.jupiter.api.Test;

/** The DuckLake connection guide's recipe, done with one DriverManager call, on each catalog type. */
class EndToEndTest {

    private static final String CREATE_CUSTOMERS =
            "CREATE TABLE customers (id INTEGER, name VARCHAR, email VARCHAR, created_at TIMESTAMP)";
    private static final String INSERT_CUSTOMERS = "INSERT INTO customers VALUES "
            + "(1, 'Alice', 'alice@example.com', now()), (2, 'Bob', 'bob@example.com', now())";

    @Test
    void postgresCatalogWithS3Data() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();

        try (Connection c = DriverManager.getConnection(lake.url(), p)) {
            assertThat(c).isInstanceOf(LakeConnection.class);
            try (Statement s = c.createStatement()) {
                s.execute(CREATE_CUSTOMERS);
                assertThat(s.executeUpdate(INSERT_CUSTOMERS)).isEqualTo(2);
                assertThat(customers(s)).containsExactly("1 Alice alice@example.com", "2 Bob bob@example.com");
                // Past DuckLake's inlining limit, so the rows go to parquet files in the bucket.
                s.execute("CREATE TABLE numbers AS SELECT range AS n, 'row ' || range AS label FROM range(100000)");
                assertThat(count(s, "SELECT count(*) FROM numbers")).isEqualTo(100000);
                assertThat(scalar(s, "SELECT current_database()")).isEqualTo("lake");
            }
        }

        List<String> objects = S3Server.get().objects(TestLakes.BUCKET).stream()
                .filter(k -> k.startsWith(lake.prefix + "/"))
                .collect(Collectors.toList());
        assertThat(objects).anyMatch(k -> k.endsWith(".parquet"));

        // The catalog tables, checked in PostgreSQL directly, not through the driver.
        try (Connection pg = PostgresServer.get().connect(lake.database, lake.user, lake.password);
                Statement s = pg.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_name LIKE 'ducklake%' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables)
                    .contains("ducklake_snapshot", "ducklake_table", "ducklake_data_file", "ducklake_metadata");
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM ducklake_table WHERE table_name IN ('customers', 'numbers')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }

        // Everything closed: a new connection (and a new engine instance) sees the same data.
        try (Connection c = DriverManager.getConnection(lake.url(), p);
                Statement s = c.createStatement()) {
            assertThat(customers(s)).containsExactly("1 Alice alice@example.com", "2 Bob bob@example.com");
            assertThat(count(s, "SELECT sum(n) FROM numbers")).isEqualTo(4999950000L);
        }
    }

    @Test
    void duckdbFileCatalogWithLocalDataPath() throws Exception {
        TestLakes.FileLake lake = TestLakes.file("duckdb-catalog").withLocalDataPath();
        Path dir = lake.directory();
        Path data = lake.localDataDirectory();
        Properties p = lake.properties();

        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute(CREATE_CUSTOMERS);
            s.execute(INSERT_CUSTOMERS);
            s.execute("CREATE TABLE numbers AS SELECT range AS n FROM range(50000)");
        }
        assertThat(Files.exists(dir.resolve("meta.ducklake"))).isTrue();
        assertThat(parquetFiles(data)).isNotEmpty();

        try (Connection c = DriverManager.getConnection("jdbc:ducklake:duckdb:" + dir.resolve("meta.ducklake"), p);
                Statement s = c.createStatement()) {
            assertThat(customers(s)).containsExactly("1 Alice alice@example.com", "2 Bob bob@example.com");
            assertThat(count(s, "SELECT count(*) FROM numbers")).isEqualTo(50000);
        }
    }

    @Test
    void sqliteCatalog() throws Exception {
        Path dir = TestLakes.freshDirectory("sqlite-catalog");
        String url = "jdbc:ducklake:sqlite:" + dir.resolve("meta.sqlite") + ";data_path=" + dir.resolve("data") + "/";
        Properties p = TestLakes.properties();

        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            s.execute(CREATE_CUSTOMERS);
            s.execute(INSERT_CUSTOMERS);
        }
        assertThat(Files.size(dir.resolve("meta.sqlite"))).isGreaterThan(0);
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            assertThat(customers(s)).containsExactly("1 Alice alice@example.com", "2 Bob bob@example.com");
        }
    }

    @Test
    void mysqlCatalogWithThePasswordOffTheAttachPath() throws Exception {
        String password = "my'pw;x=\\ü";
        String db = "lake_" + ProcessHandle.current().pid();
        MySqlServer.get().createDatabase(db, "lake_user", password);
        Path dir = TestLakes.freshDirectory("mysql-catalog");
        String url =
                "jdbc:ducklake:mysql:host=127.0.0.1 port=" + MySqlServer.get().port() + " database=" + db;
        Properties p = TestLakes.properties();
        p.setProperty("user", "lake_user");
        p.setProperty("password", password);
        p.setProperty("data_path", dir.resolve("data") + "/");
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            s.execute(CREATE_CUSTOMERS);
            s.execute(INSERT_CUSTOMERS);
            assertThat(scalar(s, "SELECT string_agg(coalesce(path, ''), ' | ') FROM duckdb_databases()"))
                    .contains("database=" + db)
                    .doesNotContain("password")
                    .doesNotContain("my'pw");
        }
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            assertThat(customers(s)).containsExactly("1 Alice alice@example.com", "2 Bob bob@example.com");
        }
        // The mysql extension's own passwd= key is the password too, and leaves the ATTACH path the same way.
        Properties noPassword = new Properties();
        noPassword.putAll(p);
        noPassword.remove("password");
        String quoted = "'" + password.replace("\\", "\\\\").replace("'", "\\'") + "'";
        try (Connection c = DriverManager.getConnection(url + " passwd=" + quoted, noPassword);
                Statement s = c.createStatement()) {
            assertThat(customers(s)).containsExactly("1 Alice alice@example.com", "2 Bob bob@example.com");
            assertThat(scalar(s, "SELECT string_agg(coalesce(path, ''), ' | ') FROM duckdb_databases()"))
                    .contains("database=" + db)
                    .doesNotContain("passwd")
                    .doesNotContain("my'pw");
        }
    }

    /**
     * Quirk.MYSQL_CATALOG_SECOND_WRITE: DuckLake 1.5.5 on MySQL fails the second write to a table. The error
     * says so first (0A000), stores nothing of that transaction, and leaves the connection working.
     */
    @Test
    void mysqlCatalogRefusesASecondWriteToATableClearly() throws Exception {
        String password = "pw-second-write";
        String db = "second_" + ProcessHandle.current().pid();
        MySqlServer.get().createDatabase(db, "second_user", password);
        String url =
                "jdbc:ducklake:mysql:host=127.0.0.1 port=" + MySqlServer.get().port() + " database=" + db;
        Properties p = TestLakes.properties();
        p.setProperty("user", "second_user");
        p.setProperty("password", password);
        p.setProperty("data_path", TestLakes.freshDirectory("mysql-second").resolve("data") + "/");
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER)");
            s.executeUpdate("INSERT INTO t VALUES (1)");
            SQLException e =
                    catchThrowableOfType(SQLException.class, () -> s.executeUpdate("INSERT INTO t VALUES (2)"));
            assertThat((Object) e).as("the second write to the table fails").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage())
                    .startsWith("DuckLake 1.5.5 cannot record a second write to a table in a MySQL catalog")
                    .contains("HASH_JOIN")
                    .doesNotContain(password);
            assertThat(scalar(s, "SELECT string_agg(id::VARCHAR, ',' ORDER BY id) FROM t"))
                    .isEqualTo("1");
        }
    }

    /** pgjdbc's and Trino's habit, ?key=value, is an option: never part of a catalog file's name. */
    @Test
    void questionMarkOptionsMakeAReadOnlyConnection() throws Exception {
        TestLakes.FileLake file = TestLakes.file("question-mark");
        try (Connection c = file.connect();
                Statement s = c.createStatement()) {
            s.execute(CREATE_CUSTOMERS);
            s.execute(INSERT_CUSTOMERS);
        }
        try (Connection c =
                        DriverManager.getConnection(file.url() + "?read_only=true&alias=ro_lake", file.properties());
                Statement s = c.createStatement()) {
            assertThat(c.getCatalog()).isEqualTo("ro_lake");
            assertThat(c.getMetaData().getURL())
                    .isEqualTo("jdbc:ducklake:duckdb:" + file.catalog() + ";read_only=true;alias=ro_lake");
            assertThat(customers(s)).hasSize(2);
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute(INSERT_CUSTOMERS));
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("25006");
        }
        try (Stream<Path> files = Files.walk(file.directory())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no file or directory named after the options")
                    .isNotEmpty()
                    .noneMatch(name -> name.contains("?") || name.contains("read_only"));
        }

        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = DriverManager.getConnection(lake.url(), lake.properties());
                Statement s = c.createStatement()) {
            s.execute(CREATE_CUSTOMERS);
        }
        try (Connection c = DriverManager.getConnection(lake.url() + "?read_only=true", lake.properties());
                Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute(INSERT_CUSTOMERS));
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("25006");
        }
    }

    @Test
    void twoConnectionsHaveTheirOwnTransactions() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        try (Connection a = DriverManager.getConnection(lake.url(), p);
                Connection b = DriverManager.getConnection(lake.url(), p);
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute(CREATE_CUSTOMERS);
            a.setAutoCommit(false);
            sa.execute(INSERT_CUSTOMERS);
            assertThat(count(sa, "SELECT count(*) FROM customers")).isEqualTo(2);
            assertThat(count(sb, "SELECT count(*) FROM customers")).isEqualTo(0);
            a.commit();
            assertThat(count(sb, "SELECT count(*) FROM customers")).isEqualTo(2);
            sa.execute("DELETE FROM customers WHERE id = 1");
            a.rollback();
            assertThat(count(sb, "SELECT count(*) FROM customers")).isEqualTo(2);
        }
    }

    @Test
    void sameConfigurationSharesOneEngineAndAnotherGetsItsOwn() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        // Unrestricted, so SQL may write to the engine's own in-memory database (sql_access=lake refuses it).
        p.setProperty("sql_access", "unrestricted");
        Properties other = lake.properties();
        other.setProperty("sql_access", "unrestricted");
        other.setProperty("data_inlining_row_limit", "0");
        try (Connection a = DriverManager.getConnection(lake.url(), p);
                Connection b = DriverManager.getConnection(lake.url(), p);
                Connection c = DriverManager.getConnection(lake.url(), other)) {
            // A table in the engine's in-memory home database is visible to connections of that engine only.
            try (Statement s = a.createStatement()) {
                s.execute("CREATE TABLE memory.main.marker (x INTEGER)");
            }
            assertThat(count(b.createStatement(), "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'marker'"))
                    .isEqualTo(1);
            assertThat(count(c.createStatement(), "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'marker'"))
                    .isEqualTo(0);
            // Both engines see the same lake.
            a.createStatement().execute(CREATE_CUSTOMERS);
            a.createStatement().execute(INSERT_CUSTOMERS);
            assertThat(count(c.createStatement(), "SELECT count(*) FROM customers"))
                    .isEqualTo(2);
        }
    }

    @Test
    void snapshotVersionAttachesTheLakeAsItWasThenAndReadOnly() throws Exception {
        TestLakes.FileLake lake = TestLakes.file("snapshot");
        long snapshot;
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute(CREATE_CUSTOMERS);
            s.execute(INSERT_CUSTOMERS);
            snapshot = count(s, "SELECT max(snapshot_id) FROM lake.snapshots()");
            s.execute("INSERT INTO customers VALUES (3, 'Carol', 'carol@example.com', now())");
        }
        try (Connection c =
                        lake.with("snapshot_version", String.valueOf(snapshot)).connect();
                Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM customers")).isEqualTo(2);
            SQLException e = catchThrowableOfType(
                    SQLException.class,
                    () -> s.execute("INSERT INTO customers VALUES (4, 'Dan', 'dan@example.com', now())"));
            assertThat(e.getMessage()).containsIgnoringCase("read-only");
        }
    }

    @Test
    void closingAConnectionClosesItsStatementsAndResultSets() throws Exception {
        Connection c = TestLakes.file("close").connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM range(10)");
        assertThat(rs.getStatement()).isSameAs(s);
        assertThat(s.getConnection()).isSameAs(c);
        c.close();
        assertThat(rs.isClosed()).isTrue();
        assertThat(s.isClosed()).isTrue();
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void unwrapReachesDuckDbForTheAppender() throws Exception {
        try (Connection c = TestLakes.file("appender").connect()) {
            c.createStatement().execute("CREATE TABLE t (id BIGINT, name VARCHAR)");
            DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
            try (DuckDBAppender app = duck.createAppender("main", "t")) {
                for (int i = 0; i < 1000; i++) {
                    app.beginRow();
                    app.append((long) i);
                    app.append("n" + i);
                    app.endRow();
                }
            }
            assertThat(count(c.createStatement(), "SELECT count(*) FROM t")).isEqualTo(1000);
        }
    }

    static List<String> customers(Statement s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT id, name, email, created_at FROM customers ORDER BY id")) {
            while (rs.next()) {
                assertThat(rs.getTimestamp(4)).isNotNull();
                out.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return out;
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    static List<Path> parquetFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.toString().endsWith(".parquet")).collect(Collectors.toList());
        }
    }
}
