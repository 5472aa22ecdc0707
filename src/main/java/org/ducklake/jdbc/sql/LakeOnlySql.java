package org.ducklake.jdbc.sql;

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
    private static final Set<String> REFUSED_FUNCTIONS = Set.of(
            "postgres_query",
            "postgres_execute",
            "postgres_scan",
            "postgres_scan_pushdown",
            "postgres_attach",
            "postgres_configure_pool",
            "postgres_clear_cache",
            "mysql_query",
            "mysql_execute",
            "mysql_clear_cache",
            "sqlite_scan",
            "sqlite_attach",
            "sqlite_query",
            "query",
            "query_table",
            "json_execute_serialized_sql",
            "duckdb_secrets",
            "which_secret");
    private static final Set<String> REFUSED_STATEMENTS = Set.of("attach", "detach", "install", "load");
    /** Words between CREATE/DROP and the kind of object. */
    private static final Set<String> CREATE_MODIFIERS =
            Set.of("or", "replace", "temporary", "temp", "persistent", "if", "not", "exists");

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
        List<SqlTokens.Token> tokens = SqlTokens.all(sql);
        boolean statementStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            SqlTokens.Token t = tokens.get(i);
            if (t.kind == SqlTokens.Kind.STRING) {
                if (t.text.toLowerCase(Locale.ROOT).contains(metadataCatalog)) {
                    return "the catalog database " + metadataCatalog;
                }
                statementStart = false;
                continue;
            }
            if (t.kind == SqlTokens.Kind.PUNCT) {
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
                if (word.equals("prepare")
                        && i + 2 < tokens.size()
                        && tokens.get(i + 2).text.equals("as")) {
                    i += 2;
                    continue;
                }
            }
            statementStart = false;
        }
        return null;
    }

    private static String refusedStatement(List<SqlTokens.Token> tokens, int i) {
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
            for (int j = i + 1; j < tokens.size() && tokens.get(j).kind == SqlTokens.Kind.WORD; j++) {
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

    private static boolean next(List<SqlTokens.Token> tokens, int i, String text) {
        return i + 1 < tokens.size() && tokens.get(i + 1).text.equals(text) && !tokens.get(i + 1).quoted;
    }
}
