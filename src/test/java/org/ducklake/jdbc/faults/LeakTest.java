package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.ducklake.jdbc.instance.LakeInstances;
import org.ducklake.jdbc.testsupport.Await;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No leaks: many connections on one engine instance, and many instances opened and closed in turn, leave
 * the JVM's threads, file descriptors, resident memory and open instances where they were.
 *
 * <p>Each test warms up first (connections and instances, so JIT code, class loading, the extension
 * copies, DuckDB's one-time allocations and the driver's background pool exist), takes a baseline, does
 * the work and measures again after a forced GC and a short idle period. The figures are printed in one
 * block. CI run: about 20-30 s for (a) and 40-60 s for (b) on 2 cores. Tagged {@code own-jvm}: surefire's
 * execution of that name runs it in a JVM of its own, and the default execution leaves it out, also when
 * {@code -Dtest} names it. Long run (its latest output is src/bench/soak-latest.txt):
 *
 * <pre>mvn -q -B -o test -Dtest='org.ducklake.jdbc.faults.ManyWritersTest,org.ducklake.jdbc.faults.LeakTest' \
 *     -Dducklake.soak.seconds=60 -Dducklake.soak.instances=500</pre>
 */
@Tag("own-jvm")
class LeakTest {
    static final int CONNECTIONS = Integer.getInteger("ducklake.soak.connections", 10_000);
    static final int INSTANCES = Integer.getInteger("ducklake.soak.instances", 200);
    static final int WARM_UP_CONNECTIONS = 200;
    static final int WARM_UP_INSTANCES = 10;

    /**
     * Threads may grow by this much, counted twice: JVM threads (ThreadMXBean) and OS threads
     * (/proc/self/status), since DuckDB's worker threads are native and invisible to the JVM (an open engine
     * has threads-1 of them, 1 on this 2-core machine). The driver's own threads are a timer (idles out
     * after 30 s) and a cached pool that prepares spare sessions (idles out after 60 s); at most one
     * preparation per instance runs at a time, so after serial work the pool holds one or two threads,
     * which the warm-up already started. Measured over 8 runs: -1..+1 JVM and -1..+2 OS threads with no
     * waiting, so the margin does not depend on the idle timeouts; 5 leaked engines (one worker each)
     * exceed it.
     */
    static final int THREAD_MARGIN = 5;
    /**
     * An open engine of a DuckDB-file lake holds 2 descriptors (measured with 20 held open), so 5 leaked
     * engines exceed this. Measured: -1..+1.
     */
    static final int FD_MARGIN = 10;
    /**
     * Java heap in use after a full GC may grow by this much: measured +0..+24 kB; 8 MB is about 800 bytes
     * per connection of (a), less than a leaked wrapper with its statement and result set.
     */
    static final long HEAP_MARGIN_KB = 8 * 1024;

    /** One reading of the process. */
    static final class Figures {
        final int jvmThreads;
        final int osThreads;
        final int fds;
        final long rssKb;
        final long heapUsedKb;
        final long heapCommittedKb;
        final int instances;

        Figures(
                int jvmThreads,
                int osThreads,
                int fds,
                long rssKb,
                long heapUsedKb,
                long heapCommittedKb,
                int instances) {
            this.jvmThreads = jvmThreads;
            this.osThreads = osThreads;
            this.fds = fds;
            this.rssKb = rssKb;
            this.heapUsedKb = heapUsedKb;
            this.heapCommittedKb = heapCommittedKb;
            this.instances = instances;
        }

        static Figures now() throws IOException {
            System.gc();
            System.gc();
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return new Figures(
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    (int) status("Threads:"),
                    fdCount(),
                    restingRssKb(),
                    heap.getUsed() / 1024,
                    heap.getCommitted() / 1024,
                    LakeInstances.openCount());
        }

        /** RSS without the Java heap's committed size: the engine's (native) share, roughly. */
        long nativeKb() {
            return rssKb - heapCommittedKb;
        }
    }

