package org.ducklake.jdbc.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ducklake.jdbc.sql.KeyValueDsn;

/**
 * A {@code jdbc:ducklake:} URL taken apart: the catalog type, its location (a DSN or a file path) and the
 * options after it, written {@code ;key=value} or, as pgjdbc and Trino users write them,
 * {@code ?key=value&key=value} right after the catalog (values percent-decoded). Both forms may be mixed
 * ({@code …?a=1;b=2}: the {@code ?} part comes first); a key given twice, in any form, is an error. Only the
 * prefix is stripped (never a replace-all), and a {@code ;} or {@code ?} inside a quoted DSN value does not
 * end the location.
 *
 * <p>Where a {@code ?} or {@code &} could be read two ways, the URL is refused rather than guessed: a catalog
 * file is never given a name holding {@code ?} or {@code &key=}, a {@code ?} in an unquoted DSN password is
 * refused (quote it), and a {@code ;} option whose value holds {@code ?key=} or {@code &key=} of a driver
 * property is refused.
 */
final class ConnectionUrl {
    static final String PREFIX = "jdbc:ducklake:";

    // A word of two or more letters before a colon names a catalog type; one letter is a Windows drive.
    private static final Pattern TYPE_WORD = Pattern.compile("([A-Za-z][A-Za-z0-9_]+):(.*)", Pattern.DOTALL);

    /** {@code ?key=} or {@code &key=}: an option written inside a value or a file name. */
    private static final Pattern OPTION_INSIDE = Pattern.compile("[?&]([A-Za-z_][A-Za-z0-9_]*)=");

    /** A {@code ?} part that is options: {@code key=value} pairs joined by {@code &}, no white space. */
    private static final Pattern QUERY =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=[^&\\s]*(&+[A-Za-z_][A-Za-z0-9_]*=[^&\\s]*)*&*");

