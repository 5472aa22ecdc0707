package org.ducklake.jdbc.instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ducklake.jdbc.config.CatalogLogin;
import org.ducklake.jdbc.config.CatalogType;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.config.ObjectStore;
import org.ducklake.jdbc.config.ValueType;
import org.ducklake.jdbc.sql.KeyValueDsn;
import org.ducklake.jdbc.sql.SqlText;

/**
 * The set-up SQL of a lake instance, built from the parsed config. This is the one place where property
 * values become SQL, and every value goes through {@link SqlText}.
 */
final class SetupSql {
    /** Names of the temporary secrets; each instance is its own database, so fixed names cannot clash. */
    static final String CATALOG_SECRET = "ducklake_jdbc_catalog";

    static final String DATA_SECRET = "ducklake_jdbc_data";

    private SetupSql() {}

    /** Canonical names of the extensions this lake needs, in load order. */
    static List<String> extensions(LakeConfig config) {
        List<String> out = new ArrayList<>();
        out.add("ducklake");
        CatalogType type = config.catalogType();
        if (type.extension() != null) {
            out.add(type.extension());
        }
        if (config.objectStore().remote() || storeForStoredDataPath(config)) {
            out.add("httpfs");
        }
        if (config.objectStore().credentialChain) {
            out.add("aws");
        }
        return out;
    }

    /**
     * The catalog password (and the DSN's {@code sslpassword}) as a temporary secret of the catalog's type, so
     * that they never appear in the ATTACH path (which {@code duckdb_databases()} shows to any SQL). The
     * extension prepends the secret's values, quoted its own way, to the DSN when it connects.
     */
    static Optional<String> catalogSecret(LakeConfig config) {
        CatalogLogin login = config.catalogLogin();
        if (!login.usesSecret()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("CREATE TEMPORARY SECRET ")
                .append(CATALOG_SECRET)
                .append(" (TYPE ")
                .append(login.type.prefix());
        if (login.password != null) {
            sb.append(", PASSWORD ").append(SqlText.literal(login.password.reveal()));
        }
        // The keys are the config's own list of sensitive libpq keys, never user text; the values are quoted.
        login.dsnSecrets.forEach((key, value) -> sb.append(", ")
                .append(key.toUpperCase(Locale.ROOT))
                .append(' ')
                .append(SqlText.literal(value.reveal())));
        if (login.type == CatalogType.POSTGRES && !login.dsn.has("require_auth")) {
            // See postgresDsn: refuse to send the password in clear text unless the DSN asks for it.
            sb.append(", REQUIRE_AUTH '!password'");
        }
        return Optional.of(sb.append(')').toString());
    }

    /**
     * The object-store secret for the data path, scoped to it: TYPE s3, gcs or r2 by the path's scheme,
     * PROVIDER config with the given keys, or credential_chain (the aws extension reads the environment,
     * profile files, SSO or instance metadata the way the AWS SDK does).
     */
    static Optional<String> dataSecret(LakeConfig config) {
        ObjectStore store = config.objectStore();
        if (store.scheme == null || !store.configured) {
            return Optional.empty();
        }
        return Optional.of(dataSecret(store, store.scheme, store.dataPath));
    }

    /**
     * Whether the object-store properties are given without a data path: they are for the data path an
     * existing lake keeps in its catalog, known only once it is attached (see {@link #storedDataSecret}).
     */
    static boolean storeForStoredDataPath(LakeConfig config) {
        ObjectStore store = config.objectStore();
        return store.configured && store.dataPath == null;
    }

    /**
     * The object-store secret for the data path an existing lake keeps in its catalog ({@code stored}, as
     * {@link #dataPathQuery} read it), scoped to it; empty when that path is not on an object store.
     */
    static Optional<String> storedDataSecret(LakeConfig config, String stored) {
        String scheme = stored == null ? null : ObjectStore.scheme(stored);
        return scheme == null ? Optional.empty() : Optional.of(dataSecret(config.objectStore(), scheme, stored));
    }

    /** The same access check as {@link #dataPathCheck}, for the stored data path. */
    static String dataPathCheck(String dataPath) {
        String probe = (dataPath.endsWith("/") ? dataPath : dataPath + "/") + ".ducklake-jdbc-access-check*";
        return "SELECT count(*) FROM glob(" + SqlText.literal(probe) + ")";
    }

    private static String dataSecret(ObjectStore store, String scheme, String dataPath) {
        StringBuilder sb = new StringBuilder("CREATE TEMPORARY SECRET ")
                .append(DATA_SECRET)
                .append(" (TYPE ")
                .append(scheme)
                .append(", PROVIDER ")
                .append(store.credentialChain ? "credential_chain" : "config");
        if (store.keyId != null) {
            sb.append(", KEY_ID ").append(SqlText.literal(store.keyId));
            sb.append(", SECRET ").append(SqlText.literal(store.secret.reveal()));
        }
        if (store.sessionToken != null) {
            sb.append(", SESSION_TOKEN ").append(SqlText.literal(store.sessionToken.reveal()));
        }
        option(sb, "ACCOUNT_ID", store.r2AccountId);
        option(sb, "REGION", store.region);
        option(sb, "ENDPOINT", store.endpoint);
        option(sb, "URL_STYLE", store.urlStyle);
        if (store.useSsl != null) {
            sb.append(", USE_SSL ").append(store.useSsl);
        }
        sb.append(", SCOPE ").append(SqlText.literal(dataPath)).append(')');
        return sb.toString();
    }

    private static void option(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(", ").append(name).append(' ').append(SqlText.literal(value));
        }
    }

