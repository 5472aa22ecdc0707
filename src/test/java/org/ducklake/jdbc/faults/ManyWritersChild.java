package org.ducklake.jdbc.faults;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.ChildLake;

/**
 * One writer JVM of {@link ManyWritersTest}: {@code DL_THREADS} threads, each with its own
 * {@code jdbc:ducklake:} connection, write tagged rows and bump a shared counter for {@code DL_SECONDS}
 * seconds (or {@code DL_MAX_BATCHES} batches), then print one summary line per thread. Even threads work
 * in auto-commit (the INSERT and the UPDATE each commit); odd threads in manual-commit mode, one
 * transaction of both per batch, rolled back after a failure (then the batch counts as a failed insert):
 *
 * <pre>writer=J-T ok_inserts=N ok_updates=N failed=N states=S[,S…]|- batches=N failed_insert_batches=B[,B…]|-</pre>
 *
 * Batch {@code b} of a writer holds seqs {@code b*BATCH … b*BATCH+BATCH-1}; a failed batch's seqs are
 * never reused, so the seqs a writer saw committed are all issued batches minus the failed ones.
 * A failure that is not a SQLException with SQLState 40001 is printed as an {@code UNEXPECTED} line (the
 * test fails on it). The JVM stops by itself: the loops are bounded by time and count, and a watchdog
 * exits the JVM (status 3) if a statement hangs well past the deadline.
 */
public final class ManyWritersChild {
    static final int BATCH = 5;
    static final String EXPECTED_STATE = "40001";
    /*
     * The manual-commit writers bump a counter table of their own: DuckLake detects an UPDATE conflict per
     * table (any UPDATE of an inlined table deletes inlined data), and the driver serializes an engine's
     * auto-commit writes, so a transaction holding the same table across several calls would lose nearly
     * every commit to them.
     */
    /*
     * A writer that has not had one batch committed by the deadline keeps going for up to STARVED_GRACE_SECONDS
     * more: DuckLake's commits are optimistic, and on a busy machine one manual-commit writer can lose every race
     * of the first seconds to the others (its whole transaction conflicts, theirs are single statements). The
     * test's "every writer got rows in" is a claim about eventually committing, not about winning in time.
     */
    static final long STARVED_GRACE_SECONDS = 30;
    /** A writer gives up after this many failures that are not 40001 (its connection is probably gone). */
    private static final int MAX_UNEXPECTED = 20;

    private ManyWritersChild() {}

    static Properties properties() {
        Properties p = ChildLake.properties();
        p.setProperty("ducklake_max_retry_count", ChildLake.env("DL_MAX_RETRY"));
        p.setProperty("ducklake_retry_wait_ms", ChildLake.env("DL_RETRY_WAIT_MS"));
        p.setProperty("ducklake_retry_backoff", ChildLake.env("DL_RETRY_BACKOFF"));
        return p;
    }

    /** What one writer thread saw. */
    static final class Writer implements Runnable {
        final String id;
        final String url;
        final Properties properties;
        final CountDownLatch connected;
        final CountDownLatch go;
        final long maxBatches;
        /** Auto-commit off: each batch is one transaction of INSERT + UPDATE, acknowledged by commit(). */
        final boolean manual;

        volatile long deadlineNanos;
        long okInserts;
        long okUpdates;
        long failed;
        long batches;
        /** Wall time spent in statements that succeeded / failed, per kind (for the report). */
        long insertOkNanos, insertFailNanos, updateOkNanos, updateFailNanos, updateFailures;

        final TreeSet<String> states = new TreeSet<>();
        final List<Long> failedInsertBatches = new ArrayList<>();
        /** Each kind of failure (digits blanked) is printed once per writer, for the report. */
        final Set<String> firstMessages = new HashSet<>();

        int unexpected;
        Throwable fatal;

        Writer(
                String id,
                String url,
                Properties properties,
                CountDownLatch connected,
                CountDownLatch go,
                long maxBatches,
                boolean manual) {
            this.id = id;
            this.manual = manual;
            this.url = url;
            this.properties = properties;
            this.connected = connected;
            this.go = go;
            this.maxBatches = maxBatches;
        }

