package org.ducklake.jdbc;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * A {@link DataSource} for {@code jdbc:ducklake:} lakes, configured through JavaBean properties: the URL
 * plus one setter and getter per driver property ({@link LakeProperty}), named in camelCase from the
 * property's key ({@code data_path} → {@link #setDataPath}, {@code s3_secret_access_key} →
 * {@link #setS3SecretAccessKey}). It can be a HikariCP {@code dataSourceClassName}:
 *
 * <pre>
 * HikariConfig cfg = new HikariConfig();
 * cfg.setDataSourceClassName("org.ducklake.jdbc.DuckLakeDataSource");
 * cfg.addDataSourceProperty("url", "jdbc:ducklake:postgres:host=db port=5432 dbname=lakehouse");
 * cfg.addDataSourceProperty("user", "lake");
 * cfg.addDataSourceProperty("password", "…");
 * cfg.addDataSourceProperty("dataPath", "s3://lake-bucket/data/");
 * </pre>
 *
 * <p>Each property's getter and setter have one type, so {@link java.beans.Introspector} (and Spring) see it
 * as read-write: {@link Boolean} for true/false properties, {@code String} for everything else, whole numbers
 * included. Both are nullable, so "unset" (the driver's default applies) survives a round trip, and both are
 * types HikariCP turns its text into: it converts text only to int, long, short, boolean, {@code Boolean}
 * and a few arrays, and hands any other setter ({@code Long}) the String, which fails. Durations are text
 * for a second reason: HikariCP would read {@code "30s"} given to a {@code long} setter as 30000
 * milliseconds. Each name has exactly one one-argument setter, because HikariCP picks the first setter of a
 * name it finds. Getters return the value as set, or null when it is unset. A setter checks its value the
 * way the driver does and throws {@link IllegalArgumentException} naming the property (never echoing the
 * value); null removes the value.
 *
 * <p><b>Sensitive properties</b> ({@link LakeProperty#isSensitive()}: {@code password},
 * {@code s3_secret_access_key}, …) are kept and handed to the driver, but their getters always return null,
 * and {@link #getUrl()} and {@link #toString()} leave them out (a {@code password=} in the URL's DSN included),
 * so tools that dump a data source's getters (JMX, Spring Boot's actuator) never show a secret. The
 * serialized form leaves them out too: a deserialized copy needs its secrets set again.
 *
 * <p>{@link #setLoginTimeout(int)} is both the JDBC data source method and the {@code login_timeout}
 * property: one value. {@link #setProperty(String, String)} passes any other key (DuckDB settings such as
 * {@code threads}) through to the driver. Connections are opened by {@link DuckLakeDriver} directly; the
 * data source does not need the driver to be registered with {@code DriverManager}.
 */
public class DuckLakeDataSource extends DataSourceProperties implements DataSource, Serializable {
    private static final long serialVersionUID = 1L;

    private static final Logger PARENT_LOGGER = Logger.getLogger("org.ducklake.jdbc");

    private String url;
    /** Every property as text, keyed by {@link LakeProperty#key()} (or the setting's own key). */
    private final Properties properties = new Properties();

    private transient PrintWriter logWriter;

    public DuckLakeDataSource() {}

    // ---------------------------------------------------------------------------------------------------
    // Connections

    @Override
    public Connection getConnection() throws SQLException {
        return connect(connectionProperties());
    }

    /**
     * A connection as {@code user} with {@code password}: they replace the configured ones for this call
     * only. A null argument keeps the configured value.
     */
    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties p = connectionProperties();
        if (user != null) {
            p.setProperty(LakeProperty.USER.key(), user);
        }
        if (password != null) {
            p.setProperty(LakeProperty.PASSWORD.key(), password);
        }
        return connect(p);
    }

    private Connection connect(Properties p) throws SQLException {
        String u = url;
        Connection c = u == null ? null : new DuckLakeDriver().connect(u, p);
        if (c == null) {
            throw SqlErrors.invalidConfiguration("URL must start with jdbc:ducklake:");
        }
        return c;
    }

    /** A copy of what {@link #getConnection()} hands the driver, secrets included. */
    Properties connectionProperties() {
        Properties copy = new Properties();
        synchronized (properties) {
            for (String key : properties.stringPropertyNames()) {
                copy.setProperty(key, properties.getProperty(key));
            }
        }
        return copy;
    }

    // ---------------------------------------------------------------------------------------------------
    // URL and generic properties

    /** The {@code jdbc:ducklake:} URL; just {@code jdbc:ducklake:} when a profile names the catalog. */
    public void setUrl(String url) {
        this.url = url;
    }

    /**
     * The URL with every sensitive value left out ({@code password=} inside the DSN,
     * {@code ;s3_secret_access_key=…}, …), as {@link java.sql.DatabaseMetaData#getURL()} shows it; null when
     * it is not a {@code jdbc:ducklake:} URL that parses. Tools that dump a data source's getters show it, so
     * it never holds a secret.
     */
    public String getUrl() {
        return LakeConfig.maskedUrl(url);
    }

    /**
     * Sets any property by its key as the driver reads it: a {@link LakeProperty} key ({@code data_path})
     * or a DuckDB setting passed through ({@code threads}, {@code memory_limit}). A null value removes it.
     *
     * @throws IllegalArgumentException when the value is not valid for a driver property
     */
    public void setProperty(String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("property key is null");
        }
        String normalized = key.trim().toLowerCase(Locale.ROOT);
        LakeProperty p = LakeProperty.byKey(normalized).orElse(null);
        if (p != null) {
            put(p, value);
        } else if (value == null) {
            properties.remove(normalized);
        } else {
            properties.setProperty(normalized, value);
        }
    }

    /** The value of a property by key, as text; null when unset or sensitive. */
    public String getProperty(String key) {
        if (key == null) {
            return null;
        }
        String normalized = key.trim().toLowerCase(Locale.ROOT);
        return LakeConfig.isSensitiveKey(normalized) ? null : properties.getProperty(normalized);
    }

    @Override
    void put(LakeProperty p, String text) {
        if (text == null) {
            properties.remove(p.key());
            return;
        }
        try {
            p.parse(text);
        } catch (IllegalArgumentException e) {
            // The message says what was expected, never echoes the value (it may be a secret).
            throw new IllegalArgumentException("invalid value for " + p.key() + ": " + e.getMessage());
        }
        properties.setProperty(p.key(), text);
    }

    @Override
    String text(LakeProperty p) {
        return p.isSensitive() ? null : properties.getProperty(p.key());
    }

    @Override
    Boolean bool(LakeProperty p) {
        String t = text(p);
        return t == null ? null : (Boolean) p.parse(t);
    }

    // ---------------------------------------------------------------------------------------------------
    // One setter and getter per LakeProperty: generated into DataSourceProperties, but for login_timeout,
    // which is also DataSource's own method.

    /**
     * {@code login_timeout}, in seconds: the JDBC data source method, one value with the driver property.
     * 0 means the driver property's 0 (DriverManager's login timeout, or none).
     */
    @Override
    public void setLoginTimeout(int seconds) {
        put(LakeProperty.LOGIN_TIMEOUT, String.valueOf(seconds));
    }

    /**
     * {@code login_timeout} in seconds (a value set with a unit, such as {@code 2m}, is converted); when it
     * is unset, the driver's declared default (30).
     */
    @Override
    public int getLoginTimeout() {
        String t = properties.getProperty(LakeProperty.LOGIN_TIMEOUT.key());
        if (t == null) {
            t = LakeProperty.LOGIN_TIMEOUT.defaultValue();
        }
        return t == null ? 0 : ((Number) LakeProperty.LOGIN_TIMEOUT.parse(t)).intValue();
    }

    // ---------------------------------------------------------------------------------------------------
    // CommonDataSource and Wrapper

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public Logger getParentLogger() {
        return PARENT_LOGGER;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw SqlErrors.create(
                "not a wrapper for " + (iface == null ? "null" : iface.getName()), SqlState.INTERNAL_ERROR, null);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface != null && iface.isInstance(this);
    }

    /** The URL and the properties, sensitive values left out. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DuckLakeDataSource[url=").append(getUrl());
        Properties shown = shownProperties();
        for (String key : new TreeSet<>(shown.stringPropertyNames())) {
            sb.append(", ").append(key).append('=').append(shown.getProperty(key));
        }
        return sb.append(']').toString();
    }

    private Properties shownProperties() {
        Properties shown = connectionProperties();
        shown.keySet().removeIf(key -> LakeConfig.isSensitiveKey((String) key));
        return shown;
    }

    /**
     * Serialized without secrets, so a data source kept in a session or a JNDI tree holds none: the URL as
     * {@link #getUrl()} shows it and the properties that are not sensitive. A copy read back has every other
     * setting and needs its secrets set again.
     */
    private void writeObject(ObjectOutputStream out) throws IOException {
        ObjectOutputStream.PutField fields = out.putFields();
        fields.put("url", getUrl());
        fields.put("properties", shownProperties());
        out.writeFields();
    }
}
