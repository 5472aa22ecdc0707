package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A commit never lies. DuckDB invalidates a transaction when a statement fails while it executes (a NOT NULL
 * violation, a value that does not convert), after which its COMMIT silently rolls back; a parser, binder or
 * catalog error leaves the transaction as it was. Whatever ends a transaction (commit(), SQL COMMIT/END,
 * setAutoCommit(true)) reports the roll-back of an aborted one as a class-40 failure with the statement that
 * aborted it in the cause chain, and commits one that was not aborted. The connection stays usable after
 * either. On a DuckDB-file lake and on a PostgreSQL-catalog lake with S3 data.
 */
class CommitTruthTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final TestLakes.BothLakes LAKES = TestLakes.both();

    static Stream<TestLakes.Lake> lakes() throws SQLException {
        return LAKES.stream();
    }

    static Stream<Arguments> lakesAndSqlCommits() throws SQLException {
        return lakes().flatMap(lake ->
                Stream.of("COMMIT", "END", "COMMIT TRANSACTION", "commit;").map(commit -> Arguments.of(lake, commit)));
    }

    /** A new table {@code (id INTEGER NOT NULL)}, created and committed on a connection of its own. */
    private static String newTable(TestLakes.Lake lake) throws SQLException {
        String table = "truth_" + TABLES.incrementAndGet();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL)");
        }
        return table;
    }

    /** The ids stored in the table, as a fresh connection sees them. */
    private static String stored(TestLakes.Lake lake, String table) throws SQLException {
        try (Connection c = lake.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(list(id ORDER BY id)::VARCHAR, '[]') FROM " + table)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** INSERT (1), then INSERT (NULL) into the NOT NULL column: the engine aborts the transaction. */
    private static void abortWithNotNull(Statement s, String table) throws SQLException {
        s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
        SQLException notNull = catchThrowableOfType(
                SQLException.class, () -> s.executeUpdate("INSERT INTO " + table + " VALUES (NULL)"));
        assertThat((Throwable) notNull).as("the NULL is refused").isNotNull();
        assertThat(notNull.getSQLState()).as(notNull.getMessage()).isEqualTo("23502");
    }

    /** The failure reports a roll-back (class 40) and names the statement failure that aborted the transaction. */
    private static void assertRolledBackBecauseOf(Throwable failure, String cause) {
        assertThat(failure)
                .as("ending an aborted transaction is a roll-back, not a commit")
                .isInstanceOf(SQLTransactionRollbackException.class);
        SQLException e = (SQLException) failure;
        assertThat(e.getSQLState()).as(e.getMessage()).startsWith("40");
        boolean found = false;
        for (Throwable t = e.getCause(); t != null && !found; t = t.getCause()) {
            found = String.valueOf(t.getMessage()).contains(cause);
        }
        assertThat(found)
                .as("the cause chain of \"" + e.getMessage() + "\" holds the failure that aborted it (" + cause + ")")
                .isTrue();
    }

    /** The connection works after the failure: a new transaction commits its row. */
    private static void assertUsable(Connection c, TestLakes.Lake lake, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + table + " VALUES (2)");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        assertThat(stored(lake, table))
                .as("the next transaction commits its row")
                .isEqualTo("[2]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void commitOfATransactionANotNullViolationAbortedThrowsRollback(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            LakeConnection lc = c.unwrap(LakeConnection.class);
            assertThat(lc.lifecycle()).isEqualTo(Lifecycle.OPEN);
            c.setAutoCommit(false);
            assertThat(lc.transactionState()).isEqualTo(TransactionState.IDLE);
            s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            assertThat(lc.transactionState()).isEqualTo(TransactionState.OPEN);
            SQLException notNull = catchThrowableOfType(
                    SQLException.class, () -> s.executeUpdate("INSERT INTO " + table + " VALUES (NULL)"));
            assertThat(notNull.getSQLState()).as(notNull.getMessage()).isEqualTo("23502");
            assertThat(lc.transactionState()).as("read from the engine").isEqualTo(TransactionState.FAILED);
            assertRolledBackBecauseOf(catchThrowableOfType(SQLException.class, c::commit), "NOT NULL");
            assertThat(lc.transactionState()).isEqualTo(TransactionState.IDLE);
            assertThat(stored(lake, table))
                    .as("nothing of the failed transaction")
                    .isEqualTo("[]");
            assertThat(c.getAutoCommit()).isFalse();
            assertUsable(c, lake, table);
            c.close();
            assertThat(lc.lifecycle()).isIn(Lifecycle.CLOSED, Lifecycle.HANDED_OVER);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void sqlCommitInManualModeOfAnAbortedTransactionThrowsRollback(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            abortWithNotNull(s, table);
            assertRolledBackBecauseOf(catchThrowableOfType(SQLException.class, () -> s.execute("COMMIT")), "NOT NULL");
            assertThat(stored(lake, table)).isEqualTo("[]");
            assertUsable(c, lake, table);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("lakesAndSqlCommits")
    void sqlCommitOfAUserBeginInAutoCommitModeAfterAnAbortThrowsRollback(TestLakes.Lake lake, String commit)
            throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("BEGIN");
            abortWithNotNull(s, table);
            assertRolledBackBecauseOf(catchThrowableOfType(SQLException.class, () -> s.execute(commit)), "NOT NULL");
            assertThat(stored(lake, table)).isEqualTo("[]");
            assertThat(c.getAutoCommit()).isTrue();
            assertUsable(c, lake, table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void aConversionErrorAbortsTheTransactionToo(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            SQLException conversion = catchThrowableOfType(
                    SQLException.class, () -> s.executeUpdate("INSERT INTO " + table + " VALUES ('abc')"));
            assertThat(conversion.getSQLState()).as(conversion.getMessage()).startsWith("22");
            assertRolledBackBecauseOf(catchThrowableOfType(SQLException.class, c::commit), "abc");
            assertThat(stored(lake, table)).isEqualTo("[]");
            assertUsable(c, lake, table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void aBinderErrorDoesNotAbortTheTransactionSoItCommits(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            SQLException binder = catchThrowableOfType(
                    SQLException.class, () -> s.executeQuery("SELECT no_such_column FROM " + table));
            assertThat(binder.getSQLState()).as(binder.getMessage()).isEqualTo("42703");
            SQLException missing =
                    catchThrowableOfType(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
            assertThat(missing.getSQLState()).as(missing.getMessage()).isEqualTo("42P01");
            s.executeUpdate("INSERT INTO " + table + " VALUES (3)"); // the transaction goes on
            c.commit();
            assertThat(stored(lake, table)).as("both INSERTs committed").isEqualTo("[1, 3]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void rollbackOfAnAbortedTransactionWorks(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            abortWithNotNull(s, table);
            c.rollback(); // must not throw
            assertThat(stored(lake, table)).isEqualTo("[]");
            assertUsable(c, lake, table);
        }
        String other = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            abortWithNotNull(s, other);
            s.execute("ROLLBACK"); // the user's own roll-back of their aborted transaction
            assertThat(stored(lake, other)).isEqualTo("[]");
            assertUsable(c, lake, other);
            assertThatThrownBy(c::rollback)
                    .as("nothing open any more in auto-commit mode")
                    .isInstanceOf(SQLException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void setAutoCommitTrueOnAnAbortedTransactionThrowsRollback(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            abortWithNotNull(s, table);
            // JDBC: setAutoCommit(true) inside a transaction commits it; here the commit is a roll-back.
            assertRolledBackBecauseOf(
                    catchThrowableOfType(SQLException.class, () -> c.setAutoCommit(true)), "NOT NULL");
            assertThat(stored(lake, table)).isEqualTo("[]");
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true); // the transaction is over: now it switches
            }
            assertThat(c.getAutoCommit()).isTrue();
            assertUsable(c, lake, table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void setAutoCommitTrueOnAHealthyTransactionCommitsIt(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            c.setAutoCommit(true);
            assertThat(stored(lake, table)).isEqualTo("[1]");
        }
    }
}