    private static final String HOW = "options follow the catalog as ;key=value or ?key=value&key=value";

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
        return catalog(rest.substring(0, end), options, true);
    }

    /**
     * The catalog part: {@code postgres:<dsn>}, {@code sqlite:<file>}, {@code mysql:<dsn>} or a DuckDB file,
     * with the {@code ?key=value&…} options after it when {@code query} allows them (a URL, not a profile).
     */
    static ConnectionUrl catalog(String text, Map<String, String> options, boolean query) {
        String catalog = text.trim();

        if (catalog.isEmpty()) {
            // The catalog may come from a profile; LakeConfig reports it missing when none does.
            return new ConnectionUrl(null, "", options);
        }
        if (catalog.startsWith("?") && query) {
            // jdbc:ducklake:?profile=name: the catalog comes from the profile, as with jdbc:ducklake:;profile=name.
            return new ConnectionUrl(null, "", merge(parseQuery(catalog.substring(1)), options));
        }
        Matcher m = TYPE_WORD.matcher(catalog);
        if (m.matches()) {
            String word = m.group(1);
            CatalogType type = CatalogType.byPrefix(word)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown catalog type \"" + word + "\" in the URL; known types: " + CatalogType.prefixes()
                                    + ("postgresql".equalsIgnoreCase(word) ? " (write postgres:)" : "")
                                    + "; a DuckDB file whose name has a colon is written " + PREFIX + "duckdb:<file>"));
            return located(type, m.group(2), options, query);
        }
        return located(CatalogType.DUCKDB, catalog, options, query);
    }

    private static ConnectionUrl located(CatalogType type, String text, Map<String, String> options, boolean query) {
        int mark = type.isServer() ? unquotedQuestionMark(text) : text.indexOf('?');
        String location = (mark < 0 ? text : text.substring(0, mark)).trim();
        if (location.isEmpty()) {
            throw new IllegalArgumentException("the URL names the catalog type \"" + type.prefix() + "\" but no "
                    + (type.isServer() ? "connection string" : "file")
                    + (mark < 0 ? " after it" : " before its options"));
        }
        Map<String, String> all = options;
        if (mark >= 0) {
            String tail = text.substring(mark + 1).trim();
            if (type.isServer()) {
                checkDsnQuestionMark(location, text.substring(0, mark), tail);
            }
            if (!query) {
                throw new IllegalArgumentException("the catalog holds a '?': a profile gives options as its own keys");
            }
            all = merge(parseQuery(tail), options);
        }
        if (!type.isServer()) {
            Matcher inside = OPTION_INSIDE.matcher(location);
            if (inside.find()) {
                throw new IllegalArgumentException("the catalog file name holds \"&" + safeKey(inside.group(1))
                        + "=\": " + HOW + " (a file whose name holds & followed by key= cannot be named in the URL)");
            }
        }
        return new ConnectionUrl(type, location, all);
    }

    /**
     * Index of the first {@code ?} outside single quotes in a DSN (libpq quoting, backslash escapes), or -1.
     */
    private static int unquotedQuestionMark(String dsn) {
        boolean quoted = false;
        for (int i = 0; i < dsn.length(); i++) {
            char c = dsn.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '\'') {
                quoted = !quoted;
            } else if (c == '?' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A DSN value may hold an unquoted {@code ?} (libpq takes {@code password=a?b}): the {@code ?} starts options
     * only when what follows is {@code key=value&…} and it does not sit in a secret's value; otherwise the URL
     * could mean two things and is refused, naming the key but never the value.
     */
    private static void checkDsnQuestionMark(String location, String before, String tail) {
        String owner = null;
        if (!before.isEmpty() && !Character.isWhitespace(before.charAt(before.length() - 1))) {
            try {
                for (String key : KeyValueDsn.parse(location).entries().keySet()) {
                    owner = key;
                }
            } catch (IllegalArgumentException e) {
                owner = null; // reported with the DSN's own error when it is parsed
            }
        }
        String lower = owner == null ? null : owner.toLowerCase(Locale.ROOT);
        if (lower != null && LakeConfig.isSensitiveKey(lower)) {
            throw new IllegalArgumentException("the catalog connection string has an unquoted '?' in the value of \""
                    + safeKey(owner) + "\": quote the value (" + lower + "='…') or give it as a property; " + HOW);
        }
        if (!QUERY.matcher(tail).matches()) {
            throw new IllegalArgumentException("the catalog connection string has an unquoted '?'"
                    + (owner == null ? "" : " in the value of \"" + safeKey(owner) + "\"")
                    + " that is not followed by key=value options: quote the value (key='…'); " + HOW);
        }
    }

    /** The {@code key=value&key=value} options after a {@code ?}, values percent-decoded ({@code +} is kept). */
    private static Map<String, String> parseQuery(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int number = 0;
        for (String part : text.split("&", -1)) {
            number++;
            if (part.trim().isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "URL parameter number " + number + " after '?' is not of the form key=value");
            }
            String key = part.substring(0, eq).trim();
            put(out, key, percentDecoded(key, part.substring(eq + 1)));
        }
        return out;
    }

    /**
     * {@code %XX} escapes as UTF-8. Unlike form encoding, {@code +} stays a plus: S3 secret keys and passwords
     * hold it, and a plus turned into a space would be a wrong credential nobody can see.
     */
    private static String percentDecoded(String key, String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); ) {
            char c = value.charAt(i);
            if (c == '%') {
                int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException(
                            "URL parameter \"" + safeKey(key) + "\" has a '%' that is not followed by two hex digits");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = value.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "URL parameter \"" + safeKey(key) + "\" has percent escapes that are not UTF-8");
        }
    }

    /** The {@code ?} options and the {@code ;} options together; a key in both is given twice. */
    private static Map<String, String> merge(Map<String, String> query, Map<String, String> options) {
        Map<String, String> out = new LinkedHashMap<>(query);
        for (Map.Entry<String, String> e : options.entrySet()) {
            put(out, e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Adds an option; a key already there, in any letter case, is given twice. */
    private static void put(Map<String, String> out, String key, String value) {
        for (String k : out.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                throw new IllegalArgumentException("URL option \"" + safeKey(key) + "\" is given twice");
            }
        }
        out.put(key, value);
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
            String value = part.substring(eq + 1);
            Matcher inside = OPTION_INSIDE.matcher(value);
            while (inside.find()) {
                if (LakeProperty.byKey(inside.group(1).toLowerCase(Locale.ROOT)).isPresent()) {
                    throw new IllegalArgumentException("the value of URL option \"" + safeKey(key) + "\" holds \""
                            + value.charAt(inside.start()) + inside.group(1) + "=\": write ;" + inside.group(1)
                            + "=… as an option of its own (or give the value as a property)");
                }
            }
            put(out, key, value);
        }
        return Collections.unmodifiableMap(out);
    }

    /** A key echoed in a message: short, and only the part before any '=' (which could be a value). */
    static String safeKey(String key) {
        String k = key.trim();
        return k.length() > 40 ? k.substring(0, 40) + "…" : k;
    }
}
