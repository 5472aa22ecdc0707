package org.ducklake.jdbc.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a statement's text says about it before the engine runs it: its first keyword, past comments,
 * white space and opening parentheses. Used to decide which auto-commit statements get a transaction of
 * their own so that their commit can be serialized with the other connections of the engine; a statement
 * classified wrongly only misses that serialization (DuckLake still detects the conflict), so the list is
 * the statements that change the lake.
 */
public final class StatementKind {
    private static final Set<String> CHANGING = Set.of(
            "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "COPY", "CALL", "TRUNCATE", "COMMENT");

    /** First words of statements that change the lake's catalog (see CatalogEffect#CHANGES_SCHEMA). */
    private static final Set<String> SCHEMA_CHANGING =
            Set.of("create", "alter", "drop", "comment", "call", "execute", "import");

    /**
     * DuckLake's maintenance functions and the statements whose commit drops every cached schema version
     * (flushing inlined data, expiring snapshots) or may (compaction, clean-up, CHECKPOINT).
     */
    private static final Set<String> CACHE_DROPPING = Set.of(
            "checkpoint",
            "vacuum",
            "ducklake_flush_inlined_data",
            "ducklake_expire_snapshots",
            "ducklake_merge_adjacent_files",
            "ducklake_rewrite_data_files",
            "ducklake_cleanup_old_files",
            "ducklake_delete_orphaned_files");

    /** What a statement does to the lake's catalog, for CatalogGuard; ordered from least to most. */
    public enum CatalogEffect {
        /** Reads or changes data only. */
        NONE,
        /** Creates, changes or drops a schema, table, view, macro or comment (or may: CALL, EXECUTE). */
        CHANGES_SCHEMA,
        /** Drops DuckLake's cached schema versions when it commits (maintenance, CHECKPOINT). */
        DROPS_CACHED_SCHEMAS
    }

    private StatementKind() {}

    /**
     * Whether the text may change the session of the engine connection it runs on (SET, USE, PRAGMA, CALL,
     * a temporary table or macro, …), so the connection cannot be handed to another user afterwards: read
     * statement by statement with DuckDB's reading of SQL (see SqlFacts), yes when unsure.
     */
    public static boolean mayChangeTheSession(String sql) {
        return !SqlFacts.of(sql).leavesSessionAsItWas();
    }

    /** Whether the statement may change the lake (and so make a DuckLake commit). */
    public static boolean mayChangeTheLake(String sql) {
        return sql != null && CHANGING.contains(firstKeyword(sql));
    }

    /**
     * What the text does to the lake's catalog: the most of its statements, each read by its first word, and
     * any DuckLake maintenance function named anywhere (it may be called from a SELECT). Errs on the side of
     * more: a statement read as a change only runs alone.
     */
    public static CatalogEffect catalogEffect(String sql) {
        if (sql == null) {
            return CatalogEffect.NONE;
        }
        CatalogEffect effect = CatalogEffect.NONE;
        boolean statementStart = true;
        // EXPLAIN ANALYZE runs the statement it explains (CREATE TABLE … AS, CREATE VIEW included), and its
        // options come first in parentheses: in an EXPLAIN, any such word counts.
        boolean explain = false;
        List<SqlTokens.Token> tokens = SqlTokens.all(sql);
        for (SqlTokens.Token t : tokens) {
            if (t.kind == SqlTokens.Kind.PUNCT) {
                if (t.text.equals(";")) {
                    statementStart = true;
                    explain = false;
                } else if (!t.text.equals("(")) {
                    statementStart = false;
                }
                continue;
            }
            boolean word = t.kind == SqlTokens.Kind.WORD && !t.quoted;
            if (word && CACHE_DROPPING.contains(t.text)) {
                return CatalogEffect.DROPS_CACHED_SCHEMAS;
            }
            if (statementStart && word && t.text.equals("explain")) {
                explain = true;
            }
            if ((statementStart || explain) && word && SCHEMA_CHANGING.contains(t.text)) {
                effect = CatalogEffect.CHANGES_SCHEMA;
            }
            statementStart = false;
        }
        return effect;
    }

    /** The first keyword of the statement, upper-cased; empty when there is none. */
    static String firstKeyword(String sql) {
        return SqlTokens.firstWord(sql).toUpperCase(Locale.ROOT);
    }
}
