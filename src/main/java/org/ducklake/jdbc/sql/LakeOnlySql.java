package org.ducklake.jdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The statement half of {@code sql_access=lake}: what DuckDB 1.5.5 cannot switch off with its own settings
 * ({@code enable_external_access}, {@code allowed_directories}, {@code lock_configuration}), refused by
 * reading the statement's text before the engine sees it.
 *
 * <ul>
 *   <li>Functions that reach another database or run SQL given as a string: {@code postgres_query} and
 *   {@code postgres_execute} act on the catalog database as the catalog user, {@code postgres_scan} and
 *   {@code postgres_attach} take any connection string (and ignore {@code enable_external_access}),
 *   {@code query}, {@code query_table} and {@code json_execute_serialized_sql} would hide any of these in a
 *   string.</li>
 *   <li>The catalog database itself ({@code __ducklake_metadata_<alias>}), by name or in a string (a
 *   {@code search_path}): plain DuckDB SQL on it reads and rewrites DuckLake's metadata.</li>
 *   <li>Statements that change what the engine can reach: ATTACH, DETACH, INSTALL, LOAD, and CREATE or DROP
 *   SECRET (a secret with a longer scope than the driver's would redirect the lake's writes to another
 *   endpoint).</li>
 * </ul>
 *
 * <p>Identifiers are compared unquoted and case-insensitively, comments and strings are skipped (but for
 * the catalog name), so spelling does not get around a rule. A function name is refused only where it is
 * called (followed by an opening parenthesis), so a column named {@code query} stays usable.
 */
public final class LakeOnlySql {
    private static final Set<String> REFUSED_FUNCTIONS = Set.of("postgres_query", "postgres_execute",
            "postgres_scan", "postgres_scan_pushdown", "postgres_attach", "postgres_configure_pool",
            "postgres_clear_cache", "mysql_query", "mysql_execute", "mysql_clear_cache", "sqlite_scan",
            "sqlite_attach", "sqlite_query", "query", "query_table", "json_execute_serialized_sql",
            "duckdb_secrets", "which_secret");
    private static final Set<String> REFUSED_STATEMENTS = Set.of("attach", "detach", "install", "load");
    /** Words between CREATE/DROP and the kind of object. */
    private static final Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "temporary", "temp", "persistent",
            "if", "not", "exists");

    private final String metadataCatalog;

    /** @param alias the lake's catalog name; DuckLake attaches its catalog database as {@code __ducklake_metadata_<alias>} */
    public LakeOnlySql(String alias) {
        this.metadataCatalog = ("__ducklake_metadata_" + alias).toLowerCase(Locale.ROOT);
    }

    /** What in the statement is refused, in words, or null when it may run. */
    public String refusal(String sql) {
        if (sql == null) {
            return null;
        }
        List<Token> tokens = tokens(sql);
        boolean statementStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind == Kind.STRING) {
                if (t.text.toLowerCase(Locale.ROOT).contains(metadataCatalog)) {
                    return "the catalog database " + metadataCatalog;
                }
                statementStart = false;
                continue;
            }
            if (t.kind == Kind.PUNCT) {
                statementStart = t.text.equals(";") || (statementStart && t.text.equals("("));
                continue;
            }
            String word = t.text;
            if (word.equals(metadataCatalog)) {
                return "the catalog database " + metadataCatalog;
            }
            if (REFUSED_FUNCTIONS.contains(word) && next(tokens, i, "(")) {
                return "the function " + word;
            }
            if (statementStart && !t.quoted) {
                String refused = refusedStatement(tokens, i);
                if (refused != null) {
                    return refused;
                }
                // EXPLAIN [ANALYZE] and PREPARE name AS run the statement that follows.
                if (word.equals("explain") || word.equals("analyze")) {
                    continue;
                }
                if (word.equals("prepare") && i + 2 < tokens.size() && tokens.get(i + 2).text.equals("as")) {
                    i += 2;
                    continue;
                }
            }
            statementStart = false;
        }
        return null;
    }

    private static String refusedStatement(List<Token> tokens, int i) {
        String word = tokens.get(i).text;
        if (REFUSED_STATEMENTS.contains(word)) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (word.equals("force") && next(tokens, i, "install")) {
            return "FORCE INSTALL";
        }
        if (word.equals("update") && next(tokens, i, "extensions")) {
            return "UPDATE EXTENSIONS";
        }
        if (word.equals("create") || word.equals("drop")) {
            for (int j = i + 1; j < tokens.size() && tokens.get(j).kind == Kind.WORD; j++) {
                String w = tokens.get(j).text;
                if (w.equals("secret")) {
                    return word.toUpperCase(Locale.ROOT) + " SECRET";
                }
                if (!CREATE_MODIFIERS.contains(w)) {
                    break;
                }
            }
        }
        return null;
    }

    private static boolean next(List<Token> tokens, int i, String text) {
        return i + 1 < tokens.size() && tokens.get(i + 1).text.equals(text) && !tokens.get(i + 1).quoted;
    }

    private enum Kind { WORD, STRING, PUNCT }

    private static final class Token {
        final Kind kind;
        /** Words lower-cased and unquoted; strings unescaped; punctuation as is. */
        final String text;
        final boolean quoted;

        Token(Kind kind, String text, boolean quoted) {
            this.kind = kind;
            this.text = text;
            this.quoted = quoted;
        }
    }

    /** DuckDB's lexical rules, as far as they decide what is a word, a string and a comment. */
    private static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                boolean escapes = c != '\'';
                int start = escapes ? i + 2 : i + 1;
                StringBuilder text = new StringBuilder();
                int j = start;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (escapes && d == '\\' && j + 1 < n) {
                        text.append(sql.charAt(j + 1));
                        j += 2;
                    } else if (d == '\'' && j + 1 < n && sql.charAt(j + 1) == '\'') {
                        text.append('\'');
                        j += 2;
                    } else if (d == '\'') {
                        break;
                    } else {
                        text.append(d);
                        j++;
                    }
                }
                out.add(new Token(Kind.STRING, text.toString(), false));
                i = j + 1;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                int stop = end < 0 ? n : end;
                out.add(new Token(Kind.STRING, sql.substring(i + tag.length(), stop), false));
                i = end < 0 ? n : end + tag.length();
            } else if (c == '"') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (d == '"' && j + 1 < n && sql.charAt(j + 1) == '"') {
                        text.append('"');
                        j += 2;
                    } else if (d == '"') {
                        break;
                    } else {
                        text.append(d);
                        j++;
                    }
                }
                out.add(new Token(Kind.WORD, text.toString().toLowerCase(Locale.ROOT), true));
                i = j + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
                    j++;
                }
                out.add(new Token(Kind.WORD, sql.substring(i, j).toLowerCase(Locale.ROOT), false));
                i = j;
            } else {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), false));
                i++;
            }
        }
        return out;
    }

    /** {@code $$} or {@code $tag$} starting at i, or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }
}
