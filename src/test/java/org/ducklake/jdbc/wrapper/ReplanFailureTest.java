package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * A prepared statement is planned again before each execution (FreshPlans). When that plan fails, because the
 * table went away since the statement was prepared, the execution fails with the engine's error and leaves
 * the connection as it was: in auto-commit mode nothing of the statement is left, in a transaction the
 * transaction can still be rolled back, and the connection goes on.
 */
class ReplanFailureTest {

    private static Connection lake() throws SQLException {
        return TestLakes.file("replan").connect();
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aPlanThatFailsInAutoCommitLeavesNothingAndTheConnectionGoesOn() throws SQLException {
        try (Connection c = lake();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER)");
            s.execute("CREATE TABLE log (id INTEGER)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setInt(1, 1);
                assertThat(insert.executeUpdate()).isEqualTo(1);
                s.execute("DROP TABLE t");
                insert.setInt(1, 2);
                assertThatThrownBy(insert::executeUpdate)
                        .isInstanceOf(SQLException.class)
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"))
                        .hasMessageContaining("t");
            }
            assertThat(c.getAutoCommit()).isTrue();
            s.execute("INSERT INTO log VALUES (1)");
            assertThat(count(c, "log")).isEqualTo(1);
        }
    }

    @Test
    void aPlanThatFailsInATransactionLeavesItToRollBack() throws SQLException {
        try (Connection c = lake();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER)");
            s.execute("CREATE TABLE kept (id INTEGER)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                c.setAutoCommit(false);
                s.execute("INSERT INTO kept VALUES (1)");
                s.execute("DROP TABLE t");
                insert.setInt(1, 1);
                assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);
                c.rollback();
                c.setAutoCommit(true);
            }
            // The rollback undid the transaction's work: the drop and the insert before the failure.
            assertThat(count(c, "t")).isZero();
            assertThat(count(c, "kept")).isZero();
            s.execute("INSERT INTO kept VALUES (2)");
            assertThat(count(c, "kept")).isEqualTo(1);
        }
    }
}
