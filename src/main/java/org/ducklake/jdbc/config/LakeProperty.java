package org.ducklake.jdbc.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every connection property the driver knows, declared once: name, type, default, description,
 * choices and whether the value is sensitive. URL and Properties parsing, the typed {@link LakeConfig}
 * and the property list a tool shows all read this declaration; nothing parses a property elsewhere.
 *
 * <p>The names follow DuckDB's and DuckLake's own option names on purpose and are public contract.
 */
public enum LakeProperty {
    PROFILE(
            "profile",
            ValueType.STRING,
            null,
            "Name of a profile in the HOCON config file (profiles.NAME { catalog = …, data_path = …, s3 { … } }) "
                    + "that supplies the catalog and any property not given in the URL or Properties."),
    CONFIG_FILE(
            "config_file",
            ValueType.STRING,
            null,
            "The HOCON file holding the profiles (default: $DUCKLAKE_JDBC_CONFIG, else ~/.ducklake/jdbc.conf)."),
    USER("user", ValueType.STRING, null, "Catalog database user, merged into the catalog DSN (PostgreSQL, MySQL)."),
    PASSWORD(
            "password",
            ValueType.STRING,
            null,
            "Catalog database password. Handed to the engine in a temporary secret, never in the ATTACH path.",
            ValueRules.SENSITIVE),
    DATA_PATH(
            "data_path",
            ValueType.STRING,
            null,
            "Where the lake's data files live: s3://bucket/prefix/ or a local directory. Needed when a lake is "
                    + "created; a DuckDB-file catalog defaults to <catalog file>.files."),
    ALIAS(
            "alias",
            ValueType.IDENTIFIER,
            "lake",
            "Catalog name the lake is attached as; connections start in it (USE)."),
    METADATA_SCHEMA(
            "metadata_schema",
            ValueType.STRING,
            null,
            "Schema in the catalog database that holds DuckLake's tables (default: the catalog's default)."),
    READ_ONLY("read_only", ValueType.BOOLEAN, "false", "Attach the lake read-only."),
    SNAPSHOT_VERSION(
            "snapshot_version",
            ValueType.INTEGER,
            null,
            "Attach the lake as of this snapshot id (read-only; excludes snapshot_time).",
            ValueRules.range(0, Long.MAX_VALUE)),
    SNAPSHOT_TIME(
            "snapshot_time",
            ValueType.STRING,
            null,
            "Attach the lake as of this timestamp, e.g. 2026-05-26 00:00:00 (read-only; excludes snapshot_version)."),
    ENCRYPTED(
            "encrypted",
            ValueType.BOOLEAN,
            null,
            "Encrypt the data files of a new lake (per-file keys are kept in the catalog)."),
    DATA_INLINING_ROW_LIMIT(
            "data_inlining_row_limit",
            ValueType.INTEGER,
            null,
            "Inserts of up to this many rows are kept in the catalog instead of a data file; 0 disables "
                    + "(DuckLake's default is 10). Applies to this attach only.",
            ValueRules.range(0, Integer.MAX_VALUE)),
    AUTOMATIC_MIGRATION(
            "automatic_migration",
            ValueType.BOOLEAN,
            null,
            "Migrate an older catalog to the extension's catalog version when attaching."),
    OVERRIDE_DATA_PATH(
            "override_data_path",
            ValueType.BOOLEAN,
            null,
            "Use data_path even when it differs from the path stored in the catalog (this connection only)."),
    CREATE_IF_NOT_EXISTS(
            "create_if_not_exists",
            ValueType.BOOLEAN,
            null,
            "Create the lake when the catalog holds none (DuckLake's default: true, false when read-only)."),
    S3_PROVIDER(
            "s3_provider",
            ValueType.ENUM,
            null,
            "Where the object-store credentials come from: config (the s3_* properties; the default when a key "
                    + "is given) or credential_chain (the AWS SDK's chain: environment variables, ~/.aws profile "
                    + "files, SSO, instance metadata; needs no key here).",
            ValueRules.choices("config", "credential_chain")),
    S3_ACCESS_KEY_ID(
            "s3_access_key_id",
            ValueType.STRING,
            null,
            "Access key id for the data path (S3, or the HMAC key for gs:// and r2:// data paths)."),
    S3_SECRET_ACCESS_KEY(
            "s3_secret_access_key",
            ValueType.STRING,
            null,
            "Secret access key for the data path (S3, or the HMAC secret for gs:// and r2:// data paths).",
            ValueRules.SENSITIVE),
    S3_SESSION_TOKEN(
            "s3_session_token",
            ValueType.STRING,
            null,
            "S3 session token, for temporary credentials.",
            ValueRules.SENSITIVE),
    S3_REGION("s3_region", ValueType.STRING, null, "S3 region, e.g. us-east-1."),
    S3_ENDPOINT(
            "s3_endpoint",
            ValueType.STRING,
            null,
            "S3-compatible endpoint host[:port], e.g. 127.0.0.1:9000 (default: AWS)."),
    S3_URL_STYLE(
            "s3_url_style",
            ValueType.ENUM,
            null,
            "S3 addressing: vhost (bucket in the host name) or path (bucket in the path).",
            ValueRules.choices("vhost", "path")),
    S3_USE_SSL("s3_use_ssl", ValueType.BOOLEAN, null, "Use HTTPS for S3 requests (default true)."),
    R2_ACCOUNT_ID("r2_account_id", ValueType.STRING, null, "Cloudflare account id, for an r2:// data path."),
    DUCKLAKE_MAX_RETRY_COUNT(
            "ducklake_max_retry_count",
            ValueType.INTEGER,
            null,
            "How often DuckLake retries a commit that collided with another writer's (DuckLake's default: 10).",
            ValueRules.range(0, 1_000_000)),
    DUCKLAKE_RETRY_WAIT_MS(
            "ducklake_retry_wait_ms",
            ValueType.INTEGER,
            null,
            "Milliseconds before the first commit retry (DuckLake's default: 100).",
            ValueRules.range(0, 3_600_000)),
    DUCKLAKE_RETRY_BACKOFF(
            "ducklake_retry_backoff",
            ValueType.DECIMAL,
            null,
            "Factor the wait grows by on each retry (DuckLake's default: 1.5).",
            ValueRules.range(1, 100)),
    EXTENSION_DIRECTORY(
            "extension_directory",
            ValueType.STRING,
            null,
            "Where DuckDB installs extensions (DuckDB's default: ~/.duckdb/extensions)."),
    EXTENSION_REPOSITORY(
            "extension_repository",
            ValueType.STRING,
            null,
            "A DuckDB-style extension repository (URL or local directory) tried after the extensions bundled "
                    + "with the driver."),
    EXTENSION_BUNDLE(
            "extension_bundle",
            ValueType.BOOLEAN,
            "true",
            "Install missing extensions from the copies bundled with the driver (its platform jar, or an extensions-<platform> artifact on the class path)."),
    SQL_ACCESS(
            "sql_access",
            ValueType.ENUM,
            "lake",
            "What the connection's SQL may reach: lake (the lake's tables only: no ATTACH, DETACH or extension "
                    + "loading, no use of the driver's secrets, no functions on the catalog database or other "
                    + "databases, files only under data_path and allowed_directories, settings locked but for "
                    + "TimeZone and Calendar) or unrestricted (whatever DuckDB allows).",
            ValueRules.choices("lake", "unrestricted")),
    ALLOWED_DIRECTORIES(
            "allowed_directories",
            ValueType.STRING,
            null,
            "With sql_access=lake, more directories or URL prefixes, comma-separated, that SQL may read and "
                    + "write besides data_path, e.g. /data/imports/,s3://landing-bucket/in/."),
    METADATA_SHOW_ALL(
            "metadata_show_all",
            ValueType.BOOLEAN,
            "false",
            "Also list DuckDB's system, temp and in-memory catalogs and DuckLake's metadata catalog in "
                    + "DatabaseMetaData (by default tools see only the lake)."),
    METADATA_WINDOW(
            "metadata_window",
            ValueType.DURATION,
            "1",
            "On a PostgreSQL or MySQL catalog, DatabaseMetaData calls made in auto-commit mode share one read of the "
                    + "catalog for this long (seconds, or 2s, 1m): a tool browsing a schema costs a few catalog round "
                    + "trips instead of eight per call. A change made through this driver's connections to the lake is "
                    + "seen at the next call; one made by another process up to this much later. Calls inside a "
                    + "transaction always see it (0: every call reads the catalog anew).",
            ValueRules.range(0, 3_600)),
    STREAM_RESULTS(
            "stream_results",
            ValueType.BOOLEAN,
            "true",
            "Stream query results: rows come from the engine as they are read, so the first row arrives "
                    + "without the whole result in memory (false: each result is materialized when the query runs)."),
    BULK_BATCH(
            "bulk_batch",
            ValueType.BOOLEAN,
            "true",
            "Write the batch of a prepared INSERT INTO t [(columns)] VALUES (?, …) in one statement through a "
                    + "temporary staging table (one data file per batch) instead of one insert per row; other "
                    + "statements, and values the driver does not stage, run row by row."),
    BATCH_COALESCE(
            "batch_coalesce",
            ValueType.BOOLEAN,
            "true",
            "In a transaction (auto-commit off), consecutive executeBatch calls of the same staged INSERT (see "
                    + "bulk_batch) are kept in the staging table and written as one INSERT … SELECT when anything else "
                    + "needs the connection (another statement, the commit): one data file per table and transaction "
                    + "instead of one per batch. Each row counts 1 when executeBatch returns; a row the table refuses "
                    + "fails that next call or the commit, with a BatchUpdateException naming the batch. false: each "
                    + "batch is written when executeBatch runs."),
    LOGIN_TIMEOUT(
            "login_timeout",
            ValueType.DURATION,
            "30",
            "How long a connect may take, catalog connection included, in seconds or with a unit (30s, 2m) (0: DriverManager's login timeout, "
                    + "or none).",
            ValueRules.range(0, 86_400)),
    INSTANCE_IDLE_TIMEOUT(
            "instance_idle_timeout",
            ValueType.DURATION,
            "0",
            "How long (seconds, or 30s, 5m) the shared engine instance of a lake stays open after its last connection closes, so a "
                    + "pool or tool that reconnects does not pay the set-up again (0: close at once).",
            ValueRules.range(0, 86_400)),
    MAINTENANCE(
            "maintenance",
            ValueType.ENUM,
            "off",
            "off, or auto: after this process wrote to the lake and while none of its connections runs a "
                    + "statement, flush inlined data, merge small files, expire snapshots older than "
                    + "maintenance_keep_snapshots and delete the files DuckLake scheduled for deletion longer "
                    + "ago than its delete_older_than option (never on a read-only lake).",
            ValueRules.choices("off", "auto")),
    MAINTENANCE_KEEP_SNAPSHOTS(
            "maintenance_keep_snapshots",
            ValueType.DURATION,
            "7d",
            "With maintenance=auto, how long (30m, 12h, 7d) snapshots are kept for time travel before they "
                    + "expire.",
            ValueRules.range(1, 3_650L * 86_400)),
    MAINTENANCE_IDLE(
            "maintenance_idle",
            ValueType.DURATION,
            "1m",
            "With maintenance=auto, how long (30s, 5m) no statement may have run on the lake's connections in "
                    + "this process before maintenance starts.",
            ValueRules.range(1, 86_400)),
    MAINTENANCE_TIMEOUT(
            "maintenance_timeout",
            ValueType.DURATION,
            "5m",
            "With maintenance=auto, the longest one maintenance run may take (30s, 5m); a run that reaches it "
                    + "is interrupted and logged. Statements that start meanwhile wait for the step under way.",
            ValueRules.range(1, 86_400));

