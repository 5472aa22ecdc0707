package org.ducklake.jdbc.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a lake keeps its metadata: the word after {@code jdbc:ducklake:} chooses it. */
public enum CatalogType {
    /** A DuckDB file: the embedded default, no server, one process at a time. */
    DUCKDB("duckdb", null, false),
    /** A SQLite file: several local processes. */
    SQLITE("sqlite", "sqlite_scanner", false),
    /** PostgreSQL: many users; the DSN is libpq's key=value form. */
    POSTGRES("postgres", "postgres_scanner", true),
    /** MySQL 8+: the DSN is the mysql extension's key=value form. */
    MYSQL("mysql", "mysql_scanner", true);

    private final String prefix;
    private final String extension;
    private final boolean server;

    CatalogType(String prefix, String extension, boolean server) {
        this.prefix = prefix;
        this.extension = extension;
        this.server = server;
    }

    /** The word in the URL, e.g. {@code postgres} in {@code jdbc:ducklake:postgres:…}. */
    public String prefix() {
        return prefix;
    }

    /** The DuckDB extension that reads this catalog, or null when the engine reads it natively. */
    public String extension() {
        return extension;
    }

    /** Whether the catalog is a server reached through a DSN (rather than a local file). */
    public boolean isServer() {
        return server;
    }

    public static Optional<CatalogType> byPrefix(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.prefix.equals(w)).findFirst();
    }

    public static String prefixes() {
        return Arrays.stream(values()).map(CatalogType::prefix).collect(Collectors.joining(", "));
    }
}
