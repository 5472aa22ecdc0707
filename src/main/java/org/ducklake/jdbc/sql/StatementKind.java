package org.ducklake.jdbc.sql;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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

    /**
     * Statements that leave an engine connection's session as they found it (its schema, settings, temporary
     * objects and prepared statements), unless they name a temporary object.
     */
    private static final Set<String> SESSION_NEUTRAL = Set.of(
            "SELECT",
            "WITH",
            "VALUES",
            "FROM",
            "TABLE",
            "INSERT",
            "UPDATE",
            "DELETE",
            "MERGE",
            "CREATE",
            "DROP",
            "ALTER",
            "COPY",
            "TRUNCATE",
            "COMMENT",
            "BEGIN",
            "START",
            "COMMIT",
            "END",
            "ROLLBACK",
            "ABORT",
            "EXPLAIN",
            "DESCRIBE",
            "SHOW",
            "SUMMARIZE");

    private static final Pattern TEMPORARY = Pattern.compile("(?i)\\btemp(orary)?\\b");

    private StatementKind() {}

    /**
     * Whether the statement may change the session of the engine connection it runs on (SET, USE, PRAGMA,
     * CALL, a temporary table or macro, …), so the connection cannot be handed to another user afterwards.
     * Errs on the side of yes: any statement outside a short list, and any that mentions temp.
     */
    public static boolean mayChangeTheSession(String sql) {
        return sql == null
                || !SESSION_NEUTRAL.contains(firstKeyword(sql))
                || TEMPORARY.matcher(sql).find();
    }

    /** Whether the statement may change the lake (and so make a DuckLake commit). */
    public static boolean mayChangeTheLake(String sql) {
        return sql != null && CHANGING.contains(firstKeyword(sql));
    }

    /** The first keyword of the statement, upper-cased; empty when there is none. */
    static String firstKeyword(String sql) {
        return SqlTokens.firstWord(sql).toUpperCase(Locale.ROOT);
    }
}
