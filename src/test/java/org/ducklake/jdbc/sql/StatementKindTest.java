package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatementKindTest {

    static Stream<Arguments> statements() {
        return Stream.of(
                Arguments.of("INSERT INTO t VALUES (1)", true),
                Arguments.of("  insert into t values (1)", true),
                Arguments.of("-- a comment\nUPDATE t SET v = 1", true),
                Arguments.of("/* hint */ DELETE FROM t", true),
                Arguments.of("(CREATE TABLE x (i INTEGER))", true),
                Arguments.of("merge into t using s on t.id = s.id when matched then delete", true),
                Arguments.of("CALL ducklake_merge_adjacent_files('lake')", true),
                Arguments.of("COPY t TO 'x.csv'", true),
                Arguments.of("SELECT * FROM t", false),
                Arguments.of("WITH a AS (SELECT 1) SELECT * FROM a", false),
                Arguments.of("FROM t", false),
                Arguments.of("BEGIN TRANSACTION", false),
                Arguments.of("COMMIT", false),
                Arguments.of("SET threads = 2", false),
                Arguments.of("/* INSERT */ SELECT 1", false),
                Arguments.of("", false),
                Arguments.of(null, false));
    }

    @ParameterizedTest
    @MethodSource("statements")
    void statementsThatMayChangeTheLake(String sql, boolean changes) {
        assertThat(StatementKind.mayChangeTheLake(sql)).as(String.valueOf(sql)).isEqualTo(changes);
    }

    static Stream<Arguments> catalogEffects() {
        return Stream.of(
                Arguments.of("SELECT * FROM t", CatalogEffect.NONE),
                Arguments.of("INSERT INTO t SELECT * FROM s", CatalogEffect.NONE),
                Arguments.of("UPDATE t SET created = 1", CatalogEffect.NONE),
                Arguments.of("SELECT 'create table x' AS s", CatalogEffect.NONE),
                Arguments.of("SELECT * FROM \"drop\"", CatalogEffect.NONE),
                Arguments.of("-- CREATE TABLE x\nSELECT 1", CatalogEffect.NONE),
                Arguments.of("CREATE TABLE x (i INTEGER)", CatalogEffect.CHANGES_SCHEMA),
                // DuckDB reads up to a NUL; so does the classification (the scanner refuses the rest).
                Arguments.of("CREATE TABLE x (i INTEGER)\u0000 garbage", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("  create or replace table x as select 1", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("/* c */ ALTER TABLE x ADD COLUMN j INTEGER", CatalogEffect.CHANGES_SCHEMA),
                // EXPLAIN ANALYZE runs what it explains (DuckDB 1.5.5 creates the table and the view).
                Arguments.of("EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("explain (format json) create view v as select 1", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("EXPLAIN SELECT * FROM t", CatalogEffect.NONE),
                Arguments.of("EXPLAIN ANALYZE SELECT 'create' FROM t", CatalogEffect.NONE),
                Arguments.of("EXPLAIN SELECT 1; SELECT create_time FROM t", CatalogEffect.NONE),
                Arguments.of("COMMENT ON TABLE x IS 'x'", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("DROP VIEW v", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("INSERT INTO t VALUES (1); CREATE TABLE y (i INTEGER)", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("(CREATE TABLE x (i INTEGER))", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("CALL ducklake.set_option('x', 1)", CatalogEffect.CHANGES_SCHEMA),
                Arguments.of("CALL ducklake_flush_inlined_data('lake')", CatalogEffect.DROPS_CACHED_SCHEMAS),
                Arguments.of(
                        "SELECT * FROM ducklake_expire_snapshots('lake', dry_run => true)",
                        CatalogEffect.DROPS_CACHED_SCHEMAS),
                Arguments.of("CREATE TABLE a (i INTEGER); CHECKPOINT", CatalogEffect.DROPS_CACHED_SCHEMAS),
                Arguments.of("", CatalogEffect.NONE),
                Arguments.of(null, CatalogEffect.NONE));
    }

    @ParameterizedTest
    @MethodSource("catalogEffects")
    void whatAStatementDoesToTheCatalog(String sql, CatalogEffect effect) {
        assertThat(StatementKind.catalogEffect(sql)).as(String.valueOf(sql)).isEqualTo(effect);
    }
}