    /**
     * One cheap object-store request that fails now, with a clear cause, when the bucket is missing or the
     * credentials are wrong, instead of at the first write. The glob's literal part is the list prefix, so
     * S3 lists only keys starting with an unlikely name: one LIST request however large the lake is.
     */
    static Optional<String> dataPathCheck(LakeConfig config) {
        ObjectStore store = config.objectStore();
        if (store.scheme == null) {
            return Optional.empty();
        }
        return Optional.of(dataPathCheck(store.dataPath));
    }

    /** {@code ATTACH IF NOT EXISTS 'ducklake:…' AS "alias" (…)} with the DuckLake options that are set. */
    static String attach(LakeConfig config) {
        StringBuilder path = new StringBuilder("ducklake:");
        List<String> options = new ArrayList<>();
        switch (config.catalogType()) {
            case DUCKDB:
                // Always with the duckdb: prefix: a bare word after ducklake: would be read as a secret name.
                path.append("duckdb:").append(config.catalogPath());
                break;
            case SQLITE:
                path.append("sqlite:").append(config.catalogPath());
                break;
            default:
                String dsn = config.catalogDsn().render();
                if (config.catalogType() == CatalogType.POSTGRES) {
                    dsn = postgresDsn(config).render();
                }
                if (config.catalogLogin().usesSecret()) {
                    // With a secret in METADATA_PARAMETERS the TYPE there picks the extension, and the path must
                    // be the bare DSN: "postgres:" in front would reach libpq as part of the first key.
                    path.append(dsn);
                    options.add("METADATA_PARAMETERS MAP {'TYPE': "
                            + SqlText.literal(config.catalogType().prefix()) + ", 'SECRET': "
                            + SqlText.literal(CATALOG_SECRET) + "}");
                } else {
                    path.append(config.catalogType().prefix()).append(':').append(dsn);
                }
        }
        if (config.isSet(LakeProperty.DATA_PATH)) {
            options.add("DATA_PATH " + SqlText.literal(config.string(LakeProperty.DATA_PATH)));
        }
        if (config.isSet(LakeProperty.METADATA_SCHEMA)) {
            options.add("METADATA_SCHEMA " + SqlText.literal(config.string(LakeProperty.METADATA_SCHEMA)));
        }
        boolean snapshot = config.isSet(LakeProperty.SNAPSHOT_VERSION) || config.isSet(LakeProperty.SNAPSHOT_TIME);
        if (config.bool(LakeProperty.READ_ONLY) || snapshot) {
            options.add("READ_ONLY");
        }
        if (config.isSet(LakeProperty.SNAPSHOT_VERSION)) {
            options.add("SNAPSHOT_VERSION " + config.integer(LakeProperty.SNAPSHOT_VERSION));
        }
        if (config.isSet(LakeProperty.SNAPSHOT_TIME)) {
            options.add("SNAPSHOT_TIME " + SqlText.literal(config.string(LakeProperty.SNAPSHOT_TIME)));
        }
        booleanOption(config, LakeProperty.ENCRYPTED, "ENCRYPTED", options);
        if (config.isSet(LakeProperty.DATA_INLINING_ROW_LIMIT)) {
            options.add("DATA_INLINING_ROW_LIMIT " + config.integer(LakeProperty.DATA_INLINING_ROW_LIMIT));
        }
        booleanOption(config, LakeProperty.AUTOMATIC_MIGRATION, "AUTOMATIC_MIGRATION", options);
        booleanOption(config, LakeProperty.OVERRIDE_DATA_PATH, "OVERRIDE_DATA_PATH", options);
        booleanOption(config, LakeProperty.CREATE_IF_NOT_EXISTS, "CREATE_IF_NOT_EXISTS", options);

        StringBuilder sql = new StringBuilder("ATTACH IF NOT EXISTS ")
                .append(SqlText.literal(path.toString()))
                .append(" AS ")
                .append(SqlText.identifier(config.alias()));
        if (!options.isEmpty()) {
            sql.append(" (").append(String.join(", ", options)).append(')');
        }
        return sql.toString();
    }

