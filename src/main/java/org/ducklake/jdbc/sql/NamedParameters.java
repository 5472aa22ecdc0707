package org.ducklake.jdbc.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL with {@code $name} parameters, rewritten to positional {@code ?} markers with the positions of each
 * name, because DuckDB's JDBC driver binds parameters by position only. String literals, quoted
 * identifiers, dollar-quoted strings ({@code $$…$$}, {@code $tag$…$tag$}) and comments are left alone;
 * {@code $1}-style positional parameters are not names. A name used twice is bound at both positions.
 */
public final class NamedParameters {
    private final String sql;
    private final Map<String, List<Integer>> positions;

    private NamedParameters(String sql, Map<String, List<Integer>> positions) {
        this.sql = sql;
        this.positions = positions;
    }

    /** The rewritten SQL (unchanged when it has no named parameters). */
    public String sql() {
        return sql;
    }

    public boolean hasNames() {
        return !positions.isEmpty();
    }

    /** The 1-based positions of a name, or null when the SQL has no such parameter. */
    public int[] positions(String name) {
        List<Integer> p = positions.get(name.startsWith("$") ? name.substring(1) : name);
        if (p == null) {
            return null;
        }
        int[] out = new int[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.get(i);
        }
        return out;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(positions.keySet());
    }

    public static NamedParameters parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        Map<String, List<Integer>> positions = new LinkedHashMap<>();
        int marker = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = endOfQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '?') {
                marker++;
                out.append(c);
                i++;
            } else if (c == '$') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                    j++;
                }
                String word = sql.substring(i + 1, j);
                if (j < n && sql.charAt(j) == '$') {
                    // A dollar-quoted string: $$…$$ or $tag$…$tag$.
                    String tag = sql.substring(i, j + 1);
                    int close = sql.indexOf(tag, j + 1);
                    int end = close < 0 ? n : close + tag.length();
                    out.append(sql, i, end);
                    i = end;
                } else if (!word.isEmpty() && !Character.isDigit(word.charAt(0))) {
                    marker++;
                    positions.computeIfAbsent(word, k -> new ArrayList<>()).add(marker);
                    out.append('?');
                    i = j;
                } else {
                    out.append(sql, i, j);
                    i = j;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        if (positions.isEmpty()) {
            return new NamedParameters(sql, Collections.emptyMap());
        }
        return new NamedParameters(out.toString(), positions);
    }

    private static int endOfQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
