package org.ducklake.jdbc.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.ducklake.jdbc.sql.KeyValueDsn;

/**
 * One connection's configuration, parsed and checked once, immutable and typed.
 *
 * <p>Precedence, written down once: a {@code ;key=value} in the URL wins over the same key in the
 * {@link Properties}, which win over the profile named by {@code profile} (a HOCON file, see
 * {@link ProfileFile}), which wins over the defaults declared in {@link LakeProperty}. The catalog is the
 * URL's, or the profile's {@code catalog} when the URL names none. Inside a server DSN, a {@code user=} or
 * {@code password=} written in the DSN wins over the {@code user}/{@code password} from any other source.
 * A key twice in the URL, an unknown key, or a value of the wrong type is an error. An empty Properties
 * value counts as not given (tools send {@code user=""}); any other blank value of a driver property (in the
 * URL, the profile, or Properties of blanks only) is an error, since the default it would fall back to may be
 * another lake. Keys that are DuckDB settings ({@code threads},
 * {@code memory_limit}, …) pass through to the engine.
 *
 * <p>Two configs are equal when they would build the same engine instance: see {@link #sameInstance}.
 */
public final class LakeConfig {
    /** DuckDB settings of the secret manager: their names say "secret", their values are not secrets. */
    private static final Set<String> SECRET_MANAGER_SETTINGS = Set.of(
            "allow_persistent_secrets", "allow_unredacted_secrets", "default_secret_storage", "secret_directory");

    /** Where the catalog is: its type and file path or DSN. */
    private final Catalog catalog;

    private final Map<LakeProperty, Object> values;
    /** DuckDB settings passed through ({@code threads}, {@code memory_limit}, …), applied to the instance. */
    private final Map<String, String> engineSettings;
    /** Options as they were written in the URL (for the masked URL), sensitive ones left out. */
    private final Map<String, String> urlOptions;

    /** {@link #maskedUrl()}, made on first use (every connect of a cached configuration asks for it). */
    private volatile String maskedUrl;

    /** {@link #instanceKey()}, made on first use, so connects of one cached configuration share one key. */
    private volatile InstanceKey instanceKey;

    /**
     * The catalog of a config as parsed from its URL (or profile): equal when it is the same catalog, secrets
     * included.
     */
    private static final class Catalog {
        final CatalogType type;
        /** File catalogs: the file path. */
        final String path;
        /** Server catalogs: the DSN without its password (the password is {@link LakeProperty#PASSWORD}). */
        final KeyValueDsn dsn;
        /** Server catalogs: the DSN's other sensitive keys ({@code sslpassword}), taken out of it, by key. */
        final Map<String, Secret> dsnSecrets;

