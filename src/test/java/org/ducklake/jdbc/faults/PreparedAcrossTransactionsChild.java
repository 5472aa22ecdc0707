package org.ducklake.jdbc.faults;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link PreparedAcrossTransactionsTest} (a crash must not take the test JVM with it): {@value
 * #THREADS} connections of one lake, one thread each, run prepared statements that live across transactions.
 * Before each phase the first connection changes the schema (a new table), so the threads' next statements load
 * the new schema version at the same moment. Args: the lake's URL and a file with its connection properties.
 * Prints {@code done} and exits 0 when every phase ran; the test checks the rows.
 */
public final class PreparedAcrossTransactionsChild {
    static final int THREADS = 4;
    /** Executions of each prepared statement per phase. */
    static final int COUNT = 25;

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Paths.get(args[1]))) {
            p.load(in);
        }
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Connection c = DriverManager.getConnection(args[0], p);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1"); // in the lake before the table exists, as a pool's connections are
            }
            connections.add(c);
        }
        CyclicBarrier phase = new CyclicBarrier(THREADS, () -> newSchemaVersion(connections.get(0)));
        newSchemaVersion(connections.get(0));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            int worker = w;
            Connection c = connections.get(w);
            workers.add(pool.submit(() -> {
                work(c, worker, phase);
                return null;
            }));
        }
        try {
            for (Future<?> f : workers) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Connection c : connections) {
            c.close();
        }
        System.out.println("done");
    }

    private static int schemaVersions;

    /** A schema change: the next statement of every connection loads a new schema version. */
    private static void newSchemaVersion(Connection c) {
        try (Statement s = c.createStatement()) {
            if (schemaVersions == 0) {
                s.execute("CREATE TABLE visits (worker INTEGER, n INTEGER, hits INTEGER)");
            } else {
                s.execute("CREATE TABLE marker_" + schemaVersions + " (x INTEGER)");
            }
            schemaVersions++;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void work(Connection c, int worker, CyclicBarrier phase) throws Exception {
        // Prepared inserts, one statement executed COUNT times in auto-commit mode.
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO visits VALUES (?, ?, 0)")) {
            for (int n = 0; n < COUNT; n++) {
                insert.setInt(1, worker);
                insert.setInt(2, n);
                insert.executeUpdate();
            }
        }
        phase.await(1, TimeUnit.MINUTES);
        // Prepared SELECT, executed COUNT times: each sees this worker's rows.
        try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM visits WHERE worker = ? AND n < ?")) {
            for (int n = 0; n < COUNT; n++) {
                select.setInt(1, worker);
                select.setInt(2, n);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != n) {
                        throw new IllegalStateException(
                                "worker " + worker + " counted " + rs.getLong(1) + ", not " + n);
                    }
                }
            }
        }
        phase.await(1, TimeUnit.MINUTES);
        // Prepared UPDATE of each of this worker's rows.
        try (PreparedStatement update =
                c.prepareStatement("UPDATE visits SET hits = hits + 1 WHERE worker = ? AND n = ?")) {
            for (int n = 0; n < COUNT; n++) {
                update.setInt(1, worker);
                update.setInt(2, n);
                if (update.executeUpdate() != 1) {
                    throw new IllegalStateException("worker " + worker + " row " + n + " not updated");
                }
            }
        }
        phase.await(1, TimeUnit.MINUTES);
        // Batches: a plain INSERT … VALUES (staged) and an INSERT … SELECT (row by row), two batches each.
        try (PreparedStatement staged = c.prepareStatement("INSERT INTO visits VALUES (?, ?, 0)");
                PreparedStatement rows = c.prepareStatement("INSERT INTO visits SELECT ?, ?, 0")) {
            for (int b = 0; b < 2; b++) {
                for (int r = 0; r < 10; r++) {
                    staged.setInt(1, worker);
                    staged.setInt(2, 100 + b * 10 + r);
                    staged.addBatch();
                }
                staged.executeBatch();
                for (int r = 0; r < 5; r++) {
                    rows.setInt(1, worker);
                    rows.setInt(2, 200 + b * 5 + r);
                    rows.addBatch();
                }
                int[] counts = rows.executeBatch();
                if (counts.length != 5 || counts[0] != 1 || counts[4] != 1) {
                    throw new IllegalStateException("row batch counts " + java.util.Arrays.toString(counts));
                }
            }
        }
        phase.await(1, TimeUnit.MINUTES);
        // Prepared in auto-commit mode, used in a transaction, again after its COMMIT, and back in auto-commit.
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO visits VALUES (?, ?, 0)")) {
            c.setAutoCommit(false);
            insert.setInt(1, worker);
            insert.setInt(2, 300);
            insert.executeUpdate();
            c.commit();
            insert.setInt(2, 301);
            insert.executeUpdate();
            c.commit();
            c.setAutoCommit(true);
            insert.setInt(2, 302);
            insert.executeUpdate();
        }
    }

    private PreparedAcrossTransactionsChild() {}
}