    private static void booleanOption(LakeConfig config, LakeProperty p, String option, List<String> options) {
        if (config.isSet(p)) {
            options.add(option + " " + config.bool(p));
        }
    }

    /**
     * The PostgreSQL DSN with the driver's defaults for keys the user did not write: libpq's own bound on a
     * connect ({@code connect_timeout}: TCP and start-up, so an unreachable host fails in time), and
     * {@code require_auth=!password}, so a server (or anyone in between) that asks for the password in
     * clear text is refused instead of answered (in the catalog secret when there is one, so the path stays
     * as the user wrote it). A user who needs clear text writes {@code require_auth} in the DSN.
     */
    private static KeyValueDsn postgresDsn(LakeConfig config) {
        KeyValueDsn dsn = config.catalogDsn();
        if (!dsn.has("connect_timeout")) {
            dsn = dsn.with("connect_timeout", String.valueOf(connectTimeout(config)));
        }
        if (!dsn.has("require_auth") && !config.catalogLogin().usesSecret()) {
            dsn = dsn.with("require_auth", "!password");
        }
        return dsn;
    }

    /** libpq's connect_timeout: the login timeout, at least 2 s (libpq's own minimum). */
    private static long connectTimeout(LakeConfig config) {
        long t = config.integer(LakeProperty.LOGIN_TIMEOUT);
        return t <= 0 ? 30 : Math.max(2, t);
    }

    /**
     * DuckLake's retry settings and the extension settings passed through, as {@code SET GLOBAL}: they
     * exist only once the extensions are loaded. Core DuckDB settings are start-up configuration instead.
     */
    static List<String> extensionSettings(LakeConfig config) {
        List<String> out = new ArrayList<>();
        for (LakeProperty p : new LakeProperty[] {
            LakeProperty.DUCKLAKE_MAX_RETRY_COUNT,
            LakeProperty.DUCKLAKE_RETRY_WAIT_MS,
            LakeProperty.DUCKLAKE_RETRY_BACKOFF
        }) {
            if (config.isSet(p)) {
                String v = p.type() == ValueType.DECIMAL ? config.string(p) : String.valueOf(config.integer(p));
                out.add("SET GLOBAL " + p.key() + " = " + SqlText.literal(v));
            }
        }
        for (Map.Entry<String, String> e : config.engineSettings().entrySet()) {
            if (!EngineSettings.atStart(e.getKey())) {
                out.add("SET GLOBAL " + SqlText.identifier(e.getKey()) + " = " + SqlText.literal(e.getValue()));
            }
        }
        return out;
    }

    /**
     * Drops the catalog secret once the lake is attached: the postgres and mysql extensions keep the
     * connection string they built from it for every later catalog connection (reconnects after a catalog
     * restart included), and a secret that no longer exists cannot be named by SQL (e.g. in an ATTACH to a
     * server that asks for the password in clear text).
     */
    static Optional<String> dropCatalogSecret(LakeConfig config) {
        return config.catalogLogin().usesSecret()
                ? Optional.of("DROP TEMPORARY SECRET " + CATALOG_SECRET)
                : Optional.empty();
    }

    /** The lake's data path as DuckLake resolved it (a DuckDB-file catalog's default included). */
    static String dataPathQuery(LakeConfig config) {
        return "SELECT data_path FROM ducklake_settings(" + SqlText.literal(config.alias()) + ")";
    }

