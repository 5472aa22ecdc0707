package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code setReadOnly(true)} makes the connection read-only: in manual-commit mode (as Spring's
 * {@code @Transactional(readOnly = true)} sets it up) and in auto-commit mode every write (INSERT, UPDATE,
 * DELETE, CREATE TABLE, DuckLake's maintenance functions through CALL or SELECT) fails with 25006 and changes
 * nothing, reads work, and {@code setReadOnly(false)} lets writes through again. On a PostgreSQL-catalog lake
 * with S3 data.
 */
class ReadOnlyTest {
    private static final List<String> WRITES = List.of(
            "DELETE FROM items",
            "DELETE FROM items WHERE id = 1",
            "INSERT INTO items VALUES (100, 'new')",
            "UPDATE items SET name = 'changed'",
            "CREATE TABLE made_read_only (i INTEGER)",
            "INSERT INTO items SELECT 200, 'copy'");

    private static TestLakes.PostgresLake lake;
    private static long snapshotsAtStart;

    @BeforeAll
    static void lake() throws SQLException {
        lake = TestLakes.postgres();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INTEGER, name VARCHAR)");
            s.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')"); // inlined in the catalog
            s.execute("CREATE TABLE files AS SELECT range AS n FROM range(100)"); // a data file
            s.execute("INSERT INTO files SELECT range FROM range(100, 200)"); // another, adjacent
        }
    }

    private static Connection connect() throws SQLException {
        return lake.connect();
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** The rows of items and the count of the lake's snapshots: what a write would change. */
    private static String lakeState() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            return single(s, "SELECT list(id || ':' || name ORDER BY id)::VARCHAR FROM items")
                    + " / files " + single(s, "SELECT count(*) FROM files")
                    + " / snapshots " + single(s, "SELECT count(*) FROM ducklake_snapshots('lake')")
                    + " / tables " + single(s, "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'lake'");
        }
    }

    private static void assertReadOnlyRefusal(Throwable refused, String sql) {
        assertThat(refused).as("refused: " + sql).isInstanceOf(SQLException.class);
        assertThat(((SQLException) refused).getSQLState())
                .as(sql + ": " + refused.getMessage())
                .isEqualTo("25006");
    }

    @Test
    void manualCommitReadOnlyRefusesEveryWriteAndReads() throws Exception {
        String before = lakeState();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setReadOnly(true); // the order Spring's DataSourceTransactionManager uses
            c.setAutoCommit(false);
            assertThat(c.isReadOnly()).isTrue();
            for (String write : WRITES) {
                assertReadOnlyRefusal(catchThrowable(() -> s.execute(write)), write);
                c.rollback();
            }
            assertThat(single(s, "SELECT count(*) FROM items")).as("reads work").isEqualTo("3");
            c.commit();
        }
        assertThat(lakeState()).as("rows intact, no snapshot made").isEqualTo(before);
    }

    @Test
    void readOnlyInManualCommitModeRefusesAWriteAfterReads() throws Exception {
        String before = lakeState();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            assertThat(single(s, "SELECT count(*) FROM items")).isEqualTo("3");
            assertReadOnlyRefusal(catchThrowable(() -> s.execute("DELETE FROM items")), "DELETE");
            // The refused write aborted the transaction in the engine: its COMMIT says so (40000), rolls it
            // back, and the connection goes on.
            SQLException commit = catchThrowableOfType(SQLException.class, c::commit);
            assertThat(commit.getSQLState()).as(commit.getMessage()).isEqualTo("40000");
            assertThat(single(s, "SELECT count(*) FROM items")).isEqualTo("3");
            c.commit();
        }
        assertThat(lakeState()).isEqualTo(before);
    }

    @Test
    void autoCommitReadOnlyRefusesEveryWriteAndReads() throws Exception {
        String before = lakeState();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setReadOnly(true);
            for (String write : WRITES) {
                assertReadOnlyRefusal(catchThrowable(() -> s.execute(write)), write);
            }
            assertThat(single(s, "SELECT count(*) FROM items")).isEqualTo("3");
            try (var ps = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
                ps.setInt(1, 2);
                assertReadOnlyRefusal(catchThrowable(ps::executeUpdate), "prepared DELETE");
            }
        }
        assertThat(lakeState()).isEqualTo(before);
    }

    @Test
    void maintenanceFunctionsAreRefusedWhenReadOnly() throws Exception {
        String before = lakeState();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setReadOnly(true);
            String catalog = c.getCatalog();
            for (String call : List.of(
                    "CALL ducklake_merge_adjacent_files('" + catalog + "')",
                    "CALL ducklake_flush_inlined_data('" + catalog + "')",
                    "SELECT * FROM ducklake_flush_inlined_data('" + catalog + "')",
                    "SELECT * FROM ducklake_expire_snapshots('" + catalog + "', older_than => now())",
                    "CALL ducklake_rewrite_data_files('" + catalog + "')")) {
                assertReadOnlyRefusal(catchThrowable(() -> s.execute(call)), call);
            }
            c.setAutoCommit(false);
            String merge = "CALL ducklake_merge_adjacent_files('" + catalog + "')";
            assertReadOnlyRefusal(catchThrowable(() -> s.execute(merge)), merge);
            c.rollback();
        }
        assertThat(lakeState()).isEqualTo(before);
    }

    @Test
    void setReadOnlyFalseLetsWritesThroughAgain() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE toggled (i INTEGER)");
            c.setReadOnly(true);
            assertReadOnlyRefusal(catchThrowable(() -> s.execute("INSERT INTO toggled VALUES (1)")), "INSERT");
            c.setReadOnly(false);
            assertThat(c.isReadOnly()).isFalse();
            s.execute("INSERT INTO toggled VALUES (2)");
            c.setAutoCommit(false);
            c.setReadOnly(true);
            assertReadOnlyRefusal(catchThrowable(() -> s.execute("INSERT INTO toggled VALUES (3)")), "INSERT");
            c.rollback();
            c.setReadOnly(false);
            s.execute("INSERT INTO toggled VALUES (4)");
            c.commit();
            assertThat(single(s, "SELECT list(i ORDER BY i)::VARCHAR FROM toggled"))
                    .isEqualTo("[2, 4]");
        }
    }

    @Test
    void springReadOnlyTransactionRefusesADelete() throws Exception {
        String before = lakeState();
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl(lake.url());
        lake.properties().forEach((k, v) -> ds.setProperty((String) k, (String) v));
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(ds));
        readOnly.setReadOnly(true);
        Throwable failed = catchThrowable(() -> readOnly.executeWithoutResult(status -> {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM items", Long.class))
                    .isEqualTo(3L);
            jdbc.update("DELETE FROM items WHERE id = 1");
        }));
        assertThat(failed).as("the DELETE fails").isNotNull();
        SQLException cause = catchThrowableOfType(SQLException.class, () -> {
            throw (Exception) rootSqlException(failed);
        });
        assertThat(cause.getSQLState()).as(cause.getMessage()).isEqualTo("25006");
        assertThat(lakeState()).as("the row is intact").isEqualTo(before);
        // A read-write transaction on the same data source still writes.
        TransactionTemplate readWrite = new TransactionTemplate(new DataSourceTransactionManager(ds));
        readWrite.executeWithoutResult(status -> jdbc.update("CREATE TABLE spring_rw (i INTEGER)"));
        readWrite.executeWithoutResult(status -> jdbc.update("DROP TABLE spring_rw"));
    }

    /** The first SQLException in the cause chain. */
    private static Throwable rootSqlException(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof SQLException) {
                return e;
            }
        }
        throw new AssertionError("no SQLException in the cause chain", t);
    }
}
