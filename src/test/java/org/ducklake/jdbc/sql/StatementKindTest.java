package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
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
}
