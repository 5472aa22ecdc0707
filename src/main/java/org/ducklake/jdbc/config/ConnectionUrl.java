package org.ducklake.jdbc.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code jdbc:ducklake:} URL taken apart: the catalog type, its location (a DSN or a file path) and the
 * {@code ;key=value} options after it. Only the prefix is stripped (never a replace-all), and a {@code ;}
 * inside a quoted DSN value does not end the location.
 */
final class ConnectionUrl {
    static final String PREFIX = "jdbc:ducklake:";

    // A word of two or more letters before a colon names a catalog type; one letter is a Windows drive.
    private static final Pattern TYPE_WORD = Pattern.compile("([A-Za-z][A-Za-z0-9_]+):(.*)", Pattern.DOTALL);

    final CatalogType type;
    final String location;
    final Map<String, String> options;

    private ConnectionUrl(CatalogType type, String location, Map<String, String> options) {
        this.type = type;
        this.location = location;
        this.options = options;
    }

    static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    static ConnectionUrl parse(String url) {
        if (!accepts(url)) {
            throw new IllegalArgumentException("the URL must start with " + PREFIX);
        }
        String rest = url.substring(PREFIX.length());
        int end = endOfLocation(rest);
        Map<String, String> options = parseOptions(end < rest.length() ? rest.substring(end + 1) : "");
        return catalog(rest.substring(0, end), options);
    }

    /** The catalog part: {@code postgres:<dsn>}, {@code sqlite:<file>}, {@code mysql:<dsn>} or a DuckDB file. */
    static ConnectionUrl catalog(String text, Map<String, String> options) {
        String catalog = text.trim();

        if (catalog.isEmpty()) {
            // The catalog may come from a profile; LakeConfig reports it missing when none does.
            return new ConnectionUrl(null, "", options);
        }
        Matcher m = TYPE_WORD.matcher(catalog);
        if (m.matches()) {
            String word = m.group(1);
            CatalogType type = CatalogType.byPrefix(word)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown catalog type \"" + word + "\" in the URL; known types: " + CatalogType.prefixes()
                                    + ("postgresql".equalsIgnoreCase(word) ? " (write postgres:)" : "")
                                    + "; a DuckDB file whose name has a colon is written " + PREFIX + "duckdb:<file>"));
            String location = m.group(2).trim();
            if (location.isEmpty()) {
                throw new IllegalArgumentException("the URL names the catalog type \"" + type.prefix() + "\" but no "
                        + (type.isServer() ? "connection string" : "file") + " after it");
            }
            return new ConnectionUrl(type, location, options);
        }
        return new ConnectionUrl(CatalogType.DUCKDB, catalog, options);
    }

    static String noCatalogMessage() {
        return "the URL names no catalog: use " + PREFIX + "postgres:<libpq DSN>, " + PREFIX + "sqlite:<file>, "
                + PREFIX + "mysql:<DSN> or " + PREFIX + "<duckdb file>, or a profile with a catalog";
    }

    /** Index of the first {@code ;} outside single quotes (libpq quoting), or the length. */
    private static int endOfLocation(String rest) {
        boolean quoted = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '\'') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return i;
            }
        }
        return rest.length();
    }

    private static Map<String, String> parseOptions(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int number = 0;
        for (String part : text.split(";", -1)) {
            number++;
            if (part.trim().isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                // The text is not echoed: without '=' it may be a value, and values can be secrets.
                throw new IllegalArgumentException(
                        "URL option number " + number + " after the catalog is not of the form ;key=value");
            }
            String key = part.substring(0, eq).trim();
            if (out.containsKey(key)) {
                throw new IllegalArgumentException("URL option \"" + safeKey(key) + "\" is given twice");
            }
            out.put(key, part.substring(eq + 1));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A key echoed in a message: short, and only the part before any '=' (which could be a value). */
    static String safeKey(String key) {
        String k = key.trim();
        return k.length() > 40 ? k.substring(0, 40) + "…" : k;
    }
}