    /**
     * Settings SQL may still change with sql_access=lake: per-connection, harmless ones, and one the engine
     * changes itself (DuckDB sets current_transaction_invalidation_policy while it handles a failed DuckLake
     * commit; locked, the real error would be replaced by "the configuration has been locked").
     */
    static final List<String> ALLOWED_CONFIGS =
            List.of("TimeZone", "Calendar", "current_transaction_invalidation_policy");

    /**
     * With sql_access=lake, the engine-level half of the lock-down (the other half is the statement check in
     * the wrappers): files only under the data path and the allowed directories, no ATTACH of other
     * databases, no INSTALL or LOAD, and settings locked. The order matters: allowed_directories cannot change
     * once external access is off, and nothing can change once the configuration is locked.
     */
    static List<String> lockDown(LakeConfig config, String dataPath) {
        List<String> sql = new ArrayList<>();
        sql.add("SET allowed_directories = " + list(allowedDirectories(config, dataPath)));
        sql.add("SET enable_external_access = false");
        // External access off already keeps DuckDB from loading an extension SQL names; said twice, locked.
        sql.add("SET autoinstall_known_extensions = false");
        sql.add("SET autoload_known_extensions = false");
        sql.add("SET allowed_configs = " + list(ALLOWED_CONFIGS));
        sql.add("SET lock_configuration = true");
        return sql;
    }

    /** The directories SQL may read and write with sql_access=lake: the data path and allowed_directories. */
    static List<String> allowedDirectories(LakeConfig config, String dataPath) {
        List<String> dirs = new ArrayList<>();
        dirs.add(asDirectory(dataPath));
        if (config.isSet(LakeProperty.ALLOWED_DIRECTORIES)) {
            for (String d : config.string(LakeProperty.ALLOWED_DIRECTORIES).split(",")) {
                if (!d.trim().isEmpty()) {
                    dirs.add(asDirectory(d.trim()));
                }
            }
        }
        return dirs;
    }

    /**
     * A file catalog and the files its engine keeps beside it: DuckDB lets SQL reach every attached database's
     * files once external access is off (it must, to keep writing them), so the statement check refuses them by
     * name (see LakeOnlySql).
     */
    static List<String> catalogFiles(LakeConfig config) {
        List<String> files = new ArrayList<>();
        String path = config.catalogPath();
        if (config.catalogType() == CatalogType.DUCKDB) {
            for (String suffix : new String[] {"", ".wal", ".wal.checkpoint", ".wal.recovery"}) {
                files.add(path + suffix);
            }
        } else if (config.catalogType() == CatalogType.SQLITE) {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                files.add(path + suffix);
            }
        }
        return files;
    }

    /** A directory with its trailing slash, so that "/data/lake" does not also allow "/data/lake-other". */
    private static String asDirectory(String path) {
        return path.endsWith("/") ? path : path + "/";
    }

    private static String list(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (String v : values) {
            sb.append(sb.length() > 1 ? ", " : "").append(SqlText.literal(v));
        }
        return sb.append(']').toString();
    }

    static String use(LakeConfig config) {
        return "USE " + SqlText.identifier(config.alias());
    }

    static String extensionDirectory(LakeConfig config) {
        return "SET extension_directory = " + SqlText.literal(config.string(LakeProperty.EXTENSION_DIRECTORY));
    }

    /**
     * The last snapshot this engine committed to the lake, any connection's (DuckLake's in-memory value);
     * NULL before the first commit since ATTACH. Named with its catalog and schema, {@code system.main}: an
     * unqualified name is looked up along the search path, which starts in the lake's own schema, and looking
     * a name up there loads the lake's schema (a catalog round trip outside a transaction, and a schema load
     * beside other connections' schema changes, which the catalog guard does not see here). Qualified, it
     * reads no catalog.
     */
    static String lastCommittedSnapshot(LakeConfig config) {
        return "SELECT id FROM system.main.ducklake_last_committed_snapshot(" + SqlText.literal(config.alias()) + ")";
    }

    /**
     * What {@code isValid} runs: the lake's current snapshot, a catalog round trip, so it fails while the
     * catalog database is down.
     */
    static String validation(LakeConfig config) {
        return "SELECT * FROM " + SqlText.identifier(config.alias()) + ".current_snapshot()";
    }
}
