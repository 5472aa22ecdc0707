package org.ducklake.jdbc.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sql_access=lake against attacks: each attack, a SQL text (or a short sequence whose last text is the attack), is
 * sent as a lake-mode user on a DuckDB-file lake and on a PostgreSQL-catalog/S3 lake, through Statement.execute,
 * prepareStatement(..).execute() and addBatch + executeBatch, and must be
 *
 * <ol>
 *   <li>refused with SQLState 42501, and nothing of a multi-statement text run (no table, view or macro named after
 *   the attack's marker, no new or lost database, the connection still in the lake's main schema);</li>
 *   <li>kept from the catalog database: the PostgreSQL server logs every statement of the lake's role, and the
 *   attack's marker never shows in that log;</li>
 *   <li>kept from the disk outside the data path: no file under the test work directory (the file lake's data path
 *   aside), the JVM's working directory (top level and {@code .tmp}) and java.io.tmpdir (top level), and no S3
 *   object outside the PostgreSQL lake's data prefix, holds the marker in its name or content;</li>
 *   <li>harmless to the lake: on the same connection an INSERT and a count still work, and so does a fresh
 *   connection.</li>
 * </ol>
 *
 * Every attack embeds a marker unique to the attack, lake and way of sending ({@code probe_<n>_<run>_<lake><way>})
 * in whatever it would send to the catalog database or write to a file. Positive controls, which look like attacks
 * but stay in the lake, must run and give their value.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the controls first: the last attack may break the file lake
class LakeOnlyAttacksTest {
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    private static final String OTHER_BUCKET = "other-bucket";

    /** How an attack is sent. */
    enum Mode {
        STATEMENT("s"),
        PREPARED("p"),
        BATCH("b");

        final String tag;

        Mode(String tag) {
            this.tag = tag;
        }
    }

    /** One of the two lakes, shared by all attacks. */
    static final class Lake {
        final String name;
        final String url;
        final Properties properties;
        /** With a trailing slash. */
        final String dataPath;
        /** The file lake's data directory (its files are the lake's own), or null. */
        final Path dataDirectory;
        /** The PostgreSQL lake's data prefix in its bucket ("lake-3/"), or null. */
        final String s3Prefix;

        final boolean postgres;
        /** The file lake's catalog file, or null. */
        Path catalogFile;

        final AtomicLong rows = new AtomicLong();
        Set<String> databases;

        Lake(
                String name,
                String url,
                Properties properties,
                String dataPath,
                Path dataDirectory,
                String s3Prefix,
                boolean postgres) {
            this.name = name;
            this.url = url;
            this.properties = properties;
            this.dataPath = dataPath;
            this.dataDirectory = dataDirectory;
            this.s3Prefix = s3Prefix;
            this.postgres = postgres;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, properties);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What an attack text is made from. */
    static final class Ctx {
        /** The marker: in whatever the attack would send to the catalog database or write to a file. */
        final String m;
        /** A name for objects a setup step makes: unique, without the marker. */
        final String s;
        /** The lake's data path, with a trailing slash. */
        final String data;
        /** The test work directory, absolute, with a trailing slash. */
        final String work;
        /** java.io.tmpdir, with a trailing slash. */
        final String tmp;

        final int pg;
        /** The file lake's catalog file (a DuckDB database file outside every data path). */
        final String catalog;
        /** The JVM's working directory, with a trailing slash. */
        final String cwd;

        Ctx(String m, String s, String data) {
            this.catalog = fileLake.catalogFile.toString();
            this.cwd = Paths.get("").toAbsolutePath() + "/";
            this.m = m;
            this.s = s;
            this.data = data;
            this.work = TestLakes.work().toAbsolutePath() + "/";
            String t = System.getProperty("java.io.tmpdir");
            this.tmp = t.endsWith("/") ? t : t + "/";
            this.pg = PostgresServer.get().port();
        }

        /** A catalog-database query carrying the marker: {@code 'SELECT ''<m>'''}. */
        String pgSql() {
            return "'SELECT ''" + m + "'''";
        }
    }

    /** An attack: its class, what it tries, and its texts (all but the last are setup, run by Statement.execute). */
    static final class Attack {
        final int n;
        final String kind;
        final String what;
        final Function<Ctx, List<String>> steps;

        Attack(int n, String kind, String what, Function<Ctx, List<String>> steps) {
            this.n = n;
            this.kind = kind;
            this.what = what;
            this.steps = steps;
        }

        @Override
        public String toString() {
            return "#" + n + " " + kind + ": " + what;
        }
    }

    private static Lake fileLake;
    private static Lake pgLake;
    /** One connection per lake held open for the whole class, so that each attack's connections reuse its engine. */
    private static final List<Connection> KEEPERS = new ArrayList<>();

