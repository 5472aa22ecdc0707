package org.ducklake.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.ducklake.jdbc.wrapper.LakeConnection;
import org.junit.jupiter.api.Test;

/** {@link DuckLakeDataSource}: one bean property per {@link LakeProperty}, real connects, HikariCP. */
class DuckLakeDataSourceTest {
    private static final String CANARY = "Canary-ds-7Q";

    // ---------------------------------------------------------------------------------------------------
    // The bean properties follow the declaration

    /** {@code s3_access_key_id} → {@code S3AccessKeyId}. */
    private static String camel(String key) {
        StringBuilder sb = new StringBuilder();
        for (String part : key.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /** {@code s3_access_key_id} → {@code s3AccessKeyId}, the name a HikariCP data source property has. */
    private static String beanName(String key) {
        String c = camel(key);
        return Character.toLowerCase(c.charAt(0)) + c.substring(1);
    }

    private static Class<?> setterType(LakeProperty p) {
        if (p == LakeProperty.LOGIN_TIMEOUT) {
            return int.class; // DataSource.setLoginTimeout(int)
        }
        switch (p.type().name()) {
            case "BOOLEAN":
                return Boolean.class;
            case "INTEGER":
            case "STRING":
            case "ENUM":
            case "IDENTIFIER":
            case "DURATION":
            case "DECIMAL":
                return String.class;
            default:
                throw new AssertionError("decide the DuckLakeDataSource setter type for ValueType " + p.type()
                        + " (property " + p.key() + ") and add it here");
        }
    }

    private static Method setter(LakeProperty p) {
        String name = "set" + camel(p.key());
        List<Method> found = Arrays.stream(DuckLakeDataSource.class.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1)
                .collect(Collectors.toList());
        assertThat(found)
                .as(
                        "DuckLakeDataSource needs exactly one public %s(…) for property %s "
                                + "(HikariCP takes the first setter of a name it finds)",
                        name, p.key())
                .hasSize(1);
        return found.get(0);
    }

    private static Method getter(LakeProperty p) {
        try {
            return DuckLakeDataSource.class.getMethod("get" + camel(p.key()));
        } catch (NoSuchMethodException e) {
            throw new AssertionError("DuckLakeDataSource has no get" + camel(p.key()) + "() for property " + p.key());
        }
    }

    /** A valid value for the setter, and the text the driver should receive for it. */
    private static Object sample(LakeProperty p) {
        Class<?> t = setterType(p);
        if (t == int.class) {
            return 7;
        }
        if (t == Boolean.class) {
            return true;
        }
        switch (p.type().name()) {
            case "INTEGER":
                return "3";
            case "ENUM":
                return p.choices()[p.choices().length - 1];
            case "IDENTIFIER":
                return "ident_" + p.ordinal();
            case "DURATION":
                return "45s";
            case "DECIMAL":
                return "1.5";
            default:
                return "value of " + p.key() + " " + CANARY;
        }
    }

    @Test
    void everyLakePropertyHasASetterAndGetterOfItsType() {
        List<String> problems = new ArrayList<>();
        for (LakeProperty p : LakeProperty.values()) {
            try {
                Method set = setter(p);
                assertThat(set.getParameterTypes()[0])
                        .as("parameter type of %s", set.getName())
                        .isEqualTo(setterType(p));
                assertThat(set.getReturnType()).isEqualTo(void.class);
                Method get = getter(p);
                assertThat(get.getReturnType())
                        .as("return type of %s", get.getName())
                        .isEqualTo(setterType(p));
                assertThat(Modifier.isStatic(set.getModifiers()) || Modifier.isStatic(get.getModifiers()))
                        .isFalse();
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        assertThat(problems)
                .as("every LakeProperty must be a bean property of DuckLakeDataSource")
                .isEmpty();
    }

    /** What Spring and bean tools see: every property read-write, getter and setter of one type. */
    @Test
    void introspectorSeesEveryPropertyReadWrite() throws Exception {
        Map<String, PropertyDescriptor> byName = new HashMap<>();
        List<String> readOnly = new ArrayList<>();
        for (PropertyDescriptor d :
                Introspector.getBeanInfo(DuckLakeDataSource.class).getPropertyDescriptors()) {
            byName.put(d.getName(), d);
            if (d.getWriteMethod() == null) {
                readOnly.add(d.getName());
            }
        }
        // Only what Object and DataSource themselves declare: getClass, getConnection, getParentLogger.
        assertThat(readOnly)
                .as("read-only bean properties")
                .containsExactlyInAnyOrder("class", "connection", "parentLogger");
        List<String> expected = new ArrayList<>(List.of("url", "logWriter"));
        for (LakeProperty p : LakeProperty.values()) {
            expected.add(beanName(p.key()));
        }
        for (String name : expected) {
            PropertyDescriptor d = byName.get(name);
            assertThat(d).as("bean property %s", name).isNotNull();
            assertThat(d.getReadMethod()).as("getter of %s", name).isNotNull();
            assertThat(d.getWriteMethod()).as("setter of %s", name).isNotNull();
            assertThat(d.getWriteMethod().getParameterTypes()[0])
                    .as("setter type of %s", name)
                    .isEqualTo(d.getReadMethod().getReturnType());
        }
    }

    @Test
    void eachSetterLandsAsItsKeyAndEachGetterReadsItBack() throws Exception {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        Map<String, String> expected = new HashMap<>();
        for (LakeProperty p : LakeProperty.values()) {
            Object v = sample(p);
            setter(p).invoke(ds, v);
            expected.put(p.key(), String.valueOf(v));
        }
        Map<String, String> handed = new HashMap<>();
        Properties props = ds.connectionProperties();
        for (String k : props.stringPropertyNames()) {
            handed.put(k, props.getProperty(k));
        }
        assertThat(handed).isEqualTo(expected);

        for (LakeProperty p : LakeProperty.values()) {
            Object got = getter(p).invoke(ds);
            if (p.isSensitive()) {
                assertThat(got).as("getter of sensitive %s", p.key()).isNull();
            } else {
                assertThat(got).as("getter of %s", p.key()).isEqualTo(sample(p));
            }
        }

        // null clears a property; the generic setter reaches the same keys.
        ds.setReadOnly(null);
        assertThat(ds.getReadOnly()).isNull();
        ds.setSnapshotVersion(null);
        assertThat(ds.connectionProperties().getProperty("snapshot_version")).isNull();
        ds.setDataPath(null);
        assertThat(ds.connectionProperties().getProperty("data_path")).isNull();
        assertThat(ds.getDataPath()).isNull();
        ds.setProperty("DATA_PATH", "/tmp/x/");
        assertThat(ds.getDataPath()).isEqualTo("/tmp/x/");
        ds.setProperty("threads", "2");
        assertThat(ds.connectionProperties().getProperty("threads")).isEqualTo("2");
        assertThat(ds.getProperty("threads")).isEqualTo("2");
    }

    @Test
    void unsetGettersAreNullAndBadValuesAreRejectedWithoutEchoingThem() {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        assertThat(ds.getDataPath()).isNull();
        assertThat(ds.getReadOnly()).isNull();
        assertThat(ds.getSnapshotVersion()).isNull();
        assertThat(ds.getUrl()).isNull();
        assertThat(ds.connectionProperties()).isEmpty();

        assertThatThrownBy(() -> ds.setS3UrlStyle("sideways-" + CANARY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3_url_style")
                .hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> ds.setAlias("no spaces " + CANARY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> ds.setSnapshotVersion("-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("snapshot_version");
        assertThatThrownBy(() -> ds.setProperty("login_timeout", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("login_timeout");
        assertThat(ds.connectionProperties()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------
    // Secrets

    @Test
    void sensitiveGettersReturnNullAndToStringShowsNoSecret() {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl("jdbc:ducklake:postgres:host=127.0.0.1 password='" + CANARY + " ;x' dbname=db"
                + ";s3_secret_access_key=" + CANARY + "-url;alias=shown_alias");
        ds.setPassword(CANARY + "-pw");
        ds.setS3SecretAccessKey(CANARY + "-s3");
        ds.setS3SessionToken(CANARY + "-token");
        ds.setProperty("custom_secret_thing", CANARY + "-custom");
        ds.setS3AccessKeyId("AKIA-visible");
        ds.setDataPath("s3://bucket/visible/");

        assertThat(ds.getPassword()).isNull();
        assertThat(ds.getS3SecretAccessKey()).isNull();
        assertThat(ds.getS3SessionToken()).isNull();
        assertThat(ds.getProperty("password")).isNull();
        assertThat(ds.getProperty("custom_secret_thing")).isNull();
        for (LakeProperty p : LakeProperty.values()) {
            if (p.isSensitive()) {
                try {
                    assertThat(getter(p).invoke(ds))
                            .as("getter of sensitive %s", p.key())
                            .isNull();
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        // Kept, and handed to the driver.
        assertThat(ds.connectionProperties().getProperty("password")).isEqualTo(CANARY + "-pw");
        assertThat(ds.connectionProperties().getProperty("s3_secret_access_key"))
                .isEqualTo(CANARY + "-s3");

        String shown = ds.toString();
        assertThat(shown)
                .doesNotContain(CANARY)
                .contains("host=127.0.0.1", "alias=shown_alias", "AKIA-visible", "s3://bucket/visible/");
        assertThat(ds.getUrl()).isEqualTo("jdbc:ducklake:postgres:host=127.0.0.1 dbname=db;alias=shown_alias");
    }

    @Test
    void getUrlLeavesSensitiveValuesOutTheWayGetUrlOfTheConnectionDoes() {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl("jdbc:ducklake:postgres:host=h user=u password=" + CANARY + " sslpassword='" + CANARY + " x'");
        assertThat(ds.getUrl()).isEqualTo("jdbc:ducklake:postgres:host=h user=u");
        ds.setUrl("jdbc:ducklake:/m.ducklake;S3_SECRET_ACCESS_KEY = " + CANARY + ";threads=2;http_proxy_password="
                + CANARY);
        assertThat(ds.getUrl()).isEqualTo("jdbc:ducklake:duckdb:/m.ducklake;threads=2");
        ds.setUrl("jdbc:ducklake:;profile=prod");
        assertThat(ds.getUrl()).isEqualTo("jdbc:ducklake:;profile=prod");
        // Text the driver cannot read: nothing in it can be told apart from a secret.
        ds.setUrl("jdbc:ducklake:postgres:host=h password='" + CANARY);
        assertThat(ds.getUrl()).isNull();
        assertThat(ds.toString()).doesNotContain(CANARY);
        ds.setUrl("jdbc:duckdb:md:?motherduck_token=" + CANARY);
        assertThat(ds.getUrl()).isNull();
    }

    // ---------------------------------------------------------------------------------------------------
    // Real connections

    private static void createAndFill(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER, name VARCHAR)");
            s.execute("INSERT INTO customers VALUES (1, 'Alice'), (2, 'Bob')");
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void connectsThroughTheDriverWithTheSettersProperties() throws Exception {
        TestLakes.FileLake lake = TestLakes.file("datasource-duckdb").withLocalDataPath();
        Path dir = lake.directory();
        String url = lake.url();
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl(url);
        ds.setDataPath(dir.resolve("data") + "/");
        ds.setExtensionDirectory(TestLakes.extensionDirectory());
        ds.setAlias("dslake");
        ds.setLoginTimeout(60);

        try (Connection c = ds.getConnection()) {
            assertThat(c).isInstanceOf(LakeConnection.class);
            createAndFill(c);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("dslake");
            }
        }

        try (Connection c = lake.with("alias", "dslake").connect()) {
            assertThat(rows(c, "SELECT id, name FROM dslake.customers ORDER BY id"))
                    .containsExactly("1 Alice", "2 Bob");
        }
        assertThat(dir.resolve("data")).isDirectory();
    }

    @Test
    void userAndPasswordOfGetConnectionApplyToThatCallOnly() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl(lake.url());
        Properties lp = lake.properties();
        for (String k : lp.stringPropertyNames()) {
            ds.setProperty(k, lp.getProperty(k));
        }
        ds.setPassword("wrong-" + CANARY);

        try (Connection c = ds.getConnection(lake.user, lake.password)) {
            createAndFill(c);
        }
        SQLException e = catchThrowableOfType(
                SQLException.class, () -> ds.getConnection().close());
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(CANARY);

        ds.setPassword(lake.password);
        try (Connection c = ds.getConnection()) {
            assertThat(rows(c, "SELECT id, name FROM customers ORDER BY id")).containsExactly("1 Alice", "2 Bob");
        }
    }

    @Test
    void aUrlThatIsNotOursFailsWith08001() {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        SQLException none = catchThrowableOfType(SQLException.class, ds::getConnection);
        assertThat(none.getSQLState()).isEqualTo("08001");
        assertThat(none.getMessage()).isEqualTo("URL must start with jdbc:ducklake:");
        ds.setUrl("jdbc:duckdb:");
        SQLException other = catchThrowableOfType(SQLException.class, ds::getConnection);
        assertThat(other.getSQLState()).isEqualTo("08001");
        assertThat(other.getMessage()).isEqualTo("URL must start with jdbc:ducklake:");
    }

    // ---------------------------------------------------------------------------------------------------
    // HikariCP

    @Test
    void hikariPoolWithDataSourceClassName() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSourceClassName("org.ducklake.jdbc.DuckLakeDataSource");
        cfg.addDataSourceProperty("url", lake.url());
        Properties lp = lake.properties();
        for (String k : lp.stringPropertyNames()) {
            // HikariCP turns "s3UseSsl" into setS3UseSsl(Boolean) with Boolean.parseBoolean("false").
            cfg.addDataSourceProperty(beanName(k), lp.getProperty(k));
        }
        cfg.addDataSourceProperty("extensionDirectory", TestLakes.extensionDirectory());
        cfg.addDataSourceProperty("loginTimeout", "20");
        cfg.addDataSourceProperty("instanceIdleTimeout", "30s");
        cfg.setMaximumPoolSize(4);
        cfg.setPoolName("ducklake-ds-test");

        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            DuckLakeDataSource ds = pool.unwrap(DuckLakeDataSource.class);
            assertThat(ds.getUrl()).isEqualTo(lake.url());
            assertThat(ds.getS3UseSsl()).isFalse();
            assertThat(ds.getPassword()).isNull();
            assertThat(ds.connectionProperties().getProperty("password")).isEqualTo(lake.password);
            assertThat(ds.getInstanceIdleTimeout()).isEqualTo("30s");
            // HikariCP sets the data source's login timeout itself after the properties, from its
            // connectionTimeout (default 30 s, + 0.5 s, in whole seconds): the "loginTimeout" 20 is overwritten.
            assertThat(ds.getLoginTimeout()).isEqualTo(30);

            try (Connection c = pool.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE events (id INTEGER, source VARCHAR)");
                }
            }

            CyclicBarrier bothHoldAConnection = new CyclicBarrier(2);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<Connection>> done = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int n = t;
                    done.add(threads.submit(() -> {
                        try (Connection c = pool.getConnection()) {
                            bothHoldAConnection.await(20, TimeUnit.SECONDS);
                            try (Statement s = c.createStatement()) {
                                s.execute("INSERT INTO events SELECT range + " + (n * 100) + ", 'thread " + n
                                        + "' FROM range(3)");
                            }
                            assertThat(rows(
                                            c,
                                            "SELECT count(*), min(source) FROM events WHERE source = 'thread " + n
                                                    + "'"))
                                    .containsExactly("3 thread " + n);
                            return c.unwrap(LakeConnection.class);
                        }
                    }));
                }
                Connection first = done.get(0).get(30, TimeUnit.SECONDS);
                Connection second = done.get(1).get(30, TimeUnit.SECONDS);
                assertThat(first).as("two pooled connections at once").isNotSameAs(second);
            } finally {
                threads.shutdownNow();
            }

            try (Connection c = pool.getConnection()) {
                assertThat(rows(c, "SELECT count(*), string_agg(DISTINCT source, ',' ORDER BY source) FROM events"))
                        .containsExactly("6 thread 0,thread 1");
            }
        }

        // The pool is closed; the data is in the lake.
        try (Connection c = lake.connect()) {
            assertThat(rows(c, "SELECT count(*), max(id) FROM events")).containsExactly("6 102");
        }
    }

    @Test
    void hikariPoolWithIsolationAndReadOnlySettingsStarts() throws Exception {
        Path dir = TestLakes.freshDirectory("datasource-hikari");
        HikariConfig cfg = new HikariConfig();
        cfg.setDataSourceClassName(DuckLakeDataSource.class.getName());
        cfg.addDataSourceProperty("url", "jdbc:ducklake:" + dir.resolve("meta.ducklake"));
        cfg.addDataSourceProperty("dataPath", dir.resolve("data") + "/");
        cfg.addDataSourceProperty("extensionDirectory", TestLakes.extensionDirectory());
        cfg.addDataSourceProperty("readOnly", "false");
        cfg.addDataSourceProperty("dataInliningRowLimit", "5");
        cfg.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
        cfg.setReadOnly(false);
        cfg.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            DuckLakeDataSource ds = pool.unwrap(DuckLakeDataSource.class);
            assertThat(ds.getReadOnly()).isFalse();
            assertThat(ds.getDataInliningRowLimit()).isEqualTo("5");
            try (Connection c = pool.getConnection()) {
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
                assertThat(c.isReadOnly()).isFalse();
                createAndFill(c);
                assertThat(rows(c, "SELECT id, name FROM customers ORDER BY id"))
                        .containsExactly("1 Alice", "2 Bob");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Login timeout

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static DuckLakeDataSource postgresAt(int port) {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl("jdbc:ducklake:postgres:host=127.0.0.1 port=" + port + " dbname=x");
        ds.setUser("nobody");
        ds.setPassword(CANARY);
        ds.setExtensionDirectory(TestLakes.extensionDirectory());
        return ds;
    }

    @Test
    void loginTimeoutIsTheLoginTimeoutProperty() throws Exception {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        assertThat(ds.getLoginTimeout()).isEqualTo(Integer.parseInt(LakeProperty.LOGIN_TIMEOUT.defaultValue()));
        ds.setLoginTimeout(7);
        assertThat(ds.getLoginTimeout()).isEqualTo(7);
        assertThat(ds.connectionProperties().getProperty("login_timeout")).isEqualTo("7");
        ds.setProperty("login_timeout", "2m");
        assertThat(ds.getLoginTimeout()).isEqualTo(120);

        // A closed port: refused at once.
        DuckLakeDataSource refused = postgresAt(closedPort());
        refused.setLoginTimeout(2);
        long start = System.nanoTime();
        SQLException e = catchThrowableOfType(
                SQLException.class, () -> refused.getConnection().close());
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getSQLState()).startsWith("08");
        assertThat(e.getMessage()).doesNotContain(CANARY);
        assertThat(elapsedMs(start)).isLessThan(10_000);

        // A port that accepts TCP but never answers: only the login timeout ends the connect.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            DuckLakeDataSource hanging = postgresAt(silent.getLocalPort());
            hanging.setLoginTimeout(2);
            start = System.nanoTime();
            SQLException t = catchThrowableOfType(
                    SQLException.class, () -> hanging.getConnection().close());
            long ms = elapsedMs(start);
            assertThat((Throwable) t).isNotNull();
            assertThat(t.getSQLState()).as("SQLState of %s", t).startsWith("08");
            assertThat(t.getMessage()).doesNotContain(CANARY);
            // Only the timeout can end it: at least most of the 2 s, far less than the default 30 s.
            assertThat(ms).as("connect to a silent server with loginTimeout 2").isBetween(1_500L, 10_000L);
        }
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    // ---------------------------------------------------------------------------------------------------
    // DataSource plumbing

    @Test
    void dataSourcePlumbing() throws Exception {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        assertThat(ds.getLogWriter()).isNull();
        PrintWriter w = new PrintWriter(new StringWriter());
        ds.setLogWriter(w);
        assertThat(ds.getLogWriter()).isSameAs(w);
        assertThat(ds.getParentLogger().getName()).isEqualTo("org.ducklake.jdbc");
        assertThat(ds.isWrapperFor(DataSource.class)).isTrue();
        assertThat(ds.isWrapperFor(DuckLakeDataSource.class)).isTrue();
        assertThat(ds.isWrapperFor(Connection.class)).isFalse();
        assertThat(ds.unwrap(DataSource.class)).isSameAs(ds);
        assertThatThrownBy(() -> ds.unwrap(Connection.class)).isInstanceOf(SQLException.class);

        ds.setUrl("jdbc:ducklake:/tmp/x.ducklake");
        ds.setDataPath("/tmp/x/");
        DuckLakeDataSource copy = deserialize(serialize(ds));
        assertThat(copy.getUrl()).isEqualTo("jdbc:ducklake:duckdb:/tmp/x.ducklake");
        assertThat(copy.connectionProperties()).isEqualTo(ds.connectionProperties());
        assertThat(copy.getLogWriter()).isNull();
    }

    private static byte[] serialize(DuckLakeDataSource ds) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ds);
        }
        return bytes.toByteArray();
    }

    private static DuckLakeDataSource deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (DuckLakeDataSource) in.readObject();
        }
    }

    @Test
    void theSerializedFormHoldsNoSecretAndTheRestSurvives() throws Exception {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl("jdbc:ducklake:postgres:host=h password='" + CANARY + "-dsn' sslpassword=" + CANARY
                + "-ssl dbname=d;s3_session_token=" + CANARY + "-url;alias=from_url");
        ds.setUser("lake");
        ds.setPassword(CANARY + "-pw");
        ds.setDataPath("s3://bucket/data/");
        ds.setS3AccessKeyId("AKIA-visible");
        ds.setS3SecretAccessKey(CANARY + "-s3");
        ds.setS3SessionToken(CANARY + "-token");
        ds.setReadOnly(true);
        ds.setSnapshotVersion("12");
        ds.setInstanceIdleTimeout("30s");
        ds.setProperty("threads", "2");
        ds.setProperty("http_proxy_password", CANARY + "-proxy");

        byte[] bytes = serialize(ds);
        // Java serialization writes these ASCII strings byte for byte (modified UTF-8).
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);

        DuckLakeDataSource copy = deserialize(bytes);
        assertThat(copy.getUrl())
                .isEqualTo("jdbc:ducklake:postgres:host=h dbname=d;alias=from_url")
                .isEqualTo(ds.getUrl());
        assertThat(copy.getUser()).isEqualTo("lake");
        assertThat(copy.getDataPath()).isEqualTo("s3://bucket/data/");
        assertThat(copy.getS3AccessKeyId()).isEqualTo("AKIA-visible");
        assertThat(copy.getReadOnly()).isTrue();
        assertThat(copy.getSnapshotVersion()).isEqualTo("12");
        assertThat(copy.getInstanceIdleTimeout()).isEqualTo("30s");
        assertThat(copy.getProperty("threads")).isEqualTo("2");
        Properties handed = copy.connectionProperties();
        assertThat(handed.stringPropertyNames())
                .doesNotContain("password", "s3_secret_access_key", "s3_session_token", "http_proxy_password");
        // The original keeps its secrets.
        assertThat(ds.connectionProperties().getProperty("password")).isEqualTo(CANARY + "-pw");
    }
}
