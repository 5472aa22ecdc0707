package org.ducklake.jdbc.instance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.engine.BoundedCalls;
import org.ducklake.jdbc.engine.CatalogGuard;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.engine.EngineLock;
import org.ducklake.jdbc.engine.Engines;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.SqlText;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;

/**
 * maintenance=auto: DuckLake's maintenance on one lake instance, in the background, after the instance's
 * connections committed writes and once none of them has run a statement for maintenance_idle. A run flushes
 * inlined data, merges adjacent small files, expires the snapshots older than maintenance_keep_snapshots and
 * deletes the files DuckLake scheduled for deletion longer ago than the lake's delete_older_than option.
 *
 * <p>Each step runs on an engine connection of the run's own, never a user's, and like a user's maintenance
 * statement (see CatalogGuard): alone, not next to another connection's uncommitted schema change, and under
 * the commit lock. A step that cannot start within {@link #GUARD_WAIT_MS} skips the run; a commit conflict with
 * another writer is retried {@link #CONFLICT_RETRIES} times, then the run fails and is tried again at the next
 * idle time. Either way the other writer's commit is DuckLake's business: it commits, or fails with 40001.
 * The whole run is bounded by maintenance_timeout; the engine is interrupted at the bound.
 */
final class AutoMaintenance {
    private static final Logger LOG = Logger.getLogger(AutoMaintenance.class.getName());
    /** How long a step waits for running statements, or another connection's open schema change, to end. */
    static final long GUARD_WAIT_MS = 2_000;

    static final int CONFLICT_RETRIES = 3;
    private static final long RETRY_WAIT_MS = 250;
    /** After a failed run the next waits at least this long, doubled per failure in a row, up to an hour. */
    private static final long FAILURE_PAUSE_MS = 30_000;

    private final LakeConfig config;
    private final EngineLock engineLock;
    private final SqlErrors errors;
    private final Connection home;
    /**
     * Runs under the commit lock before each step, which may commit: settles the snapshot of the connections'
     * latest commit before maintenance adds its own (see CommitSnapshots).
     */
    private final Consumer<Connection> beforeCommit;

    private final Maintenance status;
    private final long idleNanos;
    private final long keepSeconds;
    private final int timeoutSeconds;
    private final String lake;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private boolean running;
    private boolean stopped;
    /** The engine connection of the run under way, or null; closed and interrupted only under {@link #lock}. */
    private Connection current;

    private ScheduledFuture<?> checks;
    /** The engine's commit count when the last complete run started. */
    private long commitsDone;

    private long notBeforeNanos;
    private int failuresInRow;

    private AutoMaintenance(
            LakeConfig config,
            EngineLock engineLock,
            SqlErrors errors,
            Connection home,
            Consumer<Connection> beforeCommit) {
        this.config = config;
        this.engineLock = engineLock;
        this.errors = errors;
        this.home = home;
        this.beforeCommit = beforeCommit;
        this.status = new Maintenance(true, "no run yet");
        this.idleNanos = TimeUnit.SECONDS.toNanos(config.integer(LakeProperty.MAINTENANCE_IDLE));
        this.keepSeconds = config.integer(LakeProperty.MAINTENANCE_KEEP_SNAPSHOTS);
        this.timeoutSeconds = (int) config.integer(LakeProperty.MAINTENANCE_TIMEOUT);
        this.lake = SqlText.literal(config.alias());
    }

    /**
     * Starts maintenance for an instance when its config asks for it and it may write; null otherwise (then
     * {@link #disabled} says why).
     */
    static AutoMaintenance startIfWanted(
            LakeConfig config,
            EngineLock engineLock,
            SqlErrors errors,
            Connection home,
            Consumer<Connection> beforeCommit) {
        if (disabledReason(config) != null) {
            return null;
        }
        AutoMaintenance m = new AutoMaintenance(config, engineLock, errors, home, beforeCommit);
        long period = Math.max(250, Math.min(5_000, TimeUnit.NANOSECONDS.toMillis(m.idleNanos) / 4));
        m.checks = Background.TIMERS.scheduleWithFixedDelay(m::check, period, period, TimeUnit.MILLISECONDS);
        LOG.log(Level.FINE, "maintenance=auto for {0}: after {1} s idle, keeping snapshots for {2} s", new Object[] {
            config.maskedUrl(), config.integer(LakeProperty.MAINTENANCE_IDLE), m.keepSeconds
        });
        return m;
    }

    /** Why an instance of this config runs no maintenance, or null when it does. */
    static String disabledReason(LakeConfig config) {
        if (!"auto".equals(config.string(LakeProperty.MAINTENANCE))) {
            return "maintenance=off";
        }
        if (config.bool(LakeProperty.READ_ONLY)
                || config.isSet(LakeProperty.SNAPSHOT_VERSION)
                || config.isSet(LakeProperty.SNAPSHOT_TIME)) {
            return "off: the lake is attached read-only";
        }
        return null;
    }