    private final String key;
    private final ValueType type;
    private final String defaultValue;
    /** {@link #defaultValue} parsed, once (see parsedDefault). */
    private volatile Object parsedDefault;

    private final String description;
    private final boolean sensitive;
    private final String[] choices;
    private final long min;
    private final long max;

    LakeProperty(String key, ValueType type, String defaultValue, String description) {
        this(key, type, defaultValue, description, ValueRules.NONE);
    }

    LakeProperty(String key, ValueType type, String defaultValue, String description, ValueRules rules) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.sensitive = rules.sensitive;
        this.choices = rules.choices;
        this.min = rules.min;
        this.max = rules.max;
    }

    /**
     * What a property's declaration says beyond its name, type, default and description: whether its value is
     * sensitive, the choices it accepts, or the range a number must lie in.
     */
    static final class ValueRules {
        /** Any value of the type, not sensitive. */
        static final ValueRules NONE = new ValueRules(false, new String[0], Long.MIN_VALUE, Long.MAX_VALUE);
        /** Any value of the type; the value is a secret (masked, never shown). */
        static final ValueRules SENSITIVE = new ValueRules(true, new String[0], Long.MIN_VALUE, Long.MAX_VALUE);

        final boolean sensitive;
        final String[] choices;
        final long min;
        final long max;

        private ValueRules(boolean sensitive, String[] choices, long min, long max) {
            this.sensitive = sensitive;
            this.choices = choices;
            this.min = min;
            this.max = max;
        }

        /** One of {@code choices}. */
        static ValueRules choices(String... choices) {
            return new ValueRules(false, choices, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        /** A number from {@code min} to {@code max}, both included. */
        static ValueRules range(long min, long max) {
            return new ValueRules(false, new String[0], min, max);
        }
    }

    private static final Map<String, LakeProperty> BY_KEY;

    static {
        Map<String, LakeProperty> m = new LinkedHashMap<>();
        for (LakeProperty p : values()) {
            m.put(p.key, p);
        }
        BY_KEY = Collections.unmodifiableMap(m);
    }

    public String key() {
        return key;
    }

    public ValueType type() {
        return type;
    }

    /** The default as text, or null when the property is unset by default (the engine decides). */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean isSensitive() {
        return sensitive;
    }

    public String[] choices() {
        return choices.clone();
    }

    public static Optional<LakeProperty> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The default value parsed, or null when there is none; parsed once (every parsed value is immutable). */
    Object parsedDefault() {
        Object v = parsedDefault;
        if (v == null && defaultValue != null) {
            v = parse(defaultValue);
            parsedDefault = v;
        }
        return v;
    }

    /** Parses a value for this property: a {@link Secret} for sensitive ones, else String/Boolean/Long. */
    public Object parse(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("contains a NUL character");
        }
        Object v = type.parse(text, choices, min, max);
        return sensitive ? Secret.of((String) v) : v;
    }

    /** The known property names closest to {@code key}, for "did you mean" messages. */
    public static String closestKeys(String key) {
        return closestKeys(key, Set.of());
    }

    /** The names closest to {@code key} among the driver's properties and {@code others}. */
    public static String closestKeys(String key, Collection<String> others) {
        return Stream.concat(Arrays.stream(values()).map(LakeProperty::key), others.stream())
                .filter(k -> distance(k, key) <= Math.max(2, key.length() / 3)
                        || (key.length() >= 4 && (k.contains(key) || key.contains(k))))
                .sorted((a, b) -> Integer.compare(distance(a, key), distance(b, key)))
                .limit(3)
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    /** Whether {@code key} is one or two edits away from a driver property's name: a typo, not a setting. */
    public static boolean isNearMiss(String key) {
        return Arrays.stream(values()).anyMatch(p -> distance(p.key, key) <= 2);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
