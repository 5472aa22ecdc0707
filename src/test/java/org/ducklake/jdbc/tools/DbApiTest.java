package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.duckdb.DuckDBResultSet;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's Python DB-API features, in JDBC terms, on a real lake. */
class DbApiTest {
    private static Connection c;

    @BeforeAll
    static void open() throws Exception {
        c = TestLakes.file("dbapi").connect();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER NOT NULL, name VARCHAR, price DECIMAL(10,2), created TIMESTAMP)");
            s.execute(
                    "INSERT INTO items SELECT range, 'item ' || range, range * 1.25, TIMESTAMP '2026-01-01' FROM range(100)");
        }
    }

    @AfterAll
    static void close() throws Exception {
        c.close();
    }

    @Test
    void questionMarkAndDollarNumberParameters() throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            ps.setInt(1, 7);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("item 7");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM items WHERE id >= $1 AND id < $2")) {
            ps.setInt(1, 10);
            ps.setInt(2, 15);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(5);
            }
        }
    }

    @Test
    void namedParametersThroughCallableStatementSetters() throws Exception {
        try (CallableStatement cs = c.prepareCall(
                "SELECT count(*), min(id) FROM items WHERE id >= $low AND id < $high AND name <> '$low' AND id <> $low + 1")) {
            cs.setInt("low", 20);
            cs.setInt("$high", 30);
            try (ResultSet rs = cs.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(9);
                assertThat(rs.getInt(2)).isEqualTo(20);
            }
            SQLException e = catchThrowableOfType(SQLException.class, () -> cs.setInt("nope", 1));
            assertThat(e.getSQLState()).isEqualTo("42P02");
            assertThat(e.getMessage()).contains("nope").contains("low").contains("high");
        }
    }

    @Test
    void maxRowsIsHonouredAndFetchSizeAccepted() throws Exception {
        try (Statement s = c.createStatement()) {
            s.setMaxRows(5);
            s.setFetchSize(10);
            assertThat(s.getMaxRows()).isEqualTo(5);
            int n = 0;
            try (ResultSet rs = s.executeQuery("SELECT * FROM items")) {
                while (rs.next()) {
                    n++;
                }
            }
            assertThat(n).isEqualTo(5);
            s.setMaxRows(0);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT * FROM items)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(100);
            }
        }
    }

    @Test
    void severalResultSetsOpenAtOnce() throws Exception {
        try (Statement a = c.createStatement();
                Statement b = c.createStatement();
                ResultSet big = a.executeQuery("SELECT id FROM items ORDER BY id");
                ResultSet tables = c.getMetaData().getTables(null, null, "%", null);
                ResultSet small = b.executeQuery("SELECT name FROM items WHERE id = 3")) {
            assertThat(big.next()).isTrue();
            assertThat(tables.next()).isTrue();
            assertThat(small.next()).isTrue();
            int rows = 1;
            while (big.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(100);
            assertThat(small.getString(1)).isEqualTo("item 3");
        }
    }

    @Test
    void arrowExportIsReachableThroughUnwrap() throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM items")) {
            DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
            assertThat(duck).isNotNull();
            // With Apache Arrow on the class path: duck.arrowExportStream(allocator, batchSize) gives an ArrowReader.
            assertThat(duck.getClass().getMethod("arrowExportStream", Object.class, long.class))
                    .isNotNull();
        }
    }

    @Test
    void batchCountsAndResultSetMetaData() throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, NULL)")) {
            for (int i = 0; i < 3; i++) {
                ps.setInt(1, 1000 + i);
                ps.setString(2, "batch " + i);
                ps.setBigDecimal(3, new BigDecimal("9.99"));
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, name AS label, price, created FROM items LIMIT 1")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(4);
            assertThat(md.getColumnLabel(2)).isEqualTo("label");
            assertThat(md.getColumnType(1)).isEqualTo(Types.INTEGER);
            assertThat(md.getColumnType(3)).isEqualTo(Types.DECIMAL);
            assertThat(md.getPrecision(3)).isEqualTo(10);
            assertThat(md.getScale(3)).isEqualTo(2);
            assertThat(md.getColumnType(4)).isEqualTo(Types.TIMESTAMP);
            assertThat(md.getColumnTypeName(2)).isEqualTo("VARCHAR");
        }
    }
}
