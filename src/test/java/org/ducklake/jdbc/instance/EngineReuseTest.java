package org.ducklake.jdbc.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A closed connection whose session is untouched hands its engine connection, already in the lake, to the
 * next connect, which then needs no catalog round trip; anything that may have changed the session (a
 * setting, a temporary table, another schema, an open transaction, DuckDB's connection in the user's hands)
 * keeps the next connection from ever seeing it.
 */
class EngineReuseTest {
    private static TestLakes.FileLake lake;

    @BeforeAll
    static void lake() throws SQLException {
        // SET, temp tables, PREPARE and USE of any schema
        lake = TestLakes.file("reuse").with("sql_access", "unrestricted");
        try (Connection keep = lake.connect();
                Statement s = keep.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS id FROM range(10)");
            s.execute("CREATE SCHEMA other");
            s.execute("CREATE TABLE other.t AS SELECT 42 AS id");
        }
    }

    /** The engine's id of the engine connection under a JDBC connection. */
    private static long engineId(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_connection_id()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Opens, uses and closes connections one after another; the engine connection ids they ran on. */
    private static List<Long> idsOfConnectionsInTurn(int n, SqlStep step) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection keep = lake.connect()) { // keeps the instance open
            for (int i = 0; i < n; i++) {
                try (Connection c = lake.connect()) {
                    ids.add(engineId(c));
                    step.run(c);
                }
            }
        }
        return ids;
    }

    @FunctionalInterface
    interface SqlStep {
        void run(Connection c) throws SQLException;
    }

    @Test
    void aConnectionLeftAsItWasServesTheNextConnect() throws SQLException {
        List<Long> ids = idsOfConnectionsInTurn(6, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO t VALUES (100)");
                s.execute("DELETE FROM t WHERE id = 100");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(10);
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE id = ?")) {
                ps.setLong(1, 3);
                ps.executeQuery().close();
            }
            c.commit();
        });
        // Later connections run on engine connections that earlier ones used.
        assertThat(new java.util.HashSet<>(ids)).hasSizeLessThan(ids.size());
    }

    @Test
    void aSettingIsNeverSeenByTheNextConnection() throws SQLException {
        assertNextConnectionIsPristine(c -> c.createStatement().execute("SET TimeZone = 'Pacific/Chatham'"));
    }

    @Test
    void aTemporaryTableIsNeverSeenByTheNextConnection() throws SQLException {
        assertNextConnectionIsPristine(c -> c.createStatement().execute("CREATE TEMP TABLE scratch AS SELECT 1"));
        assertNextConnectionIsPristine(c -> c.createStatement().execute("CREATE TEMPORARY VIEW tv AS SELECT 1"));
        assertNextConnectionIsPristine(c -> c.createStatement().execute("CREATE TEMPORARY MACRO m() AS 1"));
    }

    @Test
    void anotherSchemaIsNeverTheNextConnectionsSchema() throws SQLException {
        assertNextConnectionIsPristine(c -> c.createStatement().execute("USE lake.other"));
        assertNextConnectionIsPristine(c -> c.setSchema("other"));
        assertNextConnectionIsPristine(c -> c.createStatement().execute("SET search_path = 'lake.other'"));
    }

    @Test
    void openTransactionsPreparedStatementsAndTheEnginesConnectionAreNotHandedOn() throws SQLException {
        assertNextConnectionIsPristine(c -> {
            c.setAutoCommit(false);
            c.createStatement().execute("INSERT INTO t VALUES (-1)"); // closed without commit: rolled back
        });
        assertNextConnectionIsPristine(c -> c.createStatement().execute("BEGIN TRANSACTION"));
        assertNextConnectionIsPristine(c -> c.createStatement().execute("PREPARE q AS SELECT 1"));
        assertNextConnectionIsPristine(c -> {
            DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
            try (Statement s = duck.createStatement()) {
                s.execute("SET TimeZone = 'Asia/Kathmandu'");
            }
        });
    }

    @Test
    void aClosedConnectionThatHandedItsEngineConnectionOnCannotReachIt() throws SQLException {
        try (Connection keep = lake.connect()) {
            Connection c = lake.connect();
            c.createStatement().execute("SELECT 1");
            c.close();
            assertThatThrownBy(() -> c.unwrap(DuckDBConnection.class))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        }
    }

    /** After {@code change} on one connection, the next connections of the same instance see a fresh session. */
    private static void assertNextConnectionIsPristine(SqlStep change) throws SQLException {
        try (Connection keep = lake.connect()) {
            try (Connection c = lake.connect()) {
                change.run(c);
            }
            for (int i = 0; i < 3; i++) {
                try (Connection c = lake.connect();
                        Statement s = c.createStatement()) {
                    assertThat(single(s, "SELECT current_setting('TimeZone')"))
                            .isNotIn("Pacific/Chatham", "Asia/Kathmandu");
                    assertThat(single(s, "SELECT current_database() || '.' || current_schema()"))
                            .isEqualTo("lake.main");
                    assertThat(single(s, "SELECT count(*) FROM duckdb_tables() WHERE temporary"))
                            .isEqualTo("0");
                    assertThat(single(s, "SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal"))
                            .isEqualTo("0");
                    assertThat(single(s, "SELECT count(*) FROM duckdb_functions() WHERE function_name = 'm'"))
                            .isEqualTo("0");
                    assertThat(single(s, "SELECT count(*) FROM t WHERE id = -1"))
                            .isEqualTo("0");
                    assertThat(single(s, "SELECT count(*) FROM t")).isEqualTo("10");
                    assertThatThrownBy(() -> s.execute("EXECUTE q")).isInstanceOf(SQLException.class);
                }
            }
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
