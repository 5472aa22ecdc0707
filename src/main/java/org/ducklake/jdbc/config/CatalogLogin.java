package org.ducklake.jdbc.config;

import java.util.Map;
import java.util.Objects;
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

    /**
     * Whether a connection string an engine message names is this catalog database's: the same host, port and
     * database (dbname, or MySQL's database), a key missing on both sides counting as the same. True when it
     * cannot be read, so that a catalog failure never loses its hint.
     */
    public boolean isThisCatalog(String connectionString) {
        if (dsn == null) {
            return false;
        }
        String text = connectionString.trim();
        for (String prefix : new String[] {"postgres:", "mysql:"}) {
            if (text.startsWith(prefix)) {
                text = text.substring(prefix.length());
            }
        }
        KeyValueDsn other;
        try {
            other = KeyValueDsn.parse(text);
        } catch (IllegalArgumentException e) {
            return true;
        }
        for (String key : new String[] {"host", "hostaddr", "port", "dbname", "database", "db"}) {
            if (!Objects.equals(dsn.get(key), other.get(key))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "CatalogLogin[" + type + "]";
    }
}
