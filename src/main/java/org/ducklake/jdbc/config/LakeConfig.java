package org.ducklake.jdbc.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.ducklake.jdbc.sql.KeyValueDsn;

/**
 * One connection's configuration, parsed and checked once, immutable and typed.
 *
 * <p>Precedence, written down once: a {@code ;key=value} in the URL wins over the same key in the
 * {@link Properties}; inside a server DSN, a {@code user=} or {@code password=} written in the URL wins over
 * the {@code user}/{@code password} Properties. A key twice in the URL, an unknown key, or a value of the
 * wrong type is an error. An empty Properties value counts as not given (tools send {@code user=""}).
 *
 * <p>Two configs are equal when they would build the same engine instance: see {@link #sameInstance}.
 */
public final class LakeConfig {
    /** DSN keys whose values are never shown (the password itself is moved out of the DSN). */
    private static final String[] SENSITIVE_DSN_KEYS = {"password", "sslpassword"};

    private final CatalogType catalogType;
    /** File catalogs: the file path. */
    private final String catalogPath;
    /** Server catalogs: the DSN without its password (the password is {@link LakeProperty#PASSWORD}). */
    private final KeyValueDsn catalogDsn;
    private final Map<LakeProperty, Object> values;
    /** Options as they were written in the URL (for the masked URL), sensitive ones left out. */
    private final Map<String, String> urlOptions;

    private LakeConfig(CatalogType catalogType, String catalogPath, KeyValueDsn catalogDsn,
                       Map<LakeProperty, Object> values, Map<String, String> urlOptions) {
        this.catalogType = catalogType;
        this.catalogPath = catalogPath;
        this.catalogDsn = catalogDsn;
        this.values = values;
        this.urlOptions = urlOptions;
    }

    public static boolean acceptsUrl(String url) {
        return ConnectionUrl.accepts(url);
    }

