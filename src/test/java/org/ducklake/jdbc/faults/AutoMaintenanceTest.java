package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.ducklake.jdbc.DuckLakeConnection;
import org.ducklake.jdbc.DuckLakeMXBean;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.instance.LakeInstances;
import org.ducklake.jdbc.instance.Maintenance;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.ChildLake;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * maintenance=auto against the real servers: after 100 single-row commits and an idle moment, the lake holds a
 * handful of data files, while another writer keeps writing; every acknowledged row is stored once, a snapshot
 * younger than maintenance_keep_snapshots still travels in time, and an older one is expired.
 */
class AutoMaintenanceTest {
    private static final Logger LOG = Logger.getLogger(AutoMaintenanceTest.class.getName());
    private static final int ROWS = 100;
    private static final int KEEP_SECONDS = 15;

    private static Properties maintained(Properties p) {
        p.setProperty("maintenance", "auto");
        p.setProperty("maintenance_idle", "2s");
        p.setProperty("maintenance_keep_snapshots", KEEP_SECONDS + "s");
        p.setProperty("maintenance_timeout", "60s");
        return p;
    }

    private static Maintenance status(String url, Properties p) throws Exception {
        return LakeInstances.maintenance(LakeConfig.parse(url, p)).orElseThrow();
    }

    /** The JMX view of the one open instance with maintenance on. */
    private static DuckLakeMXBean maintainedView() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<DuckLakeMXBean> on = new java.util.ArrayList<>();
        for (ObjectName n : server.queryNames(new ObjectName("org.ducklake.jdbc:type=Lake,*"), null)) {
            DuckLakeMXBean v = JMX.newMXBeanProxy(server, n, DuckLakeMXBean.class);
            if (v.isMaintenanceEnabled()) {
                on.add(v);
            }
        }
        assertThat(on).as("instances with maintenance on").hasSize(1);
        return on.get(0);
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    private static long liveFiles(Statement s, String table) throws SQLException {
        return single(s, "SELECT count(*) FROM ducklake_list_files('lake', '" + table + "')");
    }

    private static long latestSnapshot(Statement s) throws SQLException {
        return single(s, "SELECT max(snapshot_id) FROM lake.snapshots()");
    }

    /** What the parent did to table a, and the snapshots it checks. */
    private static final class Writes {
        long expiredSnapshot;
        long keptSnapshot;
        long filesBefore;
        long filesAfter;
        long runsAtEnd;
    }

    /**
     * Creates tables a and b, waits until the snapshot of that moment is older than the window, writes ROWS
     * single-row commits into a, then waits (idle) until a maintenance run leaves at most 5 live files in a.
     */
    private static Writes writeAndWait(String url, Properties p, Runnable otherWriterStarts) throws Exception {
        Writes w = new Writes();
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE a (seq BIGINT)");
            s.execute("CREATE TABLE b (seq BIGINT)");
            w.expiredSnapshot = latestSnapshot(s);
            long madeAt = System.nanoTime();
            otherWriterStarts.run();
            // The snapshot of the empty tables must be outside the window when the run after the inserts starts.
            long sleep = TimeUnit.SECONDS.toMillis(KEEP_SECONDS + 1)
                    - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - madeAt);
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
            long started = System.nanoTime();
            for (int i = 0; i < ROWS; i++) {
                s.executeUpdate("INSERT INTO a VALUES (" + i + ")");
            }
            w.keptSnapshot = single(s, "SELECT max(snapshot_id) FROM lake.snapshots()");
            long insertsMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            w.filesBefore = liveFiles(s, "a");
            Maintenance m = status(url, p);
            long runsBefore = m.runs();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long files = w.filesBefore;
            // Idle: only this poll runs, and only every few seconds, so the instance's connections rest.
            while (System.nanoTime() < deadline) {
                Thread.sleep(3_000);
                if (m.runs() > runsBefore) {
                    files = liveFiles(s, "a");
                    if (files <= 5) {
                        break;
                    }
                }
            }
            w.filesAfter = files;
            w.runsAtEnd = m.runs();
            // The connection's last commit was never asked for before maintenance committed on the same
            // engine: its snapshot is still that last insert's, not maintenance's.
            long own = c.unwrap(DuckLakeConnection.class).lastCommitSnapshot();
            assertThat(own).as("lastCommitSnapshot after maintenance").isGreaterThan(w.expiredSnapshot);
            assertThat(single(s, "SELECT count(*) FROM a AT (VERSION => " + own + ")"))
                    .isEqualTo(ROWS);
            assertThat(single(
                            s,
                            "SELECT count(*) FROM lake.snapshots() WHERE snapshot_id = " + own
                                    + " AND changes::VARCHAR LIKE '%insert%'"))
                    .as(
                            "snapshot %s is an insert's: %s",
                            own,
                            text(
                                    s,
                                    "SELECT list(snapshot_id || ' ' || changes::VARCHAR ORDER BY snapshot_id)::VARCHAR FROM lake.snapshots() WHERE snapshot_id BETWEEN "
                                            + (own - 2) + " AND " + (own + 3)))
                    .isEqualTo(1);
            assertThat(single(s, "SELECT count(*) FROM a AT (VERSION => " + (own - 1) + ")"))
                    .as("the snapshot before it")
                    .isLessThan(ROWS);
            // The JMX view reads the same run.
            DuckLakeMXBean view = maintainedView();
            assertThat(view.isMaintenanceEnabled()).isTrue();
            assertThat(view.getMaintenanceRuns()).isEqualTo(m.runs());
            assertThat(view.getMaintenanceLastRun()).isNotEmpty();
            assertThat(view.getMaintenanceFilesAfter()).isEqualTo(m.filesAfter());
            LOG.info(() -> "inserts took " + insertsMillis + " ms; files of a before " + w.filesBefore + ", after "
                    + w.filesAfter + "; " + m);
            assertThat(m.runs()).as("%s", m).isGreaterThan(runsBefore);
            assertThat(files)
                    .as("live data files of a after maintenance; %s", m)
                    .isLessThanOrEqualTo(5);
            // Time travel: a snapshot inside the window still reads what it held; the one outside is expired.
            assertThat(single(s, "SELECT count(*) FROM a AT (VERSION => " + w.keptSnapshot + ")"))
                    .isEqualTo(ROWS);
            assertThat(single(s, "SELECT sum(seq) FROM a AT (VERSION => " + w.keptSnapshot + ")"))
                    .isEqualTo((long) ROWS * (ROWS - 1) / 2);
            assertThatThrownBy(() -> single(s, "SELECT count(*) FROM a AT (VERSION => " + w.expiredSnapshot + ")"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("No snapshot found");
        }
        return w;
    }

