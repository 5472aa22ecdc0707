package org.ducklake.jdbc.engine;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock the connections of one engine instance share to keep out of each other's way in the catalog.
 *
 * <p>Every catalog: DuckLake numbers a snapshot by reading the latest and adding one, so two connections of
 * one engine committing at once collide ("Duplicate key snapshot_id … violates primary key") and, after
 * DuckLake's retries, fail although neither touched the other's data. Writes in auto-commit mode and
 * COMMITs therefore hold the lock.
 *
 * <p>A SQLite catalog also deadlocks a reader against a writer of the same engine: each holds a SQLite lock
 * the other waits for until SQLite's busy timeout (5 s) fails one of them ("database is locked"), seen with
 * plain DuckDB as well. So there {@link #everyStatement} is true and reads in auto-commit mode, entering
 * the lake and the driver's metadata queries hold the lock too.
 *
 * <p>Because every commit that may create a snapshot holds the lock, the snapshot DuckLake reports as the
 * engine's last committed changes, while a connection holds the lock, only by that connection's commits:
 * how a connection learns the snapshot it created (see the wrapper's Transactions). Anything that commits to
 * the lake on this engine without the lock must call {@link #mayCommitOutsideLock} first.
 */
// Quirk.CONCURRENT_COMMITS_COLLIDE
public final class EngineLock {
    public final ReentrantLock lock = new ReentrantLock(true); // fair: no writer starves behind the others
    /** Whether every auto-commit statement holds the lock, reads included (SQLite catalogs). */
    // Quirk.SQLITE_READER_WRITER_DEADLOCK
    public final boolean everyStatement;
    /**
     * Keeps the engine's statements from freeing the catalog an uncommitted schema change points into (see
     * CatalogGuard). Taken before {@link #lock} wherever both are held.
     */
    public final CatalogGuard catalog = new CatalogGuard();

    /** COMMITs the engine's connections sent, counted so that maintenance=auto runs only after writes. */
    private final AtomicLong commits = new AtomicLong();

    /**
     * Whether something may have committed to the lake on this engine outside {@link #lock}: DuckDB's own
     * connection or statement handed to a user (unwrap), a query that calls a writing DuckLake function.
     * From then on no commit's snapshot can be told apart from another connection's (see Transactions), so
     * connections answer -1 for theirs. Never cleared: the engine cannot say when such a commit happened.
     */
    private volatile boolean commitsOutsideLock;

    public EngineLock(boolean everyStatement) {
        this.everyStatement = everyStatement;
    }

    /** A connection of this engine committed a transaction (or sent a COMMIT by SQL). */
    public void committed() {
        commits.incrementAndGet();
    }

    /** How many COMMITs the engine's connections sent so far. */
    public long commits() {
        return commits.get();
    }

    /** Something may commit to the lake outside the lock (see commitsOutsideLock). */
    public void mayCommitOutsideLock() {
        commitsOutsideLock = true;
    }

    /** Whether something may have committed to the lake outside the lock. */
    public boolean commitsOutsideLock() {
        return commitsOutsideLock;
    }

    /** Work on the engine that may fail with a SQLException. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    /** Runs work under the lock where every statement takes it, else as it is (the instance's own reads). */
    public void whereEveryStatement(Work work) throws SQLException {
        if (!everyStatement) {
            work.run();
            return;
        }
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "EngineLock[" + (everyStatement ? "every statement" : "writes") + "]";
    }
}
