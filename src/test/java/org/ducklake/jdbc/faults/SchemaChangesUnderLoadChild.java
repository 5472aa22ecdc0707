package org.ducklake.jdbc.faults;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The child JVM of {@link SchemaChangesUnderLoadTest} (a crash must not take the test JVM with it). On one lake,
 * for at most {@value #SECONDS} s: {@value #CHANGERS} connections each replace their own table and comment on it
 * in manual-commit transactions; one makes a new table in auto-commit mode now and then (a new schema version,
 * which every connection then loads); {@value #READERS} connect anew for each read, as a pool filling up does.
 * Any error is printed and counted; at the end each changer's table must hold its last committed version.
 * Args: the lake's URL, a file with its connection properties. Prints {@code done …} and exits 0 when all is well.
 */
public final class SchemaChangesUnderLoadChild {
    static final int SECONDS = 25;
    static final int CHANGERS = 3;
    static final int READERS = 2;
    /** Transactions per changer at most: the run ends at the time bound or this count. */
    static final int MAX_CHANGES = 400;

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Paths.get(args[1]))) {
            p.load(in);
        }
        String url = args[0];
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            for (int w = 0; w < CHANGERS; w++) {
                s.execute("CREATE TABLE t_" + w + " (x BIGINT)");
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        AtomicIntegerArray lastCommitted = new AtomicIntegerArray(CHANGERS);
        AtomicInteger changes = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        for (int w = 0; w < CHANGERS; w++) {
            lastCommitted.set(w, -1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(CHANGERS + READERS + 1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < CHANGERS; w++) {
            int worker = w;
            tasks.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url, p)) {
                    c.setAutoCommit(false);
                    for (int i = 0; i < MAX_CHANGES && System.nanoTime() < end; i++) {
                        try (Statement s = c.createStatement()) {
                            s.execute("CREATE OR REPLACE TABLE t_" + worker + " AS SELECT range AS x FROM range("
                                    + (100 + i) + ")");
                            s.execute("COMMENT ON TABLE t_" + worker + " IS 'v" + i + "'");
                            s.execute("INSERT INTO t_" + worker + " VALUES (-1)");
                            c.commit();
                            lastCommitted.set(worker, i);
                            changes.incrementAndGet();
                        } catch (SQLException e) {
                            failed("changer " + worker, e, errors);
                            c.rollback();
                        }
                    }
                }
                return null;
            }));
        }
        tasks.add(pool.submit(() -> {
            try (Connection c = DriverManager.getConnection(url, p);
                    Statement s = c.createStatement()) {
                for (int n = 0; System.nanoTime() < end && n < MAX_CHANGES; n++) {
                    try {
                        s.execute("CREATE TABLE m_" + n + " (x INTEGER)");
                        s.execute("INSERT INTO m_" + n + " VALUES (" + n + ")");
                        changes.incrementAndGet();
                        Thread.sleep(200);
                    } catch (SQLException e) {
                        failed("auto-commit", e, errors);
                    }
                }
            }
            return null;
        }));
        for (int r = 0; r < READERS; r++) {
            tasks.add(pool.submit(() -> {
                for (int n = 0; System.nanoTime() < end && n < 20 * MAX_CHANGES; n++) {
                    try (Connection c = DriverManager.getConnection(url, p);
                            Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables")) {
                        rs.next();
                        reads.incrementAndGet();
                    } catch (SQLException e) {
                        failed("reader", e, errors);
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : tasks) {
                f.get(SECONDS + 120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        boolean right = true;
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            for (int w = 0; w < CHANGERS; w++) {
                int last = lastCommitted.get(w);
                try (ResultSet rs = s.executeQuery("SELECT count(*), min(x), (SELECT comment FROM duckdb_tables()"
                        + " WHERE table_name = 't_" + w + "' AND database_name = current_database())"
                        + " FROM t_" + w)) {
                    rs.next();
                    String seen = rs.getLong(1) + "," + rs.getLong(2) + "," + rs.getString(3);
                    String expected = last < 0 ? "0,0,null" : (100 + last + 1) + ",-1,v" + last;
                    if (!seen.equals(expected)) {
                        System.out.println("table t_" + w + ": " + seen + ", expected " + expected);
                        right = false;
                    }
                }
            }
        }
        System.out.println("done changes=" + changes.get() + " reads=" + reads.get() + " errors=" + errors.get()
                + " last=" + lastCommitted);
        System.exit(right && errors.get() == 0 ? 0 : 1);
    }

    private static void failed(String who, SQLException e, AtomicInteger errors) {
        errors.incrementAndGet();
        System.out.println(who + ": " + e.getSQLState() + " " + e.getMessage());
    }

    private SchemaChangesUnderLoadChild() {}
}
