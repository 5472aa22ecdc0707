package org.ducklake.jdbc.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The statement half of {@code sql_access=lake}: what DuckDB 1.5.5 cannot switch off with its own settings
 * ({@code enable_external_access}, {@code allowed_directories}, {@code lock_configuration}), refused by
 * reading the statement before the engine sees it, and the text the engine is then sent.
 *
 * <p>One reading: the statement is read by {@link SqlScanner}, DuckDB's scanner, and what runs is
 * {@link SqlScanner.Scan#canonical()}, the tokens this check decided on, written out again so that DuckDB
 * cannot read them differently. Text the scanner cannot read with certainty (NUL, unterminated quotes or
 * comments, escapes DuckDB rejects) is refused: nothing runs that was not read.
 *
 * <p>What is refused:
 * <ul>
 *   <li>Functions that reach another database, run SQL given as a string, or read credentials:
 *   {@code postgres_query} and {@code postgres_execute} act on the catalog database as the catalog user,
 *   {@code postgres_scan} and {@code postgres_attach} take any connection string, {@code query},
 *   {@code query_table} and {@code json_execute_serialized_sql} would hide any of these in a string,
 *   {@code load_aws_credentials} makes a secret from the machine's credentials, {@code enable_logging} and
 *   the other logging and profiling functions change the engine's configuration for every connection.</li>
 *   <li>The catalog database itself ({@code __ducklake_metadata_<alias>}), by name or in a string.</li>
 *   <li>The engine's own databases: objects in {@code memory} (they would vanish with the instance), and
 *   {@code USE} of anything but the lake.</li>
 *   <li>Statements that change what the engine can reach or run: ATTACH, DETACH, INSTALL, LOAD, UPDATE
 *   EXTENSIONS, CREATE or DROP SECRET (a secret with a longer scope than the driver's would redirect the lake's
 *   writes to another endpoint), IMPORT DATABASE and PRAGMA import_database (they run SQL read from files),
 *   every PRAGMA but the read-only ones, and SET or RESET of the schema or search path (RESET ALL included).</li>
 * </ul>
 *
 * <p>Names are compared as DuckDB resolves them (quoted or not, ASCII case folded). A function name is
 * refused only where it is called (followed by an opening parenthesis), so a column named {@code query} stays
 * usable.
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
            "pg_clear_cache",
            "read_postgres_binary",
            "mysql_query",
            "mysql_execute",
            "mysql_clear_cache",
            "mysql_debug_execution_plan",
            "mysql_explain_federated",
            "sqlite_scan",
            "sqlite_attach",
            "sqlite_query",
            "query",
            "query_table",
            // DuckDB's built-in table macro over query_table(source): a table name built at run time.
            "histogram_values",
            "json_execute_serialized_sql",
            "import_database",
            "duckdb_secrets",
            "which_secret",
            "load_aws_credentials",
            // Engine-wide logging and profiling, which the locked configuration cannot keep a connection from
            // changing through these functions: enable_logging with a file storage outside the allowed
            // directories leaves every later statement of the instance failing and aborts the process when the
            // instance closes; with the default storage it records every connection's statements for
            // duckdb_logs.
            "enable_logging",
            "disable_logging",
            "truncate_duckdb_logs",
            "enable_profiling",
            "disable_profiling");
    /**
     * Names that are a harmless aggregate in an expression but DuckDB's table macro over query_table in a FROM
     * clause ({@code FROM histogram(concat(…), col)} reads any table named at run time): refused where a
     * table goes.
     */
    private static final Set<String> REFUSED_TABLE_MACROS = Set.of("histogram");

    private static final Set<String> REFUSED_STATEMENTS = Set.of("attach", "detach", "install", "load", "import");
    /** PRAGMAs that only read; every other one is refused (import_database runs SQL from files). */
    private static final Set<String> READING_PRAGMAS = Set.of(
            "collations",
            "database_list",
            "database_size",
            "extension_versions",
            "functions",
            "metadata_info",
            "platform",
            "show",
            "show_databases",
            "show_tables",
            "show_tables_expanded",
            "storage_info",
            "table_info",
            "user_agent",
            "version");
    /** Words that name the kind of object a CREATE or DROP makes, so that an object may be called secret. */
    private static final Set<String> OBJECT_KINDS =
            Set.of("table", "view", "macro", "function", "schema", "sequence", "type", "index", "unique", "database");
    /** The engine's own databases besides the lake. */
    private static final Set<String> ENGINE_DATABASES = Set.of("memory", "system", "temp");

    private static final String METADATA_PREFIX = "__ducklake_metadata_";

    private final String alias;
    /** Where COPY and EXPORT may write: the data path and allowed_directories, normalized, each ending in "/". */
    private final List<String> writeRoots = new ArrayList<>();
    /** A file catalog and its companion files, normalized: DuckDB lets SQL reach them (see SetupSql#catalogFiles). */
    private final List<String> catalogFiles = new ArrayList<>();

    /**
     * A check that knows no directory SQL may write to (every COPY … TO and EXPORT is refused) and no catalog
     * file.
     *
     * @param alias the lake's catalog name; DuckLake attaches its catalog database as
     *     {@code __ducklake_metadata_<alias>}
     */
    public LakeOnlySql(String alias) {
        this(alias, List.of(), List.of());
    }

    /**
     * @param alias the lake's catalog name
     * @param writeRoots the directories or URL prefixes SQL may write to (COPY … TO, EXPORT DATABASE)
     * @param catalogFiles a file catalog's files, which SQL must not name
     */
    public LakeOnlySql(String alias, List<String> writeRoots, List<String> catalogFiles) {
        this.alias = SqlScanner.asciiLower(alias);
        for (String root : writeRoots) {
            String n = FilePaths.normalize(root);
            if (n != null) {
                this.writeRoots.add(n.endsWith("/") ? n : n + "/");
            }
        }
        for (String file : catalogFiles) {
            String n = FilePaths.normalize(file);
            if (n != null) {
                this.catalogFiles.add(n);
            }
        }
    }

    /** The text to send the engine, or why the statement is refused. */
    public static final class Verdict {
        /** What is refused, in words; null when the statement may run. */
        public final String refusal;
        /** The text to run: the statement as DuckDB reads it, re-written from its tokens; null when refused. */
        public final String text;

        private Verdict(String refusal, String text) {
            this.refusal = refusal;
            this.text = text;
        }
    }

    /** The functions refused wherever they are called, lower case. */
    public static Set<String> refusedFunctions() {
        return REFUSED_FUNCTIONS;
    }

    /**
     * What {@code Connection.setCatalog} may not switch to, or null: only the lake. DuckDB's driver sets the
     * catalog natively, past SQL and the locked configuration.
     */
    public String catalogRefusal(String catalog) {
        return catalog != null && SqlScanner.asciiLower(catalog).equals(alias)
                ? null
                : "setCatalog to a database other than the lake (" + alias + ")";
    }

    /**
     * What {@code Connection.setSchema} may not switch to, or null: a schema of the lake, named alone (a name
     * with a dot could name another database's schema to DuckDB's driver, which sets it natively).
     */
    public String schemaRefusal(String schema) {
        if (schema == null || schema.indexOf('.') >= 0 || schema.indexOf('"') >= 0) {
            return "setSchema to something other than a schema of the lake, named alone";
        }
        return SqlScanner.asciiLower(schema).contains(METADATA_PREFIX)
                ? "the catalog database " + METADATA_PREFIX + alias
                : null;
    }

    /** Reads the statement and decides. */
    public Verdict check(String sql) {
        if (sql == null) {
            return new Verdict("SQL text that is null", null);
        }
        SqlScanner.Scan scan = SqlScanner.scan(sql);
        if (scan.problem() != null) {
            return new Verdict("text the driver cannot read the way DuckDB does (" + scan.problem() + ")", null);
        }
        String refused = refusal(scan.tokens());
        return refused != null ? new Verdict(refused, null) : new Verdict(null, scan.canonical());
    }

    /** What in the statement is refused, in words, or null when it may run. */
    public String refusal(String sql) {
        return check(sql).refusal;
    }

    private String refusal(List<SqlScanner.Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            SqlScanner.Token t = tokens.get(i);
            String name = t.name();
            String text = name != null ? name : t.kind == SqlScanner.Kind.STRING ? SqlScanner.asciiLower(t.text) : "";
            if (text.contains(METADATA_PREFIX)) {
                return "the catalog database " + METADATA_PREFIX + alias;
            }
            if (t.kind == SqlScanner.Kind.STRING && FilePaths.mayName(t.text, catalogFiles)) {
                return "the lake's catalog file (DuckDB lets SQL reach an attached database's files)";
            }
            if (t.kind == SqlScanner.Kind.STRING && FilePaths.isUrlWithDotSegments(t.text)) {
                // DuckDB checks allowed_directories on the text, an object store or proxy may resolve the ".."
                return "a URL with . or .. segments";
            }
            if (name == null) {
                continue;
            }
            boolean called = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(");
            if (called && REFUSED_FUNCTIONS.contains(name)) {
                return "the function " + name;
            }
            if (called && REFUSED_TABLE_MACROS.contains(name) && inTablePosition(tokens, i)) {
                return "the table macro " + name;
            }
            if (name.equals("memory")
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).isSymbol(".")
                    && (i == 0 || !tokens.get(i - 1).isSymbol("."))) {
                return "the engine's in-memory database (memory): its objects vanish when the engine closes";
            }
        }
        for (List<SqlScanner.Token> statement : statements(tokens)) {
            for (int start : starts(statement)) {
                String refused = refusedStatement(statement, start);
                if (refused != null) {
                    return refused;
                }
            }
        }
        return null;
    }

    /** Words after which a table (or a table function) stands. */
    private static final Set<String> BEFORE_A_TABLE =
            Set.of("from", "join", "lateral", "call", "pivot", "unpivot", "summarize", "describe", "show");
    /** Words that end a FROM clause at their own parenthesis depth. */
    private static final Set<String> AFTER_FROM = Set.of(
            "where",
            "group",
            "having",
            "order",
            "limit",
            "offset",
            "qualify",
            "window",
            "union",
            "except",
            "intersect",
            "select",
            "returning",
            "set",
            "values",
            "pivot",
            "unpivot");

    /**
     * Whether the call at {@code at} stands where a table goes: right after FROM, JOIN, LATERAL, CALL, PIVOT and
     * the like (or an opening parenthesis there), after a comma of a FROM clause, or qualified (a schema-qualified
     * name is read as the table macro, to be safe).
     */
    private static boolean inTablePosition(List<SqlScanner.Token> t, int at) {
        if (at == 0) {
            return true;
        }
        SqlScanner.Token before = t.get(at - 1);
        if (before.isSymbol("(")) { // FROM (histogram(…)): where the parenthesis stands decides
            return inTablePosition(t, at - 1);
        }
        if (before.isSymbol(".") || (before.kind == SqlScanner.Kind.WORD && BEFORE_A_TABLE.contains(before.name()))) {
            return true;
        }
        if (!before.isSymbol(",")) {
            return false;
        }
        // Is the comma one of a FROM clause? Follow the clauses at each parenthesis depth up to it.
        Deque<Boolean> inFrom = new ArrayDeque<>();
        boolean from = false;
        for (int k = 0; k < at - 1; k++) {
            SqlScanner.Token x = t.get(k);
            if (x.isSymbol("(")) {
                inFrom.push(from);
                from = false;
            } else if (x.isSymbol(")")) {
                from = !inFrom.isEmpty() && inFrom.pop();
            } else if (x.isSymbol(";")) {
                inFrom.clear();
                from = false;
            } else if (x.isWord("from")) {
                from = true;
            } else if (x.kind == SqlScanner.Kind.WORD && AFTER_FROM.contains(x.name())) {
                from = false;
            }
        }
        return from;
    }

    /** The statements of the text: the tokens between semicolons. */
    private static List<List<SqlScanner.Token>> statements(List<SqlScanner.Token> tokens) {
        List<List<SqlScanner.Token>> out = new ArrayList<>();
        List<SqlScanner.Token> current = new ArrayList<>();
        for (SqlScanner.Token t : tokens) {
            if (t.isSymbol(";")) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        out.add(current);
        return out;
    }

    /**
     * Where statements start in a statement's tokens: its first token past opening parentheses, and the
     * statement an EXPLAIN [ANALYZE | ANALYSE] [VERBOSE] [(options)] or a PREPARE name [(types)] AS runs.
     */
    private static List<Integer> starts(List<SqlScanner.Token> t) {
        List<Integer> out = new ArrayList<>();
        int i = 0;
        while (i < t.size()) {
            while (i < t.size() && t.get(i).isSymbol("(")) {
                i++;
            }
            if (i >= t.size()) {
                break;
            }
            out.add(i);
            SqlScanner.Token w = t.get(i);
            if (w.isWord("explain")) {
                i++;
                while (i < t.size()
                        && (t.get(i).isWord("analyze")
                                || t.get(i).isWord("analyse") // DuckDB's grammar takes both spellings
                                || t.get(i).isWord("verbose"))) {
                    i++;
                }
                if (i < t.size() && t.get(i).isSymbol("(") && !startsStatement(t, i + 1)) {
                    i = closing(t, i) + 1;
                }
            } else if (w.isWord("prepare")) {
                int as = -1;
                for (int k = i + 1; k < t.size(); k++) {
                    if (t.get(k).isWord("as")) {
                        as = k;
                        break;
                    }
                }
                if (as < 0) {
                    break;
                }
                i = as + 1;
            } else {
                break;
            }
        }
        return out;
    }

    private static boolean startsStatement(List<SqlScanner.Token> t, int i) {
        return i < t.size()
                && (t.get(i).isWord("select")
                        || t.get(i).isWord("with")
                        || t.get(i).isWord("from"));
    }

    private static int closing(List<SqlScanner.Token> t, int open) {
        int depth = 0;
        for (int k = open; k < t.size(); k++) {
            if (t.get(k).isSymbol("(")) {
                depth++;
            } else if (t.get(k).isSymbol(")") && --depth == 0) {
                return k;
            }
        }
        return t.size();
    }

    private String refusedStatement(List<SqlScanner.Token> t, int i) {
        SqlScanner.Token first = t.get(i);
        if (first.kind != SqlScanner.Kind.WORD) {
            return null;
        }
        String word = first.name();
        if (REFUSED_STATEMENTS.contains(word)) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (word.equals("force") && next(t, i, "install")) {
            return "FORCE INSTALL";
        }
        if (word.equals("update") && next(t, i, "extensions")) {
            return "UPDATE EXTENSIONS";
        }
        if (word.equals("pragma")) {
            String pragma = i + 1 < t.size() ? t.get(i + 1).name() : null;
            return pragma != null && READING_PRAGMAS.contains(pragma)
                    ? null
                    : "PRAGMA " + (pragma == null ? "" : pragma);
        }
        if ((word.equals("create") || word.equals("drop") || word.equals("alter")) && next(t, i, "database")) {
            // Not in DuckDB 1.5.5's grammar; a later DuckDB's would rename or drop what every connection uses.
            return word.toUpperCase(Locale.ROOT) + " DATABASE";
        }
        if ((word.equals("create") || word.equals("drop")) && namesASecret(t, i + 1)) {
            return word.toUpperCase(Locale.ROOT) + " SECRET";
        }
        if (word.equals("use")) {
            return usesTheLake(t, i + 1) ? null : "USE of a database other than the lake (" + alias + ")";
        }
        if (word.equals("set") || word.equals("reset")) {
            int j = i + 1;
            while (j < t.size()
                    && (t.get(j).isWord("session")
                            || t.get(j).isWord("local")
                            || t.get(j).isWord("global"))) {
                j++;
            }
            String setting = j < t.size() ? t.get(j).name() : null;
            if (word.equals("reset") && j < t.size() && t.get(j).isWord("all")) {
                return "RESET ALL (it would reset the schema and search path)";
            }
            if ("schema".equals(setting) || "search_path".equals(setting)) {
                return "changing the " + setting;
            }
        }
        if (word.equals("copy")
                && !(next(t, i, "from") && i + 2 < t.size() && t.get(i + 2).isWord("database"))) {
            int depth = 0;
            for (int j = i + 1; j < t.size(); j++) {
                if (t.get(j).isSymbol("(")) {
                    depth++;
                } else if (t.get(j).isSymbol(")")) {
                    depth--;
                } else if (depth == 0 && t.get(j).isWord("to")) {
                    return writeTarget(t, j + 1, "COPY");
                }
            }
        }
        if (word.equals("export") && next(t, i, "database")) {
            for (int j = i + 2; j < t.size(); j++) {
                if (t.get(j).kind == SqlScanner.Kind.STRING) {
                    return writeTarget(t, j, "EXPORT DATABASE");
                }
            }
            return "EXPORT DATABASE without a directory";
        }
        if (word.equals("copy")
                && next(t, i, "from")
                && i + 2 < t.size()
                && t.get(i + 2).isWord("database")) {
            for (int j = i + 3; j < t.size(); j++) {
                String name = t.get(j).name();
                if (name != null && ENGINE_DATABASES.contains(name)) {
                    return "COPY FROM DATABASE with the engine's database " + name;
                }
            }
        }
        return null;
    }

    /**
     * CREATE [OR REPLACE] [TEMPORARY | PERSISTENT | …] SECRET and DROP [TEMPORARY | PERSISTENT | …] SECRET: any
     * one word that is not a kind of object may stand before SECRET (a storage DuckDB adds later included), so
     * {@code CREATE TABLE secret} stays a table.
     */
    private static boolean namesASecret(List<SqlScanner.Token> t, int at) {
        int j = at;
        if (j + 1 < t.size() && t.get(j).isWord("or") && t.get(j + 1).isWord("replace")) {
            j += 2;
        }
        if (j < t.size() && t.get(j).isWord("secret")) {
            return true;
        }
        return j + 1 < t.size()
                && t.get(j).kind == SqlScanner.Kind.WORD
                && !OBJECT_KINDS.contains(t.get(j).name())
                && t.get(j + 1).isWord("secret");
    }

    /**
     * Whether what a COPY or EXPORT writes to stays in the data path or allowed_directories: DuckDB's own check
     * also lets SQL write its temp directory and the files of a file catalog.
     */
    private String writeTarget(List<SqlScanner.Token> t, int at, String what) {
        if (at >= t.size() || t.get(at).kind != SqlScanner.Kind.STRING) {
            return what + " to something other than a plain string path";
        }
        String target = FilePaths.normalize(t.get(at).text);
        if (target != null) {
            for (String root : writeRoots) {
                if ((target + "/").startsWith(root)) {
                    return null;
                }
            }
        }
        return what + " to a path outside the data path and allowed_directories";
    }

    /** Whether USE's target is the lake or one of its schemas. */
    private boolean usesTheLake(List<SqlScanner.Token> t, int at) {
        if (at >= t.size() || t.get(at).name() == null) {
            return false;
        }
        String first = t.get(at).name();
        boolean qualified = at + 1 < t.size() && t.get(at + 1).isSymbol(".");
        if (qualified) {
            return first.equals(alias);
        }
        return !ENGINE_DATABASES.contains(first);
    }

    private static boolean next(List<SqlScanner.Token> t, int i, String word) {
        return i + 1 < t.size() && t.get(i + 1).isWord(word);
    }
}
