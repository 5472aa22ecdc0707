package org.ducklake.jdbc.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every sensitive value carries a unique marker; after successful connects and every failure path we can
 * provoke, the marker appears nowhere: logs at FINEST, anything printed, exception text with causes,
 * toString of every object handed out, getURL, getPropertyInfo, getClientInfo, and what a user's SQL can
 * read from duckdb_databases(), duckdb_settings() and duckdb_secrets().
 */
class SecretCanaryTest {
    private final StringBuilder seen = new StringBuilder();
    private final List<String> markers = new ArrayList<>();
    private Handler handler;
    private Level rootLevel;
    private PrintStream out;
    private PrintStream err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    /** While set, log records are not collected: the test's own fixtures (pgjdbc logs its SQL) are not the driver. */
    private volatile boolean paused;

    /** Creates a role and database for a fixture, outside the capture. */
    private void createDatabase(String db, String user, String password) throws Exception {
        paused = true;
        try {
            PostgresServer.get().createDatabase(db, user, password);
        } finally {
            paused = false;
        }
    }

    private TestLakes.PostgresLake lake() {
        paused = true;
        try {
            return TestLakes.postgres();
        } finally {
            paused = false;
        }
    }

    private String marker(String what) {
        String m = "Canary" + what + "Z" + Long.toHexString(System.nanoTime());
        markers.add(m);
        return m;
    }

