package org.ducklake.jdbc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.LogCapture;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** HOCON profiles: precedence, DuckDB setting pass-through, and a complete connection from a profile. */
class ProfileTest {

    private static Path write(String name, String text) throws Exception {
        Path f = TestLakes.freshDirectory("profile").resolve(name);
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void precedenceIsUrlThenPropertiesThenProfileThenDefaults() throws Exception {
        Path f = write(
                "p.conf",
                "profiles { dev {\n"
                        + "  catalog = \"/tmp/from-profile.ducklake\"\n"
                        + "  alias = from_profile\n  data_inlining_row_limit = 7\n  metadata_schema = from_profile\n"
                        + "  read_only = true\n  threads = 3\n} }\n");
        Properties p = new Properties();
        p.setProperty("config_file", f.toString());
        p.setProperty("profile", "dev");
        p.setProperty("data_inlining_row_limit", "8");
        p.setProperty("metadata_schema", "from_props");
        LakeConfig c = LakeConfig.parse("jdbc:ducklake:;metadata_schema=from_url", p);
        assertThat(c.catalogPath()).isEqualTo("/tmp/from-profile.ducklake");
        assertThat(c.alias()).isEqualTo("from_profile");
        assertThat(c.integer(LakeProperty.DATA_INLINING_ROW_LIMIT)).isEqualTo(8);
        assertThat(c.string(LakeProperty.METADATA_SCHEMA)).isEqualTo("from_url");
        assertThat(c.bool(LakeProperty.READ_ONLY)).isTrue();
        assertThat(c.integer(LakeProperty.LOGIN_TIMEOUT)).isEqualTo(30);
        assertThat(c.engineSettings()).containsEntry("threads", "3");

        // The URL's catalog wins over the profile's.
        LakeConfig d = LakeConfig.parse("jdbc:ducklake:/tmp/from-url.ducklake", p);
        assertThat(d.catalogPath()).isEqualTo("/tmp/from-url.ducklake");
    }

    @Test
    void aProfileTakesNoQueryAndNoBlankValue() throws Exception {
        Path f = write(
                "q.conf",
                "profiles { q { catalog = \"/tmp/q.ducklake?read_only=true\" }, "
                        + "blank { catalog = \"/tmp/b.ducklake\", metadata_schema = \"\" } }\n");
        Properties p = new Properties();
        p.setProperty("config_file", f.toString());
        p.setProperty("profile", "q");
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:", p))
                .hasMessage("profile \"q\": the catalog holds a '?': a profile gives options as its own keys");
        p.setProperty("profile", "blank");
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:?alias=x", p))
                .hasMessage("profile key \"metadata_schema\" has no value: leave it out or give one");
    }

    @Test
    void profileErrorsNameTheProblem() throws Exception {
        Path f = write("e.conf", "profiles { a { catalog = \"x.ducklake\", s3 { regoin = x } }, b { alias = y } }\n");
        Properties p = new Properties();
        p.setProperty("config_file", f.toString());
        p.setProperty("profile", "a");
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:", p))
                .hasMessageContaining("unknown profile key \"s3_regoin\"")
                .hasMessageContaining("s3_region");
        p.setProperty("profile", "missing");
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:", p))
                .hasMessageContaining("profile \"missing\" is not in")
                .hasMessageContaining("a, b");
        p.setProperty("profile", "b");
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:", p)).hasMessageContaining("names no catalog");
        p.setProperty("config_file", f.resolveSibling("nope.conf").toString());
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:", p)).hasMessageContaining("does not exist");
        Path bad = write("bad.conf", "profiles { a { catalog = \n");
        p.setProperty("config_file", bad.toString());
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:", p))
                .hasMessageContaining("cannot read the config file");
    }

    @Test
    void duckdbSettingsPassThroughAndUnknownKeysSuggestNames() throws Exception {
        Path dir = TestLakes.freshDirectory("settings");
        TestLakes.FileLake m = TestLakes.fileAt(dir.resolve("m.ducklake"));
        try (Connection c = m.with("threads", "1").with("memory_limit", "1GB").connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('threads'), current_setting('memory_limit')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("953.6 MiB");
        }
        // An extension's setting passes through once its extension is loaded; DuckLake's retry settings
        // are declared properties.
        TestLakes.FileLake n = TestLakes.fileAt(dir.resolve("n.ducklake"))
                .with("threads", "1")
                .with("memory_limit", "1GB")
                .with("ducklake_default_data_inlining_row_limit", "3")
                .with("ducklake_max_retry_count", "25")
                .with("ducklake_retry_backoff", "2.5");
        try (Connection c = n.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('ducklake_max_retry_count'), "
                        + "current_setting('ducklake_retry_backoff'), current_setting('threads'), "
                        + "current_setting('ducklake_default_data_inlining_row_limit')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(25);
            assertThat(rs.getDouble(2)).isEqualTo(2.5);
            assertThat(rs.getLong(3)).isEqualTo(1);
            assertThat(rs.getLong(4)).isEqualTo(3);
        }
        assertThatThrownBy(() -> m.with("thread", "1").connect())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("unknown property \"thread\"")
                .hasMessageContaining("threads");
        assertThatThrownBy(() -> m.with("ducklake_max_retry_cont", "3").connect())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("unknown property \"ducklake_max_retry_cont\"")
                .hasMessageContaining("ducklake_max_retry_count");
    }

    @Test
    void warnsWhenAFileWithALiteralSecretIsReadableByOthers() throws Exception {
        Path f = write("w.conf", "profiles { w { catalog = \"x.ducklake\", password = \"literal-Canary-w\" } }\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        List<LogRecord> records;
        try (LogCapture logs = LogCapture.driver()) {
            Properties p = new Properties();
            p.setProperty("config_file", f.toString());
            p.setProperty("profile", "w");
            LakeConfig.parse("jdbc:ducklake:", p);
            records = logs.records();
        }
        assertThat(records)
                .anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("other users can read it"));
        for (LogRecord r : records) {
            assertThat(String.valueOf(r.getMessage()) + Arrays.toString(r.getParameters()))
                    .doesNotContain("literal-Canary-w");
        }
    }

    /**
     * The "done when": jdbc:ducklake: plus profile=prod connects to a PostgreSQL-catalog lake with
     * S3 data, the secrets taken from environment variables, in a child JVM with that environment.
     */
    @Test
    void aProfileWithSecretsFromTheEnvironmentIsACompleteConnection() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Path f = write(
                "jdbc.conf",
                "profiles {\n  prod {\n"
                        + "    catalog = \"postgres:host=127.0.0.1 port="
                        + PostgresServer.get().port() + " dbname=" + lake.database + "\"\n"
                        + "    user = " + lake.user + "\n"
                        + "    password = ${?TEST_LAKE_PASSWORD}\n"
                        + "    data_path = \"" + lake.dataPath() + "\"\n"
                        + "    extension_directory = \"" + TestLakes.extensionDirectory() + "\"\n"
                        + "    s3 {\n"
                        + "      access_key_id = ${?TEST_AWS_ACCESS_KEY_ID}\n"
                        + "      secret_access_key = ${?TEST_AWS_SECRET_ACCESS_KEY}\n"
                        + "      region = " + S3Server.REGION + "\n"
                        + "      endpoint = \"" + S3Server.get().endpoint() + "\"\n"
                        + "      url_style = path\n      use_ssl = false\n"
                        + "    }\n  }\n}\n");
        ChildJvm.Result child = ChildJvm.main(ProfileMain.class)
                .env("DUCKLAKE_JDBC_CONFIG", f.toString())
                .env("TEST_LAKE_PASSWORD", lake.password)
                .env("TEST_AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY)
                .env("TEST_AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY)
                .run(Duration.ofSeconds(120));
        String out = child.output;
        assertThat(child.exit).as(out).isZero();
        assertThat(out).contains("rows=20000").doesNotContain(lake.password).doesNotContain(S3Server.SECRET_KEY);
        assertThat(S3Server.get().objects(TestLakes.BUCKET))
                .anyMatch(k -> k.startsWith(lake.prefix + "/") && k.endsWith(".parquet"));
    }

    /** The child JVM's program: nothing but the URL and the profile's name. */
    public static final class ProfileMain {
        public static void main(String[] args) throws Exception {
            Properties p = new Properties();
            p.setProperty("profile", "prod");
            try (Connection c = DriverManager.getConnection("jdbc:ducklake:", p);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t AS SELECT range AS n FROM range(20000)");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    System.out.println("rows=" + rs.getLong(1));
                }
            }
        }
    }
}
