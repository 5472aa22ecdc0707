package org.ducklake.jdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a text of SQL does to the connection it runs on, read with DuckDB's reading of SQL ({@link SqlScanner},
 * the same reading the access rules use) statement by statement, not from its first keyword: a text is as
 * much as the most of its statements ({@code SELECT 1; USE memory} changes the session). Every answer errs
 * the safe way: a text the scanner cannot read with certainty may change the session, may commit, and is no
 * plain read.
 */
public final class SqlFacts {
    /**
     * First words of statements that leave an engine connection's session as they found it: its current
     * database and schema, settings, variables, prepared statements, temporary objects and attached
     * databases. A statement that names anything temporary is not among them whatever its first word.
     */
    private static final Set<String> SESSION_NEUTRAL = Set.of(
            "select",
            "with",
            "values",
            "from",
            "table",
            "insert",
            "update",
            "delete",
            "merge",
            "create",
            "drop",
            "alter",
            "copy",
            "truncate",
            "comment",
            "begin",
            "start",
            "commit",
            "end",
            "rollback",
            "abort",
            "explain",
            "describe",
            "show",
            "summarize");

    /** Words that put session state in a statement of a neutral kind: temporary objects, secrets. */
    private static final Set<String> SESSION_WORDS = Set.of("temp", "temporary", "secret", "persistent");

    /** First words of statements that only read. EXPLAIN runs nothing unless ANALYZE (see below). */
    private static final Set<String> READING =
            Set.of("select", "with", "values", "from", "table", "show", "describe", "summarize", "explain");

    /** Words that make a reading statement a write: a data-changing CTE body, EXPLAIN ANALYZE of a write. */
    private static final Set<String> WRITING_WORDS = Set.of(
            "insert",
            "update",
            "delete",
            "merge",
            "create",
            "drop",
            "alter",
            "copy",
            "truncate",
            "comment",
            "call",
            "attach",
            "detach",
            "checkpoint",
            "vacuum",
            "analyze",
            "analyse",
            "set",
            "reset",
            "pragma",
            "execute",
            "import",
            "export",
            "load",
            "install",
            "use");

    /**
     * DuckLake's functions that only read. Every other DuckLake function (merge_adjacent_files,
     * expire_snapshots, flush_inlined_data, cleanup_old_files, delete_orphaned_files, rewrite_data_files,
     * add_data_files, set_option, set_commit_message, and any a later DuckLake adds) may write, and writes
     * even inside a READ ONLY transaction in DuckLake 1.5.5; so do the catalog databases' execute functions.
     */
    private static final Set<String> LAKE_READING_FUNCTIONS = Set.of(
            "ducklake_snapshots",
            "ducklake_table_info",
            "ducklake_list_files",
            "ducklake_table_changes",
            "ducklake_table_insertions",
            "ducklake_table_deletions",
            "ducklake_current_snapshot",
            "ducklake_last_committed_snapshot",
            "ducklake_options",
            "ducklake_settings");

    private static final Set<String> CATALOG_WRITING_FUNCTIONS =
            Set.of("postgres_execute", "mysql_execute", "sqlite_execute");

    private final boolean readable;
    private final List<List<SqlScanner.Token>> statements;

    private SqlFacts(boolean readable, List<List<SqlScanner.Token>> statements) {
        this.readable = readable;
        this.statements = statements;
    }

