package org.ducklake.jdbc.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code key=value} connection string as libpq reads it (PostgreSQL; the mysql extension reads the same
 * shape): pairs separated by whitespace, a value either bare or in single quotes, a backslash escaping the
 * next character in both. Parsing keeps the order; rendering quotes every value that needs it, so values
 * with spaces, quotes, {@code =}, {@code ;} or non-ASCII text survive the trip.
 */
public final class KeyValueDsn {
    private final Map<String, String> entries;

    private KeyValueDsn(Map<String, String> entries) {
        this.entries = entries;
    }

    public static KeyValueDsn empty() {
        return new KeyValueDsn(new LinkedHashMap<>());
    }

    /**
     * Parses {@code text}; throws IllegalArgumentException naming the position of the first error by the key
     * before it, never by the text there: an unquoted password with a space in it makes its second word look
     * like a key.
     */
    public static KeyValueDsn parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String previous = null;
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int keyStart = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(keyStart, i);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                throw new IllegalArgumentException(
                        "missing \"=\" " + position(previous) + " (a value with spaces is quoted: key='a b')");
            }
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("invalid key " + position(previous));
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException(
                            "unterminated quoted value for \"" + key + "\" in the connection string");
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else {
                        value.append(c);
                    }
                }
            }
            if (out.containsKey(key)) {
                throw new IllegalArgumentException("\"" + key + "\" is given twice in the connection string");
            }
            out.put(key, value.toString());
            previous = key;
        }
        return new KeyValueDsn(out);
    }

    private static String position(String previousKey) {
        return previousKey == null
                ? "at the start of the connection string"
                : "after the value of \"" + previousKey + "\" in the connection string";
    }

    public String get(String key) {
        return entries.get(key);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Map<String, String> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public KeyValueDsn with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(entries);
        m.put(key, value);
        return new KeyValueDsn(m);
    }

    public KeyValueDsn without(String key) {
        Map<String, String> m = new LinkedHashMap<>(entries);
        m.remove(key);
        return new KeyValueDsn(m);
    }

    /** {@code key=value} pairs; a value is single-quoted (with {@code \} and {@code '} escaped) when needed. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(quote(e.getValue()));
        }
        return sb.toString();
    }

    static String quote(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_.,:/@+-]+")) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValueDsn && ((KeyValueDsn) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Never prints values: a DSN may hold a password. */
    @Override
    public String toString() {
        return "KeyValueDsn" + entries.keySet();
    }
}