    /** The status of an instance that runs no maintenance. */
    static Maintenance disabled(LakeConfig config) {
        return new Maintenance(false, disabledReason(config));
    }

    Maintenance status() {
        return status;
    }

    /** On the timer thread: starts a run when there were commits since the last and the instance is idle. */
    private void check() {
        long commits;
        lock.lock();
        try {
            commits = engineLock.commits();
            if (stopped || running || commits == commitsDone || System.nanoTime() - notBeforeNanos < 0) {
                return;
            }
            long quiet = engineLock.catalog.quietNanos();
            if (quiet < idleNanos) {
                return;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        try {
            Background.MAINTENANCE.execute(() -> run(commits));
        } catch (RejectedExecutionException e) {
            finished();
        }
    }

    private void run(long commits) {
        long started = System.nanoTime();
        Connection c;
        try {
            c = open();
        } catch (SQLException e) {
            ended(
                    Maintenance.Outcome.FAILED,
                    started,
                    "failed: " + errors.translate(e).getMessage(),
                    Level.WARNING);
            finished();
            return;
        }
        if (c == null) { // stopped meanwhile
            finished();
            return;
        }
        AtomicBoolean workStarted = new AtomicBoolean();
        try {
            Done done = BoundedCalls.call(
                    c,
                    timeoutSeconds,
                    "maintenance_timeout",
                    SqlState.QUERY_CANCELED,
                    () -> {
                        workStarted.set(true);
                        try {
                            return steps(c);
                        } finally {
                            closeAndFinish(c);
                        }
                    },
                    why -> LOG.log(
                            Level.WARNING,
                            "maintenance of {0}: {1}; it ends when the engine lets it go",
                            new Object[] {config.maskedUrl(), why}));
            lock.lock();
            try {
                commitsDone = commits;
                failuresInRow = 0;
            } finally {
                lock.unlock();
            }
            ended(Maintenance.Outcome.DONE, started, "ok: " + done.text, done.changed ? Level.INFO : Level.FINE);
        } catch (Busy e) {
            ended(Maintenance.Outcome.SKIPPED, started, "skipped: " + e.getMessage(), Level.FINE);
        } catch (SQLException | RuntimeException e) {
            String why = e instanceof SQLException
                    ? errors.translate((SQLException) e).getMessage()
                    : e.toString();
            if (System.nanoTime() - started >= TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                why = "stopped at maintenance_timeout=" + timeoutSeconds + "s: " + why;
            }
            lock.lock();
            try {
                long pause = Math.min(TimeUnit.HOURS.toMillis(1), FAILURE_PAUSE_MS << Math.min(failuresInRow, 7));
                failuresInRow++;
                notBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
            } finally {
                lock.unlock();
            }
            ended(Maintenance.Outcome.FAILED, started, "failed: " + why, Level.WARNING);
        } finally {
            if (!workStarted.get()) {
                closeAndFinish(c);
            }
        }
    }

    private Connection open() throws SQLException {
        Connection c = Engines.duplicate(home);
        lock.lock();
        try {
            if (stopped) {
                closeQuietly(c);
                return null;
            }
            current = c;
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** What a run did, in words, and whether it changed anything. */
    private static final class Done {
        final String text;
        final boolean changed;

        Done(String text, boolean changed) {
            this.text = text;
            this.changed = changed;
        }
    }

    /** The steps of one run, on its own engine connection. */
    private Done steps(Connection c) throws SQLException {
        long filesBefore = single(c, "SELECT coalesce(sum(file_count), 0) FROM ducklake_table_info(" + lake + ")")[0];
        long[] flushed =
                single(c, "SELECT coalesce(sum(rows_flushed), 0) FROM ducklake_flush_inlined_data(" + lake + ")");
        long[] merged = single(
                c,
                "SELECT coalesce(sum(files_processed), 0), coalesce(sum(files_created), 0)"
                        + " FROM ducklake_merge_adjacent_files(" + lake + ")");
        long[] expired = single(
                c,
                "SELECT count(*) FROM ducklake_expire_snapshots(" + lake + ", older_than => now() - INTERVAL ("
                        + keepSeconds + ") SECOND)");
        // Without older_than DuckLake keeps each file for its delete_older_than option (default 2 days) after
        // it was scheduled for deletion, so a query that still reads it is not cut off.
        long[] deleted = single(c, "SELECT count(*) FROM ducklake_cleanup_old_files(" + lake + ")");
        long filesAfter = single(c, "SELECT coalesce(sum(file_count), 0) FROM ducklake_table_info(" + lake + ")")[0];
        status.files(filesBefore, filesAfter);
        boolean changed = flushed[0] + merged[0] + expired[0] + deleted[0] > 0;
        return new Done(
                String.format(
                        Locale.ROOT,
                        "flushed %d inlined rows, merged %d files into %d, expired %d snapshots, deleted %d old files;"
                                + " %d data files before, %d after",
                        flushed[0],
                        merged[0],
                        merged[1],
                        expired[0],
                        deleted[0],
                        filesBefore,
                        filesAfter),
                changed);
    }

    /**
     * Runs one maintenance query like a user's maintenance statement: alone, not next to another connection's
     * uncommitted schema change, under the commit lock; commit conflicts are retried with backoff.
     */
    // Quirk.SCHEMA_CHANGE_UNDER_LOAD, Quirk.CONCURRENT_COMMITS_COLLIDE
    private long[] single(Connection c, String sql) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            if (isStopped()) {
                throw SqlErrors.create("Stopped: the lake instance is closing", SqlState.QUERY_CANCELED, null);
            }
            CatalogGuard.Hold hold;
            try {
                hold = engineLock.catalog.enter(this, CatalogEffect.DROPS_CACHED_SCHEMAS, GUARD_WAIT_MS);
            } catch (SQLException e) {
                throw new Busy(e.getMessage());
            }
            SQLException failure;
            try {
                if (!engineLock.lock.tryLock(GUARD_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    throw new Busy("another connection's commit took longer than " + GUARD_WAIT_MS + " ms");
                }
                try {
                    beforeCommit.accept(c);
                    return query(c, sql);
                } finally {
                    engineLock.lock.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SqlErrors.create("Interrupted", SqlState.QUERY_CANCELED, e);
            } catch (Busy e) {
                throw e;
            } catch (SQLException e) {
                failure = errors.translate(e);
            } finally {
                hold.release(false);
            }
            if (!conflict(failure) || attempt >= CONFLICT_RETRIES) {
                throw failure;
            }
            status.conflictRetried();
            long wait = (RETRY_WAIT_MS << attempt) / 2
                    + ThreadLocalRandom.current().nextLong((RETRY_WAIT_MS << attempt) / 2 + 1);
            LOG.log(Level.FINE, "maintenance of {0}: commit conflict, trying again in {1} ms: {2}", new Object[] {
                config.maskedUrl(), wait, failure.getMessage()
            });
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SqlErrors.create("Interrupted", SqlState.QUERY_CANCELED, e);
            }
        }
    }

    /**
     * The first row of a query, read to its end: an auto-commit query whose streamed result is closed before its
     * end is rolled back, and a maintenance function's changes with it, without an error.
     */
    // Quirk.EARLY_CLOSE_ROLLS_BACK
    private static long[] query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            long[] values = new long[n];
            if (rs.next()) {
                for (int i = 0; i < n; i++) {
                    values[i] = rs.getLong(i + 1);
                }
            }
            while (rs.next()) {
                // to the end, so that the query commits
            }
            return values;
        }
    }

    /** A commit that collided with another writer's: DuckLake's conflicts and its exhausted retries. */
    static boolean conflict(SQLException e) {
        String text = String.valueOf(e.getMessage());
        return SqlState.SERIALIZATION_FAILURE.equals(e.getSQLState())
                || text.contains("Transaction conflict")
                || text.contains("maximum retry count");
    }

    private boolean isStopped() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    private void ended(Maintenance.Outcome outcome, long startedNanos, String result, Level level) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        status.ended(outcome, millis, result);
        LOG.log(level, "maintenance of {0} in {1} ms: {2}", new Object[] {config.maskedUrl(), millis, result});
    }

