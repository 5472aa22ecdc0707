package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The statement check of sql_access=lake: spellings that must not get around it, and lake SQL it must let through. */
class LakeOnlySqlTest {
    private static final LakeOnlySql GATE = new LakeOnlySql("lake");

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("ATTACH 'x' AS y", "ATTACH"),
                Arguments.of("  attach 'x'", "ATTACH"),
                Arguments.of("SELECT 1; ATTACH 'x'", "ATTACH"),
                Arguments.of("/* c */ DETACH lake", "DETACH"),
                Arguments.of("-- c\nINSTALL httpfs", "INSTALL"),
                Arguments.of("FORCE INSTALL httpfs", "FORCE INSTALL"),
                Arguments.of("LOAD 'x.duckdb_extension'", "LOAD"),
                Arguments.of("UPDATE EXTENSIONS", "UPDATE EXTENSIONS"),
                Arguments.of("PREPARE p AS ATTACH 'x'", "ATTACH"),
                Arguments.of("EXPLAIN ANALYZE DETACH x", "DETACH"),
                Arguments.of("EXPLAIN ANALYSE SET search_path = 'memory.main'", "changing the search_path"),
                Arguments.of("explain analyse verbose DETACH x", "DETACH"),
                Arguments.of(
                        "CALL enable_logging(storage = 'file', storage_path = '/tmp/x')",
                        "the function enable_logging"),
                Arguments.of("RESET ALL", "RESET ALL (it would reset the schema and search path)"),
                Arguments.of("CREATE OR REPLACE TEMPORARY SECRET s (TYPE s3)", "CREATE SECRET"),
                Arguments.of("create persistent secret if not exists s (type s3)", "CREATE SECRET"),
                Arguments.of("DROP TEMPORARY SECRET IF EXISTS s", "DROP SECRET"),
                Arguments.of("SELECT * FROM postgres_query('a', 'b')", "the function postgres_query"),
                Arguments.of("SELECT * FROM \"Postgres_Query\" ('a', 'b')", "the function postgres_query"),
                Arguments.of("SELECT * FROM system.main.postgres_query/*x*/('a', 'b')", "the function postgres_query"),
                Arguments.of("CALL postgres_execute('a', 'b')", "the function postgres_execute"),
                Arguments.of("FROM query('SELECT 1')", "the function query"),
                Arguments.of("FROM QUERY_TABLE('t')", "the function query_table"),
                Arguments.of("PRAGMA json_execute_serialized_sql('{}')", "the function json_execute_serialized_sql"),
                Arguments.of(
                        "SELECT * FROM __ducklake_metadata_lake.main.ducklake_snapshot",
                        "the catalog database __ducklake_metadata_lake"),
                Arguments.of(
                        "SELECT * FROM \"__DuckLake_Metadata_Lake\".t",
                        "the catalog database __ducklake_metadata_lake"),
                Arguments.of(
                        "SET search_path = '__ducklake_metadata_lake.main'",
                        "the catalog database __ducklake_metadata_lake"),
                Arguments.of(
                        "SET search_path = E'__ducklake_metadata_lake.main'",
                        "the catalog database __ducklake_metadata_lake"),
                Arguments.of("SELECT $$__ducklake_metadata_lake$$", "the catalog database __ducklake_metadata_lake"),
                Arguments.of("USE __ducklake_metadata_lake", "the catalog database __ducklake_metadata_lake"),
                // Any DuckLake catalog database, not only this lake's.
                Arguments.of("SELECT '__ducklake_metadata_other'", "the catalog database __ducklake_metadata_lake"),
                // DuckDB's reading of comments, quotes and dollar tags decides, not a simpler one.
                Arguments.of("SELECT 'x' --\rUNION SELECT * FROM query('SELECT 1')", "the function query"),
                Arguments.of("/* /* */ ' */ SELECT * FROM query($$SELECT 42$$) --'", "the function query"),
                Arguments.of("SELECT $€$ ' $€$ AS a, * FROM query($$SELECT 42$$) --'", "the function query"),
                Arguments.of("SELECT 0 --\r; DETACH x", "DETACH"),
                Arguments.of("SELECT 1 +/* x */ 1; LOAD x", "LOAD"),
                Arguments.of("FROM histogram(concat('a', 'b'), x)", "the table macro histogram"),
                Arguments.of("PIVOT histogram(concat('a', 'b'), x) ON bin", "the table macro histogram"),
                Arguments.of("SELECT * FROM (histogram(concat('a', 'b'), x))", "the table macro histogram"),
                Arguments.of(
                        "SELECT * FROM t JOIN u ON t.a = u.a, histogram(getvariable('v'), x)",
                        "the table macro histogram"),
                Arguments.of(
                        "SELECT * FROM (SELECT 1) s, LATERAL histogram(concat('a', 'b'), x)",
                        "the table macro histogram"),
                Arguments.of("ALTER DATABASE lake RENAME TO other", "ALTER DATABASE"),
                Arguments.of("DROP DATABASE lake", "DROP DATABASE"),
                // Secrets whatever the spelling.
                Arguments.of("CREATE OR REPLACE PERSISTENT SECRET (TYPE s3)", "CREATE SECRET"),
                Arguments.of("create secret if not exists (type s3)", "CREATE SECRET"),
                Arguments.of("DROP PERSISTENT SECRET s", "DROP SECRET"),
                Arguments.of("SELECT * FROM load_aws_credentials()", "the function load_aws_credentials"),
                // SQL read from files.
                Arguments.of("IMPORT DATABASE 'dir'", "IMPORT"),
                Arguments.of("PRAGMA import_database('dir')", "the function import_database"),
                Arguments.of("PRAGMA enable_profiling", "PRAGMA enable_profiling"),
                // The engine's own databases.
                Arguments.of("USE memory", "USE of a database other than the lake (lake)"),
                Arguments.of(
                        "USE \"Memory\".main",
                        "the engine's in-memory database (memory): its objects vanish when the engine closes"),
                Arguments.of("USE system", "USE of a database other than the lake (lake)"),
                Arguments.of(
                        "CREATE TABLE memory.main.x (i INTEGER)",
                        "the engine's in-memory database (memory): its objects vanish when the engine closes"),
                Arguments.of(
                        "COPY FROM DATABASE lake TO memory", "COPY FROM DATABASE with the engine's database memory"),
                Arguments.of("SET search_path = 'memory.main'", "changing the search_path"),
                Arguments.of("SET SESSION schema = 'main'", "changing the schema"),
                // Text the scanner cannot read as DuckDB does is refused, not guessed at.
                Arguments.of(
                        "SELECT 1 \u0000; ATTACH 'x'",
                        "text the driver cannot read the way DuckDB does (a NUL character at character 10)"),
                Arguments.of(
                        "SELECT 'unterminated",
                        "text the driver cannot read the way DuckDB does (an unterminated quoted string at character 8)"),
                Arguments.of(
                        "SELECT U&'d\\0061t'",
                        "text the driver cannot read the way DuckDB does (a Unicode-escape string or identifier (U&) at"
                                + " character 8)"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refused(String sql, String what) {
        assertThat(GATE.refusal(sql)).as(sql).isEqualTo(what);
    }

    static Stream<String> allowed() {
        return Stream.of(
                "SELECT query, load, attach FROM searches",
                "SELECT 'ATTACH x; postgres_query(' AS text",
                "-- ATTACH 'x'\nSELECT 1",
                "/* DETACH */ SELECT 1",
                "CREATE TABLE secret (i INTEGER)",
                "CREATE TABLE secrets AS SELECT 1",
                "INSERT INTO t SELECT * FROM range(10)",
                "UPDATE t SET load = 1",
                "CALL ducklake_flush_inlined_data('lake')",
                "SELECT * FROM lake.snapshots()",
                "SELECT * FROM t AT (VERSION => 3)",
                "SELECT \"query\" FROM t",
                "WITH query AS (SELECT 1) SELECT * FROM query",
                "SET TimeZone = 'UTC'",
                "CREATE TEMP TABLE secret (i INTEGER)",
                "DROP TABLE secret",
                "SELECT memory FROM metrics",
                "SELECT t.memory.x FROM t",
                "SELECT histogram(x), histogram(y, [1, 5]) FROM t",
                "SELECT a, histogram(b) FROM t, u WHERE x IN (SELECT 1) GROUP BY a",
                "SELECT * FROM t, (SELECT histogram(x) AS h FROM u)",
                "SELECT map_keys(histogram(x)) FROM t",
                "USE lake",
                "USE lake.main",
                "USE main",
                "PRAGMA table_info('t')",
                "SELECT 'a'\n'b'",
                "SELECT E'a\\nb', $q$it's$q$, N'x', B'01'");
    }

    @ParameterizedTest
    @MethodSource("allowed")
    void allowed(String sql) {
        assertThat(GATE.refusal(sql)).as(sql).isNull();
    }
    /** A file lake in /lakes (catalog /lakes/meta.ducklake), data in /lakes/meta.ducklake.files/, imports allowed. */
    private static final LakeOnlySql FILE_LAKE = new LakeOnlySql(
            "lake",
            List.of("/lakes/meta.ducklake.files/", "s3://landing/in/"),
            List.of("/lakes/meta.ducklake", "/lakes/meta.ducklake.wal"));

    static Stream<Arguments> fileLakeRefused() {
        String outside = "COPY to a path outside the data path and allowed_directories";
        String catalog = "the lake's catalog file (DuckDB lets SQL reach an attached database's files)";
        return Stream.of(
                Arguments.of("COPY (SELECT 1) TO '/lakes/meta.ducklake' (FORMAT csv)", catalog),
                Arguments.of("COPY t TO '/lakes/meta.ducklake.wal.checkpoint'", outside),
                Arguments.of("COPY t TO '/lakes/meta.ducklake.files/../meta.ducklake.x'", outside),
                Arguments.of("COPY t TO '/lakes/meta.ducklake.filesx/a.csv'", outside),
                Arguments.of("COPY t TO 'relative.csv'", outside),
                Arguments.of("COPY t TO '~/x.csv'", outside),
                Arguments.of("COPY t TO 's3://landing/in/../out/x.parquet'", "a URL with . or .. segments"),
                Arguments.of("SELECT * FROM read_blob('s3://landing/in/../x')", "a URL with . or .. segments"),
                Arguments.of("COPY t TO 'file:///tmp/x.csv'", outside),
                Arguments.of(
                        "EXPORT DATABASE '/lakes'",
                        "EXPORT DATABASE to a path outside the data path and allowed_directories"),
                Arguments.of("SELECT * FROM read_blob('/lakes/meta.ducklake')", catalog),
                Arguments.of("SELECT * FROM read_blob('/lakes/./x/../meta.ducklake.wal')", catalog),
                Arguments.of("SELECT * FROM read_blob('/lakes/meta.duck*')", catalog),
                Arguments.of("SELECT * FROM read_blob('/lakes/*')", catalog),
                Arguments.of("SELECT * FROM read_blob('/**/meta.ducklake')", catalog),
                Arguments.of("SELECT * FROM read_blob('file:///lakes/meta.ducklake')", catalog),
                // one file on a case-insensitive file system
                Arguments.of("SELECT * FROM read_blob('/LAKES/Meta.DuckLake')", catalog),
                Arguments.of("SELECT * FROM read_blob('/lakes/META.DUCK*')", catalog),
                // however long the path is made
                Arguments.of("SELECT * FROM read_blob('/lakes/" + "./".repeat(5000) + "meta.ducklake')", catalog));
    }

    @ParameterizedTest
    @MethodSource("fileLakeRefused")
    void aFileLakesCatalogAndWritesOutsideTheLakeAreRefused(String sql, String what) {
        assertThat(FILE_LAKE.refusal(sql)).as(sql).isEqualTo(what);
    }

    static Stream<String> fileLakeAllowed() {
        return Stream.of(
                "COPY (SELECT 1) TO '/lakes/meta.ducklake.files/export/x.parquet'",
                "COPY t TO 's3://landing/in/x.parquet' (FORMAT parquet)",
                "COPY t FROM 's3://landing/in/x.csv'",
                "COPY FROM DATABASE lake TO lake2",
                "EXPORT DATABASE '/lakes/meta.ducklake.files/backup'",
                "SELECT * FROM read_parquet('/lakes/meta.ducklake.files/**/*.parquet')",
                "SELECT 'what?', '*', 'meta.ducklake'",
                "SELECT '/lakes/other.db'");
    }

    @ParameterizedTest
    @MethodSource("fileLakeAllowed")
    void theLakesOwnFilesStayWritable(String sql) {
        assertThat(FILE_LAKE.refusal(sql)).as(sql).isNull();
    }
}