        /** Before the deadline; after it only while nothing of this writer's is committed, within the grace. */
        private boolean writing() {
            long now = System.nanoTime();
            return now < deadlineNanos
                    || (okInserts == 0 && now < deadlineNanos + TimeUnit.SECONDS.toNanos(STARVED_GRACE_SECONDS));
        }

        @Override
        public void run() {
            try (Connection c = DriverManager.getConnection(url, properties);
                    Statement s = c.createStatement()) {
                c.setAutoCommit(!manual);
                connected.countDown();
                go.await();
                for (long b = 0; b < maxBatches && unexpected < MAX_UNEXPECTED && writing(); b++) {
                    batches = b + 1;
                    StringBuilder insert = new StringBuilder("INSERT INTO events VALUES ");
                    for (int i = 0; i < BATCH; i++) {
                        insert.append(i == 0 ? "" : ", ")
                                .append("('")
                                .append(id)
                                .append("', ")
                                .append(b * BATCH + i)
                                .append(", now())");
                    }
                    if (manual) {
                        transaction(c, s, b, insert.toString());
                        continue;
                    }
                    long t0 = System.nanoTime();
                    try {
                        int n = s.executeUpdate(insert.toString());
                        insertOkNanos += System.nanoTime() - t0;
                        if (n != BATCH) {
                            unexpected("insert", b, "executeUpdate returned " + n + ", expected " + BATCH, null);
                        }
                        okInserts += BATCH;
                    } catch (SQLException e) {
                        insertFailNanos += System.nanoTime() - t0;
                        failedInsertBatches.add(b);
                        failure("insert", b, e);
                    }
                    t0 = System.nanoTime();
                    try {
                        int n = s.executeUpdate("UPDATE counters SET n = n + " + BATCH + " WHERE id = 1");
                        updateOkNanos += System.nanoTime() - t0;
                        if (n != 1) {
                            unexpected("update", b, "executeUpdate returned " + n + ", expected 1", null);
                        }
                        okUpdates += BATCH;
                    } catch (SQLException e) {
                        updateFailNanos += System.nanoTime() - t0;
                        updateFailures++;
                        failure("update", b, e);
                    }
                }
            } catch (Throwable t) {
                fatal = t;
                connected.countDown();
            }
        }

        /**
         * One manual-commit transaction: the INSERT and the UPDATE, then commit(). Only a commit() that
         * returns acknowledges the batch. On any failure the writer calls rollback() as a pool or Spring
         * would, which must succeed, and goes on with the same connection: its next transaction must be a
         * transaction again (a failed commit once turned later work into auto-commits).
         */
        private void transaction(Connection c, Statement s, long b, String insert) {
            long t0 = System.nanoTime();
            try {
                int inserted = s.executeUpdate(insert);
                int updated = s.executeUpdate("UPDATE manual_counters SET n = n + " + BATCH + " WHERE id = 1");
                c.commit();
                insertOkNanos += System.nanoTime() - t0;
                if (inserted != BATCH || updated != 1) {
                    unexpected("transaction", b, "executeUpdate returned " + inserted + " and " + updated, null);
                }
                okInserts += BATCH;
                okUpdates += BATCH;
            } catch (SQLException e) {
                insertFailNanos += System.nanoTime() - t0;
                failedInsertBatches.add(b);
                failure("transaction", b, e);
                try {
                    c.rollback();
                    if (c.getAutoCommit()) {
                        unexpected("transaction", b, "auto-commit turned on after a failed transaction", null);
                    }
                } catch (SQLException r) {
                    unexpected(
                            "rollback",
                            b,
                            "rollback() after a failed transaction: SQLState " + r.getSQLState() + " " + r.getMessage(),
                            r);
                }
            }
        }

