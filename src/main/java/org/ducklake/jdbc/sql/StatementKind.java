package org.ducklake.jdbc.sql;

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

    private StatementKind() {}

    /** Whether the statement may change the lake (and so make a DuckLake commit). */
    public static boolean mayChangeTheLake(String sql) {
        return sql != null && CHANGING.contains(firstKeyword(sql));
    }

    /** The first keyword of the statement, upper-cased; empty when there is none. */
    static String firstKeyword(String sql) {
        return SqlTokens.firstWord(sql).toUpperCase(Locale.ROOT);
    }
}
