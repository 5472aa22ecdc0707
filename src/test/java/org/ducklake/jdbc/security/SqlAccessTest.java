package org.ducklake.jdbc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.ducklake.jdbc.sql.LakeOnlySql;
import org.ducklake.jdbc.testsupport.Await;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege for SQL (sql_access=lake, the default): on a PostgreSQL-catalog lake with S3 data, every
 * way out of the lake that a SQL user tried (the catalog password through an ATTACH, the catalog database
 * as the catalog user, other databases, local files, other S3 paths, the driver's secrets, the settings)
 * fails with 42501, while the lake still reads and writes S3.
 */
class SqlAccessTest {
    private static TestLakes.PostgresLake lake;
    private static Connection c;

    @BeforeAll
    static void lake() throws Exception {
        lake = TestLakes.postgres();
        c = lake.connect();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(1000)");
        }
    }

    @AfterAll
    static void close() throws Exception {
        c.close();
    }

    static Stream<String> escapes() {
        int pg = PostgresServer.get().port();
        String otherDsn = "host=127.0.0.1 port=" + pg + " dbname=postgres user=" + PostgresServer.SUPERUSER
                + " password=" + PostgresServer.SUPERUSER_PASSWORD;
        Path local = TestLakes.work().resolve("escape.csv");
        return Stream.of(
                // The catalog password through an ATTACH to a server of the user's choosing.
                "ATTACH 'host=127.0.0.1 port=" + pg
                        + " dbname=postgres' AS x (TYPE postgres, SECRET ducklake_jdbc_catalog)",
                "ATTACH ':memory:' AS scratch",
                "DETACH __ducklake_metadata_lake",
                // The catalog database as the catalog user.
                "SELECT * FROM postgres_query('__ducklake_metadata_lake', 'SELECT 1')",
                "CALL postgres_execute('__ducklake_metadata_lake', 'CREATE TABLE evil (i INTEGER)')",
                "SELECT * FROM system.main.\"POSTGRES_QUERY\" ('__ducklake_metadata_lake', 'SELECT 1')",
                "SELECT * FROM __ducklake_metadata_lake.public.ducklake_snapshot",
                "SET search_path = '__ducklake_metadata_lake.public'",
                "SELECT * FROM query_table('__ducklake_metadata_lake.public.ducklake_snapshot')",
                // Other databases, and SQL hidden in strings.
                "SELECT * FROM postgres_scan('" + otherDsn + "', 'pg_catalog', 'pg_authid')",
                "CALL postgres_attach('" + otherDsn + "')",
                "SELECT * FROM query('SELECT 42')",
                "SELECT * FROM histogram_values('__ducklake' || '_metadata_lake.public.ducklake_snapshot', snapshot_id)",
                "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
                // Secrets.
                "SELECT * FROM duckdb_secrets()",
                "CREATE TEMPORARY SECRET evil (TYPE s3, KEY_ID 'k', SECRET 's', ENDPOINT '127.0.0.1:1', SCOPE '"
                        + lake.dataPath() + "')",
                "DROP SECRET ducklake_jdbc_data",
                // Extensions, files, other S3 paths, settings.
                "INSTALL sqlite_scanner",
                "LOAD sqlite_scanner",
                "SELECT * FROM read_text('/etc/hostname')",
                "COPY (SELECT 1) TO '" + local + "'",
                "COPY (SELECT 1 AS i) TO 's3://" + TestLakes.BUCKET + "/elsewhere/x.parquet'",
                "SELECT count(*) FROM read_parquet('s3://" + TestLakes.BUCKET + "/*/*.parquet')",
                "SET enable_external_access = true",
                "SET lock_configuration = false",
                "SET s3_endpoint = '127.0.0.1:1'",
                "SET threads = 1",
                "EXPLAIN ANALYZE ATTACH ':memory:' AS y");
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void aWayOutOfTheLakeIsRefused(String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute(sql));
            assertThat((Throwable) e).as(sql).isNotNull();
            assertThat(e.getSQLState()).as("%s -> %s", sql, e.getMessage()).isEqualTo("42501");
            assertThat(e.getMessage()).doesNotContain(lake.password).doesNotContain(PostgresServer.SUPERUSER_PASSWORD);
        }
        SQLException prepared = catchThrowableOfType(
                SQLException.class, () -> c.prepareStatement(sql).execute());
        assertThat(prepared.getSQLState()).as(sql).isEqualTo("42501");
    }

    @Test
    void theLakeStillReadsAndWritesS3() throws Exception {
        int before = S3Server.get().objects(TestLakes.BUCKET).size();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE w (n BIGINT, s VARCHAR)");
            s.execute("INSERT INTO w SELECT range, 'row ' || range FROM range(5000)"); // a parquet file on S3
            s.execute("INSERT INTO w VALUES (-1, 'inlined')");
            s.execute("UPDATE w SET s = 'changed' WHERE n BETWEEN 0 AND 9");
            s.execute("DELETE FROM w WHERE n = 42");
            s.execute("SET TimeZone = 'UTC'"); // a harmless setting stays changeable
            try (ResultSet rs =
                    s.executeQuery("SELECT count(*), count(*) FILTER (WHERE s = 'changed'), 1 AS query FROM w")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(5000);
                assertThat(rs.getLong(2)).isEqualTo(10);
            }
            s.execute("CALL ducklake_flush_inlined_data('lake')");
        }
        assertThat(S3Server.get().objects(TestLakes.BUCKET).size())
                .as("data files written to S3")
                .isGreaterThan(before);
        try (Connection other = lake.connect();
                Statement s = other.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(n) FROM t")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(499500);
        }
    }

    @Test
    void theCatalogSecretIsGoneOnceTheLakeIsAttachedInEveryMode() throws Exception {
        Properties p = lake.properties();
        p.setProperty("sql_access", "unrestricted");
        try (Connection open = DriverManager.getConnection(lake.url(), p);
                Statement s = open.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM duckdb_secrets()")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            assertThat(names).containsExactly("ducklake_jdbc_data");
            SQLException e = catchThrowableOfType(
                    SQLException.class,
                    () -> s.execute("ATTACH 'host=127.0.0.1 port="
                            + PostgresServer.get().port()
                            + " dbname=postgres' AS x (TYPE postgres, SECRET ducklake_jdbc_catalog)"));
            assertThat(e.getMessage()).contains("ducklake_jdbc_catalog");
            // Unrestricted means what DuckDB allows.
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_text('/etc/hostname')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            s.execute("SET threads = 2");
        }
    }

    /**
     * A macro of DuckDB's own or of a loaded extension whose body calls a refused function (histogram_values
     * calls query_table) is a way around the refusal: every one must be refused itself.
     */
    @Test
    void everyBuiltInMacroOverARefusedFunctionIsRefusedToo() throws Exception {
        Properties p = lake.properties();
        p.setProperty("sql_access", "unrestricted");
        List<String> wrappers = new ArrayList<>();
        try (Connection open = DriverManager.getConnection(lake.url(), p);
                Statement s = open.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT function_name, lower(macro_definition) FROM"
                        + " duckdb_functions() WHERE macro_definition IS NOT NULL")) {
            while (rs.next()) {
                for (String refused : LakeOnlySql.refusedFunctions()) {
                    if (rs.getString(2).matches("(?s).*\\b" + refused + "\\s*\\(.*")) {
                        wrappers.add(rs.getString(1));
                    }
                }
            }
        }
        LakeOnlySql gate = new LakeOnlySql("lake");
        assertThat(wrappers).isNotEmpty().allSatisfy(name -> {
            for (String sql : List.of(
                    "SELECT * FROM " + name + "(concat('t', ''), x)",
                    "SELECT * FROM t, " + name + "(concat('t', ''), x)",
                    "SELECT * FROM t JOIN " + name + "(concat('t', ''), x) ON true",
                    "SELECT * FROM system.main." + name + "(concat('t', ''), x)")) {
                assertThat(gate.refusal(sql)).as(sql).isNotNull();
            }
        });
    }

    /** DuckDB's driver sets the catalog and schema natively, past SQL: the same rules hold there. */
    @Test
    void setCatalogAndSetSchemaStayInTheLake() throws Exception {
        for (String catalog : List.of("memory", "system", "temp", "__ducklake_metadata_lake", "MEMORY")) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> c.setCatalog(catalog));
            assertThat((Throwable) e).as(catalog).isNotNull();
            assertThat(e.getSQLState()).as(catalog).isEqualTo("42501");
        }
        for (String schema : List.of("memory.main", "__ducklake_metadata_lake", "\"memory\".main")) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> c.setSchema(schema));
            assertThat((Throwable) e).as(schema).isNotNull();
            assertThat(e.getSQLState()).as(schema).isEqualTo("42501");
        }
        c.setCatalog("lake");
        c.setSchema("main");
        assertThat(c.getCatalog()).isEqualTo("lake");
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database(), current_schema(), count(*) FROM t")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("lake");
            assertThat(rs.getString(2)).isEqualTo("main");
            assertThat(rs.getLong(3)).isEqualTo(1000);
        }
    }

    /**
     * DuckDB lets SQL reach its temp directory: each engine spills into a private directory of its own, which a
     * COPY cannot write to, and which goes with the engine.
     */
    @Test
    void theEngineSpillsIntoAPrivateDirectoryOfItsOwnThatSqlCannotWrite() throws Exception {
        TestLakes.PostgresLake own = TestLakes.postgres();
        Path spill;
        try (Connection open = DriverManager.getConnection(own.url(), own.properties());
                Statement s = open.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('temp_directory')")) {
                rs.next();
                spill = Paths.get(rs.getString(1));
            }
            assertThat(spill.toAbsolutePath().startsWith(Paths.get("").toAbsolutePath()))
                    .as("not under the working directory")
                    .isFalse();
            assertThat(spill.getFileName().toString()).startsWith("spill-");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spill)))
                    .isEqualTo("rwx------");
            SQLException e = catchThrowableOfType(
                    SQLException.class,
                    () -> s.execute("COPY (SELECT 42 AS i) TO '" + spill.resolve("x.csv") + "' (FORMAT csv)"));
            assertThat(e.getSQLState()).isEqualTo("42501");
            assertThat(spill.resolve("x.csv")).doesNotExist();
        }
        assertThat(spill).as("deleted with its engine").doesNotExist();
    }

    @Test
    void allowedDirectoriesOpenMoreDirectoriesToSql() throws Exception {
        Path dir = TestLakes.freshDirectory("imports");
        Files.writeString(dir.resolve("in.csv"), "a,b\n1,x\n2,y\n");
        Properties p = lake.properties();
        p.setProperty("allowed_directories", dir + "," + TestLakes.freshDirectory("exports"));
        try (Connection open = DriverManager.getConnection(lake.url(), p);
                Statement s = open.createStatement()) {
            s.execute("CREATE TABLE imported AS SELECT * FROM read_csv('" + dir.resolve("in.csv") + "')");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM imported")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
            SQLException e = catchThrowableOfType(
                    SQLException.class,
                    () -> s.execute("SELECT * FROM read_csv('" + dir.getParent().resolve("other.csv") + "')"));
            assertThat(e.getSQLState()).isEqualTo("42501");
        }
    }

    @Test
    void aCatalogServerAskingForTheClearTextPasswordIsRefusedUnlessAsked() throws Exception {
        TestLakes.PostgresLake cleartext = TestLakes.postgres();
        PostgresServer.get().askForCleartextPassword(cleartext.user);
        AtomicReference<SQLException> failure = new AtomicReference<>();
        Await.within(
                Duration.ofSeconds(10),
                () -> { // pg_ctl reload takes effect asynchronously
                    try {
                        DriverManager.getConnection(cleartext.url(), cleartext.properties())
                                .close();
                        return false;
                    } catch (SQLException e) {
                        failure.set(e);
                        return true;
                    }
                });
        SQLException refused = failure.get();
        assertThat((Throwable) refused)
                .as("refused before the password is sent")
                .isNotNull();
        assertThat(refused.getMessage()).contains("cleartext password").doesNotContain(cleartext.password);
        try (Connection asked = DriverManager.getConnection(
                        cleartext.url() + " require_auth=password", cleartext.properties());
                Statement s = asked.createStatement()) {
            s.execute("CREATE TABLE ok (i INTEGER)");
        }
    }
}
