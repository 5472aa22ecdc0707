package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.PostgresRoundTrips;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streamed read that ends before its last row (closed after one row, ended by max rows, closed with its
 * statement or its connection, kept in memory at max rows), and the driver's own reads (isValid, a commit's
 * snapshot), must leave no catalog connection idle in a
 * transaction while the JDBC connection then sits idle, as a pooled connection does between uses. DuckDB ends
 * such a query only at the connection's next statement (Quirk.EARLY_CLOSE_HOLDS_CATALOG_TRANSACTION): until
 * then PostgreSQL holds the catalog session's REPEATABLE READ snapshot and its locks. Each case reads
 * PostgreSQL's own view of the lake role's sessions right after the read ended, on a lake of its own; a read to
 * its end is the control.
 */
class EarlyClosedStreamTest {
    private static final int ROWS = 50_000; // about 25 of DuckDB's chunks: a stream has rows left after the first
    private static TestLakes.PostgresLake lake;

    @BeforeAll
    static void openLake() throws Exception {
        lake = TestLakes.postgres();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE points AS SELECT range AS id, 'p' || range AS name FROM range(" + ROWS + ")");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(lake.url(), lake.properties());
    }

    /** The lake role's catalog sessions that are idle in a transaction, as PostgreSQL sees them now. */
    private static List<String> idleInTransaction() throws SQLException {
        List<String> sessions = new ArrayList<>();
        try (Connection admin = PostgresServer.get().connectAsSuperuser("postgres");
                PreparedStatement ps = admin.prepareStatement(
                        "SELECT pid, state, query FROM pg_stat_activity WHERE usename = ? AND datname = ?"
                                + " AND state LIKE 'idle in transaction%'")) {
            ps.setString(1, lake.user);
            ps.setString(2, lake.database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getInt(1) + " " + rs.getString(2) + ": " + rs.getString(3));
                }
            }
        }
        return sessions;
    }

    private static void assertNoCatalogSessionIdleInTransaction(String after) throws Exception {
        // A spare engine connection entering the lake after a connect is mid-transaction between its reads.
        PostgresRoundTrips.awaitNoSparePreparing();
        assertThat(idleInTransaction())
                .as("catalog sessions idle in a transaction after %s", after)
                .isEmpty();
    }

    private static boolean streaming(ResultSet rs) throws SQLException {
        return rs.unwrap(LakeResultSet.class).streamsFromTheEngine();
    }

    @Test
    void aReadToItsEndEndsItsTransaction() throws Exception {
        try (Connection c = connect()) {
            long n = 0;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM points")) {
                while (rs.next()) {
                    n++;
                }
            }
            assertThat(n).isEqualTo(ROWS);
            assertNoCatalogSessionIdleInTransaction("a read to its end");
        }
    }

    @Test
    void aPointReadClosedAfterItsFirstRow() throws Exception {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, name FROM points")) {
                assertThat(rs.next()).isTrue();
                assertThat(streaming(rs)).as("the result streams").isTrue();
            }
            assertNoCatalogSessionIdleInTransaction("a result closed after its first row");
            // The connection is sound afterwards, and sees the lake.
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM points")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(ROWS);
            }
            assertNoCatalogSessionIdleInTransaction("the next read");
        }
    }

    @Test
    void maxRowsEndTheStreamWithTheResultStillOpen() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.setMaxRows(10);
            ResultSet rs = s.executeQuery("SELECT id FROM points");
            int n = 0;
            while (rs.next()) {
                n++;
            }
            assertThat(n).isEqualTo(10);
            assertNoCatalogSessionIdleInTransaction("max rows reached, the result set still open");
            rs.close();
        }
    }

    @Test
    void maxRowsReachedWithinTheFirstChunk() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.setMaxRows(1);
            try (ResultSet rs = s.executeQuery("SELECT id FROM points")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isFalse(); // max rows: no fetch, the row after is in DuckDB's chunk
                assertNoCatalogSessionIdleInTransaction("max rows reached within a chunk");
            }
        }
    }

    @Test
    void aStatementClosedWithItsResultOpen() throws Exception {
        try (Connection c = connect()) {
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT id FROM points");
            assertThat(rs.next()).isTrue();
            s.close();
            assertThat(rs.isClosed()).isTrue();
            assertNoCatalogSessionIdleInTransaction("a statement closed with its result open");
        }
    }

    @Test
    void aPreparedReadClosedAfterItsFirstRow() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT id, name FROM points WHERE id >= ?")) {
            ps.setLong(1, 7);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(7);
            }
            assertNoCatalogSessionIdleInTransaction("a prepared read closed after its first row");
        }
    }

    @Test
    void aScrollableResultKeptAtMaxRows() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            s.setMaxRows(5);
            try (ResultSet rs = s.executeQuery("SELECT id FROM points")) {
                assertThat(rs.last()).isTrue();
                assertThat(rs.getRow()).isEqualTo(5);
                assertNoCatalogSessionIdleInTransaction("a scrollable result read up to max rows");
            }
        }
    }

    @Test
    void aStreamCancelledBetweenItsFetchesEndsItsQueryAtItsNextRead() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM points")) {
                assertThat(rs.next()).isTrue();
                s.cancel();
                SQLException e = catchThrowableOfType(SQLException.class, rs::next);
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
                assertNoCatalogSessionIdleInTransaction("a cancelled stream's next read, the result set still open");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM points")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1))
                        .as("the cancelled statement runs again")
                        .isEqualTo(ROWS);
            }
            assertNoCatalogSessionIdleInTransaction("the cancelled statement's next read");
        }
    }

    @Test
    void aConnectionClosedWithAStreamOpenLeavesNothingForTheNextConnection() throws Exception {
        Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM points");
        assertThat(rs.next()).isTrue();
        c.close();
        assertNoCatalogSessionIdleInTransaction("a connection closed with a stream open");
        try (Connection next = connect();
                Statement s2 = next.createStatement();
                ResultSet one = s2.executeQuery("SELECT 1")) {
            assertThat(one.next()).isTrue();
        }
        assertNoCatalogSessionIdleInTransaction("the next connection's first statement");
    }

    @Test
    void isValidAsAPoolAsksItOfAnIdleConnection() throws Exception {
        try (Connection c = connect()) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.isValid(5)).isTrue();
                assertNoCatalogSessionIdleInTransaction("isValid");
            }
        }
    }

    @Test
    void aWriteAndItsCommitSnapshot() throws Exception {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS notes (id BIGINT, note VARCHAR)");
                assertThat(s.executeUpdate("INSERT INTO notes VALUES (1, 'one'), (2, 'two')"))
                        .isEqualTo(2);
            }
            assertNoCatalogSessionIdleInTransaction("a write in auto-commit mode");
            assertThat(c.unwrap(org.ducklake.jdbc.DuckLakeConnection.class).lastCommitSnapshot())
                    .isPositive();
            assertNoCatalogSessionIdleInTransaction("the write's commit snapshot read");
        }
    }

    @Test
    void insideATransactionTheReadEndsWithTheTransaction() throws Exception {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM points")) {
                assertThat(rs.next()).isTrue();
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM points")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(ROWS);
            }
            c.commit();
            assertNoCatalogSessionIdleInTransaction("the transaction's commit");
        }
    }
}