    /** Reads {@code sql}; a null text reads as unreadable. */
    public static SqlFacts of(String sql) {
        if (sql == null) {
            return new SqlFacts(false, List.of());
        }
        SqlScanner.Scan scan = SqlScanner.scan(sql);
        List<List<SqlScanner.Token>> out = new ArrayList<>();
        List<SqlScanner.Token> current = new ArrayList<>();
        for (SqlScanner.Token t : scan.tokens()) {
            if (t.isSymbol(";")) {
                if (!current.isEmpty()) {
                    out.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return new SqlFacts(scan.problem() == null, out);
    }

    /** The first word of a statement past opening parentheses, lower case; "" when it starts otherwise. */
    private static String firstWord(List<SqlScanner.Token> statement) {
        for (SqlScanner.Token t : statement) {
            if (t.isSymbol("(")) {
                continue;
            }
            return t.kind == SqlScanner.Kind.WORD ? t.name() : "";
        }
        return "";
    }

    private static boolean anyWord(List<SqlScanner.Token> statement, Set<String> words) {
        for (SqlScanner.Token t : statement) {
            if (t.kind == SqlScanner.Kind.WORD && words.contains(t.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether running the text leaves the engine connection's session as it found it, so the connection can
     * serve a later connect. False for SET, RESET, USE, PRAGMA, PREPARE, EXECUTE, DEALLOCATE, CALL, ATTACH,
     * DETACH, LOAD, anything temporary or about secrets, and every statement not known to be neutral.
     */
    public boolean leavesSessionAsItWas() {
        if (!readable) {
            return false;
        }
        for (List<SqlScanner.Token> statement : statements) {
            if (!SESSION_NEUTRAL.contains(firstWord(statement)) || anyWord(statement, SESSION_WORDS)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a statement of the text is a COMMIT (COMMIT, END, in any spelling DuckDB reads). */
    public boolean commits() {
        if (!readable) {
            return true;
        }
        for (List<SqlScanner.Token> statement : statements) {
            String first = firstWord(statement);
            if (first.equals("commit") || first.equals("end")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the text is one ROLLBACK (or ABORT) and nothing else; false when it cannot be read. */
    public boolean rollsBackOnly() {
        if (!readable || statements.size() != 1) {
            return false;
        }
        String first = firstWord(statements.get(0));
        return first.equals("rollback") || first.equals("abort");
    }

    /**
     * Whether a statement of the text ends a transaction (COMMIT, END, ROLLBACK, ABORT), after which the
     * text's later statements auto-commit; yes when the text cannot be read.
     */
    public boolean endsTransaction() {
        if (!readable) {
            return true;
        }
        for (List<SqlScanner.Token> statement : statements) {
            String first = firstWord(statement);
            if (first.equals("commit") || first.equals("end") || first.equals("rollback") || first.equals("abort")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every statement of the text has the shape of a query (SELECT, FROM, WITH, VALUES, TABLE, SHOW,
     * DESCRIBE, SUMMARIZE, EXPLAIN), whatever the functions it calls; false when the text cannot be read.
     */
    public boolean queryShaped() {
        if (!readable || statements.isEmpty()) {
            return false;
        }
        for (List<SqlScanner.Token> statement : statements) {
            if (!READING.contains(firstWord(statement))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first function the text names that writes past a READ ONLY transaction (a DuckLake function not
     * known to only read, a catalog database's execute function) or runs SQL the driver cannot read
     * ({@code query(…)}); null when none. An unreadable text
     * answers its first token's name, or "unreadable text".
     */
    public String writingFunction() {
        for (List<SqlScanner.Token> statement : statements) {
            for (int i = 0; i < statement.size(); i++) {
                String name = statement.get(i).name();
                if (name == null) {
                    continue;
                }
                if ((name.startsWith("ducklake_") && !LAKE_READING_FUNCTIONS.contains(name))
                        || CATALOG_WRITING_FUNCTIONS.contains(name)) {
                    return name;
                }
                // query('…') runs SQL held in a string, which this reading cannot see into.
                if (name.equals("query")
                        && i + 1 < statement.size()
                        && statement.get(i + 1).isSymbol("(")) {
                    return name;
                }
            }
        }
        return readable ? null : "text that cannot be read with certainty";
    }

    /**
     * Whether a statement of the text opens a transaction that is not READ ONLY (BEGIN or START without the
     * words READ ONLY); yes when unsure.
     */
    public boolean beginsWritableTransaction() {
        if (!readable) {
            return true;
        }
        for (List<SqlScanner.Token> statement : statements) {
            String first = firstWord(statement);
            if ((first.equals("begin") || first.equals("start")) && !anyWord(statement, Set.of("only"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every statement of the text only reads: a query, SHOW, DESCRIBE, SUMMARIZE or a plain EXPLAIN,
     * with no word of a write anywhere in it and no DuckLake function (some of which write, and which can be
     * called from a SELECT). What is not a plain read runs in a read-only transaction on a read-only
     * connection, so the engine, not this reading, decides whether it writes.
     */
    public boolean plainRead() {
        if (!readable || statements.isEmpty()) {
            return false;
        }
        for (List<SqlScanner.Token> statement : statements) {
            if (!READING.contains(firstWord(statement)) || anyWord(statement, WRITING_WORDS)) {
                return false;
            }
        }
        return writingFunction() == null;
    }

    /** The words a query of constants may hold (see {@link #constantsOnly}); an alias follows AS. */
    private static final Set<String> CONSTANT_WORDS =
            Set.of("select", "values", "as", "null", "true", "false", "and", "or", "not", "is");

    /**
     * Whether the text is one SELECT or VALUES of constants only (literals, parameters, operators, aliases):
     * {@code SELECT 1}, as pools and tools validate with. It names nothing, no table, function, type or macro,
     * so the engine reads no catalog for it. Any other text answers false, which is the safe answer.
     */
    public boolean constantsOnly() {
        if (!readable || statements.size() != 1) {
            return false;
        }
        List<SqlScanner.Token> statement = statements.get(0);
        String first = firstWord(statement);
        if (!first.equals("select") && !first.equals("values")) {
            return false;
        }
        boolean alias = false;
        for (SqlScanner.Token t : statement) {
            if (alias) {
                alias = false;
                if (t.kind == SqlScanner.Kind.WORD || t.kind == SqlScanner.Kind.QUOTED) {
                    continue;
                }
            }
            if (t.kind == SqlScanner.Kind.QUOTED) {
                return false;
            }
            if (t.kind == SqlScanner.Kind.WORD) {
                if (!CONSTANT_WORDS.contains(t.name())) {
                    return false;
                }
                alias = t.name().equals("as");
            }
        }
        return true;
    }
}
