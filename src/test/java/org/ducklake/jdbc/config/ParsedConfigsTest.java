package org.ducklake.jdbc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.ducklake.jdbc.instance.LakeInstances;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Configurations parsed once per URL, Properties and login timeout: reused only when everything they were parsed
 * from is the same, never across two passwords, never for a profile (whose file can change).
 */
class ParsedConfigsTest {
    private static final String URL = "jdbc:ducklake:postgres:host=127.0.0.1 port=5432 dbname=lake";

    private static Properties props(String password) {
        Properties p = new Properties();
        p.setProperty("user", "lake");
        p.setProperty("password", password);
        p.setProperty("data_path", "s3://bucket/prefix/");
        p.setProperty("s3_access_key_id", "AKIA1");
        p.setProperty("s3_secret_access_key", "s3-Secret-1");
        return p;
    }

    @Test
    void theSameUrlAndPropertiesGiveTheSameConfigurationAndInstanceKey() throws Exception {
        LakeConfig a = ParsedConfigs.parse(URL, props("pw-1"), 0);
        LakeConfig b = ParsedConfigs.parse(URL, props("pw-1"), 0);
        assertThat(b).isSameAs(a);
        assertThat(b.instanceKey()).isSameAs(a.instanceKey());
        assertThat(b.maskedUrl()).isSameAs(a.maskedUrl());
        // What it gives is what LakeConfig.parse gives.
        assertThat(a.sameInstance(LakeConfig.parse(URL, props("pw-1")))).isTrue();
    }

