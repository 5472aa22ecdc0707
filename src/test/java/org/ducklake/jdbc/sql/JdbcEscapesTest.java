package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcEscapesTest {

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            value = {
                "SELECT {d '2024-01-31'} => SELECT DATE '2024-01-31'",
                "SELECT {t '12:30:00'}, {ts '2024-01-31 12:30:00.5'} => SELECT TIME '12:30:00', TIMESTAMP '2024-01-31 12:30:00.5'",
                "SELECT {D '2024-01-31'} => SELECT DATE '2024-01-31'",
                "SELECT {fn ucase(name)} FROM t => SELECT upper(name) FROM t",
                "SELECT {fn ucase({fn concat(a, ?)})} => SELECT upper(concat(a, ?))",
                "SELECT {fn log(x)}, {fn ceiling(x)}, {fn abs(x)} => SELECT ln(x), ceil(x), abs(x)",
                "SELECT {fn curdate()}, {fn curtime()}, {fn now()} => SELECT current_date, current_time, now()",
                "SELECT {fn database()}, {fn user()} => SELECT current_database(), current_user",
                "SELECT {fn convert(x, SQL_VARCHAR)} => SELECT CAST(x AS VARCHAR)",
                "SELECT {fn convert(?, SQL_INTEGER)} => SELECT CAST(? AS INTEGER)",
                "SELECT {fn timestampadd(SQL_TSI_DAY, ?, ?)} => SELECT (INTERVAL (?) day + (?))",
                "SELECT {fn timestampdiff(SQL_TSI_HOUR, a, b)} => SELECT date_diff('hour', a, b)",
                "SELECT {fn dayofweek(d)} => SELECT (dayofweek(d) + 1)",
                "SELECT * FROM t WHERE a LIKE 'x\\_%' {escape '\\'} => SELECT * FROM t WHERE a LIKE 'x\\_%' ESCAPE '\\'",
                "SELECT * FROM {oj a LEFT OUTER JOIN b ON a.id = b.id} => SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id",
                "{call lake.merge_adjacent_files()} => CALL lake.merge_adjacent_files()",
                "{call f(?, 'x')} => CALL f(?, 'x')",
                "{ call f } => CALL f()",
                "SELECT * FROM t {limit 10 offset ?} => SELECT * FROM t LIMIT 10 offset ?",
            })
    void translatesEscapes(String sql, String expected) throws Exception {
        assertThat(JdbcEscapes.translate(sql)).isEqualTo(expected);
    }

    /** Braces that are not escapes: strings, identifiers, comments, dollar quotes and DuckDB's struct literals. */
    @ParameterizedTest
    @CsvSource(
            delimiterString = " | ",
            value = {
                "SELECT '{d ''2024-01-31''}' | x",
                "SELECT \"{fn ucase(a)}\" FROM t | x",
                "SELECT 1 -- {fn ucase(a)} | x",
                "SELECT /* {d '2024-01-01'} */ 1 | x",
                "SELECT $${fn ucase(a)}$$ | x",
                "SELECT {'d': 1, 'ts': 2} | x",
                "SELECT {d: 1, ts: 2} | x",
                "SELECT {fn: 1} | x",
                "SELECT {'limit': 10} | x",
                "SELECT {limit: 10} | x",
                "SELECT {call: 1} | x",
                "SELECT 1 | x",
            })
    void leavesOtherBracesAlone(String sql, String unused) throws Exception {
        assertThat(JdbcEscapes.translate(sql)).isEqualTo(sql);
    }

    @org.junit.jupiter.api.Test
    void aCallWithAValueIsItsSelect() throws Exception {
        assertThat(JdbcEscapes.returnCall("{? = call f(?, {d '2024-01-01'})}"))
                .isEqualTo("SELECT f(?, DATE '2024-01-01')");
        assertThat(JdbcEscapes.returnCall(" { ? = call lake.f } ; ")).isEqualTo("SELECT lake.f()");
        assertThat(JdbcEscapes.returnCall("{call f(?)}")).isNull();
        assertThat(JdbcEscapes.returnCall("SELECT 1")).isNull();
        assertThat(JdbcEscapes.returnCall("{? = call f(?)} UNION SELECT 1")).isNull();
    }

    @org.junit.jupiter.api.Test
    void refusesWhatDuckDbCannotDo() {
        assertThatThrownBy(() -> JdbcEscapes.translate("{? = call f(?)}"))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("SELECT f(?)")
                .extracting("SQLState")
                .isEqualTo("0A000");
        assertThatThrownBy(() -> JdbcEscapes.translate("SELECT {fn ucase(a)"))
                .isInstanceOf(SQLSyntaxErrorException.class)
                .hasMessageContaining("closing brace");
        assertThatThrownBy(() -> JdbcEscapes.translate("SELECT {fn timestampadd(SQL_TSI_FORTNIGHT, 1, t)}"))
                .isInstanceOf(SQLSyntaxErrorException.class)
                .hasMessageContaining("SQL_TSI_FORTNIGHT");
        assertThatThrownBy(() -> JdbcEscapes.translate("SELECT {fn convert(x)}"))
                .isInstanceOf(SQLSyntaxErrorException.class)
                .hasMessageContaining("2 arguments");
    }
}
