package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.ChildLake;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Many writers on one PostgreSQL-catalog lake with S3 data: {@value #JVMS} child JVMs with
 * {@value #THREADS} threads each insert tagged rows (small batches, inlined into the catalog) and bump one
 * shared counter row, half of the threads in auto-commit and half in manual-commit transactions (INSERT +
 * UPDATE, commit, rollback() after a failure), for {@code ducklake.soak.seconds} seconds (default 20; the
 * long soak is 60). A write may fail only with SQLState 40001; afterwards every writer's committed seqs are
 * in the table exactly once (nothing lost, nothing doubled, nothing of a transaction that reported failure)
 * and the counter equals the sum of the increments that were acknowledged.
 *
 * <pre>mvn -q -B -o test -Dtest=org.ducklake.jdbc.faults.ManyWritersTest -Dducklake.soak.seconds=60</pre>
 */
class ManyWritersTest {
    static final int JVMS = 4;
    static final int THREADS = 4;
    /** Bounds each writer's loop besides the deadline. */
    static final long MAX_BATCHES = 100_000;
    /**
     * DuckLake retries a commit that collided with another writer's up to this many times. The wait is
     * {@code retry_wait_ms * [0.5, 1) * backoff^attempt}: the backoff is 1 (no growth) so 100 retries stay
     * bounded (about 100 × 20 ms = 2 s at worst) instead of growing to hours with DuckLake's 1.5.
     */
    static final String MAX_RETRY = "100";

    static final String RETRY_WAIT_MS = "20";
    static final String RETRY_BACKOFF = "1";

    /** One parsed summary line of a child. */
    static final class WriterResult {
        String writer;
        long okInserts;
        long okUpdates;
        long failed;
        Set<String> states = new TreeSet<>();
        long batches;
        long[] ms = new long[4];
        Set<Long> failedInsertBatches = new TreeSet<>();

        static WriterResult parse(String line) {
            Map<String, String> kv = new HashMap<>();
            for (String token : line.trim().split(" ")) {
                int eq = token.indexOf('=');
                kv.put(token.substring(0, eq), token.substring(eq + 1));
            }
            WriterResult r = new WriterResult();
            r.writer = kv.get("writer");
            r.okInserts = Long.parseLong(kv.get("ok_inserts"));
            r.okUpdates = Long.parseLong(kv.get("ok_updates"));
            r.failed = Long.parseLong(kv.get("failed"));
            if (!"-".equals(kv.get("states"))) {
                r.states.addAll(Arrays.asList(kv.get("states").split(",")));
            }
            r.batches = Long.parseLong(kv.get("batches"));
            String[] times = {"insert_ok_ms", "insert_fail_ms", "update_ok_ms", "update_fail_ms"};
            for (int i = 0; i < times.length; i++) {
                r.ms[i] = Long.parseLong(kv.getOrDefault(times[i], "0"));
            }
            if (!"-".equals(kv.get("failed_insert_batches"))) {
                for (String b : kv.get("failed_insert_batches").split(",")) {
                    r.failedInsertBatches.add(Long.parseLong(b));
                }
            }
            return r;
        }

        /** The seqs whose INSERT this writer saw succeed. */
        Set<Long> committedSeqs() {
            Set<Long> seqs = new TreeSet<>();
            for (long b = 0; b < batches; b++) {
                if (!failedInsertBatches.contains(b)) {
                    for (int i = 0; i < ManyWritersChild.BATCH; i++) {
                        seqs.add(b * ManyWritersChild.BATCH + i);
                    }
                }
            }
            return seqs;
        }
    }

    @Test
    void manyWritersLoseNothingAndDoubleNothing() throws Exception {
        long seconds = Long.getLong("ducklake.soak.seconds", 20);
        long started = System.nanoTime();
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        try (Connection c = DriverManager.getConnection(lake.url(), p);
                Statement s = c.createStatement()) {
            // AT is a keyword in DuckDB 1.5 (time travel: FROM t AT (VERSION => 3)), so the column name is quoted.
            s.execute("CREATE TABLE events (writer VARCHAR, seq BIGINT, \"at\" TIMESTAMP)");
            s.execute("CREATE TABLE counters (id INTEGER, n BIGINT)");
            s.execute("INSERT INTO counters VALUES (1, 0)");
            s.execute("CREATE TABLE manual_counters (id INTEGER, n BIGINT)");
            s.execute("INSERT INTO manual_counters VALUES (1, 0)");
        }

        Path logs = TestLakes.freshDirectory("many-writers");
        Map<String, String> env = ChildLake.environment(lake);
        env.put("DL_MAX_RETRY", MAX_RETRY);
        env.put("DL_RETRY_WAIT_MS", RETRY_WAIT_MS);
        env.put("DL_RETRY_BACKOFF", RETRY_BACKOFF);
        env.put("DL_THREADS", String.valueOf(THREADS));
        env.put("DL_SECONDS", String.valueOf(seconds));
        env.put("DL_MAX_BATCHES", String.valueOf(MAX_BATCHES));

        List<ChildJvm.Running> children = new ArrayList<>();
        List<ChildJvm.Result> ended = new ArrayList<>();
        try {
            for (int j = 0; j < JVMS; j++) {
                children.add(ChildJvm.main(ManyWritersChild.class)
                        .named("writer JVM " + j)
                        .small()
                        .env(env)
                        .env("DL_JVM", String.valueOf(j))
                        .outputTo(logs.resolve("child-" + j + ".log"))
                        .start());
            }
            // All writers share one deadline: the writing time plus two minutes from the start.
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 120);
            for (ChildJvm.Running child : children) {
                ended.add(child.awaitExit(Duration.ofNanos(Math.max(0, waitUntil - System.nanoTime()))));
            }
        } finally {
            for (ChildJvm.Running child : children) {
                if (child.isAlive()) {
                    child.kill();
                }
            }
        }
        long writersDone = System.nanoTime();

        Map<String, WriterResult> results = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, String> failureKinds = new TreeMap<>();
        List<String> timings = new ArrayList<>();
        for (int j = 0; j < JVMS; j++) {
            String text = ended.get(j).output;
            List<String> lines = Arrays.asList(text.split("\n"));
            lines.stream().filter(l -> l.contains("UNEXPECTED")).forEach(unexpected::add);
            lines.stream()
                    .filter(l -> l.startsWith("writer="))
                    .map(WriterResult::parse)
                    .forEach(r -> results.put(r.writer, r));
            lines.stream().filter(l -> l.startsWith("timing ")).forEach(timings::add);
            lines.stream().filter(l -> l.startsWith("failure-kind ")).forEach(l -> {
                String kind = l.replaceFirst("^failure-kind writer=\\S+ ", "");
                failureKinds.putIfAbsent(kind.replaceAll("[0-9]+", "N"), kind);
            });
            if (ended.get(j).exit != 0) {
                unexpected.add("writer JVM " + j + " exited with " + ended.get(j).exit + "; its output:\n" + text);
            }
        }

        // What the lake holds, read back through the driver.
        Map<String, Set<Long>> stored = new HashMap<>();
        long rows;
        long distinctRows;
        long counter;
        long counterRows;
        long snapshots;
        try (Connection c = DriverManager.getConnection(lake.url(), p);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT writer, seq FROM events")) {
                while (rs.next()) {
                    stored.computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                            .add(rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT writer, seq FROM events)) FROM events")) {
                rs.next();
                rows = rs.getLong(1);
                distinctRows = rs.getLong(2);
            }
            try (ResultSet rs =
                    s.executeQuery("SELECT count(*), sum(n) FROM (FROM counters UNION ALL FROM manual_counters)")) {
                rs.next();
                counterRows = rs.getLong(1);
                counter = rs.getLong(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ducklake_snapshots('lake')")) {
                rs.next();
                snapshots = rs.getLong(1);
            }
        }

        long okInserts = results.values().stream().mapToLong(r -> r.okInserts).sum();
        long okUpdates = results.values().stream().mapToLong(r -> r.okUpdates).sum();
        long failed = results.values().stream().mapToLong(r -> r.failed).sum();
        long insertFailures = results.values().stream()
                .mapToLong(r -> r.failedInsertBatches.size())
                .sum();
        long batches = results.values().stream().mapToLong(r -> r.batches).sum();
        Set<String> states = results.values().stream()
                .flatMap(r -> r.states.stream())
                .collect(Collectors.toCollection(TreeSet::new));
        StringBuilder report = new StringBuilder();
        report.append("== ManyWritersTest: ")
                .append(JVMS)
                .append(" JVMs x ")
                .append(THREADS)
                .append(" threads, ")
                .append(seconds)
                .append(" s of writing, ducklake_max_retry_count=")
                .append(MAX_RETRY)
                .append(" ducklake_retry_wait_ms=")
                .append(RETRY_WAIT_MS)
                .append(" ducklake_retry_backoff=")
                .append(RETRY_BACKOFF)
                .append('\n');
        for (WriterResult r : results.values()) {
            report.append(String.format(
                    "  writer=%-4s batches=%6d ok_inserts=%7d ok_updates=%7d failed=%5d (insert %d, update %d) states=%s%n",
                    r.writer,
                    r.batches,
                    r.okInserts,
                    r.okUpdates,
                    r.failed,
                    r.failedInsertBatches.size(),
                    r.failed - r.failedInsertBatches.size(),
                    r.states.isEmpty() ? "-" : String.join(",", r.states)));
        }
        report.append(String.format(
                "  total: iterations=%d (each one INSERT of %d rows + one UPDATE)%n", batches, ManyWritersChild.BATCH));
        report.append(String.format(
                "  rows committed (INSERT returned) = %d, rows in events = %d, distinct (writer, seq) = %d%n",
                okInserts, rows, distinctRows));
        report.append(String.format(
                "  conflicts seen by JDBC = %d (failed INSERTs %d, failed UPDATEs %d), SQLStates = %s%n",
                failed, insertFailures, failed - insertFailures, states.isEmpty() ? "-" : states));
        long[] ms = new long[4];
        results.values().forEach(r -> {
            for (int i = 0; i < 4; i++) {
                ms[i] += r.ms[i];
            }
        });
        long okInsertCount = okInserts / ManyWritersChild.BATCH;
        long okUpdateCount = okUpdates / ManyWritersChild.BATCH;
        long failedUpdates = failed - insertFailures;
        report.append(String.format(
                "  mean statement time: INSERT ok %.0f ms, failed %s; UPDATE ok %.0f ms, failed %s%n",
                ms[0] / (double) Math.max(1, okInsertCount),
                insertFailures == 0 ? "-" : String.format("%.0f ms", ms[1] / (double) insertFailures),
                ms[2] / (double) Math.max(1, okUpdateCount),
                failedUpdates == 0 ? "-" : String.format("%.0f ms", ms[3] / (double) failedUpdates)));
        report.append(String.format(
                "  counter n = %d, sum of ok_updates = %d, counter rows = %d%n", counter, okUpdates, counterRows));
        report.append(String.format(
                "  lake snapshots = %d; commits/s (INSERT + UPDATE that succeeded) = %.1f%n",
                snapshots, (okInserts + okUpdates) / (double) ManyWritersChild.BATCH / Math.max(1, seconds)));
        report.append(String.format(
                "  time: set-up + writers %.1f s, verification %.1f s%n",
                (writersDone - started) / 1e9, (System.nanoTime() - writersDone) / 1e9));
        timings.forEach(t -> report.append("  ").append(t).append('\n'));
        failureKinds
                .values()
                .forEach(k -> report.append("  failure kind: ").append(k).append('\n'));
        unexpected.forEach(u -> report.append("  ").append(u).append('\n'));
        System.out.print(report);
        System.out.flush();

        assertThat(unexpected)
                .as("failures other than SQLState 40001, or writer JVMs that did not end well")
                .isEmpty();
        assertThat(results).as("one summary line per writer").hasSize(JVMS * THREADS);
        assertThat(states).as("SQLStates of failed writes").isSubsetOf(ManyWritersChild.EXPECTED_STATE);
        assertThat(results.values()).as("every writer got rows in").allMatch(r -> r.okInserts > 0);
        assertThat(rows)
                .as("no row doubled: count(*) = count(distinct (writer, seq))")
                .isEqualTo(distinctRows);
        assertThat(rows).as("rows in events = rows whose INSERT returned").isEqualTo(okInserts);
        assertThat(stored.keySet()).as("writers that have rows").isEqualTo(results.keySet());
        for (WriterResult r : results.values()) {
            Set<Long> expected = r.committedSeqs();
            Set<Long> actual = stored.getOrDefault(r.writer, Set.of());
            assertThat(expected).as("seqs of writer " + r.writer).hasSize((int) (r.okInserts));
            Set<Long> lost = new TreeSet<>(expected);
            lost.removeAll(actual);
            Set<Long> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            assertThat(first(lost))
                    .as("writer " + r.writer + ": committed seqs missing from events (" + lost.size() + ")")
                    .isEmpty();
            assertThat(first(extra))
                    .as("writer " + r.writer + ": seqs in events whose INSERT failed or never ran (" + extra.size()
                            + ")")
                    .isEmpty();
        }
        assertThat(counterRows).as("each counter table keeps its one row").isEqualTo(2);
        assertThat(counter)
                .as("sum of counters.n = sum of the increments that were acknowledged")
                .isEqualTo(okUpdates);
    }

    private static List<Long> first(Set<Long> s) {
        return s.stream().limit(20).collect(Collectors.toList());
    }
}