    /**
     * Resident memory once it stops falling (sampled each second, at most 15 s). DuckDB's allocator (jemalloc)
     * keeps freed pages resident and gives them back later, on its background threads (switched on for these
     * lakes, see fileLakeProperties); a reading taken while it still holds a burst of freed pages counts memory
     * that is about to go. What stays is what the leak checks compare.
     */
    private static long restingRssKb() throws IOException {
        long last = status("VmRSS:");
        long deadline = System.nanoTime() + 15_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                long now = status("VmRSS:");
                if (now > last - 1024) {
                    return Math.min(now, last);
                }
                last = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return last;
    }

    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(field + " not in /proc/self/status");
    }

    /** Open file descriptors (the directory stream's own descriptor is counted in every reading alike). */
    private static int fdCount() throws IOException {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    private static Properties fileLakeProperties() {
        Properties p = TestLakes.properties();
        // With sql_access=lake (the default) resident memory after the second round of 10,000 connections
        // read either about the first round's figure or about 110 MB above it, from run to run (5 of 8 runs
        // failed the round-2 margin; 0 of 6 with unrestricted). Ten rounds of 10,000 connections
        // (ConnectionRssRounds, src/bench/connection-rss-rounds.txt) rest on one level in either mode and creep
        // by the same ~1.3 MB per round in both, so the jump is a second resting level of the allocator
        // reached in lake mode, not memory that grows with connections; its cause is not found yet. Until it
        // is, this test measures the unrestricted engine.
        p.setProperty("sql_access", "unrestricted");
        // In one CI run even then the second round read 119 MB above the first. The likely reading (not proven:
        // it happens in about one run of six) is freed pages DuckDB's jemalloc had not given back yet; with its
        // background threads the allocator returns them on its own, and restingRssKb reads memory once it has.
        p.setProperty("allocator_background_threads", "true");
        return p;
    }

    private static void selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    /** Opens and closes {@code n} connections on one instance (kept open by {@code keeper}'s presence). */
    /**
     * Connections in turn. Each changes its session (SET TimeZone), so it closes its engine connection
     * instead of handing it to the next connect: every connection creates and destroys a DuckDB connection,
     * the churn this test is about. (Handed-on engine connections are EngineReuseTest's subject; with them a
     * round ran in two seconds and resident memory moved by up to 100 MB between rounds, from run to run,
     * cause not found.)
     */
    private static void connections(String url, Properties p, int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            try (Connection c = DriverManager.getConnection(url, p)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TimeZone = 'UTC'");
                }
                selectOne(c);
            }
        }
    }

    /** How often, and for how long at most, the lake file stayed open after its instance had closed. */
    static final class Linger {
        int times;
        long maxMillis;
    }

    /**
     * Opens and closes {@code n} instances in turn, each its own configuration (a distinct alias) on the same
     * DuckDB-file lake: connect, SELECT 1, close; the instance closes with its last connection. DuckDB refuses
     * to attach a file another engine of the process still has open ("Unique file handle conflict"), so each
     * round also proves the previous engine is gone. Closing the last connection must release the file at
     * once: the instance waits for a spare session still being prepared in the background (which holds a
     * duplicate of the engine) before it closes. The file is checked in /proc/self/fd right after the close.
     */
    private static Linger instances(String url, Path lakeFile, String prefix, int n, int baselineInstances)
            throws Exception {
        Linger linger = new Linger();
        for (int i = 0; i < n; i++) {
            Properties p = fileLakeProperties();
            p.setProperty("alias", prefix + i);
            try (Connection c = DriverManager.getConnection(url, p)) {
                selectOne(c);
                assertThat(LakeInstances.openCount())
                        .as("instances while " + prefix + i + " is open")
                        .isEqualTo(baselineInstances + 1);
            }
            assertThat(LakeInstances.openCount())
                    .as("instances after " + prefix + i + " closed")
                    .isEqualTo(baselineInstances);
            long closed = System.nanoTime();
            if (openDescriptors(lakeFile) > 0) {
                linger.times++;
                // For the failure message: how long the file stays open (up to 5 s).
                Await.within(Duration.ofSeconds(5), Duration.ofMillis(2), () -> openDescriptors(lakeFile) == 0);
                linger.maxMillis = Math.max(linger.maxMillis, (System.nanoTime() - closed) / 1_000_000);
            }
            assertThat(linger.times)
                    .as("the lake file was still open right after instance " + prefix + i + " closed (for "
                            + linger.maxMillis + " ms)")
                    .isZero();
        }
        return linger;
    }

    /** How many of this process's file descriptors point at the file. */
    private static int openDescriptors(Path file) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        int n = 0;
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(target)) {
                        n++;
                    }
                } catch (IOException e) {
                    // Closed meanwhile (or the directory stream's own descriptor).
                }
            }
        }
        return n;
    }

    /**
     * Waits (up to 10 s) until the thread count is within the margin, giving the driver's idle pool
     * threads and DuckDB's shutting-down workers a moment; returns the final reading.
     */
    private static Figures settle(Figures baseline) throws Exception {
        AtomicReference<Figures> last = new AtomicReference<>();
        Await.within(Duration.ofSeconds(10), Duration.ofMillis(500), () -> {
            Figures f = Figures.now();
            last.set(f);
            return f.jvmThreads <= baseline.jvmThreads + THREAD_MARGIN
                    && f.osThreads <= baseline.osThreads + THREAD_MARGIN
                    && f.fds <= baseline.fds + FD_MARGIN;
        });
        return last.get();
    }

    private static String row(String what, long before, long after, String margin) {
        return String.format("  %-34s %12d %12d %+10d   %s%n", what, before, after, after - before, margin);
    }

    private static void print(
            String title, Figures before, Figures after, long rssMarginKb, String work, double seconds, String extra) {
        StringBuilder b = new StringBuilder();
        b.append("== LeakTest: ").append(title).append('\n');
        b.append("  work: ").append(work).append(String.format(" in %.1f s%n", seconds));
        b.append(String.format("  %-34s %12s %12s %10s   %s%n", "figure", "baseline", "after", "delta", "allowed"));
        b.append(row("LakeInstances.openCount()", before.instances, after.instances, "+0"));
        b.append(row("JVM threads (ThreadMXBean)", before.jvmThreads, after.jvmThreads, "+" + THREAD_MARGIN));
        b.append(row("OS threads (/proc/self/status)", before.osThreads, after.osThreads, "+" + THREAD_MARGIN));
        b.append(row("open fds (/proc/self/fd)", before.fds, after.fds, "+" + FD_MARGIN));
        b.append(row("VmRSS kB", before.rssKb, after.rssKb, "+" + rssMarginKb));
        b.append(row("heap used after GC kB", before.heapUsedKb, after.heapUsedKb, "+" + HEAP_MARGIN_KB));
        b.append(row("  heap committed kB", before.heapCommittedKb, after.heapCommittedKb, "(printed only)"));
        b.append(row("  RSS - heap committed kB", before.nativeKb(), after.nativeKb(), "(printed only)"));
        b.append(extra);
        System.out.print(b);
        System.out.flush();
    }

    private static void check(Figures before, Figures after, long rssMarginKb) {
        assertThat(after.instances).as("open lake instances").isEqualTo(before.instances);
        assertThat(after.jvmThreads).as("JVM threads").isLessThanOrEqualTo(before.jvmThreads + THREAD_MARGIN);
        assertThat(after.osThreads).as("OS threads").isLessThanOrEqualTo(before.osThreads + THREAD_MARGIN);
        assertThat(after.fds).as("open file descriptors").isLessThanOrEqualTo(before.fds + FD_MARGIN);
        assertThat(after.rssKb).as("VmRSS kB").isLessThanOrEqualTo(before.rssKb + rssMarginKb);
        assertThat(after.heapUsedKb)
                .as("Java heap used after GC, kB")
                .isLessThanOrEqualTo(before.heapUsedKb + HEAP_MARGIN_KB);
    }

    @Test
    void tenThousandConnectionsOnOneInstance() throws Exception {
        Path lakeFile = TestLakes.freshDirectory("leak").resolve("m.ducklake");
        String url = "jdbc:ducklake:" + lakeFile;
        Properties p = fileLakeProperties();
        Path warmFile = TestLakes.freshDirectory("leak-warm").resolve("w.ducklake");
        try (Connection keeper = DriverManager.getConnection(url, p)) {
            selectOne(keeper);
            connections(url, p, WARM_UP_CONNECTIONS);
        }
        instances("jdbc:ducklake:" + warmFile, warmFile, "w", WARM_UP_INSTANCES, LakeInstances.openCount());
        Figures before = Figures.now();

        long t0 = System.nanoTime();
        Figures middle;
        try (Connection keeper = DriverManager.getConnection(url, p)) {
            selectOne(keeper);
            assertThat(LakeInstances.openCount()).isEqualTo(before.instances + 1);
            connections(url, p, CONNECTIONS);
            middle = Figures.now();
            // A second round of the same size: a leak grows again by about as much, allocator caches do not.
            connections(url, p, CONNECTIONS);
            assertThat(LakeInstances.openCount()).as("still the one instance").isEqualTo(before.instances + 1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Figures after = settle(before);
        // Resident memory after the first 10,000 connections moved by -4 to +48 MB in seven runs (and by +131 MB
        // once while this test still shared its JVM with other tests' pools), with the Java heap flat: glibc's
        // per-thread malloc arenas keep freed memory resident, a one-time plateau rather than growth with the
        // number of connections. So besides the whole run (at most +96 MB, twice the worst reading of its
        // own JVM), the second round of 10,000 may add at most 48 MB: a leak of 5 kB per connection, far less
        // than a DuckDB connection's context, adds 50 MB per round.
        long roundMarginKb = 48 * 1024;
        long rssMarginKb = 96 * 1024;
        print(
                "(a) connections on one instance",
                before,
                after,
                rssMarginKb,
                "2 x " + CONNECTIONS
                        + " x (getConnection, SET TimeZone, SELECT 1, close) while one connection keeps the instance open",
                seconds,
                String.format(
                        "  VmRSS kB after round 1: %d, after round 2: %d (round 2 adds %+d, allowed +%d)%n",
                        middle.rssKb, after.rssKb, after.rssKb - middle.rssKb, roundMarginKb));
        check(before, after, rssMarginKb);
        assertThat(after.rssKb - middle.rssKb)
                .as("VmRSS kB added by the second round of connections")
                .isLessThanOrEqualTo(roundMarginKb);
    }

    @Test
    void manyInstancesWithDistinctConfigurations() throws Exception {
        Path lakeFile = TestLakes.freshDirectory("leak").resolve("m.ducklake");
        String url = "jdbc:ducklake:" + lakeFile;
        instances(url, lakeFile, "w", WARM_UP_INSTANCES, LakeInstances.openCount());
        try (Connection keeper = DriverManager.getConnection(url, fileLakeProperties())) {
            selectOne(keeper);
            connections(url, fileLakeProperties(), WARM_UP_CONNECTIONS);
        }
        Figures before = Figures.now();

        long t0 = System.nanoTime();
        Linger linger = instances(url, lakeFile, "l", INSTANCES, before.instances);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Figures after = settle(before);
        // An engine left open costs about 4.5 MB RSS, 2 fds and 1 OS thread (measured with 20 held open),
        // so whole leaked engines trip the fd and thread margins after 5; the RSS margin is for smaller
        // leftovers. Measured: -24..-10 MB after 200 instances, +20 MB after 500; a separate 500-instance run
        // stayed within 117-126 MB RSS throughout (no trend). 128 MB flags 0.64 MB left per instance at 200
        // (0.26 MB at 500).
        long rssMarginKb = 128 * 1024;
        print(
                "(b) instances opened and closed in turn",
                before,
                after,
                rssMarginKb,
                INSTANCES + " x (connect with alias=lN, SELECT 1, close: the instance closes) on one DuckDB-file lake",
                seconds,
                String.format(
                        "  lake file still open right after its instance closed: %d of %d times, released after at most %d ms%n",
                        linger.times, INSTANCES, linger.maxMillis));
        check(before, after, rssMarginKb);
    }
}
