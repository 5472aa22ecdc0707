package org.ducklake.jdbc.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.util.Properties;
import org.ducklake.jdbc.testsupport.MySqlServer;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Bad input at connect: each is a SQLException that says what is wrong, carries no secret, and leaves
 * no engine instance (and no new lake) behind.
 */
class ConnectErrorsTest {

    private static SQLException connectFails(String url, Properties p) {
        int before = LakeInstances.openCount();
        SQLException e = catchThrowableOfType(
                SQLException.class, () -> DriverManager.getConnection(url, p).close());
        assertThat((Throwable) e).as("connect to %s should fail", url).isNotNull();
        assertThat(e.getSQLState()).isNotNull();
        // At most as many: an instance of an earlier test may close on its idle timeout meanwhile.
        assertThat(LakeInstances.openCount()).isLessThanOrEqualTo(before);
        return e;
    }

    private static String fullText(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static void assertNoSecrets(SQLException e, Properties p) {
        String text = fullText(e);
        for (String key : new String[] {"password", "s3_secret_access_key"}) {
            String v = p.getProperty(key);
            if (v != null) {
                assertThat(text).doesNotContain(v);
            }
        }
    }

    @Test
    void noCatalogInTheUrl() {
        SQLException e = connectFails("jdbc:ducklake:", new Properties());
        assertThat(e.getMessage()).contains("names no catalog").contains("jdbc:ducklake:postgres:");
        assertThat(e.getSQLState()).isEqualTo("08001");
    }

    @Test
    void unknownCatalogType() {
        SQLException e = connectFails("jdbc:ducklake:oracle:host=x", new Properties());
        assertThat(e.getMessage()).contains("\"oracle\"").contains("duckdb, sqlite, postgres, mysql");
    }

    @Test
    void postgresUnreachableFailsWithinTheLoginTimeout() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("login_timeout", "3");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        long start = System.nanoTime();
        SQLException e = connectFails("jdbc:ducklake:postgres:host=127.0.0.1 port=" + closedPort + " dbname=x", p);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(seconds).isLessThan(10);
        assertThat(e.getSQLState()).startsWith("08");
        assertThat(e.getMessage())
                .startsWith("Cannot reach the catalog database")
                .contains("Connection refused");
        assertNoSecrets(e, p);
    }