    /** Every row of a once, and b holds exactly the acknowledged seqs, each once. */
    private static void everyAcknowledgedRowOnce(String url, Properties p, List<Long> acked) throws Exception {
        try (Connection c = DriverManager.getConnection(url, p);
                Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM a")).isEqualTo(ROWS);
            assertThat(single(s, "SELECT count(DISTINCT seq) FROM a")).isEqualTo(ROWS);
            List<Long> stored = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT seq FROM b ORDER BY seq")) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                }
            }
            assertThat(stored).containsExactlyElementsOf(acked);
        }
    }

    @Test
    void postgresLakeShrinksToFewFilesWhileAnotherJvmWrites() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        // One data file per commit: every insert of this JVM writes a file (the other JVM's are inlined).
        Properties p = maintained(lake.properties());
        p.setProperty("data_inlining_row_limit", "0");
        Path dir = TestLakes.freshDirectory("maintenance");
        Path stop = dir.resolve("stop");
        Map<String, String> env = ChildLake.environment(lake);
        env.put("DL_MAX_RETRY", "20");
        env.put("DL_RETRY_WAIT_MS", "50");
        env.put("DL_RETRY_BACKOFF", "1.5");
        env.put("DL_SECONDS", "100");
        env.put("DL_STOP", stop.toString());
        ChildJvm.Running[] child = new ChildJvm.Running[1];
        ChildJvm.Result ended;
        try {
            writeAndWait(lake.url(), p, () -> {
                try {
                    child[0] = ChildJvm.main(MaintenanceWriterChild.class)
                            .named("other writer")
                            .small()
                            .env(env)
                            .outputTo(dir.resolve("child.log"))
                            .start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Files.createFile(stop);
            ended = child[0].awaitExit(Duration.ofSeconds(60));
        } finally {
            if (child[0] != null && child[0].isAlive()) {
                child[0].kill();
            }
        }
        assertThat(ended.exit).as(ended.output).isZero();
        assertThat(ended.output).doesNotContain("UNEXPECTED").contains("started");
        List<Long> acked = Arrays.stream(ended.output.split("\n"))
                .filter(l -> l.startsWith("acked="))
                .flatMap(l -> Arrays.stream(l.substring("acked=".length()).split(",")))
                .filter(v -> !v.isEmpty())
                .map(Long::valueOf)
                .collect(Collectors.toList());
        assertThat(acked).as(ended.output).isNotEmpty();
        everyAcknowledgedRowOnce(lake.url(), p, acked);
    }

    @Test
    void fileLakeShrinksToFewFilesWhileAnotherConnectionWrites() throws Exception {
        TestLakes.FileLake lake = TestLakes.file("maintenance");
        Properties p = maintained(lake.properties());
        List<Long> acked = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> unexpected = new ArrayList<>();
        Thread[] writer = new Thread[1];
        try {
            writeAndWait(lake.url(), p, () -> {
                writer[0] = new Thread(
                        () -> {
                            // Pauses longer than maintenance_idle, so the instance is idle now and then.
                            try (Connection c = DriverManager.getConnection(lake.url(), p);
                                    Statement s = c.createStatement()) {
                                for (long seq = 0; seq < 1_000 && !stop.get(); seq++) {
                                    try {
                                        s.executeUpdate("INSERT INTO b VALUES (" + seq + ")");
                                        synchronized (acked) {
                                            acked.add(seq);
                                        }
                                    } catch (SQLException e) {
                                        if (!"40001".equals(e.getSQLState())) {
                                            throw e;
                                        }
                                    }
                                    Thread.sleep(3_000);
                                }
                            } catch (Throwable e) {
                                synchronized (unexpected) {
                                    unexpected.add(e);
                                }
                            }
                        },
                        "second writer");
                writer[0].start();
            });
        } finally {
            stop.set(true);
            if (writer[0] != null) {
                writer[0].interrupt();
                writer[0].join(30_000);
            }
        }
        assertThat(unexpected.stream().filter(e -> !(e instanceof InterruptedException)))
                .isEmpty();
        List<Long> ackedCopy;
        synchronized (acked) {
            ackedCopy = new ArrayList<>(acked);
        }
        assertThat(ackedCopy).isNotEmpty();
        everyAcknowledgedRowOnce(lake.url(), p, ackedCopy);
    }

    @Test
    void aRunWaitsForAnotherConnectionsUncommittedSchemaChange() throws Exception {
        TestLakes.FileLake lake = TestLakes.file("maintenance-guard");
        Properties p = maintained(lake.properties());
        p.setProperty("maintenance_idle", "1s");
        try (Connection changer = DriverManager.getConnection(lake.url(), p);
                Connection writer = DriverManager.getConnection(lake.url(), p);
                Statement w = writer.createStatement()) {
            w.execute("CREATE TABLE a (seq BIGINT)");
            changer.setAutoCommit(false);
            try (Statement s = changer.createStatement()) {
                s.execute("CREATE TABLE changing (x INTEGER)"); // uncommitted schema change
            }
            w.executeUpdate("INSERT INTO a VALUES (1)");
            Maintenance m = status(lake.url(), p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (m.skipped() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(m.skipped()).as("%s", m).isPositive();
            assertThat(m.lastResult()).startsWith("skipped: ").contains("uncommitted schema changes");
            long runs = m.runs();
            assertThat(single(w, "SELECT count(*) FROM lake.snapshots()")).isEqualTo(3); // nothing maintained

            changer.commit();
            while (m.runs() == runs && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(m.runs()).as("%s", m).isGreaterThan(runs);
            assertThat(m.lastResult()).startsWith("ok: flushed 1 inlined rows");
            assertThat(single(w, "SELECT count(*) FROM changing")).isZero();
            assertThat(single(w, "SELECT count(*) FROM a")).isEqualTo(1);
        }
    }

    @Test
    void offByDefaultRunsNothing() throws Exception {
        TestLakes.FileLake lake = TestLakes.file("maintenance-off");
        Properties p = lake.properties();
        p.setProperty("data_inlining_row_limit", "0");
        p.setProperty("maintenance_idle", "1s"); // ignored: maintenance is off
        try (Connection c = DriverManager.getConnection(lake.url(), p);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE a (seq BIGINT)");
            for (int i = 0; i < 10; i++) {
                s.executeUpdate("INSERT INTO a VALUES (" + i + ")");
            }
            long snapshots = single(s, "SELECT count(*) FROM lake.snapshots()");
            Thread.sleep(3_000);
            Maintenance m = status(lake.url(), p);
            assertThat(m.enabled()).isFalse();
            assertThat(m.lastResult()).isEqualTo("maintenance=off");
            assertThat(m.runs() + m.failures() + m.skipped()).isZero();
            assertThat(m.lastRunEpochMillis()).isZero();
            assertThat(liveFiles(s, "a")).isEqualTo(10);
            assertThat(single(s, "SELECT count(*) FROM lake.snapshots()")).isEqualTo(snapshots);
        }
        // A read-only instance never maintains, whatever maintenance says.
        Properties readOnly = maintained(lake.properties());
        readOnly.setProperty("read_only", "true");
        try (Connection c = DriverManager.getConnection(lake.url(), readOnly)) {
            Maintenance m = status(lake.url(), readOnly);
            assertThat(m.enabled()).isFalse();
            assertThat(m.lastResult()).contains("read-only");
        }
    }
}
