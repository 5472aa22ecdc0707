package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Properties;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The driver owns the transaction state: after a failed COMMIT, ROLLBACK or statement the connection is in
 * a defined state, manual-commit work stays transactional, and a transaction the user opened with SQL is
 * never ended behind their back. On a real PostgreSQL-catalog lake with S3 data.
 */
class TransactionsTest {
    private static TestLakes.PostgresLake lake;

    @BeforeAll
    static void lake() {
        lake = TestLakes.postgres();
    }

    /** A connection on an engine of its own: a different DuckDB setting makes a different instance. */
    private static Connection engine(int threads) throws SQLException {
        Properties p = lake.properties();
        p.setProperty("threads", String.valueOf(threads));
        return DriverManager.getConnection(lake.url(), p);
    }

    private static long value(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM " + table)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void createCounter(String table) throws SQLException {
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (v BIGINT)");
            s.execute("INSERT INTO " + table + " VALUES (0)");
        }
    }

    /** Two engines update one row; the second commit conflicts. */
    private static SQLException conflict(Connection c1, Connection c2, String table) throws SQLException {
        c1.setAutoCommit(false);
        c2.setAutoCommit(false);
        try (Statement s1 = c1.createStatement();
                Statement s2 = c2.createStatement()) {
            s1.executeUpdate("UPDATE " + table + " SET v = v + 1");
            s2.executeUpdate("UPDATE " + table + " SET v = v + 1");
        }
        c1.commit();
        return catchThrowableOfType(SQLException.class, c2::commit);
    }

    @Test
    void aFailedCommitDoesNotTurnLaterWorkIntoAutoCommits() throws Exception {
        createCounter("counter_a");
        try (Connection c1 = engine(1);
                Connection c2 = engine(2)) {
            SQLException failed = conflict(c1, c2, "counter_a");
            assertThat((Throwable) failed)
                    .as("the second commit conflicts")
                    .isInstanceOf(SQLTransactionRollbackException.class);
            assertThat(failed.getSQLState()).isEqualTo("40001");

            c2.rollback(); // what pools and Spring do after a failure: must not throw
            assertThat(c2.getAutoCommit()).isFalse();
            try (Statement s2 = c2.createStatement()) {
                s2.executeUpdate("UPDATE counter_a SET v = 1000");
            }
            c2.rollback();
            c1.setAutoCommit(true);
            assertThat(value(c1, "counter_a"))
                    .as("c2's rolled-back UPDATE is not visible")
                    .isEqualTo(1);
            assertThat(value(c2, "counter_a")).isEqualTo(1);

            // And a later transaction of c2 commits as one.
            try (Statement s2 = c2.createStatement()) {
                s2.executeUpdate("UPDATE counter_a SET v = v + 10");
                assertThat(value(c1, "counter_a"))
                        .as("not visible before commit")
                        .isEqualTo(1);
            }
            c2.commit();
            assertThat(value(c1, "counter_a")).isEqualTo(11);
        }
    }

    @Test
    void switchingToAutoCommitAfterAFailedCommitWorks() throws Exception {
        createCounter("counter_b");
        try (Connection c1 = engine(1);
                Connection c2 = engine(2)) {
            assertThat(conflict(c1, c2, "counter_b").getSQLState()).isEqualTo("40001");
            c2.setAutoCommit(true); // nothing is open any more: no error, no commit
            assertThat(c2.getAutoCommit()).isTrue();
            try (Statement s2 = c2.createStatement()) {
                s2.executeUpdate("UPDATE counter_b SET v = 7");
            }
            c1.setAutoCommit(true);
            assertThat(value(c1, "counter_b"))
                    .as("auto-commit statements commit")
                    .isEqualTo(7);
            assertThatThrownBy(c2::rollback)
                    .as("rollback with auto-commit on and nothing open")
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("25P01");
        }
    }

    @Test
    void aCommitTheUserRunsAsSqlEndsTheTransactionAndTheNextStatementOpensANewOne() throws Exception {
        createCounter("counter_c");
        try (Connection c = engine(1);
                Connection other = engine(2);
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE counter_c SET v = 1");
            s.execute("COMMIT");
            s.executeUpdate("UPDATE counter_c SET v = 2");
            assertThat(value(other, "counter_c"))
                    .as("the SQL COMMIT committed; the next UPDATE is in a new transaction")
                    .isEqualTo(1);
            c.rollback();
            assertThat(value(other, "counter_c")).isEqualTo(1);
            assertThat(value(c, "counter_c")).isEqualTo(1);
        }
    }

    @Test
    void aSetterFailureNeverEndsATransactionTheUserOpenedWithSql() throws Exception {
        try (Connection c = engine(1);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sql_tx (id INTEGER, v INTEGER)");
            s.execute("BEGIN TRANSACTION");
            s.executeUpdate("INSERT INTO sql_tx VALUES (1, 1)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sql_tx VALUES (?, ?)")) {
                assertThatThrownBy(() -> ps.setInt(5, 1)).isInstanceOf(SQLException.class);
            }
            // A failed execution inside the user's transaction does not end it either.
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class);
            s.execute("COMMIT");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sql_tx")) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("the INSERT survived and was committed")
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void aFailedBatchInAutoCommitModeWritesNothing() throws Exception {
        try (Connection c = engine(1);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE batch_a (id INTEGER NOT NULL)");
            s.addBatch("INSERT INTO batch_a VALUES (1)");
            s.addBatch("INSERT INTO batch_a VALUES (2)");
            s.addBatch("INSERT INTO batch_a VALUES (NULL)");
            SQLException failed = catchThrowableOfType(SQLException.class, s::executeBatch);
            assertThat((Throwable) failed).isNotNull();
            assertThat(failed.getSQLState()).isEqualTo("23502");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_a VALUES (?)")) {
                ps.setInt(1, 3);
                ps.addBatch();
                ps.setNull(1, Types.INTEGER);
                ps.addBatch();
                assertThatThrownBy(ps::executeBatch).isInstanceOf(SQLException.class);
                ps.setInt(1, 4);
                ps.addBatch();
                ps.setInt(1, 5);
                ps.addBatch();
                assertThat(ps.executeBatch()).containsExactly(1, 1);
            }
            try (ResultSet rs = s.executeQuery("SELECT list(id ORDER BY id) FROM batch_a")) {
                rs.next();
                assertThat(rs.getString(1)).as("only the good batch is there").isEqualTo("[4, 5]");
            }
            assertThat(c.unwrap(LakeConnection.class).inTransaction())
                    .as("no transaction left open")
                    .isFalse();
        }
    }

    @Test
    void aBatchInManualCommitModeBelongsToTheTransaction() throws Exception {
        try (Connection c = engine(1);
                Connection other = engine(2);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE batch_m (id INTEGER)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_m VALUES (?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            }
            try (ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM batch_m")) {
                rs.next();
                assertThat(rs.getLong(1)).as("not committed by the batch").isZero();
            }
            c.rollback();
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM batch_m")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rolled back with the transaction").isZero();
            }
        }
    }

    @Test
    void springTransactionTemplateAfterAConflict() throws Exception {
        createCounter("counter_s");
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl(lake.url());
        lake.properties().forEach((k, v) -> ds.setProperty((String) k, (String) v));
        ds.setProperty("threads", "2");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        try (Connection rival = engine(1)) {
            rival.setAutoCommit(false);
            assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                        jdbc.update("UPDATE counter_s SET v = v + 1");
                        try (Statement s = rival.createStatement()) {
                            s.executeUpdate("UPDATE counter_s SET v = v + 100");
                            rival.commit();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }))
                    .as("Spring reports a failed commit as TransactionSystemException, the 40001 as its cause")
                    .isInstanceOf(TransactionSystemException.class)
                    .cause()
                    .isInstanceOf(SQLTransactionRollbackException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("40001");
            assertThat(jdbc.queryForObject("SELECT v FROM counter_s", Long.class))
                    .isEqualTo(100L);
            tx.executeWithoutResult(status -> jdbc.update("UPDATE counter_s SET v = v + 1"));
            Integer result = tx.execute(status -> {
                jdbc.update("UPDATE counter_s SET v = v + 1000");
                status.setRollbackOnly();
                return 0;
            });
            assertThat(result).isZero();
            assertThat(jdbc.queryForObject("SELECT v FROM counter_s", Long.class))
                    .isEqualTo(101L);
        }
    }

    @Test
    void hikariRollsBackOnReturnAfterAConflictAndTheConnectionStaysTransactional() throws Exception {
        createCounter("counter_h");
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(lake.url());
        Properties p = lake.properties();
        p.setProperty("threads", "2");
        cfg.setDataSourceProperties(p);
        cfg.setMaximumPoolSize(1);
        cfg.setAutoCommit(false);
        try (HikariDataSource pool = new HikariDataSource(cfg);
                Connection rival = engine(1)) {
            rival.setAutoCommit(false);
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE counter_h SET v = v + 1");
                try (Statement r = rival.createStatement()) {
                    r.executeUpdate("UPDATE counter_h SET v = v + 100");
                }
                rival.commit();
                assertThat(catchThrowableOfType(SQLException.class, c::commit).getSQLState())
                        .isEqualTo("40001");
                s.executeUpdate("UPDATE counter_h SET v = -1"); // never committed: the pool rolls it back on return
            }
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                assertThat(c.getAutoCommit()).isFalse();
                try (ResultSet rs = s.executeQuery("SELECT v FROM counter_h")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(100);
                }
                s.executeUpdate("UPDATE counter_h SET v = v + 1");
                c.commit();
            }
            rival.setAutoCommit(true);
            assertThat(value(rival, "counter_h")).isEqualTo(101);
            assertThat(pool.getHikariPoolMXBean().getTotalConnections())
                    .as("no connection evicted")
                    .isEqualTo(1);
        }
    }

    @Test
    void autoCommitWritesAndBatchesWorkUnderANetworkTimeout() throws Exception {
        try (Connection c = engine(1)) {
            c.setNetworkTimeout(Runnable::run, 5000); // every statement is then a bounded call
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bounded_w (i INTEGER)");
                assertThat(s.executeUpdate("INSERT INTO bounded_w VALUES (1), (2)"))
                        .isEqualTo(2);
                s.addBatch("INSERT INTO bounded_w VALUES (3)");
                s.addBatch("INSERT INTO bounded_w VALUES (4)");
                assertThat(s.executeBatch()).containsExactly(1, 1);
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO bounded_w VALUES (5)");
                c.commit();
                c.setAutoCommit(true);
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM bounded_w")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(5);
                }
            }
        }
    }

    @Test
    void theEngineTransactionStateCanBeReadOnThisDuckDbVersion() {
        assertThat(EngineInternals.AVAILABLE).isTrue();
    }
}