    @Test
    void twoPasswordsNeverShareAConfiguration() throws Exception {
        LakeConfig a = ParsedConfigs.parse(URL, props("pw-A"), 0);
        LakeConfig b = ParsedConfigs.parse(URL, props("pw-B"), 0);
        assertThat(b).isNotSameAs(a);
        assertThat(a.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("pw-A");
        assertThat(b.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("pw-B");
        assertThat(a.sameInstance(b)).isFalse();
        assertThat(a.instanceKey()).isNotEqualTo(b.instanceKey());

        // Also when the password is in the URL's DSN, and when another secret differs.
        LakeConfig c = ParsedConfigs.parse(URL + " password=pw-C", props("ignored"), 0);
        LakeConfig d = ParsedConfigs.parse(URL + " password=pw-D", props("ignored"), 0);
        assertThat(c.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("pw-C");
        assertThat(d.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("pw-D");
        Properties otherKey = props("pw-A");
        otherKey.setProperty("s3_secret_access_key", "s3-Secret-2");
        LakeConfig e = ParsedConfigs.parse(URL, otherKey, 0);
        assertThat(e.secret(LakeProperty.S3_SECRET_ACCESS_KEY).reveal()).isEqualTo("s3-Secret-2");
        assertThat(e.sameInstance(a)).isFalse();
    }

    @Test
    void propertiesChangedAfterAConnectAreReadAgain() throws Exception {
        Properties p = props("pw-1");
        LakeConfig a = ParsedConfigs.parse(URL, p, 0);
        p.setProperty("data_path", "s3://bucket/other/");
        LakeConfig b = ParsedConfigs.parse(URL, p, 0);
        assertThat(b.string(LakeProperty.DATA_PATH)).isEqualTo("s3://bucket/other/");
        p.setProperty("password", "pw-2");
        assertThat(ParsedConfigs.parse(URL, p, 0).secret(LakeProperty.PASSWORD).reveal())
                .isEqualTo("pw-2");
        // Defaults of a Properties count as its values, as LakeConfig reads them.
        Properties withDefaults = new Properties(props("pw-3"));
        assertThat(ParsedConfigs.parse(URL, withDefaults, 0)
                        .secret(LakeProperty.PASSWORD)
                        .reveal())
                .isEqualTo("pw-3");
        assertThat(a.string(LakeProperty.DATA_PATH)).isEqualTo("s3://bucket/prefix/");
    }

    @Test
    void theLoginTimeoutOfDriverManagerIsPartOfTheKey() throws Exception {
        assertThat(ParsedConfigs.parse(URL, props("pw"), 0).integer(LakeProperty.LOGIN_TIMEOUT))
                .isEqualTo(30);
        assertThat(ParsedConfigs.parse(URL, props("pw"), 7).integer(LakeProperty.LOGIN_TIMEOUT))
                .isEqualTo(7);
        assertThat(ParsedConfigs.parse(URL, props("pw"), 0).integer(LakeProperty.LOGIN_TIMEOUT))
                .isEqualTo(30);
        // A login_timeout the sources give wins over DriverManager's.
        assertThat(ParsedConfigs.parse(URL + ";login_timeout=5", props("pw"), 7).integer(LakeProperty.LOGIN_TIMEOUT))
                .isEqualTo(5);
    }

    @Test
    void anInvalidConfigurationIsReportedAtEveryConnect() {
        Properties p = props("pw");
        p.setProperty("read_only", "perhaps");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> ParsedConfigs.parse(URL, p, 0))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("read_only");
        }
    }

    @Test
    void aProfileIsReadAtEveryConnectSoAnEditTakesEffect() throws Exception {
        Path f = TestLakes.freshDirectory("parsed-configs").resolve("p.conf");
        String before = "profiles { dev { catalog = \"/tmp/a.ducklake\", alias = first } }\n";
        String after = "profiles { dev { catalog = \"/tmp/b.ducklake\", alias = other } }\n";
        assertThat(after).hasSameSizeAs(before);
        Files.write(f, before.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        FileTime written = Files.getLastModifiedTime(f);
        Properties p = new Properties();
        p.setProperty("config_file", f.toString());
        p.setProperty("profile", "dev");

        LakeConfig a = ParsedConfigs.parse("jdbc:ducklake:", p, 0);
        assertThat(a.alias()).isEqualTo("first");
        assertThat(a.catalogPath()).isEqualTo("/tmp/a.ducklake");

        // The same size and modification time: only the content tells the edit apart.
        Files.write(f, after.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(f, written);
        LakeConfig b = ParsedConfigs.parse("jdbc:ducklake:", p, 0);
        assertThat(b.alias()).isEqualTo("other");
        assertThat(b.catalogPath()).isEqualTo("/tmp/b.ducklake");

        // A profile named in the URL is not kept either.
        Files.write(f, before.getBytes(StandardCharsets.UTF_8));
        p.remove("profile");
        assertThat(ParsedConfigs.parse("jdbc:ducklake:?profile=dev", p, 0).alias())
                .isEqualTo("first");
        Files.write(f, after.getBytes(StandardCharsets.UTF_8));
        assertThat(ParsedConfigs.parse("jdbc:ducklake:?profile=dev", p, 0).alias())
                .isEqualTo("other");
    }

    @Test
    void theCacheIsBounded() throws Exception {
        for (int i = 0; i < ParsedConfigs.MAX_ENTRIES + 5; i++) {
            ParsedConfigs.parse(URL, props("bound-" + i), 0);
        }
        assertThat(ParsedConfigs.size()).isBetween(1, ParsedConfigs.MAX_ENTRIES);
    }

    /**
     * Against a real catalog: a connect with a changed password is not served by the configuration (nor the
     * engine) of the right one. It authenticates again and is refused, and the right password still connects,
     * to the engine already open.
     */
    @Test
    void aChangedPasswordAuthenticatesAgain() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        try (Connection first = DriverManager.getConnection(lake.url(), p)) {
            assertThat(one(first)).isEqualTo(1);
            int open = LakeInstances.openCount();

            p.setProperty("password", "not-the-password-Canary-31");
            SQLException e = catchThrowableOfType(
                    SQLException.class,
                    () -> DriverManager.getConnection(lake.url(), p).close());
            assertThat((Throwable) e).as("a wrong password must be refused").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("28P01");
            assertThat(e.getMessage()).doesNotContain("Canary-31");
            assertThat(LakeInstances.openCount()).isEqualTo(open);

            p.setProperty("password", lake.password);
            try (Connection again = DriverManager.getConnection(lake.url(), p)) {
                assertThat(one(again)).isEqualTo(1);
                assertThat(LakeInstances.openCount()).isEqualTo(open);
            }
        }
    }

    private static int one(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