        private void failure(String what, long batch, SQLException e) {
            failed++;
            String state = e.getSQLState();
            states.add(String.valueOf(state));
            String message = String.valueOf(e.getMessage()).replace('\n', ' ');
            String key = what + " " + state + " " + message.replaceAll("[0-9]+", "N");
            if (firstMessages.size() < 5 && firstMessages.add(key)) {
                synchronized (System.out) {
                    System.out.println("failure-kind writer=" + id + " " + what + " state=" + state + " "
                            + e.getClass().getSimpleName() + ": " + message);
                }
            }
            if (!EXPECTED_STATE.equals(state)) {
                unexpected(what, batch, "SQLState " + state + " " + e.getClass().getName() + ": " + e.getMessage(), e);
            }
        }

        private void unexpected(String what, long batch, String detail, Throwable e) {
            unexpected++;
            StringBuilder line =
                    new StringBuilder("UNEXPECTED writer=" + id + " " + what + " batch=" + batch + " " + detail);
            if (e != null && unexpected == 1) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            synchronized (System.out) {
                System.out.println(line);
            }
        }

        String summary() {
            return "writer=" + id + " ok_inserts=" + okInserts + " ok_updates=" + okUpdates + " failed=" + failed
                    + " states=" + (states.isEmpty() ? "-" : String.join(",", states))
                    + " batches=" + batches
                    + " insert_ok_ms=" + insertOkNanos / 1_000_000 + " insert_fail_ms=" + insertFailNanos / 1_000_000
                    + " update_ok_ms=" + updateOkNanos / 1_000_000 + " update_fail_ms=" + updateFailNanos / 1_000_000
                    + " failed_insert_batches="
                    + (failedInsertBatches.isEmpty()
                            ? "-"
                            : failedInsertBatches.stream()
                                    .map(String::valueOf)
                                    .reduce((a, x) -> a + "," + x)
                                    .get());
        }
    }

    public static void main(String[] args) throws Exception {
        String jvm = ChildLake.env("DL_JVM");
        int threads = Integer.parseInt(ChildLake.env("DL_THREADS"));
        long seconds = Long.parseLong(ChildLake.env("DL_SECONDS"));
        long maxBatches = Long.parseLong(ChildLake.env("DL_MAX_BATCHES"));
        String url = ChildLake.env("DL_URL");
        Properties properties = properties();

        // Whatever happens, this JVM ends: a statement stuck far past the deadline is a failure, not a hang.
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds + 90));
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.println(
                            "UNEXPECTED jvm=" + jvm + " watchdog: still running " + (seconds + 90) + " s after start");
                    Thread.getAllStackTraces().forEach((t, st) -> {
                        System.out.println("thread " + t.getName());
                        for (StackTraceElement e : st) {
                            System.out.println("    at " + e);
                        }
                    });
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                },
                "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainStart = System.nanoTime();
        CountDownLatch connected = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Writer> writers = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Writer w = new Writer(jvm + "-" + t, url, properties, connected, go, maxBatches, t % 2 == 1);
            writers.add(w);
            Thread thread = new Thread(w, "writer-" + w.id);
            running.add(thread);
            thread.start();
        }
        connected.await(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Writer w : writers) {
            w.deadlineNanos = deadline;
        }
        long connectMs = (System.nanoTime() - mainStart) / 1_000_000;
        go.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        System.out.println("timing jvm=" + jvm + " jvm_start_to_main_ms="
                + (System.currentTimeMillis() - jvmStart - (System.nanoTime() - mainStart) / 1_000_000) + " connect_ms="
                + connectMs
                + " write_ms=" + (System.nanoTime() - deadline + TimeUnit.SECONDS.toNanos(seconds)) / 1_000_000);
        int exit = 0;
        for (Writer w : writers) {
            if (w.fatal != null) {
                exit = 2;
                StringWriter trace = new StringWriter();
                w.fatal.printStackTrace(new PrintWriter(trace));
                System.out.println("UNEXPECTED writer=" + w.id + " stopped: " + trace);
            }
            System.out.println(w.summary());
        }
        System.out.flush();
        System.exit(exit);
    }
}