    @BeforeAll
    static void lakes() throws Exception {
        S3Server.get().createBucket(TestLakes.BUCKET);
        S3Server.get().createBucket(OTHER_BUCKET);

        TestLakes.FileLake fl = TestLakes.file("attacks-file").withLocalDataPath();
        Path data = Files.createDirectories(fl.localDataDirectory());
        fileLake = new Lake("file", fl.url(), fl.properties(), data + "/", data, null, false);
        fileLake.catalogFile = fl.catalog().toAbsolutePath();

        TestLakes.PostgresLake pl = TestLakes.postgres();
        PostgresServer.get().logStatementsOf(pl.user); // before the lake's first connection
        pgLake = new Lake("postgres", pl.url(), pl.properties(), pl.dataPath(), null, pl.prefix + "/", true);

        for (Lake lake : List.of(fileLake, pgLake)) {
            Connection keeper = lake.connect();
            KEEPERS.add(keeper);
            try (Statement s = keeper.createStatement()) {
                s.execute("CREATE TABLE t (i BIGINT)");
                lake.databases = databases(keeper);
            }
        }
        // The log shows what the lake's role sends: a table name reaches the catalog database.
        long from = PostgresServer.get().serverLogSize();
        String canary = "logcheck_" + RUN;
        try (Connection c = pgLake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + canary + " (i INTEGER)");
        }
        assertThat(PostgresServer.get().serverLog(from))
                .as("the PostgreSQL log shows the lake role's statements")
                .contains(canary);
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection c : KEEPERS) {
            c.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The attacks

    private static final List<Attack> ATTACKS = new ArrayList<>();

    private static void a(String kind, String what, Function<Ctx, String> sql) {
        ATTACKS.add(new Attack(ATTACKS.size() + 1, kind, what, x -> List.of(sql.apply(x))));
    }

    private static void seq(String kind, String what, Function<Ctx, List<String>> steps) {
        ATTACKS.add(new Attack(ATTACKS.size() + 1, kind, what, steps));
    }

    private static final String META = "'__ducklake_metadata_lake'";

    static {
        // The issue's reported cases.
        a(
                "issue",
                "--\\r then UNION ALL postgres_query",
                x -> "SELECT 'x','y' --\rUNION ALL SELECT * FROM postgres_query(" + META
                        + ", 'SELECT current_user::text, inet_server_port()::text || ''" + x.m + "''')");
        a(
                "issue",
                "--\\r; CALL postgres_execute CREATE TABLE",
                x -> "SELECT 0 --\r; CALL postgres_execute(" + META + ", 'CREATE TABLE probe." + x.m + "(i int)')");
        a(
                "issue",
                "--\\r; DETACH the catalog database",
                x -> "SELECT 0 /* " + x.m + " */ --\r; DETACH __ducklake_metadata_lake");
        a(
                "issue",
                "nested comment hides a quote, query($$..$$)",
                x -> "/* /* */ ' */ SELECT * FROM query($$SELECT '" + x.m + "'$$) --'");
        a(
                "issue",
                "$€$ dollar tag hides a quote, query($$..$$)",
                x -> "SELECT $€$ ' $€$ AS a, * FROM query($$SELECT '" + x.m + "'$$) --'");
        a(
                "issue",
                "CREATE TEMPORARY SECRET scoped to the data path's main/",
                x -> "CREATE TEMPORARY SECRET zz_" + x.s + " (TYPE s3, KEY_ID 'k_" + x.m
                        + "', SECRET 's', ENDPOINT '127.0.0.1:1', URL_STYLE 'path', USE_SSL false, SCOPE '" + x.data
                        + "main/')");
        seq(
                "issue",
                "IMPORT DATABASE of files written by COPY into the data path",
                x -> List.of(
                        "COPY (SELECT 'CREATE TABLE memory.main." + x.m + "_t (i INTEGER); ATTACH '':memory:'' AS "
                                + x.m + ";' AS s) TO '" + x.data + x.s + "_imp/schema.sql' (FORMAT csv, HEADER false)",
                        "COPY (SELECT 'SELECT 1;' AS s) TO '" + x.data + x.s
                                + "_imp/load.sql' (FORMAT csv, HEADER false)",
                        "IMPORT DATABASE '" + x.data + x.s + "_imp'"));

        // Comment forms.
        a("comment", "-- at the end of the text", x -> "SELECT 1; ATTACH ':memory:' AS " + x.m + " --");
        a("comment", "a statement after a -- comment line", x -> "-- hello\nATTACH ':memory:' AS " + x.m);
        a("comment", "a statement after a block comment", x -> "/* c */ ATTACH '" + x.work + x.m + ".db' AS x");
        a(
                "comment",
                "nested /* /* */ */ before CALL postgres_execute",
                x -> "/* /* */ */ CALL postgres_execute(" + META + ", 'CREATE TABLE " + x.m + "(i int)')");
        a(
                "comment",
                "/* inside the operator +/*",
                x -> "SELECT 1 +/* x */ (SELECT count(*) FROM query('SELECT ''" + x.m + "'''))");
        a("comment", "block comment between function name and paren", x -> "SELECT * FROM query/* c */(" + sq(x) + ")");
        a("comment", "-- comment between function name and paren", x -> "SELECT * FROM query--c\n(" + sq(x) + ")");
        a(
                "comment",
                "several comments between postgres_query and paren",
                x -> "SELECT * FROM postgres_query /**/ /* a /* b */ */ --x\r(" + META + ", " + x.pgSql() + ")");
        a("comment", "--\\r then ; ATTACH", x -> "SELECT 2 -- x\r; ATTACH ':memory:' AS " + x.m);
        a("comment", "unterminated block comment", x -> "SELECT 3; ATTACH ':memory:' AS " + x.m + " /* open");
        a(
                "comment",
                "-- at EOF with no newline after chained CALL",
                x -> "SELECT 4;CALL postgres_execute(" + META + ", 'CREATE TABLE " + x.m + "(i int)')--");

        // Quoting.
        a("quote", "E'\\'' escaped quote", x -> "SELECT E'\\'' AS a, * FROM query(" + sq(x) + ") --'");
        a("quote", "E'\\\\' escaped backslash", x -> "SELECT E'\\\\' AS a, * FROM query(" + sq(x) + ") --'");
        a("quote", "'a\\' a backslash that does not escape", x -> "SELECT 'a\\' AS b, * FROM query(" + sq(x) + ") --'");
        a("quote", "$a$ holding $b$", x -> "SELECT $a$ $b$ ' $b$ $a$ AS s, * FROM query($$SELECT '" + x.m + "'$$) --'");
        a(
                "quote",
                "$€$ tag, postgres_query",
                x -> "SELECT $€$ x $€$ AS s, * FROM postgres_query(" + META + ", " + x.pgSql() + ")");
        a("quote", "$tag$ hiding a quote; ATTACH", x -> "SELECT $tag$ ' $tag$ AS s; ATTACH ':memory:' AS " + x.m);
        a("quote", "$ab$ vs $aB$ tags", x -> "SELECT $ab$ ' $aB$ ' $ab$ AS s, * FROM query(" + sq(x) + ")");
        a("quote", "\"POSTGRES_QUERY\"", x -> "SELECT * FROM \"POSTGRES_QUERY\"(" + META + ", " + x.pgSql() + ")");
        a("quote", "\"query\"", x -> "SELECT * FROM \"query\"(" + sq(x) + ")");
        a(
                "quote",
                "\"Query_Table\" on the catalog",
                x -> "SELECT * FROM \"Query_Table\"('__ducklake_metadata_lake.public.ducklake_snapshot') WHERE '" + x.m
                        + "' <> ''");
        a("quote", "doubled single quotes", x -> "SELECT 'it''s' AS a, * FROM query(" + sq(x) + ") --'");
        a(
                "quote",
                "doubled double quotes",
                x -> "SELECT \"a\"\"b\" FROM (SELECT 1 AS \"a\"\"b\"), query(" + sq(x) + ")");
        a(
                "quote",
                "string continuation across a newline",
                x -> "SELECT 'x'\n' AS s, * FROM (SELECT 1) --' AS s, * FROM query(" + sq(x) + ")");
        a(
                "quote",
                "string continuation across a -- comment",
                x -> "SELECT 'x' -- c\n'y' AS s; ATTACH ':memory:' AS " + x.m);
        a("quote", "N'..'", x -> "SELECT N'x' AS s, * FROM query(" + sq(x) + ")");
        a("quote", "U&'..' string", x -> "SELECT U&'d\\0061t\\+000061' AS s; ATTACH ':memory:' AS " + x.m);
        a("quote", "U&\"..\" identifier spelling query", x -> "SELECT * FROM U&\"\\0071uery\"(" + sq(x) + ")");
        a("quote", "E'\\u..' escape", x -> "SELECT E'\\u0027' AS s; ATTACH ':memory:' AS " + x.m);
        a("quote", "e'\\x27' byte escape", x -> "SELECT e'\\x27' AS s, * FROM query(" + sq(x) + ") --'");
        a("quote", "X'..' and B'..' strings", x -> "SELECT X'27', B'01' AS s; ATTACH ':memory:' AS " + x.m);
        a("quote", "unterminated string", x -> "SELECT 1; ATTACH ':memory:' AS " + x.m + "; SELECT 'open");

        // Encodings.
        a("encoding", "NUL between statements", x -> "SELECT 1\u0000; ATTACH ':memory:' AS " + x.m);
        a(
                "encoding",
                "NUL in a comment",
                x -> "SELECT 1 -- \u0000\nCALL postgres_execute(" + META + ", 'CREATE TABLE " + x.m + "(i int)')");
        a("encoding", "U+00A0 between tokens", x -> "SELECT\u00a0*\u00a0FROM\u00a0query(" + sq(x) + ")");
        a("encoding", "U+00A0 before the paren", x -> "SELECT * FROM query\u00a0(" + sq(x) + ")");
        a("encoding", "U+2003 between tokens", x -> "ATTACH\u2003':memory:'\u2003AS\u2003" + x.m);
        a("encoding", "U+3000 after ;", x -> "SELECT 1;\u3000ATTACH ':memory:' AS " + x.m);
        a(
                "encoding",
                "U+3000 around postgres_query",
                x -> "SELECT * FROM\u3000postgres_query\u3000(" + META + ", " + x.pgSql() + ")");
        a("encoding", "U+FEFF at the start", x -> "\ufeffATTACH ':memory:' AS " + x.m);
        a("encoding", "U+200B after ;", x -> "SELECT 1;\u200bATTACH ':memory:' AS " + x.m);
        a("encoding", "lone high surrogate in a string", x -> "SELECT '\ud800' AS s; ATTACH ':memory:' AS " + x.m);
        a("encoding", "lone low surrogate in a comment", x -> "/* \udc00 */ ATTACH ':memory:' AS " + x.m);
        a("encoding", "fullwidth letters around query()", x -> "SELECT 'ｑｕｅｒｙ' AS ｑ, * FROM query(" + sq(x) + ")");
        a("encoding", "fullwidth dollar tag", x -> "SELECT $ｑ$ ' $ｑ$ AS s, * FROM query(" + sq(x) + ") --'");

        // Statement chaining.
        a("chain", "SELECT 1; ATTACH", x -> "SELECT 1; ATTACH ':memory:' AS " + x.m);
        a("chain", "CREATE TABLE; ATTACH", x -> "CREATE TABLE " + x.m + "_t (i INTEGER); ATTACH ':memory:' AS x");
        a("chain", "CREATE TABLE;;; LOAD", x -> "CREATE TABLE " + x.m + "_t (i INTEGER);;; LOAD postgres_scanner");
        a(
                "chain",
                "INSERT; comment; INSTALL",
                x -> "INSERT INTO t VALUES (-1);/* " + x.m + " */INSTALL sqlite_scanner");
        a(
                "chain",
                "CREATE TABLE; DETACH the catalog",
                x -> "CREATE TABLE " + x.m + "_t (i INTEGER); DETACH __ducklake_metadata_lake");
        a(
                "chain",
                "empty statements, then CALL postgres_execute, then ;",
                x -> "SELECT 1 ; ; CALL postgres_execute(" + META + ", 'CREATE TABLE " + x.m + "(i int)') ;");
        a(
                "chain",
                "CREATE TABLE; USE memory; CREATE TABLE",
                x -> "CREATE TABLE " + x.m + "_t (i INTEGER); USE memory; CREATE TABLE " + x.m + "_u (i INTEGER)");

        // Indirection.
        a(
                "indirect",
                "CREATE MACRO .. AS TABLE query()",
                x -> "CREATE MACRO " + x.s + "() AS TABLE SELECT * FROM query(" + sq(x) + ")");
        a(
                "indirect",
                "CREATE MACRO with postgres_query in a subquery",
                x -> "CREATE MACRO " + x.s + "(y) AS (SELECT count(*) FROM postgres_query(" + META + ", " + x.pgSql()
                        + "))");
        a(
                "indirect",
                "CREATE TEMP MACRO over query_table of the catalog",
                x -> "CREATE TEMP MACRO " + x.s
                        + "() AS TABLE FROM query_table('__ducklake_metadata_lake.public.ducklake_snapshot') WHERE '"
                        + x.m + "' <> ''");
        a(
                "indirect",
                "CREATE VIEW over postgres_query",
                x -> "CREATE VIEW " + x.s + " AS SELECT * FROM postgres_query(" + META + ", " + x.pgSql() + ")");
        seq(
                "indirect",
                "a harmless macro, then query() of its result",
                x -> List.of("CREATE MACRO " + x.s + "(q) AS q", "SELECT * FROM query(" + x.s + "(" + sq(x) + "))"));
        seq(
                "indirect",
                "a macro spelling the catalog's name, then postgres_query",
                x -> List.of(
                        "CREATE MACRO " + x.s + "() AS '__duck' || 'lake_metadata_lake'",
                        "SELECT * FROM postgres_query(" + x.s + "(), " + x.pgSql() + ")"));
        a(
                "indirect",
                "PREPARE .. AS postgres_query",
                x -> "PREPARE " + x.s + " AS SELECT * FROM postgres_query(" + META + ", " + x.pgSql() + ")");
        a("indirect", "PREPARE .. AS ATTACH", x -> "PREPARE " + x.s + " AS ATTACH ':memory:' AS " + x.m);
        a("indirect", "EXPLAIN ATTACH", x -> "EXPLAIN ATTACH ':memory:' AS " + x.m);
        a("indirect", "EXPLAIN ANALYZE ATTACH", x -> "EXPLAIN ANALYZE ATTACH ':memory:' AS " + x.m);
        a("indirect", "EXPLAIN ANALYSE ATTACH", x -> "EXPLAIN ANALYSE ATTACH ':memory:' AS " + x.m);
        a(
                "indirect",
                "EXPLAIN (ANALYZE, FORMAT json) ATTACH",
                x -> "EXPLAIN (ANALYZE, FORMAT json) ATTACH ':memory:' AS " + x.m);
        a(
                "indirect",
                "EXPLAIN ANALYSE CREATE SECRET",
                x -> "EXPLAIN ANALYSE CREATE TEMPORARY SECRET " + x.s + " (TYPE s3, KEY_ID '" + x.m
                        + "', SECRET 's', ENDPOINT '127.0.0.1:1', SCOPE '" + x.data + "')");
        a(
                "indirect",
                "EXPLAIN ANALYSE SET search_path",
                x -> "EXPLAIN ANALYSE SET search_path = 'memory.main' /* " + x.m + " */");

        // Table functions.
        a(
                "function",
                "postgres_scan of another database with the superuser",
                x -> "SELECT * FROM postgres_scan('host=127.0.0.1 port=" + x.pg + " dbname=postgres user="
                        + PostgresServer.SUPERUSER + " password=" + PostgresServer.SUPERUSER_PASSWORD
                        + " application_name=" + x.m + "', 'pg_catalog', 'pg_authid')");
        a(
                "function",
                "CALL postgres_attach",
                x -> "CALL postgres_attach('host=127.0.0.1 port=" + x.pg + " dbname=postgres application_name=" + x.m
                        + "')");
        a("function", "CALL sqlite_attach of a new file", x -> "CALL sqlite_attach('" + x.work + x.m + ".sqlite')");
        a(
                "function",
                "query_table of the catalog's snapshots",
                x -> "SELECT * FROM query_table('__ducklake_metadata_lake.public.ducklake_snapshot') WHERE '" + x.m
                        + "' <> ''");
        a(
                "function",
                "json_execute_serialized_sql",
                x -> "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT ''" + x.m + "'''))");
        a(
                "function",
                "read_text outside the data path",
                x -> "SELECT * FROM read_text('/etc/hostname') WHERE '" + x.m + "' <> ''");
        a(
                "function",
                "read_blob of the catalog file through ../ from the data path",
                x -> "SELECT * FROM read_blob('" + x.data + "../meta.ducklake') WHERE '" + x.m + "' <> ''");
        a(
                "function",
                "read_blob of the file lake's catalog file",
                x -> "SELECT * FROM read_blob('" + x.catalog + "') WHERE '" + x.m + "' <> ''");
        a(
                "function",
                "read_blob of the catalog's write-ahead log",
                x -> "SELECT * FROM read_blob('" + x.catalog + ".wal') WHERE '" + x.m + "' <> ''");
        a(
                "function",
                "read_blob of a sibling of the catalog file",
                x -> "SELECT * FROM read_blob('" + x.catalog + "x') WHERE '" + x.m + "' <> ''");
        a(
                "function",
                "read_duckdb of the file lake's catalog file",
                x -> "SELECT * FROM read_duckdb('" + x.catalog + "', table_name = 'ducklake_metadata') WHERE '" + x.m
                        + "' <> ''");
        a(
                "function",
                "CALL enable_logging to a file outside the data path",
                x -> "CALL enable_logging(storage = 'file', storage_path = '" + x.work + x.m + "')");
        a(
                "function",
                "CALL enable_logging (every connection's queries into duckdb_logs)",
                x -> "CALL enable_logging(level = 'debug') /* " + x.m + " */");
        a("function", "CALL truncate_duckdb_logs", x -> "CALL truncate_duckdb_logs() /* " + x.m + " */");
        a("function", "CALL enable_profiling", x -> "CALL enable_profiling() /* " + x.m + " */");
        a("function", "glob of /", x -> "SELECT * FROM glob('/') WHERE '" + x.m + "' <> ''");
        a("function", "glob of /*", x -> "SELECT * FROM glob('/*') WHERE '" + x.m + "' <> ''");
        a(
                "function",
                "sqlite_scan of a file outside",
                x -> "SELECT * FROM sqlite_scan('" + x.work + x.m + ".sqlite', 'x')");

        // PRAGMA, CALL, EXECUTE.
        a("pragma", "PRAGMA import_database", x -> "PRAGMA import_database('" + x.work + x.m + "')");
        a(
                "pragma",
                "CALL postgres_execute",
                x -> "CALL postgres_execute(" + META + ", 'CREATE TABLE " + x.m + "(i int)')");
        a("pragma", "PRAGMA enable_profiling", x -> "PRAGMA enable_profiling = 'json' /* " + x.m + " */");
        a("pragma", "PRAGMA profiling_output", x -> "PRAGMA profiling_output = '" + x.work + x.m + ".json'");
        a("pragma", "PRAGMA threads", x -> "PRAGMA threads = 1 /* " + x.m + " */");
        seq(
                "pragma",
                "PREPARE harmless, EXECUTE; then PRAGMA",
                x -> List.of(
                        "PREPARE " + x.s + " AS SELECT 42",
                        "EXECUTE " + x.s + "; PRAGMA import_database('" + x.work + x.m + "')"));

        // COPY, EXPORT, IMPORT.
        a(
                "copy",
                "COPY to the test work directory",
                x -> "COPY (SELECT '" + x.m + "' AS s) TO '" + x.work + x.m + ".csv'");
        a("copy", "COPY to java.io.tmpdir", x -> "COPY (SELECT '" + x.m + "' AS s) TO '" + x.tmp + x.m + ".csv'");
        a(
                "copy",
                "COPY to a relative path (the JVM's working directory)",
                x -> "COPY (SELECT '" + x.m + "' AS s) TO '" + x.m + ".csv'");
        a(
                "copy",
                "COPY through ../ out of the data path",
                x -> "COPY (SELECT '" + x.m + "' AS s) TO '" + x.data + "../" + x.m + ".csv'");
        a(
                "copy",
                "COPY to another S3 prefix",
                x -> "COPY (SELECT '" + x.m + "' AS s) TO 's3://" + TestLakes.BUCKET + "/elsewhere/" + x.m + ".csv'");
        a(
                "copy",
                "COPY to another S3 bucket",
                x -> "COPY (SELECT '" + x.m + "' AS s) TO 's3://" + OTHER_BUCKET + "/" + x.m + ".csv'");
        a(
                "copy",
                "COPY with PARTITION_BY into the engine's temp directory .tmp (made by the COPY)",
                x -> "COPY (SELECT '" + x.m + "' AS s, 1 AS p) TO '" + x.cwd
                        + ".tmp' (FORMAT csv, PARTITION_BY (p), OVERWRITE_OR_IGNORE)");
        a(
                "copy",
                "COPY next to the catalog file (meta.ducklake.wal.checkpoint)",
                x -> "COPY (SELECT '" + x.m + "' AS s) TO '" + x.catalog
                        + ".wal.checkpoint' (FORMAT csv, USE_TMP_FILE false)");
        a("copy", "COPY FROM DATABASE lake TO memory", x -> "COPY FROM DATABASE lake TO memory /* " + x.m + " */");
        a(
                "copy",
                "COPY FROM DATABASE lake TO \"MEMORY\"",
                x -> "COPY FROM DATABASE lake TO \"MEMORY\" /* " + x.m + " */");
        a("copy", "EXPORT DATABASE to the work directory", x -> "EXPORT DATABASE '" + x.work + x.m + "'");
        a("copy", "EXPORT DATABASE lake to java.io.tmpdir", x -> "EXPORT DATABASE lake TO '" + x.tmp + x.m + "'");
        a("copy", "IMPORT DATABASE", x -> "IMPORT DATABASE '" + x.work + x.m + "'");

        // Secrets.
        a(
                "secret",
                "CREATE OR REPLACE SECRET over the driver's",
                x -> "CREATE OR REPLACE SECRET ducklake_jdbc_data (TYPE s3, KEY_ID '" + x.m
                        + "', SECRET 's', ENDPOINT '127.0.0.1:1')");
        a(
                "secret",
                "CREATE PERSISTENT SECRET IF NOT EXISTS",
                x -> "CREATE PERSISTENT SECRET IF NOT EXISTS " + x.s + " (TYPE s3, KEY_ID '" + x.m + "', SECRET 's')");
        a("secret", "CREATE SECRET without a name", x -> "CREATE SECRET (TYPE s3, KEY_ID '" + x.m + "', SECRET 's')");
        a(
                "secret",
                "CREATE OR REPLACE TEMPORARY SECRET",
                x -> "CREATE OR REPLACE TEMPORARY SECRET " + x.s + " (TYPE s3, KEY_ID '" + x.m + "')");
        a("secret", "DROP SECRET the driver's", x -> "DROP SECRET ducklake_jdbc_data /* " + x.m + " */");
        a(
                "secret",
                "DROP TEMPORARY SECRET IF EXISTS",
                x -> "DROP TEMPORARY SECRET IF EXISTS ducklake_jdbc_data /* " + x.m + " */");
        a("secret", "duckdb_secrets()", x -> "SELECT * FROM duckdb_secrets() WHERE name <> '" + x.m + "'");
        a("secret", "which_secret", x -> "SELECT which_secret('s3://" + TestLakes.BUCKET + "/" + x.m + "', 's3')");
        a("secret", "load_aws_credentials", x -> "CALL load_aws_credentials('" + x.m + "')");

        // The engine's memory database.
        a("memory", "CREATE TABLE memory.main.x", x -> "CREATE TABLE memory.main." + x.m + " (i INTEGER)");
        a("memory", "CREATE TABLE \"MEMORY\".main.x", x -> "CREATE TABLE \"MEMORY\".main." + x.m + " (i INTEGER)");
        a("memory", "CREATE SCHEMA memory.x", x -> "CREATE SCHEMA memory." + x.m);
        a("memory", "USE memory", x -> "USE memory /* " + x.m + " */");
        a("memory", "USE \"memory\"", x -> "USE \"memory\" /* " + x.m + " */");
        a("memory", "USE memory.main", x -> "USE memory.main /* " + x.m + " */");
        a("memory", "USE system", x -> "USE system /* " + x.m + " */");

        // Settings.
        a("setting", "SET search_path='memory.main'", x -> "SET search_path='memory.main' /* " + x.m + " */");
        a("setting", "SET schema='memory'", x -> "SET schema='memory' /* " + x.m + " */");
        a("setting", "SET GLOBAL search_path", x -> "SET GLOBAL search_path = 'memory.main' /* " + x.m + " */");
        a("setting", "RESET search_path", x -> "RESET search_path /* " + x.m + " */");
        a("setting", "RESET ALL", x -> "RESET ALL /* " + x.m + " */");
        a("setting", "SET enable_external_access=true", x -> "SET enable_external_access=true /* " + x.m + " */");
        a("setting", "RESET lock_configuration", x -> "RESET lock_configuration /* " + x.m + " */");
        a("setting", "SET allowed_directories", x -> "SET allowed_directories = ['/'] /* " + x.m + " */");
        a("setting", "SET temp_directory", x -> "SET temp_directory = '" + x.tmp + x.m + "'");

        // Last, as it would break the file lake: overwriting its catalog file.
        a(
                "copy",
                "COPY over the file lake's catalog file",
                x -> "COPY (SELECT '" + x.m + "' AS s) TO '" + x.catalog + "' (FORMAT csv, USE_TMP_FILE false)");
    }

    /** {@code 'SELECT ''<m>'''}: a query() argument carrying the marker. */
    private static String sq(Ctx x) {
        return "'SELECT ''" + x.m + "'''";
    }

    static Stream<Arguments> attacks() {
        return ATTACKS.stream().flatMap(a -> Stream.of("file", "postgres").map(l -> Arguments.of(a, l)));
    }

    private static Lake lake(String name) {
        return name.equals("file") ? fileLake : pgLake;
    }

    @Order(2)
    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("attacks")
    void attackIsRefusedAndLeavesNoTrace(Attack attack, String lakeName) throws Exception {
        Lake lake = lake(lakeName);
        List<String> problems = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        long since = System.currentTimeMillis() - 2000;
        long logFrom = lake.postgres ? PostgresServer.get().serverLogSize() : 0;
        try (Connection c = lake.connect()) {
            for (Mode mode : Mode.values()) {
                String m = "probe_" + attack.n + "_" + RUN + "_" + lake.name.charAt(0) + mode.tag;
                String s = "st_" + attack.n + "_" + RUN + "_" + lake.name.charAt(0) + mode.tag;
                markers.add(m);
                List<String> steps = attack.steps.apply(new Ctx(m, s, lake.dataPath));
                for (String setup : steps.subList(0, steps.size() - 1)) {
                    try (Statement st = c.createStatement()) {
                        st.execute(setup);
                    } catch (SQLException e) {
                        // A setup step may fail (or be refused): the attack is the last text.
                    }
                }
                String sql = steps.get(steps.size() - 1);
                SQLException e = send(c, mode, sql);
                if (e == null) {
                    problems.add(mode + ": NOT REFUSED, it ran: " + printable(sql));
                } else if (!"42501".equals(e.getSQLState())) {
                    problems.add(mode + ": not refused with 42501 but " + e.getSQLState() + " " + e.getMessage()
                            + " for " + printable(sql));
                }
                checkTheConnection(c, lake, m, mode, problems);
            }
        }
        try (Connection fresh = lake.connect()) {
            checkTheConnection(fresh, lake, markers.get(0), null, problems);
        } catch (SQLException e) {
            problems.add("a fresh connection fails: " + e);
        }
        if (lake.postgres) {
            String log = PostgresServer.get().serverLog(logFrom);
            for (String m : markers) {
                if (log.contains(m)) {
                    problems.add("the catalog database got the marker " + m + ":\n" + linesWith(log, m));
                }
            }
        }
        problems.addAll(filesWithMarkers(markers, since, lake));
        assertThat(problems).as("%s on the %s lake", attack, lake).isEmpty();
    }

    private static SQLException send(Connection c, Mode mode, String sql) {
        try {
            switch (mode) {
                case STATEMENT:
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                    break;
                case PREPARED:
                    try (PreparedStatement p = c.prepareStatement(sql)) {
                        p.execute();
                    }
                    break;
                default:
                    try (Statement s = c.createStatement()) {
                        s.addBatch(sql);
                        s.executeBatch();
                    }
            }
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /**
     * Nothing of the attack ran and the lake still works on this connection: no object named after the marker, the
     * engine's databases as they were, the connection in lake.main, and an INSERT and a count give what they should.
     */
    private static void checkTheConnection(Connection c, Lake lake, String m, Mode mode, List<String> problems) {
        String where = mode == null ? "fresh connection" : mode + " afterwards";
        try (Statement s = c.createStatement()) {
            for (String q : List.of(
                    "SELECT database_name || '.' || schema_name || '.' || table_name FROM duckdb_tables()",
                    "SELECT database_name || '.' || schema_name || '.' || view_name FROM duckdb_views()",
                    "SELECT database_name || '.' || schema_name || '.' || function_name FROM duckdb_functions()"
                            + " WHERE function_type IN ('macro', 'table_macro')",
                    "SELECT database_name || '.' || schema_name FROM duckdb_schemas()")) {
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        if (name.toLowerCase(Locale.ROOT).contains("probe_")) {
                            problems.add(where + ": an object of an attack exists: " + name);
                        }
                        if (name.startsWith("memory.") && !name.equals("memory.main")) {
                            problems.add(where + ": an object in the engine's memory database: " + name);
                        }
                    }
                }
            }
            Set<String> dbs = databases(c);
            if (!dbs.equals(lake.databases)) {
                problems.add(where + ": the engine's databases changed from " + lake.databases + " to " + dbs);
            }
            try (ResultSet rs = s.executeQuery("SELECT current_database(), current_schema()")) {
                rs.next();
                String at = rs.getString(1) + "." + rs.getString(2);
                if (!at.equals("lake.main")) {
                    problems.add(where + ": the connection moved to " + at);
                    try (Statement back = c.createStatement()) {
                        back.execute("USE lake.main");
                    } catch (SQLException e) {
                        problems.add(where + ": USE lake.main fails: " + e.getMessage());
                    }
                }
            }
            long value = lake.rows.incrementAndGet();
            s.execute("INSERT INTO t VALUES (" + value + ")");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                long count = rs.getLong(1);
                if (count != value) {
                    problems.add(where + ": t holds " + count + " rows, not " + value);
                    lake.rows.set(count);
                }
            }
        } catch (SQLException e) {
            problems.add(where + ": the lake does not work: " + e.getSQLState() + " " + e.getMessage());
        }
    }

