package org.ducklake.jdbc.instance;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What maintenance=auto did on one lake instance (see AutoMaintenance): counters and the last run. Read from
 * any thread; the values are updated when a run ends.
 */
public final class Maintenance {
    private final boolean enabled;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong conflictsRetried = new AtomicLong();
    private volatile long lastRunEpochMillis;
    private volatile long lastRunMillis;
    private volatile String lastResult;
    private volatile long filesBefore = -1;
    private volatile long filesAfter = -1;

    Maintenance(boolean enabled, String why) {
        this.enabled = enabled;
        this.lastResult = why;
    }

    /** Whether this instance runs maintenance (maintenance=auto on a lake it may write). */
    public boolean enabled() {
        return enabled;
    }

    /** Runs that ran all their steps. */
    public long runs() {
        return runs.get();
    }

    /** Runs that failed: an error, the run's time bound, or commit conflicts left after the retries. */
    public long failures() {
        return failures.get();
    }

    /**
     * Runs given up before their first change because the lake was busy: statements running, or another
     * connection's transaction holding uncommitted schema changes. They are tried again at the next idle time.
     */
    public long skipped() {
        return skipped.get();
    }

    /** Maintenance statements tried again after a commit conflict with another writer. */
    public long conflictsRetried() {
        return conflictsRetried.get();
    }

    /** When the last run (of any outcome) ended, in milliseconds since the epoch; 0 before the first. */
    public long lastRunEpochMillis() {
        return lastRunEpochMillis;
    }

    /** How long the last run took, in milliseconds. */
    public long lastRunMillis() {
        return lastRunMillis;
    }

    /** The last run's outcome in a few words ("ok: …", "skipped: …", "failed: …"), or why none runs. */
    public String lastResult() {
        return lastResult;
    }

    /** Live data files of the lake before the last run that got that far; -1 before the first. */
    public long filesBefore() {
        return filesBefore;
    }

    /** Live data files of the lake after the last run that got that far; -1 before the first. */
    public long filesAfter() {
        return filesAfter;
    }

    void conflictRetried() {
        conflictsRetried.incrementAndGet();
    }

    void files(long before, long after) {
        filesBefore = before;
        filesAfter = after;
    }

    void ended(Outcome outcome, long millis, String result) {
        switch (outcome) {
            case DONE:
                runs.incrementAndGet();
                break;
            case SKIPPED:
                skipped.incrementAndGet();
                break;
            default:
                failures.incrementAndGet();
        }
        lastRunMillis = millis;
        lastResult = result;
        lastRunEpochMillis = System.currentTimeMillis();
    }

    enum Outcome {
        DONE,
        SKIPPED,
        FAILED
    }

    @Override
    public String toString() {
        return "Maintenance[" + (enabled ? "auto" : "off") + ", runs " + runs + ", failures " + failures + ", skipped "
                + skipped + ", conflicts retried " + conflictsRetried + ", last: " + lastResult + "]";
    }
}