    @BeforeEach
    void capture() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.FINEST);
        Logger.getLogger("org.ducklake.jdbc").setLevel(Level.FINEST);
        SimpleFormatter f = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (paused) {
                    return;
                }
                synchronized (seen) {
                    seen.append(f.format(r)).append('\n');
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        out = System.out;
        err = System.err;
        PrintStream tee = new PrintStream(printed, true);
        System.setOut(tee);
        System.setErr(tee);
    }

    @AfterEach
    void release() {
        Logger root = Logger.getLogger("");
        root.removeHandler(handler);
        root.setLevel(rootLevel);
        System.setOut(out);
        System.setErr(err);
    }

    private void record(Object o) {
        seen.append(String.valueOf(o)).append('\n');
    }

    private void recordFailure(SQLException e) {
        assertThat((Throwable) e).isNotNull();
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        record(w);
    }

    private SQLException connectFails(String url, Properties p) {
        try {
            DriverManager.getConnection(url, p).close();
            throw new AssertionError("connect should have failed: " + url);
        } catch (SQLException e) {
            recordFailure(e);
            return e;
        }
    }

    /**
     * The canaries run with sql_access=unrestricted: it is the weaker mode (lake mode refuses duckdb_secrets()
     * and more), and the engine's own views must show no secret even there.
     */
    private static final String UNRESTRICTED = "unrestricted";

    /** Everything a connection, its objects and a user's SQL show. */
    private void exercise(Connection c, String url, Properties p) throws Exception {
        record(c);
        DatabaseMetaData md = c.getMetaData();
        record(md);
        record(md.getURL());
        record(md.getUserName());
        record(c.getClientInfo());
        try (Statement s = c.createStatement()) {
            record(s);
            s.execute("CREATE TABLE IF NOT EXISTS canary AS SELECT range AS n FROM range(20000)");
            for (String view : new String[] {"duckdb_databases()", "duckdb_settings()", "duckdb_secrets()"}) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + view)) {
                    record(rs);
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            record(rs.getString(i));
                        }
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM canary WHERE n > ?")) {
            record(ps);
            ps.setInt(1, 5);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(19994);
            }
        }
        try (ResultSet rs = md.getTables(null, null, "%", null)) {
            record(rs);
            record(rs.getStatement());
        }
        Driver d = DriverManager.getDriver(url);
        for (DriverPropertyInfo i : d.getPropertyInfo(url, p)) {
            record(i.name + "=" + i.value);
        }
    }

    private void assertNoMarkerAnywhere() {
        System.out.flush();
        String all = seen + "\n" + printed.toString(StandardCharsets.UTF_8);
        assertThat(all).isNotEmpty();
        for (String m : markers) {
            assertThat(all).as("marker %s leaked", m).doesNotContain(m);
        }
    }

    @Test
    void successfulConnectsShowNoSecret() throws Exception {
        // A catalog password written inside the URL's DSN.
        String dsnPassword = marker("DsnPw");
        String user = "canary_user_" + ProcessHandle.current().pid();
        String db = "canary_db_" + ProcessHandle.current().pid();
        createDatabase(db, user, dsnPassword);
        TestLakes.PostgresLake lake = lake();
        markers.add(S3Server.SECRET_KEY); // the real S3 secret is a marker too: it must never show
        // libpq's sslpassword (unused here: no encrypted client key) travels in the catalog secret too.
        String url = "jdbc:ducklake:postgres:host=127.0.0.1 port="
                + PostgresServer.get().port() + " dbname=" + db + " user=" + user + " password='" + dsnPassword
                + "' sslpassword='" + marker("DsnSslPw") + "'";
        Properties p = lake.properties();
        p.remove("user");
        p.remove("password");
        p.setProperty("data_path", "s3://" + TestLakes.BUCKET + "/canary-" + System.nanoTime() + "/");
        p.setProperty("sql_access", UNRESTRICTED);
        try (Connection c = DriverManager.getConnection(url, p)) {
            exercise(c, url, p);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT count(*) FROM duckdb_secrets() WHERE name = 'ducklake_jdbc_catalog'")) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("the catalog secret is dropped once the lake is attached")
                        .isZero();
            }
        }

        // The same password written pgjdbc's way, after '?'.
        String queryUrl = "jdbc:ducklake:postgres:host=127.0.0.1 port="
                + PostgresServer.get().port() + " dbname=" + db + " user=" + user + "?password=" + dsnPassword;
        try (Connection c = DriverManager.getConnection(queryUrl, p)) {
            exercise(c, queryUrl, p);
        }

        // A catalog password from a HOCON profile (a literal in a private file).
        String profilePassword = marker("ProfilePw");
        String user2 = "canary_p_" + ProcessHandle.current().pid();
        String db2 = "canary_pdb_" + ProcessHandle.current().pid();
        createDatabase(db2, user2, profilePassword);
        Path conf = TestLakes.freshDirectory("canary").resolve("jdbc.conf");
        Files.write(
                conf,
                ("profiles { c { catalog = \"postgres:host=127.0.0.1 port="
                                + PostgresServer.get().port() + " dbname=" + db2 + "\", user = " + user2
                                + ", password = \"" + profilePassword + "\" } }\n")
                        .getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Properties q = lake.properties();
        q.remove("user");
        q.remove("password");
        q.setProperty("data_path", "s3://" + TestLakes.BUCKET + "/canary-p-" + System.nanoTime() + "/");
        q.setProperty("config_file", conf.toString());
        q.setProperty("profile", "c");
        q.setProperty("sql_access", UNRESTRICTED);
        try (Connection c = DriverManager.getConnection("jdbc:ducklake:", q)) {
            exercise(c, "jdbc:ducklake:", q);
        }
        assertNoMarkerAnywhere();
    }

    /** What a data source shows of itself: the getters a tool dumps, the URL, toString, its serialized bytes. */
    private void exercise(DuckLakeDataSource ds, Properties given) throws Exception {
        record(ds);
        record(ds.getUrl());
        for (PropertyDescriptor d :
                Introspector.getBeanInfo(DuckLakeDataSource.class).getPropertyDescriptors()) {
            if (d.getReadMethod() != null && !d.getName().equals("connection")) {
                record(d.getName() + "=" + d.getReadMethod().invoke(ds));
            }
        }
        for (String key : given.stringPropertyNames()) {
            record(key + "=" + ds.getProperty(key));
        }
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
            out.writeObject(ds);
        }
        record(serialized.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void dataSourceShowsNoSecret() throws Exception {
        String dsnPassword = marker("DsDsnPw");
        String user = "canary_ds_" + ProcessHandle.current().pid();
        String db = "canary_dsdb_" + ProcessHandle.current().pid();
        createDatabase(db, user, dsnPassword);
        TestLakes.PostgresLake lake = lake();
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl("jdbc:ducklake:postgres:host=127.0.0.1 port="
                + PostgresServer.get().port() + " dbname=" + db + " user=" + user + " password='" + dsnPassword
                + "';password=" + marker("DsUrlPw"));
        Properties p = lake.properties();
        p.remove("user");
        p.remove("password");
        p.setProperty("data_path", "s3://" + TestLakes.BUCKET + "/canary-ds-" + System.nanoTime() + "/");
        p.setProperty("sql_access", UNRESTRICTED);
        p.forEach((k, v) -> ds.setProperty((String) k, (String) v));
        ds.setPassword(marker("DsIgnoredPw")); // the DSN's password wins
        p.setProperty("password", "");
        exercise(ds, p);
        try (Connection c = ds.getConnection()) {
            exercise(c, ds.getUrl(), p);
        } catch (SQLException e) {
            recordFailure(e);
            throw e;
        }
        assertNoMarkerAnywhere();
    }

    @Test
    void failuresShowNoSecret() throws Exception {
        TestLakes.PostgresLake lake = lake();

        Properties wrongPassword = lake.properties();
        wrongPassword.setProperty("password", marker("WrongPw"));
        assertThat(connectFails(lake.url(), wrongPassword).getSQLState()).isEqualTo("28P01");

        Properties unreachable = lake.properties();
        unreachable.setProperty("password", marker("UnreachablePw"));
        unreachable.setProperty("login_timeout", "3");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        connectFails("jdbc:ducklake:postgres:host=127.0.0.1 port=" + closed + " dbname=x", unreachable);
        connectFails(
                "jdbc:ducklake:postgres:host=127.0.0.1 port=" + closed + " dbname=x sslpassword="
                        + marker("UnreachableSslPw"),
                unreachable);

        Properties badS3 = lake.properties();
        badS3.setProperty("s3_secret_access_key", marker("BadS3Key"));
        SQLException s3 = connectFails(lake.url(), badS3);
        assertThat(s3.getSQLState()).as(s3.getMessage()).isEqualTo("28000");
        assertThat(s3.getMessage()).startsWith("The object store rejected the credentials");

        // S3Proxy does not implement session tokens (HTTP 501): a failure that carries a token.
        Properties token = lake.properties();
        token.setProperty("s3_session_token", marker("Token"));
        connectFails(lake.url(), token);

        // DuckDB settings that hold a secret are refused, not passed through to duckdb_settings().
        Properties proxy = lake.properties();
        proxy.setProperty("http_proxy", "127.0.0.1:3128");
        proxy.setProperty("http_proxy_username", "proxy_user");
        proxy.setProperty("http_proxy_password", marker("ProxyPw"));
        SQLException refused = connectFails(lake.url(), proxy);
        assertThat(refused.getSQLState()).isEqualTo("08001");
        assertThat(refused.getMessage()).startsWith("\"http_proxy_password\" holds a secret");
        connectFails(lake.url() + ";pg_oauth_token=" + marker("OauthToken"), lake.properties());

        Properties badValue = lake.properties();
        badValue.setProperty("password", marker("BadValuePw"));
        badValue.setProperty("s3_session_token", marker("BadValueToken"));
        badValue.setProperty("read_only", "maybe");
        connectFails(lake.url(), badValue);

        Path dir = TestLakes.freshDirectory("canary-ext");
        Properties missingExtension = lake.properties();
        missingExtension.setProperty("password", marker("ExtPw"));
        missingExtension.setProperty("extension_directory", dir.resolve("ext").toString());
        missingExtension.setProperty("extension_bundle", "false");
        missingExtension.setProperty("extension_repository", dir.resolve("repo").toString());
        connectFails(lake.url(), missingExtension);

        // A failing ATTACH option: a snapshot the lake does not have, with the right password.
        String rightPassword = marker("AttachPw");
        String user = "canary_a_" + ProcessHandle.current().pid();
        String db = "canary_adb_" + ProcessHandle.current().pid();
        createDatabase(db, user, rightPassword);
        String url = "jdbc:ducklake:postgres:host=127.0.0.1 port="
                + PostgresServer.get().port() + " dbname=" + db;
        Properties attach = lake.properties();
        attach.setProperty("user", user);
        attach.setProperty("password", rightPassword);
        attach.setProperty("data_path", "s3://" + TestLakes.BUCKET + "/canary-a-" + System.nanoTime() + "/");
        try (Connection c = DriverManager.getConnection(url, attach)) {
            record(c);
        }
        attach.setProperty("snapshot_version", "999999");
        connectFails(url, attach);

        // A wrong password after '?', and a '?' password next to an unknown key.
        SQLException query = connectFails(lake.url() + "?password=" + marker("QueryPw") + "%2B", lake.properties());
        assertThat(query.getSQLState()).as(query.getMessage()).isEqualTo("28P01");
        SQLException unknown =
                connectFails(lake.url() + "?password=" + marker("QueryPw2") + "&aliass=x", lake.properties());
        assertThat(unknown.getSQLState()).isEqualTo("08001");
        assertThat(unknown.getMessage()).contains("aliass");

        // A wrong password inside the URL's DSN.
        connectFails(lake.url() + " password='" + marker("WrongDsnPw") + "'", lake.properties());
        assertNoMarkerAnywhere();
    }
}
