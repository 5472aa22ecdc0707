package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SqlFacts reads every statement of a text the way DuckDB does, and errs the safe way when unsure. */
class SqlFactsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "WITH x AS (SELECT 1) SELECT * FROM x",
                "INSERT INTO t VALUES (1); UPDATE t SET a = 2",
                "(SELECT 1) UNION ALL (SELECT 2)",
                "CREATE TABLE t (a INT)",
                "BEGIN; COMMIT",
                "SELECT 'temp' AS x", // a string, not a word
                "SELECT \"set\" FROM t"
            })
    void neutralTextsLeaveTheSession(String sql) {
        assertThat(SqlFacts.of(sql).leavesSessionAsItWas()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1; USE memory",
                "select 1;use memory",
                "SELECT 1 --\r; USE memory", // \r ends a -- comment in DuckDB
                "SELECT 1; SET TimeZone = 'Asia/Tokyo'",
                "/* x */ SET search_path = 'other'",
                "SELECT 1; RESET ALL",
                "PREPARE p AS SELECT 1",
                "SELECT 1; SET VARIABLE v = 1",
                "CREATE TEMP TABLE x (a INT)",
                "CREATE TABLE temp.main.x (a INT)",
                "SELECT 1; CREATE TEMPORARY MACRO m() AS 1",
                "ATTACH ':memory:' AS extra",
                "SELECT 1; DETACH extra",
                "CREATE SECRET s (TYPE s3)",
                "CALL pragma_version()",
                "PRAGMA enable_profiling",
                "LOAD json",
                "SELECT 'unterminated",
                "SELECT 1\u0000; USE memory"
            })
    void sessionChangingOrUnreadableTextsDoNot(String sql) {
        assertThat(SqlFacts.of(sql).leavesSessionAsItWas()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "COMMIT",
                "commit;",
                "END",
                "END TRANSACTION",
                "INSERT INTO t VALUES (1); COMMIT",
                "COMMIT TRANSACTION"
            })
    void commitsAreSeenInEveryStatement(String sql) {
        assertThat(SqlFacts.of(sql).commits()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 'COMMIT'", "ROLLBACK", "SELECT 1 -- COMMIT", "SELECT \"end\" FROM t"})
    void commitsInStringsCommentsAndNamesAreNot(String sql) {
        assertThat(SqlFacts.of(sql).commits()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM t",
                "FROM t",
                "SHOW TABLES",
                "DESCRIBE t",
                "EXPLAIN SELECT 1",
                "SELECT * FROM ducklake_snapshots('lake')"
            })
    void plainReads(String sql) {
        assertThat(SqlFacts.of(sql).plainRead()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
                "EXPLAIN ANALYZE DELETE FROM t",
                "SELECT * FROM ducklake_merge_adjacent_files('lake')",
                "SELECT * FROM \"ducklake_expire_snapshots\"('lake')",
                "SELECT 1; DELETE FROM t",
                "CALL ducklake_flush_inlined_data('lake')",
                "",
                "SELECT 'x"
            })
    void notPlainReads(String sql) {
        assertThat(SqlFacts.of(sql).plainRead()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CALL ducklake_merge_adjacent_files('lake')",
                "SELECT * FROM ducklake_expire_snapshots('lake', older_than => now())",
                "SELECT * FROM \"DuckLake_Cleanup_Old_Files\"('lake')",
                "CALL ducklake_set_option('lake', 'x', 1)",
                "CALL postgres_execute('db', 'DELETE FROM x')",
                "SELECT * FROM query('SELECT * FROM ducklake_merge_adjacent_files(''lake'')')",
                "SELECT * FROM QUERY ('SELECT 1')"
            })
    void writingFunctionsAreNamed(String sql) {
        assertThat(SqlFacts.of(sql).writingFunction()).as(sql).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM ducklake_snapshots('lake')",
                "SELECT * FROM ducklake_table_info('lake')",
                "SELECT 'ducklake_merge_adjacent_files'",
                "SELECT query FROM log WHERE query = 'x'"
            })
    void readingFunctionsAndStringsAreNot(String sql) {
        assertThat(SqlFacts.of(sql).writingFunction()).as(sql).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"BEGIN", "BEGIN TRANSACTION", "START TRANSACTION", "SELECT 1; begin"})
    void writableTransactions(String sql) {
        assertThat(SqlFacts.of(sql).beginsWritableTransaction()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"BEGIN TRANSACTION READ ONLY", "SELECT 1", "COMMIT"})
    void readOnlyOrNoTransaction(String sql) {
        assertThat(SqlFacts.of(sql).beginsWritableTransaction()).as(sql).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT 1",
                "select 1",
                " SELECT 1 AS one",
                "SELECT 1 AS \"from\"",
                "SELECT ?, 'text', -2.5, NULL, TRUE AND NOT FALSE",
                "SELECT NULL IS NULL",
                "VALUES (1), (2)",
                "SELECT 1 -- FROM t"
            })
    void constantsOnlyNameNothing(String sql) {
        assertThat(SqlFacts.of(sql).constantsOnly()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT * FROM t",
                "FROM t",
                "TABLE t",
                "SELECT 1 x", // an alias without AS reads as a word that may be anything
                "SELECT now()",
                "SELECT my_macro()", // a macro of the lake: its body may read tables
                "SELECT 1::INTEGER", // a type name, which a catalog may define
                "SELECT CAST(1 AS INTEGER)",
                "SELECT \"col\"",
                "SELECT (SELECT count(*) FROM t)",
                "SELECT 1; SELECT 2",
                "SELECT 1; USE memory",
                "SHOW TABLES",
                "DESCRIBE t",
                "SELECT 'unterminated",
                "EXPLAIN SELECT 1"
            })
    void anythingElseMayReadACatalog(String sql) {
        assertThat(SqlFacts.of(sql).constantsOnly()).as(sql).isFalse();
    }
}
