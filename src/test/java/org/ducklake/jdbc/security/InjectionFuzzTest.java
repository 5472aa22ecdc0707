package org.ducklake.jdbc.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Hostile values for every property: each is rejected with a clear message or used literally. No
 * extra statement runs (a sentinel table survives) and no other ATTACH target is reached.
 */
class InjectionFuzzTest {

    private static final String LONG = "x".repeat(10_000);
    private static final List<String> HOSTILE = Arrays.asList(
            "'); DROP TABLE sentinel; --",
            "x' AS evil (TYPE duckdb); ATTACH 'evil.db",
            "\"; DROP TABLE sentinel; --",
            "a\\'b\\\\",
            "line1\nline2; DROP TABLE sentinel",
            "nul\0byte",
            "ünïcødé ✓ €",
            "${?HOME}",
            LONG);

    /** Path-like properties get the hostile text inside a private directory, so nothing lands in the work tree. */
    private static final List<LakeProperty> PATHS = Arrays.asList(
            LakeProperty.EXTENSION_DIRECTORY, LakeProperty.EXTENSION_REPOSITORY, LakeProperty.CONFIG_FILE);

    @Test
    void everyPropertyRejectsOrUsesHostileValuesLiterally() throws Exception {
        TestLakes.FileLake lake = TestLakes.file("fuzz").withLocalDataPath();
        Path dir = lake.directory();
        String catalog = lake.catalog().toString();
        String url = lake.url();
        Properties base = lake.properties();
        try (Connection c = DriverManager.getConnection(url, base);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sentinel AS SELECT 42 AS answer");
        }

        int rejected = 0;
        int used = 0;
        List<String> keys = new ArrayList<>();
        for (LakeProperty p : LakeProperty.values()) {
            keys.add(p.key());
        }
        keys.addAll(Arrays.asList("threads", "memory_limit", "temp_directory")); // DuckDB settings pass through
        for (String key : keys) {
            for (String hostile : HOSTILE) {
                Properties props = new Properties();
                props.putAll(base);
                boolean path = PATHS.stream().anyMatch(p -> p.key().equals(key)) || key.equals("temp_directory");
                String value = path
                        ? dir.resolve("paths").resolve(String.valueOf(hostile.hashCode())) + "/" + hostile
                        : hostile;
                props.setProperty(key, value);
                if (key.equals("data_path")) {
                    props.setProperty("data_path", dir.resolve("other") + "/" + hostile);
                }
                try (Connection c = DriverManager.getConnection(url, props)) {
                    used++;
                    assertAttachedOnly(c, catalog, key, hostile);
                } catch (SQLException e) {
                    rejected++;
                    assertThat(e.getSQLState())
                            .as("%s=%s", key, shortText(hostile))
                            .isNotNull();
                    assertThat(e.getMessage())
                            .as("%s=%s", key, shortText(hostile))
                            .isNotBlank();
                }
            }
            assertSentinel(url, base, key);
        }
        assertThat(rejected).isPositive();
        assertThat(used).isPositive();
    }

    private static String shortText(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static void assertAttachedOnly(Connection c, String catalog, String key, String hostile)
            throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT database_name, path, type FROM duckdb_databases() WHERE NOT internal")) {
            while (rs.next()) {
                names.add(rs.getString(1));
                if ("ducklake".equals(rs.getString(3))) {
                    assertThat(rs.getString(2))
                            .as("%s=%s", key, shortText(hostile))
                            .isEqualTo("duckdb:" + catalog);
                }
            }
        }
        assertThat(names)
                .as("%s=%s", key, shortText(hostile))
                .allMatch(n -> n.equals("memory")
                        || n.startsWith("__ducklake_metadata_")
                        || n.matches("[A-Za-z_][A-Za-z0-9_]*"));
        assertThat(names.stream().filter(n -> !n.equals("memory") && !n.startsWith("__ducklake_metadata_")))
                .as("%s=%s", key, shortText(hostile))
                .hasSize(1);
    }

    private static void assertSentinel(String url, Properties base, String afterKey) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, base);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT answer FROM sentinel")) {
            assertThat(rs.next()).as("sentinel after %s", afterKey).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    /** A password with libpq syntax in it cannot add or change DSN keys: it connects as itself. */
    @Test
    void aPasswordCannotRewriteTheCatalogConnection() throws Exception {
        String password = "x' host=127.0.0.2 dbname=postgres user=postgres password='y";
        String db = "fuzz_db_" + ProcessHandle.current().pid();
        String user = "fuzz_user_" + ProcessHandle.current().pid();
        PostgresServer.get().createDatabase(db, user, password);
        Path dir = TestLakes.freshDirectory("fuzz-pg");
        Properties p = TestLakes.properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("data_path", dir.resolve("data") + "/");
        String url = "jdbc:ducklake:postgres:host=127.0.0.1 port="
                + PostgresServer.get().port() + " dbname=" + db;
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
            try (ResultSet rs =
                    s.executeQuery("SELECT string_agg(coalesce(path, ''), ' | ') FROM duckdb_databases()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1))
                        .contains("dbname=" + db)
                        .doesNotContain("password")
                        .doesNotContain("127.0.0.2");
            }
        }
        try (Connection pg = PostgresServer.get().connect(db, user, password);
                Statement s = pg.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ducklake_table WHERE table_name = 't'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
