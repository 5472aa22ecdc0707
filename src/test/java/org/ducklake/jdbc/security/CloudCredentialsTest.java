package org.ducklake.jdbc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** Object-store credentials the way the SDKs do it, and temporary secrets only. */
class CloudCredentialsTest {
    private static final Duration CHILD_DEADLINE = Duration.ofSeconds(180);

    /** credential_chain against S3Proxy, the keys only in the child JVM's environment. */
    @Test
    void credentialChainReadsTheStandardAwsEnvironment() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Path home = TestLakes.freshDirectory("home");
        ChildJvm.Result r = ChildJvm.main(ChainMain.class)
                .env(Map.of(
                        "HOME",
                        home.toString(),
                        "AWS_ACCESS_KEY_ID",
                        S3Server.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        S3Server.SECRET_KEY,
                        "AWS_REGION",
                        S3Server.REGION,
                        "TEST_URL",
                        lake.url(),
                        "TEST_USER",
                        lake.user,
                        "TEST_PASSWORD",
                        lake.password,
                        "TEST_DATA_PATH",
                        lake.dataPath(),
                        "TEST_ENDPOINT",
                        S3Server.get().endpoint(),
                        "TEST_EXT_DIR",
                        TestLakes.extensionDirectory()))
                .jvmOptions("-Duser.home=" + home)
                .run(CHILD_DEADLINE);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .contains("rows=30000")
                .contains("provider=credential_chain")
                .contains("secret=redacted")
                .doesNotContain(S3Server.SECRET_KEY);
        assertThat(S3Server.get().objects(TestLakes.BUCKET))
                .anyMatch(k -> k.startsWith(lake.prefix + "/") && k.endsWith(".parquet"));
        // Temporary secrets only: nothing under the (fresh) home's DuckDB secret directory, where a
        // persistent secret made afterwards by the user's SQL does appear.
        assertThat(r.output).contains("stored_before=0").contains("stored_after=1");
        assertThat(storedSecrets(home)).hasSize(1);
    }

    public static final class ChainMain {
        public static void main(String[] args) throws Exception {
            Properties p = new Properties();
            p.setProperty("user", System.getenv("TEST_USER"));
            p.setProperty("password", System.getenv("TEST_PASSWORD"));
            p.setProperty("data_path", System.getenv("TEST_DATA_PATH"));
            p.setProperty("s3_provider", "credential_chain");
            p.setProperty("s3_endpoint", System.getenv("TEST_ENDPOINT"));
            p.setProperty("s3_url_style", "path");
            p.setProperty("s3_use_ssl", "false");
            p.setProperty("s3_region", System.getenv("AWS_REGION"));
            p.setProperty("extension_directory", System.getenv("TEST_EXT_DIR"));
            // It reads duckdb_secrets() and makes a persistent secret, which sql_access=lake refuses.
            p.setProperty("sql_access", "unrestricted");
            try (Connection c = DriverManager.getConnection(System.getenv("TEST_URL"), p);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE chain AS SELECT range AS n FROM range(30000)");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM chain")) {
                    rs.next();
                    System.out.println("rows=" + rs.getLong(1));
                }
                try (ResultSet rs = s.executeQuery(
                        "SELECT secret_string FROM duckdb_secrets() WHERE name = 'ducklake_jdbc_data'")) {
                    rs.next();
                    System.out.println(rs.getString(1));
                }
                Path stored = Paths.get(System.getenv("HOME"), ".duckdb", "stored_secrets");
                System.out.println("stored_before=" + count(stored));
                // Positive control: a persistent secret made by the user's SQL does land there.
                s.execute("CREATE PERSISTENT SECRET user_made (TYPE s3, KEY_ID 'k', SECRET 'v')");
                System.out.println("stored_after=" + count(stored));
            }
        }

        private static long count(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.count();
            }
        }
    }

    @Test
    void gcsAndR2HmacSecretsAreCreatedRedactedAndFailClearly() throws Exception {
        for (String[] store : new String[][] {
            {"gs://no-such-bucket/lake/", "gcs", null}, {"r2://no-such-bucket/lake/", "r2", "acct123"}
        }) {
            String url = TestLakes.file("hmac").url();
            Properties p = TestLakes.properties();
            p.setProperty("data_path", store[0]);
            p.setProperty("s3_access_key_id", "hmac-key-id");
            p.setProperty("s3_secret_access_key", "Canary-hmac-" + store[1]);
            // A loopback endpoint with nothing behind it: the access check fails fast and clearly.
            p.setProperty("s3_endpoint", "127.0.0.1:9");
            p.setProperty("s3_use_ssl", "false");
            if (store[2] != null) {
                p.setProperty("r2_account_id", store[2]);
            }
            SQLException e = catchThrowableOfType(
                    SQLException.class,
                    () -> DriverManager.getConnection(url, p).close());
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getMessage()).contains("check access to data_path").doesNotContain("Canary-hmac");
        }
        // The same secret types against a real S3 API (S3Proxy speaks the HMAC-compatible protocol):
        // the lake works, and a user's SQL sees the secret typed, scoped and redacted.
        for (String[] store : new String[][] {{"gs", "gcs", null}, {"r2", "r2", "acct123"}}) {
            TestLakes.PostgresLake lake = TestLakes.postgres();
            Properties p = lake.properties();
            String dataPath = store[0] + "://" + TestLakes.BUCKET + "/" + lake.prefix + "/";
            p.setProperty("data_path", dataPath);
            p.remove("s3_region");
            if (store[2] != null) {
                p.setProperty("r2_account_id", store[2]);
            }
            p.setProperty("sql_access", "unrestricted"); // it reads duckdb_secrets(), which sql_access=lake refuses
            try (Connection c = DriverManager.getConnection(lake.url(), p);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t AS SELECT range AS n FROM range(20000)");
                try (ResultSet rs = s.executeQuery(
                        "SELECT secret_string FROM duckdb_secrets() WHERE name = 'ducklake_jdbc_data'")) {
                    rs.next();
                    assertThat(rs.getString(1))
                            .contains("type=" + store[1])
                            .contains("scope=" + dataPath)
                            .contains("secret=redacted")
                            .doesNotContain(S3Server.SECRET_KEY);
                }
            }
            assertThat(S3Server.get().objects(TestLakes.BUCKET))
                    .anyMatch(k -> k.startsWith(lake.prefix + "/") && k.endsWith(".parquet"));
        }
    }

    static List<Path> storedSecrets(Path home) throws Exception {
        Path dir = home.resolve(".duckdb").resolve("stored_secrets");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }
}
