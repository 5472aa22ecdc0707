package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ducklake.jdbc.testsupport.PostgresRoundTrips;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In auto-commit mode a prepared plain read runs in one transaction with its plan (see
 * Transactions#readsInOneTransaction): one read of the catalog's snapshot per execution instead of two, and a
 * streamed result holds the transaction until it ends. These tests count the catalog's round trips, and try
 * to make that transaction outlive its stream: every way a stream ends (its end, max rows, close, the
 * statement's next execution, another statement, the connection's close, a failure) must leave no
 * transaction open, and a write that follows must be committed on its own, as auto-commit promises.
 */
class ReadInOneTransactionTest {
    private static TestLakes.PostgresLake lake;
    private static PostgresRoundTrips wire;

    @BeforeAll
    static void openLake() throws Exception {
        lake = TestLakes.postgres();
        wire = PostgresRoundTrips.start();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE points AS SELECT range AS id, 'p' || range AS name FROM range(20000)");
            s.execute("CREATE TABLE notes (id BIGINT, note VARCHAR)");
        }
    }

    @AfterAll
    static void closeLake() throws Exception {
        if (wire != null) {
            wire.close();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(wire.url(lake), lake.properties());
    }

    /** Whether the engine connection the JDBC connection runs on has a transaction open. */
    private static boolean open(Connection c) throws SQLException {
        return c.unwrap(LakeConnection.class).transactionOpenNow();
    }

    private static boolean streaming(ResultSet rs) throws SQLException {
        return rs.unwrap(LakeResultSet.class).streamsFromTheEngine();
    }

    /** Notes with this text, read on another connection: what was committed. */
    private static long committedNotes(String note) throws SQLException {
        try (Connection other = connect();
                PreparedStatement ps = other.prepareStatement("SELECT count(*) FROM notes WHERE note = ?")) {
            ps.setString(1, note);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    /** Round trips of {@code n} executions of the statement, each read to its end and closed. */
    private static long tripsOf(int n, PreparedStatement ps) throws Exception {
        PostgresRoundTrips.awaitNoSparePreparing();
        wire.reset();
        for (int i = 0; i < n; i++) {
            ps.setLong(1, i * 7L);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("p" + i * 7L);
                assertThat(rs.next()).isFalse();
            }
        }
        return wire.roundTrips();
    }

    @Test
    void aPreparedReadCostsTheCatalogWhatAPlainStatementCosts() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement();
                PreparedStatement ps = c.prepareStatement("SELECT id, name FROM points WHERE id = ?")) {
            s.execute("SELECT 1"); // entered the lake
            tripsOf(1, ps); // the table's schema loaded, both ways
            long prepared = tripsOf(10, ps);
            PostgresRoundTrips.awaitNoSparePreparing();
            wire.reset();
            for (int i = 0; i < 10; i++) {
                try (ResultSet rs = s.executeQuery("SELECT id, name FROM points WHERE id = " + i * 7L)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.next()).isFalse();
                }
            }
            long plain = wire.roundTrips();
            assertThat(plain)
                    .as("a plain statement's executions read the catalog")
                    .isPositive();
            // Planned in a transaction of its own, each execution read the catalog's snapshot twice.
            assertThat(prepared).as("prepared vs plain: %s", wire.statements()).isLessThanOrEqualTo(plain);
            assertThat(open(c)).isFalse();
        }
    }

    @Test
    void everyWayAStreamEndsLeavesNoTransactionOpen() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM points WHERE id >= ? ORDER BY id")) {
            ps.setLong(1, 0);
            // Read to its end.
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(open(c)).as("while it streams").isTrue();
                long n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(20000);
                assertThat(open(c)).as("read to its end").isFalse();
            }
            // Max rows.
            ps.setMaxRows(3);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(rs.next()).isTrue();
                }
                assertThat(rs.next()).isFalse();
                assertThat(open(c)).as("after max rows").isFalse();
            }
            ps.setMaxRows(0);
            // Closed half-read.
            ResultSet half = ps.executeQuery();
            assertThat(half.next()).isTrue();
            half.close();
            assertThat(open(c)).as("closed half-read").isFalse();
            // The statement's next execution ends the last one's.
            ResultSet first = ps.executeQuery();
            assertThat(first.next()).isTrue();
            ps.setLong(1, 19990);
            try (ResultSet second = ps.executeQuery()) {
                assertThat(first.isClosed()).isTrue();
                long n = 0;
                while (second.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(10);
            }
            assertThat(open(c)).as("after the statement's next execution").isFalse();
            // Closing the statement.
            PreparedStatement other = c.prepareStatement("SELECT id FROM points WHERE id >= ?");
            other.setLong(1, 0);
            assertThat(other.executeQuery().next()).isTrue();
            other.close();
            assertThat(open(c)).as("after the statement closed").isFalse();
        }
    }

    @Test
    void aWriteAfterAnUnclosedStreamCommitsOnItsOwn() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM points WHERE id >= ? ORDER BY id");
                Statement s = c.createStatement()) {
            ps.setLong(1, 0);
            ResultSet rows = ps.executeQuery();
            assertThat(rows.next()).isTrue();
            s.executeUpdate("INSERT INTO notes VALUES (1, 'after an open stream')");
            // Committed at once, as auto-commit promises, not left in the stream's read.
            assertThat(committedNotes("after an open stream")).isEqualTo(1);
            assertThat(streaming(rows))
                    .as("the stream kept its engine connection")
                    .isTrue();
            long n = 1;
            while (rows.next()) {
                n++;
            }
            assertThat(n).isEqualTo(20000);
            rows.close();
            assertThat(open(c)).isFalse();
        }
    }

    @Test
    void aPerRowLookupUnderAPreparedStreamCommitsEachWrite() throws Exception {
        try (Connection c = connect();
                PreparedStatement outer = c.prepareStatement("SELECT id FROM points WHERE id < ? ORDER BY id");
                PreparedStatement lookup = c.prepareStatement("SELECT name FROM points WHERE id = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO notes VALUES (?, 'per row')")) {
            outer.setLong(1, 5000);
            try (ResultSet rows = outer.executeQuery()) {
                long read = 0;
                while (rows.next()) {
                    long id = rows.getLong(1);
                    if (id % 1000 == 0) {
                        lookup.setLong(1, id);
                        try (ResultSet one = lookup.executeQuery()) {
                            assertThat(one.next()).isTrue();
                            assertThat(one.getString(1)).isEqualTo("p" + id);
                        }
                        insert.setLong(1, id);
                        assertThat(insert.executeUpdate()).isEqualTo(1);
                        assertThat(streaming(rows)).as("outer at " + id).isTrue();
                    }
                    read++;
                }
                assertThat(read).isEqualTo(5000);
                assertThat(committedNotes("per row")).isEqualTo(5);
            }
            assertThat(open(c)).isFalse();
        }
    }

    @Test
    void aTransactionBegunAfterAnUnclosedStreamIsTheUsersAlone() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM points WHERE id >= ? ORDER BY id")) {
            ps.setLong(1, 0);
            ResultSet rows = ps.executeQuery();
            assertThat(rows.next()).isTrue();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO notes VALUES (2, 'rolled back')");
            }
            c.rollback();
            assertThat(committedNotes("rolled back")).isZero();
            assertThat(rows.next()).as("the stream read on, moved into memory").isTrue();
            assertThat(rows.getLong(1)).isEqualTo(1);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO notes VALUES (3, 'committed by the user')");
            }
            assertThat(committedNotes("committed by the user")).isZero();
            c.commit();
            assertThat(committedNotes("committed by the user")).isEqualTo(1);
            rows.close();
        }
    }

    @Test
    void aFailedExecutionLeavesNoTransactionAndTheConnectionGoesOn() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS INTEGER) + id FROM points WHERE id = 1")) {
            ps.setString(1, "not a number");
            assertThatThrownBy(() -> {
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    })
                    .isInstanceOf(SQLException.class);
            assertThat(open(c)).isFalse();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO notes VALUES (4, 'after a failure')");
            }
            assertThat(committedNotes("after a failure")).isEqualTo(1);
        }
    }

    @Test
    void aConnectionClosedMidStreamHandsOnNoTransaction() throws Exception {
        Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM points WHERE id >= ? ORDER BY id");
        ps.setLong(1, 0);
        ResultSet rows = ps.executeQuery();
        assertThat(rows.next()).isTrue();
        c.close();
        // The next connections of the instance may run on the engine connection c ran on.
        for (int i = 0; i < 3; i++) {
            try (Connection next = connect();
                    Statement s = next.createStatement()) {
                assertThat(open(next)).isFalse();
                s.executeUpdate("INSERT INTO notes VALUES (5, 'next connection " + i + "')");
                assertThat(committedNotes("next connection " + i)).isEqualTo(1);
            }
        }
    }

    /**
     * A kept stream closed while another thread's call runs: its COMMIT waits for that call, but its engine
     * connection is a spare already. The call then needs another engine connection (a second stream is in the
     * way) and takes that spare: the read must end before the call's write runs there (the spare is committed
     * when taken, and a primary with a read open is claimed again before use; the test fails without both).
     */
    @Test
    void aSpareWhoseStreamsReadIsStillOpenIsCommittedBeforeItServes() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM points WHERE id >= ? ORDER BY id");
                Statement second = c.createStatement();
                Statement writer = c.createStatement()) {
            ps.setLong(1, 0);
            ResultSet kept = ps.executeQuery();
            assertThat(kept.next()).isTrue();
            ResultSet live = second.executeQuery("SELECT id FROM points ORDER BY id");
            assertThat(live.next()).isTrue();
            assertThat(streaming(kept))
                    .as("the prepared stream kept its engine connection")
                    .isTrue();
            LakeConnection lake = c.unwrap(LakeConnection.class);
            try (org.ducklake.jdbc.engine.CallLock.Hold call = lake.calls().enter()) {
                Thread closer = new Thread(() -> {
                    try {
                        kept.close(); // its COMMIT is queued behind this thread's call
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                closer.start();
                closer.join(30_000);
                assertThat(closer.isAlive()).isFalse();
                // The live stream is in the way: the write's engine connection is the spare the closed one left.
                writer.executeUpdate("INSERT INTO notes VALUES (7, 'on the spare')");
                assertThat(committedNotes("on the spare")).isEqualTo(1);
            }
            assertThat(live.next()).isTrue();
            live.close();
            assertThat(open(c)).isFalse();
        }
    }

    @Test
    void aStreamClosedByAnotherThreadWhileACallRunsEndsItsReadBeforeTheNextStatement() throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM points WHERE id >= ? ORDER BY id");
                Statement s = c.createStatement()) {
            for (int round = 0; round < 20; round++) {
                ps.setLong(1, 0);
                ResultSet rows = ps.executeQuery();
                assertThat(rows.next()).isTrue();
                Thread closer = new Thread(() -> {
                    try {
                        rows.close();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                closer.start();
                String note = "race " + round;
                s.executeUpdate("INSERT INTO notes VALUES (6, '" + note + "')");
                closer.join(30_000);
                assertThat(closer.isAlive()).isFalse();
                assertThat(committedNotes(note)).as(note).isEqualTo(1);
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
                assertThat(open(c)).as(note).isFalse();
            }
        }
    }
}
