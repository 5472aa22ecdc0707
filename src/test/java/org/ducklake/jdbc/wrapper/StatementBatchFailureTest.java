package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code Statement} batch of SQL texts in which one statement fails throws {@link BatchUpdateException}, as
 * JDBC specifies for executeBatch (not the failure's own subclass, e.g. SQLIntegrityConstraintViolationException),
 * with the failing statement's SQLState and error as its cause, and update counts that claim no stored row; in
 * auto-commit mode nothing of the batch is stored. On a DuckDB-file lake and on a PostgreSQL-catalog lake.
 */
class StatementBatchFailureTest {
    private static final TestLakes.BothLakes LAKES = TestLakes.both();
    private static int tables;

    static Stream<TestLakes.Lake> lakes() throws SQLException {
        return LAKES.stream();
    }

    private static synchronized String newTable(Statement s) throws SQLException {
        String table = "batch_f" + ++tables;
        s.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL)");
        return table;
    }

    private static String stored(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT coalesce(list(id ORDER BY id)::VARCHAR, '[]') FROM " + table)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void assertBatchFailure(Throwable thrown, String state) {
        assertThat(thrown).as("executeBatch reports a batch failure").isInstanceOf(BatchUpdateException.class);
        BatchUpdateException e = (BatchUpdateException) thrown;
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state);
        assertThat(e.getCause())
                .as("the failing statement's error is the cause")
                .isInstanceOf(SQLException.class);
        assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo(state);
        assertThat(e.getUpdateCounts()).as("update counts are given").isNotNull();
        assertThat(Arrays.stream(e.getUpdateCounts()).filter(n -> n > 0))
                .as("no count claims a stored row: " + Arrays.toString(e.getUpdateCounts()))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void aNotNullViolationInAnAutoCommitBatch(TestLakes.Lake lake) throws Exception {
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            String table = newTable(s);
            s.addBatch("INSERT INTO " + table + " VALUES (1)");
            s.addBatch("INSERT INTO " + table + " VALUES (2)");
            s.addBatch("INSERT INTO " + table + " VALUES (NULL)");
            s.addBatch("INSERT INTO " + table + " VALUES (4)");
            assertBatchFailure(catchThrowable(s::executeBatch), "23502");
            assertThat(stored(s, table)).as("nothing of the batch is stored").isEqualTo("[]");
            s.addBatch("INSERT INTO " + table + " VALUES (5)");
            assertThat(s.executeBatch())
                    .as("the batch was cleared; the next one runs")
                    .containsExactly(1);
            assertThat(stored(s, table)).isEqualTo("[5]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void aConversionFailureInAnAutoCommitBatch(TestLakes.Lake lake) throws Exception {
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            String table = newTable(s);
            s.addBatch("INSERT INTO " + table + " VALUES (1)");
            s.addBatch("INSERT INTO " + table + " VALUES ('abc')");
            Throwable thrown = catchThrowable(s::executeBatch);
            assertThat(thrown).isInstanceOf(BatchUpdateException.class);
            assertBatchFailure(thrown, ((SQLException) thrown).getSQLState());
            assertThat(((SQLException) thrown).getSQLState()).startsWith("22");
            assertThat(stored(s, table)).isEqualTo("[]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lakes")
    void aFailureInAManualCommitBatch(TestLakes.Lake lake) throws Exception {
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            String table = newTable(s);
            c.setAutoCommit(false);
            s.addBatch("INSERT INTO " + table + " VALUES (1)");
            s.addBatch("INSERT INTO " + table + " VALUES (NULL)");
            assertBatchFailure(catchThrowable(s::executeBatch), "23502");
            c.rollback();
            assertThat(stored(s, table)).isEqualTo("[]");
        }
    }
}
