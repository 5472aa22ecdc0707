package org.ducklake.jdbc.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.Await;
import org.ducklake.jdbc.testsupport.EngineThreads;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real errors provoked against a real PostgreSQL-catalog lake, each with its SQLState and JDBC 4 subclass. */
class ErrorStatesTest {
    private static TestLakes.PostgresLake lake;
    private static Connection c;

    @BeforeAll
    static void lake() throws Exception {
        lake = TestLakes.postgres();
        c = lake.connect();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER NOT NULL, name VARCHAR, amount DECIMAL(10,2), day DATE)");
            s.execute("INSERT INTO t VALUES (1, 'a', 1.5, DATE '2026-01-01')");
            s.execute("CREATE SCHEMA s2");
            s.execute("CREATE TABLE s2.u (x INTEGER)");
        }
    }

    @AfterAll
    static void close() throws Exception {
        c.close();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("SELEC 1", "42601", SQLSyntaxErrorException.class),
                Arguments.of("SELECT * FROM t WHERE", "42601", SQLSyntaxErrorException.class),
                Arguments.of("SELECT * FROM no_such_table", "42P01", SQLSyntaxErrorException.class),
                Arguments.of("DROP TABLE no_such_table", "42P01", SQLSyntaxErrorException.class),
                Arguments.of("SELECT no_such_column FROM t", "42703", SQLSyntaxErrorException.class),
                Arguments.of("SELECT * FROM no_such_schema.t", "3F000", SQLNonTransientException.class),
                Arguments.of("CREATE TABLE t (x INTEGER)", "42P07", SQLSyntaxErrorException.class),
                Arguments.of("SELECT no_such_function(1)", "42883", SQLSyntaxErrorException.class),
                Arguments.of("SELECT abs('x', 'y')", "42883", SQLSyntaxErrorException.class),
                Arguments.of("INSERT INTO t VALUES (1, 2, 3, 4, 5)", "42000", SQLSyntaxErrorException.class),
                Arguments.of(
                        "INSERT INTO t (id, name) VALUES (NULL, 'x')",
                        "23502",
                        SQLIntegrityConstraintViolationException.class),
                Arguments.of("UPDATE t SET id = NULL", "23502", SQLIntegrityConstraintViolationException.class),
                Arguments.of("SELECT 'abc'::INTEGER", "22P02", SQLDataException.class),
                Arguments.of("SELECT DATE '2026-13-45'", "22P02", SQLDataException.class),
                Arguments.of("SELECT 2147483647::INTEGER + 1", "22003", SQLDataException.class),
                Arguments.of("SELECT 100000::TINYINT", "22P02", SQLDataException.class),
                Arguments.of("INSERT INTO t (id, amount) VALUES (2, 123456789012.5)", "22P02", SQLDataException.class),
                Arguments.of(
                        "CREATE TABLE pk (id INTEGER PRIMARY KEY)", "0A000", SQLFeatureNotSupportedException.class),
                Arguments.of("CREATE TABLE uq (id INTEGER UNIQUE)", "0A000", SQLFeatureNotSupportedException.class),
                Arguments.of("CREATE INDEX t_idx ON t (id)", "0A000", SQLFeatureNotSupportedException.class),
                Arguments.of("CREATE SEQUENCE seq1", "0A000", SQLFeatureNotSupportedException.class),
                Arguments.of("CREATE TYPE mood AS ENUM ('a', 'b')", "0A000", SQLFeatureNotSupportedException.class),
                Arguments.of(
                        "ALTER TABLE t ADD COLUMN r DOUBLE DEFAULT random()",
                        "0A000",
                        SQLFeatureNotSupportedException.class),
                Arguments.of(
                        "CREATE TABLE gen (a INTEGER, b INTEGER GENERATED ALWAYS AS (a + 1))",
                        "0A000",
                        SQLFeatureNotSupportedException.class),
                Arguments.of(
                        "CREATE TABLE ck (x INTEGER CHECK (x > 0))", "0A000", SQLFeatureNotSupportedException.class),
                Arguments.of("COMMIT", "25P01", SQLNonTransientException.class),
                Arguments.of("ROLLBACK", "25P01", SQLNonTransientException.class));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void engineErrorsCarryTheirState(String sql, String state, Class<? extends SQLException> type) throws Exception {
        try (Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute(sql));
            assertThat((Throwable) e).as(sql).isNotNull();
            assertThat(e.getSQLState()).as("%s -> %s", sql, e.getMessage()).isEqualTo(state);
            assertThat((Throwable) e).as(sql).isInstanceOf(type);
            // The vendor text and DuckDB's own exception are kept.
            assertThat(e.getCause()).as(sql).isNotNull();
            assertThat(e.getMessage()).as(sql).isNotBlank().doesNotStartWith("Invalid Input Error: Attempting");
            // The statement is still usable after the failure.
            assertThat(s.execute("SELECT 1")).isTrue();
        }
    }

    @Test
    void aWriteToAReadOnlyLakeIs25006() throws Exception {
        Properties p = lake.properties();
        p.setProperty("read_only", "true");
        try (Connection ro = DriverManager.getConnection(lake.url(), p);
                Statement s = ro.createStatement()) {
            SQLException e =
                    catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES (9, 'x', 1, NULL)"));
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("25006");
        }
    }

    @Test
    void aConflictingCommitIs40001() throws Exception {
        try (Connection a = lake.connect();
                Connection b = lake.connect();
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            sa.execute("CREATE TABLE conflict_t (x INTEGER)");
            sb.execute("CREATE TABLE conflict_t (x INTEGER)");
            a.commit();
            SQLException e = catchThrowableOfType(SQLException.class, b::commit);
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("40001");
            assertThat((Throwable) e).isInstanceOf(SQLTransactionRollbackException.class);
        }
    }

    @Test
    void aQueryTimeoutAndACancelAre57014() throws Exception {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            SQLException e = catchThrowableOfType(
                    SQLException.class, () -> s.execute("SELECT count(*) FROM range(100000000000) a"));
            assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(10);
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
            assertThat((Throwable) e).isInstanceOf(SQLTimeoutException.class);
        }
        try (Statement s = c.createStatement()) {
            FutureTask<SQLException> query = new FutureTask<>(() -> catchThrowableOfType(
                    SQLException.class, () -> s.execute("SELECT count(*) FROM range(100000000000) a")));
            Thread runner = new Thread(query, "long query");
            runner.start();
            // DuckDB's cancel() does nothing to a statement that is not executing: cancel once the query runs.
            Await.until(
                    Duration.ofSeconds(10),
                    "the query runs in the engine",
                    () -> EngineThreads.inNative(runner, EngineThreads.EXECUTE) || query.isDone());
            s.cancel();
            SQLException e = query.get(10, TimeUnit.SECONDS);
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
        }
        // A network timeout bounds the statements created afterwards.
        c.setNetworkTimeout(Runnable::run, 1000);
        try (Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(
                    SQLException.class, () -> s.execute("SELECT count(*) FROM range(100000000000) a"));
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
        } finally {
            c.setNetworkTimeout(Runnable::run, 0);
        }
    }

    @Test
    void aHugeValueEchoedByTheEngineIsCutShort() throws Exception {
        String huge = "x".repeat(100_000);
        try (Statement s = c.createStatement()) {
            SQLException e =
                    catchThrowableOfType(SQLException.class, () -> s.execute("SELECT '" + huge + "'::INTEGER"));
            assertThat(e.getSQLState()).isEqualTo("22P02");
            assertThat(e.getMessage())
                    .as("the value's start and its length, not 100 kB")
                    .hasSizeLessThan(1000)
                    .contains("x".repeat(64) + "… (100000 characters)");
            assertThat(e.getCause().getMessage())
                    .as("the cause is cut the same way")
                    .hasSizeLessThan(1000);
        }
    }

    @Test
    void theLakesSecretsAreMaskedInStatementErrors() throws Exception {
        try (Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(
                    SQLException.class, () -> s.execute("SELECT '" + lake.password.replace("'", "''") + "'::INTEGER"));
            assertThat(e.getSQLState()).isEqualTo("22P02");
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).doesNotContain(lake.password).contains("****");
            }
        }
    }

    @Test
    void sqlStateTypeIsSql() throws Exception {
        assertThat(c.getMetaData().getSQLStateType()).isEqualTo(DatabaseMetaData.sqlStateSQL);
    }

    @Test
    void connectionStateMethodsNeverThrowFeatureNotSupported() throws Exception {
        c.setReadOnly(true);
        c.setReadOnly(false);
        for (int level : new int[] {
            Connection.TRANSACTION_READ_UNCOMMITTED,
            Connection.TRANSACTION_READ_COMMITTED,
            Connection.TRANSACTION_REPEATABLE_READ,
            Connection.TRANSACTION_SERIALIZABLE
        }) {
            c.setTransactionIsolation(level);
        }
        c.setHoldability(c.getHoldability());
        c.setClientInfo("ApplicationName", "test");
        c.setNetworkTimeout(Runnable::run, 0);
        assertThat(c.getNetworkTimeout()).isZero();
        assertThat((Object) c.getWarnings()).isNull();
    }
}