    /**
     * Parses a URL and Properties.
     *
     * @throws InvalidConfigException naming what is wrong; its message holds no property value
     */
    public static LakeConfig parse(String url, Properties info) throws InvalidConfigException {
        ConnectionUrl parsed;
        try {
            parsed = ConnectionUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
        Map<LakeProperty, Object> values = new EnumMap<>(LakeProperty.class);
        Map<String, String> shownOptions = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : parsed.options.entrySet()) {
            LakeProperty p = property(e.getKey(), "URL option");
            values.put(p, parse(p, e.getValue()));
            if (!p.isSensitive()) {
                shownOptions.put(p.key(), e.getValue());
            }
        }
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                String text = info.getProperty(key);
                LakeProperty p = property(key, "property");
                if (text == null || text.isEmpty() || values.containsKey(p)) {
                    continue;
                }
                values.put(p, parse(p, text));
            }
        }

        String path = null;
        KeyValueDsn dsn = null;
        if (parsed.type.isServer()) {
            dsn = serverDsn(parsed.location, values);
        } else {
            path = parsed.location;
            // A file catalog has no login; a user or password from a tool's dialog is not used.
            values.remove(LakeProperty.USER);
            values.remove(LakeProperty.PASSWORD);
        }
        LakeConfig config = new LakeConfig(parsed.type, path, dsn, Collections.unmodifiableMap(values),
                Collections.unmodifiableMap(shownOptions));
        config.crossCheck();
        return config;
    }

    private static LakeProperty property(String key, String where) throws InvalidConfigException {
        LakeProperty p = LakeProperty.byKey(key.trim().toLowerCase(Locale.ROOT)).orElse(null);
        if (p == null) {
            String near = LakeProperty.closestKeys(key.trim().toLowerCase(Locale.ROOT));
            throw new InvalidConfigException("unknown " + where + " \"" + ConnectionUrl.safeKey(key) + "\""
                    + (near.isEmpty() ? "" : " (did you mean " + near + "?)"));
        }
        return p;
    }

    private static Object parse(LakeProperty p, String text) throws InvalidConfigException {
        try {
            return p.parse(text);
        } catch (IllegalArgumentException e) {
            // The message says what was expected, never echoes the value (it may be a secret).
            throw new InvalidConfigException("invalid value for " + p.key() + ": " + e.getMessage());
        }
    }

    private static KeyValueDsn serverDsn(String location, Map<LakeProperty, Object> values)
            throws InvalidConfigException {
        if (location.contains("://")) {
            throw new InvalidConfigException("the catalog connection string must be libpq's key=value form "
                    + "(host=… port=… dbname=…), not a URI");
        }
        KeyValueDsn dsn;
        try {
            dsn = KeyValueDsn.parse(location);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
        if (dsn.has("password")) {
            values.put(LakeProperty.PASSWORD, Secret.of(dsn.get("password")));
            dsn = dsn.without("password");
        }
        if (dsn.has("user")) {
            values.put(LakeProperty.USER, dsn.get("user"));
        } else if (values.containsKey(LakeProperty.USER)) {
            dsn = dsn.with("user", (String) values.get(LakeProperty.USER));
        }
        return dsn;
    }

    private void crossCheck() throws InvalidConfigException {
        if (isSet(LakeProperty.SNAPSHOT_VERSION) && isSet(LakeProperty.SNAPSHOT_TIME)) {
            throw new InvalidConfigException("snapshot_version and snapshot_time exclude each other: give one");
        }
        boolean snapshot = isSet(LakeProperty.SNAPSHOT_VERSION) || isSet(LakeProperty.SNAPSHOT_TIME);
        if (snapshot && isSet(LakeProperty.READ_ONLY) && !bool(LakeProperty.READ_ONLY)) {
            throw new InvalidConfigException("read_only=false conflicts with "
                    + (isSet(LakeProperty.SNAPSHOT_VERSION) ? "snapshot_version" : "snapshot_time")
                    + ": a snapshot is always read-only");
        }
        boolean s3Data = isSet(LakeProperty.DATA_PATH) && string(LakeProperty.DATA_PATH).startsWith("s3://");
        for (LakeProperty p : LakeProperty.values()) {
            if (p.key().startsWith("s3_") && isSet(p) && !s3Data) {
                throw new InvalidConfigException(p.key() + " is set but data_path is "
                        + (isSet(LakeProperty.DATA_PATH) ? "not an s3:// path" : "not set"));
            }
        }
        if (isSet(LakeProperty.S3_ACCESS_KEY_ID) != isSet(LakeProperty.S3_SECRET_ACCESS_KEY)) {
            throw new InvalidConfigException("s3_access_key_id and s3_secret_access_key go together: give both");
        }
    }

    public CatalogType catalogType() {
        return catalogType;
    }

    /** The catalog file of a DuckDB or SQLite catalog. */
    public String catalogPath() {
        return catalogPath;
    }

    /** The DSN of a server catalog, without its password. */
    public KeyValueDsn catalogDsn() {
        return catalogDsn;
    }

    public boolean isSet(LakeProperty p) {
        return values.containsKey(p) || p.defaultValue() != null;
    }

    public boolean isExplicit(LakeProperty p) {
        return values.containsKey(p);
    }

    private Object value(LakeProperty p) {
        Object v = values.get(p);
        if (v == null && p.defaultValue() != null) {
            v = p.parse(p.defaultValue());
        }
        if (v == null) {
            throw new IllegalStateException(p.key() + " is not set");
        }
        return v;
    }

    public String string(LakeProperty p) {
        return (String) value(p);
    }

    public boolean bool(LakeProperty p) {
        return (Boolean) value(p);
    }

    public long integer(LakeProperty p) {
        return (Long) value(p);
    }

    public Secret secret(LakeProperty p) {
        return (Secret) value(p);
    }

    public String alias() {
        return string(LakeProperty.ALIAS);
    }

    /** The catalog user, or empty. */
    public String user() {
        return isSet(LakeProperty.USER) ? string(LakeProperty.USER) : "";
    }

    /** A copy with one more value (for the driver's own resolution, e.g. the login timeout). */
    public LakeConfig with(LakeProperty p, String text) {
        Map<LakeProperty, Object> m = new EnumMap<>(LakeProperty.class);
        m.putAll(values);
        m.put(p, p.parse(text));
        return new LakeConfig(catalogType, catalogPath, catalogDsn, Collections.unmodifiableMap(m), urlOptions);
    }

    /** The URL with every sensitive value left out: what getURL, logs and messages show. */
    public String maskedUrl() {
        StringBuilder sb = new StringBuilder(ConnectionUrl.PREFIX).append(catalogType.prefix()).append(':');
        if (catalogType.isServer()) {
            KeyValueDsn shown = catalogDsn;
            for (String key : SENSITIVE_DSN_KEYS) {
                shown = shown.without(key);
            }
            sb.append(shown.render());
        } else {
            sb.append(catalogPath);
        }
        for (Map.Entry<String, String> e : urlOptions.entrySet()) {
            sb.append(';').append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** The part of the config that decides the engine instance: everything but per-connect settings. */
    private Map<LakeProperty, Object> instanceValues() {
        Map<LakeProperty, Object> m = new EnumMap<>(LakeProperty.class);
        m.putAll(values);
        m.remove(LakeProperty.LOGIN_TIMEOUT);
        return m;
    }

    /** Whether two configs would build the same engine instance (so connections may share it). */
    public boolean sameInstance(LakeConfig o) {
        return catalogType == o.catalogType && Objects.equals(catalogPath, o.catalogPath)
                && Objects.equals(catalogDsn, o.catalogDsn) && instanceValues().equals(o.instanceValues());
    }

    /** A key object whose equals is {@link #sameInstance}. */
    public Object instanceKey() {
        return new InstanceKey(this);
    }

    private static final class InstanceKey {
        private final LakeConfig config;

        InstanceKey(LakeConfig config) {
            this.config = config;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InstanceKey && config.sameInstance(((InstanceKey) o).config);
        }

        @Override
        public int hashCode() {
            return Objects.hash(config.catalogType, config.catalogPath, config.catalogDsn, config.instanceValues());
        }

        @Override
        public String toString() {
            return config.maskedUrl();
        }
    }

    @Override
    public String toString() {
        return "LakeConfig[" + maskedUrl() + "]";
    }
}
