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
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.ducklake.jdbc.DuckLakeConnection;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DuckLakeConnection#lastCommitSnapshot names the snapshot the connection's own latest commit created, and
 * never another connection's: each way of committing, what leaves it unchanged, and writers on two engines
 * (as two processes would be) committing at once. A read pinned to it sees exactly what the connection wrote.
 */
class CommitSnapshotTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final TestLakes.BothLakes LAKES = TestLakes.both();

    static Stream<TestLakes.Lake> lakes() throws SQLException {
        return LAKES.stream();
    }

    private static String newTable(TestLakes.Lake lake) throws SQLException {
        String table = "snap_" + TABLES.incrementAndGet();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL)");
        }
        return table;
    }

    private static long snapshot(Connection c) throws SQLException {
        return c.unwrap(DuckLakeConnection.class).lastCommitSnapshot();
    }

    /** The ids in the table at a snapshot. */
    private static String at(Connection c, String table, long version) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(list(id ORDER BY id)::VARCHAR, '[]') FROM " + table
                        + " AT (VERSION => " + version + ")")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long latest(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(snapshot_id) FROM ducklake_snapshots(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @MethodSource("lakes")
    void eachWayOfCommittingReportsItsOwnSnapshot(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            assertThat(c.isWrapperFor(DuckLakeConnection.class)).isTrue();
            assertThat(snapshot(c)).as("nothing committed yet").isEqualTo(-1);

            s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            long auto = snapshot(c);
            assertThat(auto).as("an auto-commit insert").isEqualTo(latest(c));
            assertThat(at(c, table, auto)).isEqualTo("[1]");
            assertThat(at(c, table, auto - 1)).isEqualTo("[]");

            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + table + " VALUES (2)");
            c.commit();
            long manual = snapshot(c);
            assertThat(manual).as("commit()").isGreaterThan(auto);
            assertThat(at(c, table, manual)).isEqualTo("[1, 2]");

            s.executeUpdate("INSERT INTO " + table + " VALUES (3)");
            s.execute("COMMIT");
            long sql = snapshot(c);
            assertThat(sql).as("SQL COMMIT").isGreaterThan(manual);
            assertThat(at(c, table, sql)).isEqualTo("[1, 2, 3]");

            s.executeUpdate("INSERT INTO " + table + " VALUES (4)");
            c.setAutoCommit(true);
            long switched = snapshot(c);
            assertThat(switched).as("setAutoCommit(true)").isGreaterThan(sql);
            assertThat(at(c, table, switched)).isEqualTo("[1, 2, 3, 4]");

            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
                p.setInt(1, 5);
                p.addBatch();
                p.setInt(1, 6);
                p.addBatch();
                p.executeBatch();
            }
            long batch = snapshot(c);
            assertThat(batch).as("a prepared batch").isGreaterThan(switched);
            assertThat(at(c, table, batch)).isEqualTo("[1, 2, 3, 4, 5, 6]");

            s.execute("BEGIN TRANSACTION; INSERT INTO " + table + " VALUES (7); COMMIT");
            long text = snapshot(c);
            assertThat(text).as("a BEGIN … COMMIT text").isGreaterThan(batch);
            assertThat(at(c, table, text)).isEqualTo("[1, 2, 3, 4, 5, 6, 7]");
        }
    }

    /**
     * A commit's snapshot is settled by the next commit of the instance, or by the connection when asked or
     * closed: each way answers the commit's own snapshot.
     */
    @ParameterizedTest
    @MethodSource("lakes")
    void theNextCommitOrCloseSettlesTheSnapshot(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        DuckLakeConnection closed;
        long first;
        try (Connection c = lake.connect();
                Connection other = lake.connect();
                Statement s = c.createStatement();
                Statement o = other.createStatement()) {
            closed = c.unwrap(DuckLakeConnection.class);
            s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            o.executeUpdate("INSERT INTO " + table + " VALUES (2)"); // settles c's commit before its own
            first = snapshot(c);
            assertThat(at(other, table, first)).as("c's insert, not other's").isEqualTo("[1]");
            long second = snapshot(other);
            assertThat(at(other, table, second)).isEqualTo("[1, 2]");
            s.executeUpdate("INSERT INTO " + table + " VALUES (3)");
            o.executeUpdate("DELETE FROM " + table + " WHERE id = 2"); // settles c's again
            s.executeUpdate("INSERT INTO " + table + " VALUES (4)"); // settled only when c closes
            c.close();
            long last = closed.lastCommitSnapshot();
            assertThat(at(other, table, last))
                    .as("the closed connection's last insert")
                    .isEqualTo("[1, 3, 4]");
            assertThat(at(other, table, last - 1)).isEqualTo("[1, 3]");
            assertThat(closed.lastCommitSnapshot()).as("asked again").isEqualTo(last);
        }
    }

    /**
     * Closing never waits for the commit lock: while another connection holds it (here the test, standing in
     * for a long auto-commit write), close returns at once, and the next commit settles the closed connection's
     * snapshot.
     */
    @ParameterizedTest
    @MethodSource("lakes")
    void closeDoesNotWaitForAnotherConnectionsCommit(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = lake.connect();
                Statement o = other.createStatement()) {
            Connection c = lake.connect();
            DuckLakeConnection closed = c.unwrap(DuckLakeConnection.class);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            }
            java.util.concurrent.locks.ReentrantLock commits =
                    c.unwrap(LakeConnection.class).engineLock().lock;
            Future<?> closing;
            commits.lock();
            try {
                closing = pool.submit(() -> {
                    c.close();
                    return null;
                });
                // Bounds a hang, not a speed: close takes milliseconds, or waits for the unlock below forever.
                closing.get(30, TimeUnit.SECONDS);
                assertThat(closed.lastCommitSnapshot()).as("not settled yet").isEqualTo(-1);
            } finally {
                commits.unlock();
            }
            o.executeUpdate("INSERT INTO " + table + " VALUES (2)"); // settles the closed connection's commit
            long first = closed.lastCommitSnapshot();
            assertThat(at(other, table, first)).isEqualTo("[1]");
            assertThat(at(other, table, snapshot(other))).isEqualTo("[1, 2]");
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("lakes")
    void whatCreatesNoSnapshotLeavesItUnchanged(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        try (Connection c = lake.connect();
                Connection other = lake.connect();
                Statement s = c.createStatement();
                Statement o = other.createStatement()) {
            s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            long mine = snapshot(c);

            o.executeUpdate("INSERT INTO " + table + " VALUES (2)"); // another connection of the same engine
            assertThat(snapshot(other)).isGreaterThan(mine);

            c.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM " + table).close();
            c.commit();
            assertThat(snapshot(c)).as("a transaction that only read").isEqualTo(mine);

            s.executeUpdate("DELETE FROM " + table + " WHERE id = 99");
            c.commit();
            assertThat(snapshot(c)).as("a commit that changed nothing").isEqualTo(mine);

            s.executeUpdate("INSERT INTO " + table + " VALUES (3)");
            c.rollback();
            assertThat(snapshot(c)).as("a rollback").isEqualTo(mine);

            s.executeUpdate("INSERT INTO " + table + " VALUES (4)");
            catchThrowableOfType(SQLException.class, () -> s.executeUpdate("INSERT INTO " + table + " VALUES (NULL)"));
            SQLException failed = catchThrowableOfType(SQLException.class, c::commit);
            assertThat(failed.getSQLState()).isEqualTo("40000");
            assertThat(snapshot(c)).as("a failed commit").isEqualTo(mine);
            c.setAutoCommit(true);

            c.setReadOnly(true);
            s.executeQuery("SELECT count(*) FROM " + table).close();
            assertThat(snapshot(c)).as("a read-only connection").isEqualTo(mine);
        }
    }

    @ParameterizedTest
    @MethodSource("lakes")
    void aPinnedReadSeesWhatTheConnectionWrote(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        long mine;
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + table + " VALUES (1), (2)");
            mine = snapshot(c);
            s.executeUpdate("INSERT INTO " + table + " VALUES (3)"); // later work, not to be seen
        }
        Properties p = lake.properties();
        p.setProperty("snapshot_version", String.valueOf(mine));
        try (Connection pinned = DriverManager.getConnection(lake.url(), p);
                Statement s = pinned.createStatement();
                ResultSet rs = s.executeQuery("SELECT list(id ORDER BY id)::VARCHAR FROM " + table)) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("[1, 2]");
        }
    }

    /**
     * Writers committing at once: on the PostgreSQL lake on two engines (each as another process would be),
     * on the DuckDB-file lake (one engine per file) on one.
     */
    @ParameterizedTest
    @MethodSource("lakes")
    void concurrentWritersEachSeeTheirOwn(TestLakes.Lake lake) throws Exception {
        String table = newTable(lake);
        int writers = 4;
        int rounds = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<long[]>>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    List<long[]> seen = new ArrayList<>();
                    Properties p = lake.properties();
                    if (!(lake instanceof TestLakes.FileLake)) {
                        p.setProperty("threads", String.valueOf(1 + writer % 2)); // two engines
                    }
                    try (Connection c = DriverManager.getConnection(lake.url(), p);
                            Statement s = c.createStatement()) {
                        for (int r = 0; r < rounds; r++) {
                            int id = 100_000 + writer * 1000 + r; // six digits: no id is part of another
                            try {
                                s.executeUpdate("INSERT INTO " + table + " VALUES (" + id + ")");
                            } catch (SQLException e) {
                                continue; // a conflict after DuckLake's retries: nothing of it stored
                            }
                            seen.add(new long[] {id, snapshot(c)});
                        }
                    }
                    return seen;
                }));
            }
            try (Connection check = lake.connect()) {
                int checked = 0;
                for (Future<List<long[]>> f : done) {
                    for (long[] idAndSnapshot : f.get()) {
                        long id = idAndSnapshot[0];
                        long snap = idAndSnapshot[1];
                        assertThat(snap).isPositive();
                        assertThat(at(check, table, snap)).contains(String.valueOf(id));
                        assertThat(at(check, table, snap - 1))
                                .as("snapshot %d is the one that added %d", snap, id)
                                .doesNotContain(String.valueOf(id));
                        checked++;
                    }
                }
                assertThat(checked).isGreaterThan(writers);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A SQLite catalog: the same answers. (A MySQL catalog is left out: DuckLake 1.5.5 there fails every second
     * write to a table, Quirk.MYSQL_CATALOG_SECOND_WRITE.)
     */
    @Test
    void sqliteCatalogToo() throws Exception {
        java.nio.file.Path dir = TestLakes.freshDirectory("snapshot-sqlite");
        String sqlite =
                "jdbc:ducklake:sqlite:" + dir.resolve("meta.sqlite") + ";data_path=" + dir.resolve("data") + "/";
        checkOwnSnapshots(sqlite, TestLakes.properties());
    }

    private static void checkOwnSnapshots(String url, Properties p) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, p);
                Connection other = DriverManager.getConnection(url, p);
                Statement s = c.createStatement();
                Statement o = other.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER NOT NULL)");
            long created = snapshot(c);
            assertThat(created).as("CREATE TABLE").isPositive();
            s.executeUpdate("INSERT INTO t VALUES (1)");
            long auto = snapshot(c);
            assertThat(auto).isGreaterThan(created);
            assertThat(at(c, "t", auto)).isEqualTo("[1]");
            o.executeUpdate("INSERT INTO t VALUES (2)");
            c.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM t").close();
            c.commit();
            assertThat(snapshot(c))
                    .as("a read-only transaction after another's write")
                    .isEqualTo(auto);
            s.executeUpdate("INSERT INTO t VALUES (3)");
            c.commit();
            long manual = snapshot(c);
            assertThat(manual).isGreaterThan(snapshot(other));
            assertThat(at(c, "t", manual)).isEqualTo("[1, 2, 3]");
        }
    }
}
