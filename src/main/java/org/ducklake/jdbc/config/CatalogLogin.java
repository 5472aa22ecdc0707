package org.ducklake.jdbc.config;

import java.util.Map;
import org.ducklake.jdbc.sql.KeyValueDsn;

/**
 * How the lake's catalog is reached: its type and location (a file path, or a catalog database's DSN with
 * its secrets taken out), and the login to it. A value: only SetupSql turns it into SQL (the catalog secret
 * and the ATTACH path).
 */
public final class CatalogLogin {
    public final CatalogType type;
    /** The file of a DuckDB or SQLite catalog; null for a catalog database. */
    public final String path;
    /** The DSN of a catalog database (PostgreSQL, MySQL) without its sensitive keys; null for a file. */
    public final KeyValueDsn dsn;
    /** The catalog database's password, or null. */
    public final Secret password;
    /** Sensitive DSN keys the DSN had (sslpassword), lower case, with their values. */
    public final Map<String, Secret> dsnSecrets;

    CatalogLogin(LakeConfig c) {
        type = c.catalogType();
        path = c.catalogPath();
        dsn = c.catalogDsn();
        password = c.isSet(LakeProperty.PASSWORD) ? c.secret(LakeProperty.PASSWORD) : null;
        dsnSecrets = c.catalogDsnSecrets();
    }

    /**
     * Whether the login travels in a temporary secret rather than the ATTACH path (which
     * {@code duckdb_databases()} shows to any SQL): for a catalog database with a password or a DSN secret.
     */
    public boolean usesSecret() {
        return type.isServer() && (password != null || !dsnSecrets.isEmpty());
    }

    @Override
    public String toString() {
        return "CatalogLogin[" + type + "]";
    }
}