    private static Set<String> databases(Connection c) throws SQLException {
        Set<String> names = new java.util.TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT database_name FROM duckdb_databases()")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /**
     * Files and S3 objects outside the data path whose name or content holds a marker: the test work directory (the
     * file lake's data directory aside), the JVM's working directory (top level and .tmp), java.io.tmpdir (top level),
     * DuckDB's stored secrets, and every S3 bucket outside the PostgreSQL lake's data prefix. Contents are read for
     * files and objects changed since the attack started.
     */
    private static List<String> filesWithMarkers(List<String> markers, long since, Lake lake) throws IOException {
        List<String> found = new ArrayList<>();
        Set<Path> files = new LinkedHashSet<>();
        Path work = TestLakes.work().toAbsolutePath();
        Path fileData = fileLake.dataDirectory.toAbsolutePath();
        walk(work, Integer.MAX_VALUE, files, fileData);
        Path cwd = Paths.get("").toAbsolutePath();
        walk(cwd, 1, files, null);
        walk(cwd.resolve(".tmp"), Integer.MAX_VALUE, files, null);
        walk(Paths.get(System.getProperty("java.io.tmpdir")), 1, files, null);
        walk(Paths.get(System.getProperty("user.home"), ".duckdb", "stored_secrets"), Integer.MAX_VALUE, files, null);
        for (Path f : files) {
            for (String m : markers) {
                if (f.toString().contains(m)) {
                    found.add("a file outside the data path is named after the marker: " + f);
                }
            }
            try {
                if (Files.isRegularFile(f)
                        && Files.getLastModifiedTime(f).toMillis() >= since
                        && Files.size(f) < 512L * 1024 * 1024) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    for (String m : markers) {
                        if (text.contains(m)) {
                            found.add("a file outside the data path holds the marker " + m + ": " + f);
                        }
                    }
                }
            } catch (IOException e) {
                // Gone or unreadable (another process's file): nothing written by the attack.
            }
        }
        S3Server s3 = S3Server.get();
        for (String bucket : s3.buckets()) {
            for (String key : s3.objects(bucket)) {
                if (bucket.equals(TestLakes.BUCKET) && key.startsWith(pgLake.s3Prefix)) {
                    continue;
                }
                // Contents only of objects written since the attack started: other tests' data can be gigabytes.
                byte[] content = s3.lastModified(bucket, key) >= since ? s3.object(bucket, key) : null;
                String text = content == null ? "" : new String(content, StandardCharsets.ISO_8859_1);
                for (String m : markers) {
                    if (key.contains(m) || text.contains(m)) {
                        found.add("an S3 object outside the data prefix holds the marker " + m + ": s3://" + bucket
                                + "/" + key);
                    }
                }
            }
        }
        return found;
    }

    private static void walk(Path root, int depth, Set<Path> into, Path skip) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root, depth)) {
            paths.filter(p -> skip == null || !p.toAbsolutePath().startsWith(skip))
                    .forEach(into::add);
        } catch (java.io.UncheckedIOException e) {
            // A directory went away while walking (another process's temporary files): walk what is left.
            try (Stream<Path> paths = Files.list(root)) {
                paths.filter(p -> skip == null || !p.toAbsolutePath().startsWith(skip))
                        .forEach(into::add);
            }
        }
    }

    private static String linesWith(String log, String m) {
        StringBuilder sb = new StringBuilder();
        for (String line : log.split("\n")) {
            if (line.contains(m)) {
                sb.append("    ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static String printable(String sql) {
        StringBuilder sb = new StringBuilder();
        for (char ch : sql.toCharArray()) {
            if (ch < 0x20
                    || (ch >= 0x7f && ch < 0xa0)
                    || Character.isSurrogate(ch)
                    || ch == '\u00a0'
                    || (ch >= '\u2000' && ch <= '\u3000')
                    || ch == '\ufeff') {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Positive controls: they look like attacks but stay in the lake, and must run.

    /** A control: texts run in order (all must succeed), the last a query whose first value must be {@code expected}. */
    static final class Control {
        final String what;
        final List<String> steps;
        final String expected;

        Control(String what, String expected, String... steps) {
            this.what = what;
            this.steps = List.of(steps);
            this.expected = expected;
        }

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> controls() {
        List<Control> controls = List.of(
                new Control(
                        "columns named query, memory, load",
                        "1|2|3",
                        "CREATE TABLE {s} (query INTEGER, memory INTEGER, load INTEGER)",
                        "INSERT INTO {s} (query, memory, load) VALUES (1, 2, 3)",
                        "SELECT query || '|' || memory || '|' || load FROM {s}"),
                new Control("aliases query, memory, load", "1", "SELECT 1 AS query, 2 AS memory, 3 AS load"),
                new Control("'postgres_query(' in a string", "postgres_query(", "SELECT 'postgres_query(' AS s"),
                new Control("-- and /* in a string", "a -- b /* c */ d", "SELECT 'a -- b /* c */ d' AS s"),
                new Control("$$it's$$", "it's", "SELECT $$it's$$"),
                new Control("E'a\\nb'", "a\nb", "SELECT E'a\\nb'"),
                new Control("PRAGMA table_info('t')", "0", "PRAGMA table_info('t')"),
                new Control(
                        "a table in the lake's own schemas",
                        "7",
                        "CREATE SCHEMA IF NOT EXISTS {s}",
                        "CREATE TABLE lake.{s}.x AS SELECT 7 AS i",
                        "SELECT i FROM lake.{s}.x"),
                new Control(
                        "USE lake", "lake.main", "USE lake", "SELECT current_database() || '.' || current_schema()"),
                new Control(
                        "USE main", "lake.main", "USE main", "SELECT current_database() || '.' || current_schema()"),
                new Control(
                        "CREATE MACRO with a harmless body, then a call",
                        "42",
                        "CREATE MACRO {s}(x) AS x + 1",
                        "SELECT {s}(41)"),
                new Control("string continuation 'a'\\n'b'", "ab", "SELECT 'a'\n'b' AS s"));
        return controls.stream().flatMap(c -> Stream.of("file", "postgres").map(l -> Arguments.of(c, l)));
    }

    @Order(1)
    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("controls")
    void controlRuns(Control control, String lakeName) throws Exception {
        Lake lake = lake(lakeName);
        List<String> problems = new ArrayList<>();
        try (Connection c = lake.connect()) {
            for (Mode mode : List.of(Mode.STATEMENT, Mode.PREPARED)) {
                String s = "ctl_" + RUN + "_" + Math.abs(control.what.hashCode()) + "_" + mode.tag;
                String value = null;
                for (String step : control.steps) {
                    String sql = step.replace("{s}", s);
                    try {
                        if (mode == Mode.STATEMENT) {
                            try (Statement st = c.createStatement()) {
                                if (st.execute(sql)) {
                                    try (ResultSet rs = st.getResultSet()) {
                                        value = rs.next() ? rs.getString(1) : null;
                                    }
                                }
                            }
                        } else {
                            try (PreparedStatement p = c.prepareStatement(sql)) {
                                if (p.execute()) {
                                    try (ResultSet rs = p.getResultSet()) {
                                        value = rs.next() ? rs.getString(1) : null;
                                    }
                                }
                            }
                        }
                    } catch (SQLException e) {
                        problems.add(
                                mode + ": " + printable(sql) + " fails: " + e.getSQLState() + " " + e.getMessage());
                    }
                }
                if (!control.expected.equals(value)) {
                    problems.add(mode + ": gives " + value + ", not " + control.expected);
                }
                try (Statement st = c.createStatement()) {
                    st.execute("USE lake.main");
                }
            }
        }
        assertThat(problems).as("%s on the %s lake", control, lake).isEmpty();
    }
}
