package org.ducklake.jdbc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ducklake.jdbc.instance.SetupSteps;

/**
 * What the scale benchmark runs in a JVM of its own, one side per JVM, reporting {@code RESULT key=value} lines:
 *
 * <ul>
 *   <li>{@code task=first}: the first connection of a fresh JVM and its first {@code SELECT 1} (P2), on ours or by
 *       hand on raw duckdb_jdbc (with or without installing the extensions first);
 *   <li>{@code task=memory}: {@code SELECT * FROM big} (P6), either the first 200 rows with {@code setMaxRows(200)}
 *       and {@code setFetchSize(200)} or every row, with resident memory and heap sampled every 250 ms.
 * </ul>
 *
 * Sides: {@code ours} (default properties), {@code ours-materialize} ({@code stream_results=false}), {@code raw}
 * (duckdb_jdbc's defaults), {@code raw-stream} ({@code jdbc_stream_results=true}). A variant property the driver
 * does not know prints {@code RESULT unsupported=true}.
 */
public final class ScaleChild {
    private ScaleChild() {}

    public static void main(String[] args) throws Exception {
        long mainStart = System.nanoTime();
        long uptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime();
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        BenchLake lake = BenchLake.fromArgs(a);
        String side = a.get("side");
        try {
            if ("first".equals(a.get("task"))) {
                first(lake, side, a, mainStart, uptimeAtMain);
            } else {
                memory(lake, side, a);
            }
        } catch (SQLException e) {
            System.out.println(
                    "RESULT error=" + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
            System.exit(2);
        }
        System.exit(0);
    }

    private static Connection connect(BenchLake lake, String side, Map<String, String> a, boolean install)
            throws SQLException {
        java.nio.file.Path ext = Paths.get(a.get("ext"));
        switch (side) {
            case "ours":
                return lake.ours(ext, Map.of());
            case "ours-materialize":
                return lake.oursIfAccepted(ext, "stream_results", "false");
            case "ours-no-file-cache": // DuckDB's cache of object-store reads off
                return lake.ours(ext, Map.of("enable_external_file_cache", "false"));
            case "raw":
                return lake.raw(ext, Paths.get(a.get("repo")), install, false);
            case "raw-stream":
                return lake.raw(ext, Paths.get(a.get("repo")), install, true);
            default:
                throw new IllegalArgumentException("side " + side);
        }
    }

    private static void first(BenchLake lake, String side, Map<String, String> a, long mainStart, long uptime)
            throws SQLException {
        boolean install = Boolean.parseBoolean(a.get("install"));
        // Each set-up step's time, to explain the difference step by step: ours as the driver reports its steps
        // (SetupSteps, what the doctor shows), raw as each statement of the recipe by hand.
        Map<String, Double> steps = new LinkedHashMap<>();
        long t = System.nanoTime();
        Connection c;
        if (side.equals("ours")) {
            c = SetupSteps.observe(
                    new SetupSteps.Listener() {
                        @Override
                        public void started(String step) {}

                        @Override
                        public void finished(String step, String detail, long nanos, Throwable failure) {
                            steps.merge(step, nanos / 1e6, Double::sum);
                        }
                    },
                    () -> connect(lake, side, a, install));
        } else if (side.equals("raw")) {
            c = lake.raw(Paths.get(a.get("ext")), Paths.get(a.get("repo")), install, false, steps);
        } else {
            c = connect(lake, side, a, install);
        }
        double connect = ms(t);
        t = System.nanoTime();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        }
        double firstStatement = ms(t);
        c.close();
        result("jvm_uptime_at_main_ms", uptime);
        result("main_to_connect_start_ms", (t - mainStart) / 1e6 - connect - firstStatement);
        result("connect_ms", connect);
        result("first_statement_ms", firstStatement);
        steps.forEach((step, millis) -> result("step:" + step, millis));
    }

    private static void memory(BenchLake lake, String side, Map<String, String> a) throws Exception {
        boolean all = "all".equals(a.get("part"));
        Sampler sampler = new Sampler();
        sampler.start();
        long t = System.nanoTime();
        Connection c = connect(lake, side, a, false);
        if (c == null) {
            result("unsupported", 1);
            return;
        }
        result("connect_ms", ms(t));
        sampler.sampleNow();
        double rssStart = sampler.rss;
        double heapStart = sampler.heap;
        long rows = 0;
        long check = 0;
        double firstRow = Double.NaN;
        double atLastRow;
        try (Statement s = c.createStatement()) {
            if (!all) {
                s.setMaxRows(200);
                s.setFetchSize(200);
            }
            t = System.nanoTime();
            try (ResultSet rs = s.executeQuery("SELECT * FROM big")) {
                while ((all || rows < 200) && rs.next()) {
                    if (rows == 0) {
                        firstRow = ms(t);
                    }
                    check += rs.getLong(1) + rs.getString(2).length() + (long) rs.getDouble(3);
                    check += rs.getTimestamp(4) == null ? 0 : 1;
                    rows++;
                }
                atLastRow = ms(t);
                sampler.sampleNow();
                result("rss_end_mb", sampler.rss);
                result("heap_end_mb", sampler.heap);
            }
            result("closed_ms", ms(t));
        }
        c.close();
        sampler.sampleNow();
        sampler.interrupt();
        result("rows", rows);
        result("checksum", check);
        result("first_row_ms", firstRow);
        result("last_row_ms", atLastRow);
        result("rss_start_mb", rssStart);
        result("rss_peak_sampled_mb", sampler.rssPeak);
        result("rss_hwm_mb", status("VmHWM"));
        result("heap_start_mb", heapStart);
        result("heap_peak_sampled_mb", sampler.heapPeak);
        result("heap_live_peak_mb", sampler.heapLivePeak);
        result("heap_committed_peak_mb", sampler.heapCommittedPeak);
        result("samples", sampler.samples);
    }

    /** Samples resident memory and heap use every 250 ms (and when asked), keeping the peaks. */
    private static final class Sampler extends Thread {
        volatile double rss;
        volatile double heap;
        volatile double rssPeak;
        volatile double heapPeak;
        volatile double heapLivePeak;
        volatile double heapCommittedPeak;
        volatile int samples;

        Sampler() {
            super("memory sampler");
            setDaemon(true);
        }

        synchronized void sampleNow() {
            rss = status("VmRSS");
            heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
            rssPeak = Math.max(rssPeak, rss);
            heapPeak = Math.max(heapPeak, heap);
            heapCommittedPeak = Math.max(
                    heapCommittedPeak,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0);
            heapLivePeak = Math.max(heapLivePeak, heapBeyondEden());
            samples++;
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                sampleNow();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** A {@code /proc/self/status} line in MB (the kernel writes kB). */
    static double status(String key) {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (l.startsWith(key + ":")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: reported as NaN
        }
        return Double.NaN;
    }

    /**
     * Heap in use outside the young collector's eden (survivors and old generation): what the reader keeps across
     * collections, while eden between collections is mostly garbage the collector has not needed to clear yet.
     */
    private static double heapBeyondEden() {
        double sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden")) {
                sum += pool.getUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }

    private static void result(String key, double value) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s=%.3f", key, value));
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