    @Test
    void postgresThatNeverAnswersFailsWithinTheLoginTimeout() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("login_timeout", "2");
        // Accepts TCP connections (backlog) but never speaks the protocol.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            SQLException e = connectFails(
                    "jdbc:ducklake:postgres:host=127.0.0.1 port=" + silent.getLocalPort() + " dbname=x", p);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(seconds).isLessThan(10);
            assertThat(e.getSQLState()).startsWith("08");
            assertNoSecrets(e, p);
        }
    }

    @Test
    void driverManagerLoginTimeoutBoundsTheConnect() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        int before = DriverManager.getLoginTimeout();
        DriverManager.setLoginTimeout(2);
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            SQLException e = connectFails(
                    "jdbc:ducklake:postgres:host=127.0.0.1 port=" + silent.getLocalPort() + " dbname=x", p);
            assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(10);
            assertThat(e.getSQLState()).startsWith("08");
            assertThat(e.getMessage()).contains("login_timeout=2s");
        } finally {
            DriverManager.setLoginTimeout(before);
        }
    }

    @Test
    void wrongPassword() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("password", "not-the-password-Canary-77");
        SQLException e = connectFails(lake.url(), p);
        assertThat(e.getSQLState()).isEqualTo("28P01");
        assertThat(e.getMessage())
                .startsWith("Authentication to the catalog database failed")
                .contains("password authentication failed");
        assertNoSecrets(e, p);
    }

    @Test
    void databaseMissing() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        SQLException e = connectFails(
                "jdbc:ducklake:postgres:host=127.0.0.1 port="
                        + PostgresServer.get().port() + " dbname=no_such_db",
                p);
        assertThat(e.getSQLState()).isEqualTo("3D000");
        assertThat(e.getMessage()).contains("no_such_db").contains("does not exist");
        assertNoSecrets(e, p);
    }

    @Test
    void noPasswordIsAnAuthenticationErrorNotAnUnreachableServer() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.remove("password");
        SQLException e = connectFails(lake.url(), p);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28000");
        assertThat((Throwable) e).isInstanceOf(SQLInvalidAuthorizationSpecException.class);
        assertThat(e.getMessage())
                .startsWith("The catalog database asks for a password and none was given (set password): ")
                .contains("fe_sendauth: no password supplied")
                .doesNotContain("Cannot reach");
    }

    @Test
    void aHostNameThatDoesNotResolveCannotBeReached() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        SQLException e = connectFails("jdbc:ducklake:postgres:host=no-such-host.invalid port=5432 dbname=x", p);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("08006");
        assertThat(e.getMessage())
                .startsWith("Cannot reach the catalog database: ")
                .contains("could not translate host name");
        assertNoSecrets(e, p);
    }

    @Test
    void aReadOnlyConnectToASchemaWithoutALakeSaysThereIsNoLake() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("read_only", "true");
        p.setProperty("metadata_schema", "no_such_schema");
        SQLException e = connectFails(lake.url(), p);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("3D000");
        assertThat(e.getMessage())
                .startsWith("The catalog holds no lake (check the catalog's database or file and metadata_schema)")
                .contains("creating a new DuckLake is explicitly disabled");
        assertNoSecrets(e, p);
    }

    @Test
    void aBlankMetadataSchemaInTheUrlIsAPropertyError() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        SQLException e = connectFails(lake.url() + ";metadata_schema=", p);
        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat(e.getMessage()).isEqualTo("URL option \"metadata_schema\" has no value: leave it out or give one");
        e = connectFails(lake.url() + "?metadata_schema=", p);
        assertThat(e.getMessage()).isEqualTo("URL option \"metadata_schema\" has no value: leave it out or give one");
    }

    @Test
    void mysqlLoginFailuresAreAuthenticationErrors() throws Exception {
        String db = "errs_" + ProcessHandle.current().pid();
        String user = "errs_user_" + ProcessHandle.current().pid();
        MySqlServer.get().createDatabase(db, user, "right-Pw-1");
        String url =
                "jdbc:ducklake:mysql:host=127.0.0.1 port=" + MySqlServer.get().port() + " database=" + db;
        Properties p = TestLakes.properties();
        p.setProperty("user", user);
        p.setProperty("password", "wrong-Pw-Canary-5");
        p.setProperty("data_path", TestLakes.freshDirectory("mysql-errors") + "/data/");
        SQLException e = connectFails(url, p);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28000");
        assertThat((Throwable) e).isInstanceOf(SQLInvalidAuthorizationSpecException.class);
        assertThat(e.getMessage())
                .startsWith("Authentication to the catalog database failed (check user and password): ")
                .contains("Access denied for user")
                .contains("using password: YES");
        assertNoSecrets(e, p);

        Properties none = new Properties();
        none.putAll(p);
        none.remove("password");
        e = connectFails(url, none);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28000");
        assertThat(e.getMessage()).contains("using password: NO");

        Properties right = new Properties();
        right.putAll(p);
        right.setProperty("password", "right-Pw-1");
        e = connectFails(
                "jdbc:ducklake:mysql:host=127.0.0.1 port=" + MySqlServer.get().port() + " database=no_such_db", right);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("42501");
        assertThat(e.getMessage())
                .startsWith("The catalog database user may not use that database, or it does not exist")
                .contains("to database 'no_such_db'");
        assertNoSecrets(e, right);

        e = connectFails("jdbc:ducklake:mysql:host=no-such-host.invalid port=3306 database=x", right);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("08006");
        assertThat(e.getMessage())
                .startsWith("Cannot reach the catalog database: ")
                .contains("Unknown server host");
        assertNoSecrets(e, right);
    }

    @Test
    void aCatalogFileInAMissingDirectoryNamesTheDirectory() {
        Path dir = TestLakes.freshDirectory("missing-dir");
        Path missing = dir.resolve("no_such_dir");
        for (String url : new String[] {
            "jdbc:ducklake:" + missing.resolve("sub/m.ducklake"),
            "jdbc:ducklake:sqlite:" + missing.resolve("sub/m.sqlite")
        }) {
            SQLException e = connectFails(url, TestLakes.properties());
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("58030");
            assertThat(e.getMessage())
                    .as(url)
                    .startsWith("The catalog file's directory " + missing.resolve("sub") + " does not exist (nor does "
                            + missing + "): create it or fix the catalog path")
                    .doesNotContain("create_if_not_exists");
            assertThat(missing).doesNotExist();
        }
    }

    @Test
    void catalogFilesThatCannotServe() throws Exception {
        Path dir = TestLakes.freshDirectory("bad-files");
        Properties readOnly = TestLakes.properties();
        readOnly.setProperty("read_only", "true");
        for (String url : new String[] {
            "jdbc:ducklake:" + dir.resolve("absent.ducklake"), "jdbc:ducklake:sqlite:" + dir.resolve("absent.sqlite")
        }) {
            SQLException e = connectFails(url, readOnly);
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("3D000");
            assertThat(e.getMessage())
                    .startsWith("The catalog file "
                            + dir.resolve(url.endsWith("sqlite") ? "absent.sqlite" : "absent.ducklake")
                            + " does not exist, and this connect may not create a lake");
        }
        Files.createDirectories(dir.resolve("folder.ducklake"));
        SQLException e = connectFails("jdbc:ducklake:" + dir.resolve("folder.ducklake"), TestLakes.properties());
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("58030");
        assertThat(e.getMessage()).startsWith("The catalog path " + dir.resolve("folder.ducklake") + " is a directory");

        Files.writeString(dir.resolve("text.ducklake"), "not a database");
        e = connectFails("jdbc:ducklake:" + dir.resolve("text.ducklake"), TestLakes.properties());
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("58030");
        assertThat(e.getMessage()).startsWith("The catalog file is not a DuckDB database: ");
        Files.writeString(dir.resolve("text.sqlite"), "not a database, and long enough to be read as one by SQLite");
        e = connectFails("jdbc:ducklake:sqlite:" + dir.resolve("text.sqlite"), TestLakes.properties());
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("58030");
        assertThat(e.getMessage()).startsWith("The catalog file is not a SQLite database: ");
    }

    /** An existing lake keeps its data path in its catalog: S3 keys need no data_path to go with them. */
    @Test
    void s3KeysWithoutDataPathAreForTheLakesStoredDataPath() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = DriverManager.getConnection(lake.url(), lake.properties());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(1000)");
        }
        Properties p = lake.properties();
        p.remove("data_path");
        try (Connection c = DriverManager.getConnection(lake.url(), p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(n) FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1))
                    .as("read from the parquet files in the bucket")
                    .isEqualTo(499500);
        }
        p.setProperty("s3_secret_access_key", "wrong-secret-Canary-43");
        SQLException e = connectFails(lake.url(), p);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28000");
        assertThat(e.getMessage())
                .startsWith("The object store rejected the credentials")
                .contains(lake.dataPath());
        assertNoSecrets(e, p);

        // A new DuckDB-file lake would get a local data path: S3 keys without data_path cannot be for it.
        Path dir = TestLakes.freshDirectory("s3-no-data-path");
        Properties file = TestLakes.properties();
        file.setProperty("s3_access_key_id", S3Server.ACCESS_KEY);
        file.setProperty("s3_secret_access_key", S3Server.SECRET_KEY);
        e = connectFails("jdbc:ducklake:" + dir.resolve("m.ducklake"), file);
        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat(e.getMessage()).contains("a new lake needs data_path");
        assertThat(dir.resolve("m.ducklake")).doesNotExist();
        assertNoSecrets(e, file);
    }

    /** java.nio says only the path; the message says why (here Linux's /proc, where no directory can be made). */
    @Test
    void aLocalDataPathThatCannotBeMadeSaysWhy() {
        Path dir = TestLakes.freshDirectory("data-in-proc");
        Properties p = TestLakes.properties();
        p.setProperty("data_path", "/proc/ducklake-jdbc-no-such/data/");
        SQLException e = connectFails("jdbc:ducklake:" + dir.resolve("m.ducklake"), p);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("58030");
        assertThat(e.getMessage())
                .isEqualTo("Cannot create the lake's data directory /proc/ducklake-jdbc-no-such/data/: cannot create "
                        + "/proc/ducklake-jdbc-no-such: the file system refused it (no such file or directory)");
    }

    @Test
    void dataPathMissingForANewPostgresLake() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = TestLakes.properties();
        p.setProperty("user", lake.user);
        p.setProperty("password", lake.password);
        SQLException e = connectFails(lake.url(), p);
        assertThat(e.getMessage()).containsIgnoringCase("data_path");
        assertNoSecrets(e, p);
        assertThat(ducklakeTables(lake)).isZero();
    }

    @Test
    void s3BucketMissing() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("data_path", "s3://no-such-bucket/data/");
        SQLException e = connectFails(lake.url(), p);
        assertThat(e.getMessage())
                .startsWith("The S3 bucket of data_path does not exist")
                .contains("NoSuchBucket");
        assertNoSecrets(e, p);
        assertThat(ducklakeTables(lake)).isZero();
    }

    @Test
    void s3CredentialsWrong() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("s3_secret_access_key", "wrong-secret-Canary-42");
        SQLException e = connectFails(lake.url(), p);
        assertThat(e.getSQLState()).isEqualTo("28000");
        assertThat(e.getMessage()).startsWith("The object store rejected the credentials");
        assertNoSecrets(e, p);
        assertThat(ducklakeTables(lake)).isZero();
    }

    @Test
    void extensionNotFoundNamesEveryPlaceLooked() {
        Path dir = TestLakes.freshDirectory("no-extensions");
        Properties p = new Properties();
        p.setProperty("extension_directory", dir.resolve("ext").toString());
        p.setProperty("extension_bundle", "false");
        p.setProperty("extension_repository", dir.resolve("empty-repo").toString());
        SQLException e = connectFails("jdbc:ducklake:" + dir.resolve("m.ducklake"), p);
        assertThat(e.getMessage())
                .startsWith("Extension ducklake is not available for DuckDB v1.5.5 on ")
                .contains("the extension directory " + dir.resolve("ext"))
                .contains("the driver jar: not used (extension_bundle=false)")
                .contains("extension_repository " + dir.resolve("empty-repo"))
                .contains("DuckDB's default repository");
    }

    @Test
    void badPropertyValuesAndUnknownKeys() {
        Properties p = new Properties();
        SQLException e = connectFails("jdbc:ducklake:/tmp/x.ducklake;read_only=maybe", p);
        assertThat(e.getMessage()).isEqualTo("invalid value for read_only: expected true or false");
        e = connectFails("jdbc:ducklake:/tmp/x.ducklake;s3_regoin=us-east-1", p);
        assertThat(e.getMessage()).contains("unknown URL option \"s3_regoin\"").contains("did you mean s3_region");
    }

    /** DuckDB matches setting names without case, and so does the driver: TimeZone as DuckDB writes it. */
    @Test
    void duckDbSettingsInAnyCase() throws SQLException {
        TestLakes.FileLake lake = TestLakes.file("setting-case").with("TimeZone", "Asia/Kathmandu");
        try (Connection c = lake.with("Threads", "2").connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('timezone'), current_setting('threads')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Asia/Kathmandu");
            assertThat(rs.getLong(2)).isEqualTo(2);
        }
        SQLException e = connectFails(lake.url(), lake.with("TimeZon", "UTC").properties());
        assertThat(e.getMessage()).contains("unknown property \"timezon\"").contains("did you mean timezone");
    }

    private static int ducklakeTables(TestLakes.PostgresLake lake) throws SQLException {
        try (Connection pg = PostgresServer.get().connectAsSuperuser(lake.database);
                Statement s = pg.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'ducklake%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
