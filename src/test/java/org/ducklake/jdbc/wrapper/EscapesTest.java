package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JDBC escape syntax run on a lake: statements, prepared statements, calls, batches and nativeSQL. */
class EscapesTest {
    private static Connection connection;

    @BeforeAll
    static void lake() throws SQLException {
        connection = TestLakes.file("escapes").connect();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE names (id INTEGER, name VARCHAR)");
            s.execute("INSERT INTO names VALUES (1, 'a_b'), (2, 'axb'), (3, NULL)");
            s.execute("CREATE TABLE notes (id INTEGER, note VARCHAR)");
            s.execute("INSERT INTO notes VALUES (1, 'first')");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    private static List<Object> row(ResultSet rs) throws SQLException {
        assertThat(rs.next()).isTrue();
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            values.add(rs.getObject(i));
        }
        return values;
    }

    @Test
    void statementsTranslateEscapes() throws SQLException {
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT {d '2024-01-31'}, {fn ucase('ab')},"
                    + " {fn timestampadd(SQL_TSI_DAY, 1, {ts '2024-01-31 10:00:00'})},"
                    + " {fn dayofweek({d '2024-01-28'})}, {fn timestampdiff(SQL_TSI_HOUR, {ts '2024-01-01 00:00:00'},"
                    + " {ts '2024-01-02 06:00:00'})}, {fn convert('42', SQL_INTEGER)}")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(LocalDate.of(2024, 1, 31));
                assertThat(rs.getString(2)).isEqualTo("AB");
                assertThat(rs.getObject(3, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 1, 10, 0));
                assertThat(rs.getInt(4)).as("Sunday is 1 in JDBC").isEqualTo(1);
                assertThat(rs.getLong(5)).isEqualTo(30);
                assertThat(rs.getObject(6)).isEqualTo(42);
            }
            try (ResultSet rs =
                    s.executeQuery("SELECT id FROM names WHERE name LIKE 'a!_b' {escape '!'} ORDER BY id")) {
                assertThat(row(rs)).containsExactly(1);
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT n.id, o.note FROM {oj names n LEFT OUTER JOIN notes o"
                    + " ON n.id = o.id} ORDER BY n.id {limit 2}")) {
                assertThat(row(rs)).containsExactly(1, "first");
                assertThat(row(rs)).containsExactly(2, null);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void escapeProcessingOffLeavesTheTextToDuckDb() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setEscapeProcessing(false);
            assertThatThrownBy(() -> s.executeQuery("SELECT {d '2024-01-31'}"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .asString()
                    .startsWith("42");
            s.setEscapeProcessing(true);
            try (ResultSet rs = s.executeQuery("SELECT {d '2024-01-31'}")) {
                assertThat(row(rs)).hasSize(1);
            }
            // DuckDB's own braces, a struct literal, are not escapes either way.
            try (ResultSet rs = s.executeQuery("SELECT {d: 1, 'ts': 2}.ts")) {
                assertThat(row(rs)).containsExactly(2);
            }
        }
    }

    @Test
    void preparedStatementsKeepParameterPositions() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT {fn convert(?, SQL_INTEGER)} * 10 + {fn abs(?)}, {fn timestampadd(SQL_TSI_MONTH, ?, ?)}")) {
            ps.setString(1, "4");
            ps.setInt(2, -2);
            ps.setInt(3, 1);
            ps.setObject(4, LocalDateTime.of(2024, 1, 31, 0, 0));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
                assertThat(rs.getObject(2, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0));
            }
        }
    }

    @Test
    void callsRunDuckDbsCall() throws SQLException {
        try (CallableStatement call = connection.prepareCall("{call range(?)}")) {
            call.setLong(1, 3);
            try (ResultSet rs = call.executeQuery()) {
                assertThat(row(rs)).containsExactly(0L);
                assertThat(row(rs)).containsExactly(1L);
                assertThat(row(rs)).containsExactly(2L);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void aFunctionsValueIsOutParameterOne() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE OR REPLACE MACRO greeting(n) AS 'Hello ' || n");
        }
        try (CallableStatement call = connection.prepareCall("{? = call greeting(?)}")) {
            call.registerOutParameter(1, Types.VARCHAR);
            call.setString(2, "Bob");
            assertThat(call.execute()).isFalse();
            assertThat(call.getString(1)).isEqualTo("Hello Bob");
            assertThat(call.wasNull()).isFalse();
            call.setString(2, "Alice"); // again, with another argument
            call.executeUpdate();
            assertThat(call.getObject(1)).isEqualTo("Hello Alice");

            assertThatThrownBy(() -> call.setString(1, "x"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Parameter 1 of {? = call …} is the function's value")
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("07009");
            assertThatThrownBy(() -> call.registerOutParameter(2, Types.VARCHAR))
                    .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> call.getString(2)).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
        }
        try (CallableStatement call = connection.prepareCall("{ ? = call nullif(?, {fn abs(?)}) };")) {
            call.registerOutParameter(1, Types.INTEGER);
            assertThatThrownBy(() -> call.getInt(1))
                    .hasMessageContaining("execute it first")
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("24000");
            call.setInt(2, 7);
            call.setInt(3, -7);
            call.execute();
            assertThat(call.getInt(1)).isZero();
            assertThat(call.wasNull()).isTrue();
            call.setInt(3, 1);
            call.execute();
            assertThat(call.getLong(1)).isEqualTo(7L);
            assertThat(call.wasNull()).isFalse();
        }
        try (CallableStatement call = connection.prepareCall("{? = call abs($x)}")) {
            call.registerOutParameter(1, Types.BIGINT);
            call.setInt("x", -3); // a named argument binds where it stands, after the value
            call.execute();
            assertThat(call.getInt(1)).isEqualTo(3);
        }
        try (CallableStatement call = connection.prepareCall("{call range(?)}")) {
            assertThatThrownBy(() -> call.registerOutParameter(1, Types.BIGINT))
                    .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
        }
        try (Statement s = connection.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT 1 + {? = call abs(1)}"))
                    .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("SELECT f(?)");
        }
    }

    @Test
    void batchesAndNativeSql() throws SQLException {
        assertThat(connection.nativeSQL("SELECT {fn lcase(name)} FROM names {limit 1}"))
                .isEqualTo("SELECT lower(name) FROM names LIMIT 1");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE days (d DATE)");
            s.addBatch("INSERT INTO days VALUES ({d '2024-01-01'})");
            s.addBatch("INSERT INTO days VALUES ({fn curdate()})");
            assertThat(s.executeBatch()).containsExactly(1, 1);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM days WHERE d >= {d '2024-01-01'}")) {
                assertThat(row(rs)).containsExactly(2L);
            }
        }
    }
}