    /** Closes the run's engine connection (under the lock, so no interrupt reaches a closed one) and ends it. */
    private void closeAndFinish(Connection c) {
        lock.lock();
        try {
            if (current == c) {
                current = null;
            }
            closeQuietly(c);
        } finally {
            lock.unlock();
        }
        finished();
    }

    private void finished() {
        lock.lock();
        try {
            running = false;
            ended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops maintenance: no new run starts, the one under way is interrupted, and this waits for it to end at
     * most {@code waitMillis}. Called when the instance closes, before its engine does.
     */
    void stop(long waitMillis) {
        long wait = TimeUnit.MILLISECONDS.toNanos(waitMillis);
        lock.lock();
        try {
            stopped = true;
            if (checks != null) {
                checks.cancel(false);
            }
            if (current != null) {
                EngineInternals.interrupt(current); // Quirk.CANCEL_WAITS_FOR_LOCK
            }
            while (running && wait > 0) {
                try {
                    wait = ended.awaitNanos(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (running) {
                LOG.log(
                        Level.WARNING,
                        "maintenance of {0} did not stop within {1} ms; the engine closes when it ends",
                        new Object[] {config.maskedUrl(), waitMillis});
            }
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            EngineInternals.close(c);
        } catch (SQLException e) {
            // Its text only by class and SQLState: an engine's text may carry the catalog's DSN (see SqlErrors#forLog).
            LOG.log(Level.FINE, "closing the maintenance engine connection failed: {0} ({1})", new Object[] {
                e.getClass().getSimpleName(), e.getSQLState()
            });
        }
    }

    /** The lake was busy: a step could not start in time. Not a failure; the run is tried again later. */
    private static final class Busy extends SQLException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message, SqlState.LOCK_NOT_AVAILABLE);
        }
    }
}