        Catalog(CatalogType type, String path, KeyValueDsn dsn, Map<String, Secret> dsnSecrets) {
            this.type = type;
            this.path = path;
            this.dsn = dsn;
            this.dsnSecrets = dsnSecrets;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Catalog)) {
                return false;
            }
            Catalog c = (Catalog) o;
            return type == c.type
                    && Objects.equals(path, c.path)
                    && Objects.equals(dsn, c.dsn)
                    && dsnSecrets.equals(c.dsnSecrets);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, path, dsn, dsnSecrets);
        }
    }

    private LakeConfig(
            Catalog catalog,
            Map<LakeProperty, Object> values,
            Map<String, String> engineSettings,
            Map<String, String> urlOptions) {
        this.catalog = catalog;
        this.values = values;
        this.engineSettings = engineSettings;
        this.urlOptions = urlOptions;
    }

    public static boolean acceptsUrl(String url) {
        return ConnectionUrl.accepts(url);
    }

    /**
     * Parses a URL and Properties, with the profile they name.
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
        Sources sources = Sources.read(parsed.options, info, false);
        Map<String, String> fromProperties = sources.fromProperties;
        Map<String, String> fromUrl = sources.fromUrl;
        Map<String, String> fromProfile = sources.fromProfile;
        String profile = sources.profile;
        String profileCatalog = fromProfile.remove(ProfileFile.CATALOG_KEY);

        ConnectionUrl catalog = parsed;
        if (parsed.type == null) {
            if (profileCatalog == null) {
                throw new InvalidConfigException(ConnectionUrl.noCatalogMessage());
            }
            try {
                catalog = ConnectionUrl.catalog(profileCatalog, parsed.options, false);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("profile \"" + profile + "\": " + e.getMessage());
            }
        }

        Map<LakeProperty, Object> values = new EnumMap<>(LakeProperty.class);
        Map<String, String> engine = new TreeMap<>();
        store(fromProfile, "profile key", values, engine);
        store(fromProperties, "property", values, engine);
        store(fromUrl, "URL option", values, engine);

        Map<String, String> shownOptions = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fromUrl.entrySet()) {
            if (!isSensitiveKey(e.getKey())) {
                shownOptions.put(e.getKey(), e.getValue());
            }
        }

        String path = null;
        KeyValueDsn dsn = null;
        Map<String, Secret> dsnSecrets = new TreeMap<>();
        if (catalog.type.isServer()) {
            dsn = serverDsn(catalog.type, catalog.location, values, dsnSecrets);
        } else {
            path = catalog.location;
            // A file catalog has no login; a user or password from a tool's dialog is not used.
            values.remove(LakeProperty.USER);
            values.remove(LakeProperty.PASSWORD);
        }
        LakeConfig config = new LakeConfig(
                new Catalog(catalog.type, path, dsn, Collections.unmodifiableMap(dsnSecrets)),
                Collections.unmodifiableMap(values),
                Collections.unmodifiableMap(engine),
                Collections.unmodifiableMap(shownOptions));
        config.crossCheck();
        return config;
    }

    /**
     * What a tool's property dialog shows: each driver property's value as the sources give it (URL over
     * Properties over profile), read without validating, connecting or starting an engine. Sensitive
     * values are left out. Errors (a missing profile file, say) just leave values out.
     */
    public static Map<String, String> displayValues(String url, Properties info) {
        Map<String, String> options = Collections.emptyMap();
        try {
            if (url != null && acceptsUrl(url)) {
                options = ConnectionUrl.parse(url).options;
            }
        } catch (IllegalArgumentException e) {
            // A malformed URL shows no URL values.
        }
        Sources sources;
        try {
            sources = Sources.read(options, info, true);
        } catch (InvalidConfigException e) {
            throw new IllegalStateException(e); // a lenient read does not throw
        }
        Map<String, String> merged = new LinkedHashMap<>(sources.fromProfile);
        merged.putAll(sources.fromProperties);
        merged.putAll(sources.fromUrl);
        Map<String, String> out = new LinkedHashMap<>();
        for (LakeProperty p : LakeProperty.values()) {
            String v = merged.get(p.key());
            if (v != null && !p.isSensitive()) {
                out.put(p.key(), v);
            }
        }
        return out;
    }

    /**
     * The three sources of a configuration, each as normalized key to text: the profile (lowest precedence),
     * the Properties, the URL's options (highest). The one place they are read; {@link #parse} and
     * {@link #displayValues} merge them.
     */
    private static final class Sources {
        final Map<String, String> fromUrl = new LinkedHashMap<>();
        final Map<String, String> fromProperties = new LinkedHashMap<>();
        final Map<String, String> fromProfile = new LinkedHashMap<>();
        /** The profile named by the URL or Properties, or null. */
        String profile;

        /** Reads the sources; lenient: a profile that cannot be read contributes nothing instead of failing. */
        static Sources read(Map<String, String> urlOptions, Properties info, boolean lenient)
                throws InvalidConfigException {
            Sources s = new Sources();
            if (info != null) {
                for (String key : info.stringPropertyNames()) {
                    String text = info.getProperty(key);
                    if (text != null && !text.isEmpty()) {
                        s.fromProperties.put(normalize(key), text);
                    }
                }
            }
            for (Map.Entry<String, String> e : urlOptions.entrySet()) {
                s.fromUrl.put(normalize(e.getKey()), e.getValue());
            }
            s.profile = pick(LakeProperty.PROFILE, s.fromUrl, s.fromProperties);
            if (s.profile != null) {
                try {
                    Path file = ProfileFile.locate(pick(LakeProperty.CONFIG_FILE, s.fromUrl, s.fromProperties));
                    s.fromProfile.putAll(ProfileFile.read(file, s.profile));
                } catch (InvalidConfigException e) {
                    if (!lenient) {
                        throw e;
                    }
                }
            }
            return s;
        }
    }

    private static String normalize(String key) {
        return key.trim().toLowerCase(Locale.ROOT);
    }

    /** A value from the URL, else the Properties (used before the profile is known). */
    private static String pick(LakeProperty p, Map<String, String> fromUrl, Map<String, String> fromProperties) {
        String v = fromUrl.get(p.key());
        return v != null ? v : fromProperties.get(p.key());
    }

    /** Parses one source's values over the ones before it: a later source wins key by key. */
    private static void store(
            Map<String, String> source, String where, Map<LakeProperty, Object> values, Map<String, String> engine)
            throws InvalidConfigException {
        for (Map.Entry<String, String> e : source.entrySet()) {
            LakeProperty p = LakeProperty.byKey(e.getKey()).orElse(null);
            if (p != null) {
                if (e.getValue().trim().isEmpty() && !p.isSensitive()) {
                    // Written but blank (a template whose variable was unset, say): not the default in silence,
                    // which for metadata_schema or data_path would be another lake.
                    throw new InvalidConfigException(where + " \"" + p.key() + "\" has no value: leave it out"
                            + (p.defaultValue() == null ? "" : " (default: " + p.defaultValue() + ")")
                            + " or give one");
                }
                values.put(p, parse(p, e.getValue()));
            } else if (!LakeProperty.isNearMiss(e.getKey())) {
                // A DuckDB setting, checked by the engine it is given to (see LakeInstance). A near miss of a
                // driver property is a typo (DuckDB's settings that are one, such as user, are driver properties).
                if (e.getValue().indexOf('\0') >= 0) {
                    throw new InvalidConfigException("invalid value for " + e.getKey() + ": contains a NUL character");
                }
                if (!e.getKey().matches("[a-z_][a-z0-9_]*")) {
                    throw unknown(e.getKey(), where);
                }
                if (isSensitiveKey(e.getKey())) {
                    throw new InvalidConfigException(secretSettingRefused(e.getKey()));
                }
                engine.put(e.getKey(), e.getValue());
            } else {
                throw unknown(e.getKey(), where);
            }
        }
    }

    /**
     * Whether a key's value is a secret: a sensitive driver property, else a name that says so. This is the one
     * definition: masking leaves such values out (of the URL's options and of the catalog DSN: password,
     * passwd, sslpassword), and a DuckDB setting of that name is not passed through.
     */
    public static boolean isSensitiveKey(String key) {
        LakeProperty p = LakeProperty.byKey(key).orElse(null);
        if (p != null) {
            return p.isSensitive();
        }
        if (SECRET_MANAGER_SETTINGS.contains(key)) {
            return false;
        }
        return key.contains("password")
                || key.contains("passwd")
                || key.contains("secret")
                || key.contains("token")
                || key.endsWith("_key");
    }

    /**
     * DuckDB shows every setting's value to any SQL ({@code duckdb_settings()}), so a setting that holds a
     * secret is refused rather than passed through.
     */
    private static String secretSettingRefused(String key) {
        String instead;
        switch (key) {
            // Quirk.PROXY_PASSWORD_SHOWN
            case "http_proxy_password":
                // Checked on DuckDB 1.5.5: httpfs takes an S3 request's proxy password only from this setting or
                // from the S3 secret (whose http_proxy_password duckdb_secrets() shows unredacted); a temporary
                // HTTP secret, which it does redact, serves plain http(s) requests but not S3 ones.
                instead = "DuckDB 1.5.5 reads an S3 request's proxy password only from that setting or the S3 "
                        + "secret, and shows both; use http_proxy with a proxy that admits this host without a password";
                break;
            case "pg_oauth_token":
                instead = "set the PGOAUTHTOKEN environment variable, which DuckDB's postgres extension reads when "
                        + "the setting is unset";
                break;
            default:
                instead = "give a secret through the driver's properties (password, s3_secret_access_key, "
                        + "s3_session_token), which travel in DuckDB secrets";
        }
        return "\"" + ConnectionUrl.safeKey(key) + "\" holds a secret, and DuckDB shows every setting to any SQL "
                + "(duckdb_settings()), so the driver does not pass it through: " + instead;
    }

    private static InvalidConfigException unknown(String key, String where) {
        String near = LakeProperty.closestKeys(key);
        return new InvalidConfigException("unknown " + where + " \"" + ConnectionUrl.safeKey(key) + "\""
                + (near.isEmpty() ? "" : " (did you mean " + near + "?)"));
    }

    private static Object parse(LakeProperty p, String text) throws InvalidConfigException {
        try {
            return p.parse(text);
        } catch (IllegalArgumentException e) {
            // The message says what was expected, never echoes the value (it may be a secret).
            throw new InvalidConfigException("invalid value for " + p.key() + ": " + e.getMessage());
        }
    }

    private static KeyValueDsn serverDsn(
            CatalogType type, String location, Map<LakeProperty, Object> values, Map<String, Secret> dsnSecrets)
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
        checkSensitiveKeyCase(dsn);
        dsn = mysqlPasswd(type, dsn);
        if (dsn.has("password")) {
            values.put(LakeProperty.PASSWORD, Secret.of(dsn.get("password")));
            dsn = dsn.without("password");
        }
        dsn = takeSslPassword(type, dsn, dsnSecrets);
        if (dsn.has("user")) {
            values.put(LakeProperty.USER, dsn.get("user"));
        } else if (values.containsKey(LakeProperty.USER)) {
            dsn = dsn.with("user", (String) values.get(LakeProperty.USER));
        }
        return dsn;
    }

    /**
     * In the DSN, {@code sslpassword} would show in {@code duckdb_databases().path}. DuckDB 1.5.5's postgres
     * secret takes libpq's SSLPASSWORD, hands it to libpq for an encrypted {@code sslkey}, and shows it
     * redacted in {@code duckdb_secrets()}; the mysql secret does not take it (nor does a MySQL DSN).
     */
    // Quirk.SSLPASSWORD_IN_PATH
    private static KeyValueDsn takeSslPassword(CatalogType type, KeyValueDsn dsn, Map<String, Secret> dsnSecrets)
            throws InvalidConfigException {
        if (!dsn.has("sslpassword")) {
            return dsn;
        }
        if (type != CatalogType.POSTGRES) {
            throw new InvalidConfigException("sslpassword is a PostgreSQL (libpq) key: a " + type.prefix()
                    + " catalog's connection string does not take it");
        }
        dsnSecrets.put("sslpassword", Secret.of(dsn.get("sslpassword")));
        return dsn.without("sslpassword");
    }

    /**
     * The mysql extension also reads the password from {@code passwd=}: it becomes the password, so it leaves
     * the DSN too. libpq has no such key, and its error would quote the DSN, value included.
     */
    private static KeyValueDsn mysqlPasswd(CatalogType type, KeyValueDsn dsn) throws InvalidConfigException {
        if (!dsn.has("passwd")) {
            return dsn;
        }
        if (type != CatalogType.MYSQL) {
            throw new InvalidConfigException(
                    "passwd is not a key of a " + type.prefix() + " catalog's connection string (write password)");
        }
        if (dsn.has("password")) {
            throw new InvalidConfigException("the catalog connection string has both password and passwd: give one");
        }
        return dsn.without("passwd").with("password", dsn.get("passwd"));
    }

    /**
     * libpq's keys are lower case: it rejects {@code PASSWORD=…}, and the engine's error quotes the whole DSN.
     * So a sensitive key in another case is refused here, naming the key only.
     */
    private static void checkSensitiveKeyCase(KeyValueDsn dsn) throws InvalidConfigException {
        for (String key : dsn.entries().keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (isSensitiveKey(lower) && !lower.equals(key)) {
                throw new InvalidConfigException("the catalog connection string has \"" + key
                        + "\": its keys are lower case (write " + lower + ")");
            }
        }
    }

    private void crossCheck() throws InvalidConfigException {
        if (isSet(LakeProperty.SNAPSHOT_VERSION) && isSet(LakeProperty.SNAPSHOT_TIME)) {
            throw new InvalidConfigException("snapshot_version and snapshot_time exclude each other: give one");
        }
        boolean snapshot = isSet(LakeProperty.SNAPSHOT_VERSION) || isSet(LakeProperty.SNAPSHOT_TIME);
        if (snapshot && isExplicit(LakeProperty.READ_ONLY) && !bool(LakeProperty.READ_ONLY)) {
            throw new InvalidConfigException("read_only=false conflicts with "
                    + (isSet(LakeProperty.SNAPSHOT_VERSION) ? "snapshot_version" : "snapshot_time")
                    + ": a snapshot is always read-only");
        }
        ObjectStore store = objectStore();
        String scheme = store.scheme;
        // Without a data_path the s3_* properties are for the data path an existing lake keeps in its catalog,
        // checked once it is attached (LakeInstance).
        boolean stored = !isSet(LakeProperty.DATA_PATH);
        for (LakeProperty p : LakeProperty.values()) {
            if ((p.key().startsWith("s3_") || p == LakeProperty.R2_ACCOUNT_ID)
                    && isSet(p)
                    && scheme == null
                    && !stored) {
                throw new InvalidConfigException(
                        p.key() + " is set but data_path is not an s3://, gs:// or r2:// path");
            }
        }
        if (isSet(LakeProperty.S3_ACCESS_KEY_ID) != isSet(LakeProperty.S3_SECRET_ACCESS_KEY)) {
            throw new InvalidConfigException("s3_access_key_id and s3_secret_access_key go together: give both");
        }
        boolean chain = store.credentialChain;
        if (chain && (isSet(LakeProperty.S3_ACCESS_KEY_ID) || isSet(LakeProperty.S3_SESSION_TOKEN))) {
            throw new InvalidConfigException("s3_provider=credential_chain takes its keys from the environment: "
                    + "leave out s3_access_key_id, s3_secret_access_key and s3_session_token");
        }
        if (chain && !"s3".equals(scheme) && !stored) {
            throw new InvalidConfigException("s3_provider=credential_chain needs an s3:// data_path");
        }
        if ("r2".equals(scheme) && isSet(LakeProperty.S3_ACCESS_KEY_ID) && !isSet(LakeProperty.R2_ACCOUNT_ID)) {
            throw new InvalidConfigException("an r2:// data_path needs r2_account_id");
        }
        if (!"r2".equals(scheme) && isSet(LakeProperty.R2_ACCOUNT_ID) && !stored) {
            throw new InvalidConfigException("r2_account_id is set but data_path is not an r2:// path");
        }
    }

    /** The data path's object store: which store, and the credentials and settings for it. */
    public ObjectStore objectStore() {
        return new ObjectStore(this);
    }

    /** How the catalog is reached and logged in to. */
    public CatalogLogin catalogLogin() {
        return new CatalogLogin(this);
    }

    public CatalogType catalogType() {
        return catalog.type;
    }

    /** The catalog file of a DuckDB or SQLite catalog. */
    public String catalogPath() {
        return catalog.path;
    }

    /** The DSN of a server catalog, without its password and other sensitive keys. */
    public KeyValueDsn catalogDsn() {
        return catalog.dsn;
    }

    /** The sensitive keys taken out of a server catalog's DSN besides the password ({@code sslpassword}), by key. */
    public Map<String, Secret> catalogDsnSecrets() {
        return catalog.dsnSecrets;
    }

    public boolean isSet(LakeProperty p) {
        return values.containsKey(p) || p.defaultValue() != null;
    }

    public boolean isExplicit(LakeProperty p) {
        return values.containsKey(p);
    }

    private Object value(LakeProperty p) {
        Object v = values.get(p);
        if (v == null) {
            v = p.parsedDefault();
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

    /** An INTEGER or DURATION property (durations in seconds). */
    public long integer(LakeProperty p) {
        return (Long) value(p);
    }

    public Secret secret(LakeProperty p) {
        return (Secret) value(p);
    }

    /**
     * Whether a connect with this config may create the lake when the catalog holds none: create_if_not_exists
     * when given, else DuckLake's default (true, false when read-only or at a snapshot).
     */
    public boolean mayCreateLake() {
        if (isExplicit(LakeProperty.CREATE_IF_NOT_EXISTS)) {
            return bool(LakeProperty.CREATE_IF_NOT_EXISTS);
        }
        return !(bool(LakeProperty.READ_ONLY)
                || isSet(LakeProperty.SNAPSHOT_VERSION)
                || isSet(LakeProperty.SNAPSHOT_TIME));
    }

    public String alias() {
        return string(LakeProperty.ALIAS);
    }

    /** DuckDB settings to apply to the engine, by name. */
    public Map<String, String> engineSettings() {
        return engineSettings;
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
        return new LakeConfig(catalog, Collections.unmodifiableMap(m), engineSettings, urlOptions);
    }

    /**
     * Every secret value this config holds (sensitive properties and the sensitive keys taken out of the
     * catalog DSN; DuckDB settings that hold a secret are refused), for masking in the texts errors carry.
     */
    public List<String> secretValues() {
        List<String> out = new ArrayList<>();
        for (LakeProperty p : LakeProperty.values()) {
            if (p.isSensitive() && isSet(p)) {
                out.add(secret(p).reveal());
            }
        }
        for (Secret s : catalog.dsnSecrets.values()) {
            out.add(s.reveal());
        }
        return out;
    }

    /**
     * The catalog without secrets and without the URL's options: {@code <type>:<DSN without sensitive keys>}
     * for a server catalog, {@code <type>:<path>} for a file (what the management view names an instance by).
     */
    public String maskedTarget() {
        return catalog.type == null
                ? ""
                : catalog.type.prefix()
                        + ':'
                        + (catalog.type.isServer() ? withoutSecrets(catalog.dsn).render() : catalog.path);
    }

    /** The URL with every sensitive value left out: what getURL, logs and messages show. */
    public String maskedUrl() {
        String m = maskedUrl;
        if (m == null) {
            m = render(catalog.type, catalog.dsn, catalog.path, urlOptions);
            maskedUrl = m;
        }
        return m;
    }

    /**
     * A URL as text, with every sensitive value left out the way {@link #maskedUrl()} leaves it out, read
     * without a profile and without checking values (what a data source shows of the URL it was given).
     * Null when the text is not a {@code jdbc:ducklake:} URL that parses: a secret in it could not be told
     * apart from the rest.
     */
    public static String maskedUrl(String url) {
        ConnectionUrl parsed;
        KeyValueDsn dsn = null;
        try {
            parsed = ConnectionUrl.parse(url);
            if (parsed.type != null && parsed.type.isServer()) {
                dsn = KeyValueDsn.parse(parsed.location);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : parsed.options.entrySet()) {
            String key = normalize(e.getKey());
            if (!isSensitiveKey(key)) {
                options.put(key, e.getValue());
            }
        }
        return render(parsed.type, dsn, parsed.location, options);
    }

    private static String render(CatalogType type, KeyValueDsn dsn, String path, Map<String, String> options) {
        StringBuilder sb = new StringBuilder(ConnectionUrl.PREFIX);
        if (type != null) {
            sb.append(type.prefix())
                    .append(':')
                    .append(type.isServer() ? withoutSecrets(dsn).render() : path);
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            sb.append(';').append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** The DSN without its sensitive keys, matched in any letter case so that a wrongly cased one is hidden too. */
    private static KeyValueDsn withoutSecrets(KeyValueDsn dsn) {
        KeyValueDsn shown = dsn;
        for (String key : dsn.entries().keySet()) {
            if (isSensitiveKey(key.toLowerCase(Locale.ROOT))) {
                shown = shown.without(key);
            }
        }
        return shown;
    }

    /** The part of the config that decides the engine instance: everything but per-connect settings. */
    private Map<LakeProperty, Object> instanceValues() {
        Map<LakeProperty, Object> m = new EnumMap<>(LakeProperty.class);
        m.putAll(values);
        m.remove(LakeProperty.LOGIN_TIMEOUT);
        m.remove(LakeProperty.BULK_BATCH); // read by each connection's statements, not by the engine
        m.remove(LakeProperty.BATCH_COALESCE);
        // Where the values came from does not change the instance.
        m.remove(LakeProperty.PROFILE);
        m.remove(LakeProperty.CONFIG_FILE);
        return m;
    }

    /** Whether two configs would build the same engine instance (so connections may share it). */
    public boolean sameInstance(LakeConfig o) {
        return catalog.equals(o.catalog)
                && instanceValues().equals(o.instanceValues())
                && engineSettings.equals(o.engineSettings);
    }

    /** A key object whose equals is {@link #sameInstance}. */
    public Object instanceKey() {
        InstanceKey k = instanceKey;
        if (k == null) {
            k = new InstanceKey(this);
            instanceKey = k;
        }
        return k;
    }

    private static final class InstanceKey {
        private final LakeConfig config;
        private final int hash;

        InstanceKey(LakeConfig config) {
            this.config = config;
            this.hash = Objects.hash(config.catalog, config.instanceValues(), config.engineSettings);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof InstanceKey && config.sameInstance(((InstanceKey) o).config));
        }

        @Override
        public int hashCode() {
            return hash;
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
