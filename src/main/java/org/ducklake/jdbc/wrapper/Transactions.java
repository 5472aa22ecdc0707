package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ducklake.jdbc.engine.CatalogGuard;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.engine.EngineLock;
import org.ducklake.jdbc.engine.Engines;
import org.ducklake.jdbc.engine.SqlWork;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.SqlFacts;
import org.ducklake.jdbc.sql.StatementKind;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;
import org.ducklake.jdbc.sql.TableChanges;

/**
 * The JDBC transaction of one connection: auto-commit and read-only mode, BEGIN, COMMIT and ROLLBACK, and
 * the state the transaction is in ({@link TransactionState}), read from the engine.
 *
 * <p>DuckDB's connection is kept in auto-commit mode for its whole life, and the driver owns the JDBC
 * transaction state: in manual-commit mode it issues BEGIN before the first statement of each transaction,
 * and commit()/rollback() issue COMMIT/ROLLBACK. Whether a transaction is open is read from the engine
 * (EngineInternals), never from a flag that can go stale: after a failed COMMIT the engine has ended the
 * transaction, rollback() is then a no-op, and the next statement opens a new transaction rather than
 * silently auto-committing. A COMMIT or ROLLBACK the user runs as SQL is seen the same way.
 *
 * <p>An open transaction is IDLE (none open in the engine), OPEN, or FAILED: a statement in it failed in a
 * way that made DuckDB abort it (a constraint or a conversion does; a parser, binder or catalog error does
 * not). DuckDB answers the COMMIT of a FAILED transaction by rolling it back without a word, so a caller
 * would be told its writes were stored when none were (pgjdbc reports it with
 * raiseExceptionOnSilentRollback). The driver asks the engine rather than guessing: before every COMMIT it
 * runs a statement that reads nothing, which the engine refuses in a FAILED transaction, and then fails the
 * COMMIT with 40000, rolls the transaction back, and leaves the connection ready for the next one.
 *
 * <p>The snapshot a commit created (DuckLakeConnection#lastCommitSnapshot): DuckLake 1.5.5's
 * {@code ducklake_last_committed_snapshot()} answers the last snapshot the whole engine committed, whichever
 * connection committed it, and only this engine's commits (never another process's). Every commit that may
 * create a snapshot holds the engine's commit lock (see EngineLock), so under the lock that value changes only
 * by the lock holder's work: the value read under the lock before a commit, compared with the value read
 * under the lock after it, tells the commit's snapshot, and no change means the commit created none. The
 * read after is the next commit's read before, or the connection's own when asked (see CommitSnapshots).
 * When a read fails, or something may have committed outside the lock, the answer is -1.
 *
 * <p>Every method runs inside a call of the connection (see EngineCalls), so the state only changes
 * inside the call lock.
 */
final class Transactions {
    private static final Logger LOG = Logger.getLogger(LakeConnection.class.getName());

    private static final long UNREAD = CommitSnapshots.UNREAD;
    /** What CommitSnapshots settles a commit with that created no snapshot. */
    static final long NO_NEW_SNAPSHOT = Long.MIN_VALUE + 1;

    private final LakeConnection connection;
    private final EngineLock engineLock;
    /** Where commits are counted (see LakeEvents). */
    private final LakeEvents events;
    /** Reads the engine's last committed snapshot; null when the instance cannot tell. */
    private final String lastCommittedQuery;
    /** The instance's record of whose commit is not settled yet; null when the instance cannot tell. */
    private final CommitSnapshots snapshots;
    /** The snapshot this connection's latest commit that changed the lake created; -1 for none or unknown. */
    private volatile long lastCommitSnapshot = -1;
    /** Whether this connection's latest commit is not settled yet (see CommitSnapshots). */
    private volatile boolean pendingSnapshot;
    /** The engine's commit lock (see EngineLock). */
    private final ReentrantLock commits;

    /** Rows of the open transaction's executeBatch calls not written yet (see CoalescedBatch); null for none. */
    private CoalescedBatch staged;

    /** Tables changed in the open transaction (see refuseRenameAfterChange). */
    private final Set<String> changedTables = new HashSet<>();

    /** The connection's auto-commit mode, owned here: DuckDB's connection always stays in auto-commit. */
    private volatile boolean autoCommit = true;
    /** Whether transactions are READ ONLY (see setReadOnly). */
    private volatile boolean readOnly;
    /**
     * Whether a transaction the driver opened is still running; only consulted where the engine's own state
     * cannot be read ({@link EngineInternals#AVAILABLE} false).
     */
    private volatile boolean opened;
    /**
     * The last failure of a statement in the open transaction, the likely reason the engine aborted it; the
     * cause of the error a COMMIT of an aborted transaction gets. Cleared when a transaction starts or ends.
     */
    private volatile SQLException failureInTransaction;

    Transactions(LakeConnection connection, EngineLink link) {
        this.connection = connection;
        this.engineLock = link.engineLock();
        this.commits = engineLock.lock;
        this.events = link.events();
        this.lastCommittedQuery = link.lastCommittedQuery();
        this.snapshots = lastCommittedQuery == null ? null : link.commitSnapshots();
    }

    /**
     * See DuckLakeConnection#lastCommitSnapshot. When this connection's latest commit is not settled yet,
     * settles it (one in-memory read, under the commit lock); inside a call of the connection.
     */
    long lastCommitSnapshot() throws SQLException {
        if (pendingSnapshot && snapshots != null) {
            lockCommits();
            try {
                if (snapshots.isPending(this)) {
                    snapshots.settle(committedSnapshot(), !engineLock.commitsOutsideLock());
                }
            } finally {
                commits.unlock();
            }
        }
        return settledSnapshot();
    }

    /**
     * On close: settles this connection's pending commit now, so the closed connection still answers it. Never
     * waits: when another connection holds the commit lock, close does not wait for its write to end; the
     * commit is then settled by the next commit of the instance (see CommitSnapshots), and until then the
     * closed connection answers -1.
     */
    void settleOnClose() {
        if (!pendingSnapshot || snapshots == null || !commits.tryLock()) {
            return;
        }
        try {
            if (snapshots.isPending(this)) {
                snapshots.settle(committedSnapshot(), !engineLock.commitsOutsideLock());
            }
        } catch (RuntimeException e) {
            LOG.log(
                    Level.FINE,
                    "could not settle the snapshot of the connection''s latest commit on close: {0}",
                    connection.forLog(e));
        } finally {
            commits.unlock();
        }
    }

    /** The snapshot as far as it is settled: -1 while this connection's latest commit is pending. */
    long settledSnapshot() {
        return pendingSnapshot ? -1 : lastCommitSnapshot;
    }

    /** Called by CommitSnapshots, under the commit lock: what this connection's pending commit created. */
    void settled(long snapshot) {
        if (snapshot != NO_NEW_SNAPSHOT) {
            lastCommitSnapshot = snapshot;
        }
        pendingSnapshot = false;
    }

    boolean autoCommit() {
        return autoCommit;
    }

    boolean readOnly() {
        return readOnly;
    }

    /** Whether the driver's own flag says a transaction is open (where the engine's state cannot be read). */
    boolean openedFlag() {
        return opened;
    }

    /** The transaction's state, read from the engine. */
    TransactionState state() throws SQLException {
        if (!connection.inTransaction()) {
            return TransactionState.IDLE;
        }
        return failedTransaction() == null ? TransactionState.OPEN : TransactionState.FAILED;
    }

    // ---- modes ----

    /**
     * Switching to auto-commit commits an open transaction, as JDBC specifies; when that COMMIT fails the
     * mode stays manual and the transaction is over (the next statement opens a new one).
     */
    void setAutoCommit(boolean on) throws SQLException {
        if (on && !autoCommit) {
            if (connection.inTransaction()) {
                commitOpenTransaction();
            } else {
                refuseLostStaged();
            }
        }
        autoCommit = on;
    }

    /**
     * A read-only connection runs its transactions READ ONLY, so the engine refuses every write with 25006:
     * in manual-commit mode each transaction, in auto-commit mode every statement that is not a plain read
     * (see SqlFacts#plainRead). As in pgjdbc, the mode cannot change while a transaction is open (25001).
     */
    void setReadOnly(boolean on) throws SQLException {
        if (on != readOnly && connection.inTransaction()) {
            throw SqlErrors.create(
                    "Cannot change the read-only mode while a transaction is open: commit or roll back first",
                    SqlState.ACTIVE_TRANSACTION,
                    null);
        }
        readOnly = on;
    }

    /**
     * On a read-only connection, refuses before it runs what the engine's READ ONLY transaction would not
     * stop (25006): SQL that opens a transaction which is not READ ONLY, and a DuckLake function that may
     * write (DuckLake 1.5.5 runs its maintenance functions inside a READ ONLY transaction and commits their
     * changes: Quirk.READ_ONLY_MAINTENANCE), or a catalog database's execute function.
     */
    void checkReadOnly(Supplier<SqlFacts> facts) throws SQLException {
        if (!readOnly) {
            return;
        }
        if (facts.get().beginsWritableTransaction()) {
            throw SqlErrors.create(
                    "This connection is read-only: a transaction it opens must be READ ONLY (BEGIN TRANSACTION READ"
                            + " ONLY), or use setAutoCommit(false)",
                    SqlState.READ_ONLY_TRANSACTION,
                    null);
        }
        String writer = facts.get().writingFunction();
        if (writer != null) {
            throw SqlErrors.create(
                    "This connection is read-only: " + writer + " may write to the lake or its catalog, and"
                            + " DuckLake lets such functions write even in a READ ONLY transaction. Use a"
                            + " connection with setReadOnly(false)",
                    SqlState.READ_ONLY_TRANSACTION,
                    null);
        }
    }

    // ---- statements ----

    /** In manual-commit mode, opens a transaction unless one is open. */
    void beginIfManual() throws SQLException {
        if (!autoCommit && !connection.inTransaction()) {
            begin();
        }
    }

    /** Opens a transaction: READ ONLY on a read-only connection, so the engine refuses every write (25006). */
    private void begin() throws SQLException {
        failureInTransaction = null;
        connection.runOnEngine(readOnly ? "BEGIN TRANSACTION READ ONLY" : "BEGIN TRANSACTION");
        opened = true;
    }

    /**
     * Called before a statement executes: in manual-commit mode the statement runs inside a transaction.
     * Returns whether a transaction was open before the statement, for {@link #afterFailedExecution}.
     */
    boolean beforeExecution() throws SQLException {
        try {
            beginIfManual();
        } catch (SQLException e) {
            throw connection.error(e);
        }
        boolean open = connection.inTransaction();
        if (!open) {
            failureInTransaction = null; // from a transaction the user ended with SQL
        }
        return open;
    }

    /*
     * Some failures (a DuckLake commit that fails, e.g. ADD COLUMN with a non-literal default) leave DuckDB's
     * connection in an aborted transaction even in auto-commit mode: every later statement then fails with
     * "Current transaction is aborted (please ROLLBACK)", although the user never began a transaction. So
     * when a statement fails in auto-commit mode and a transaction is open that was not open before it, a
     * quiet ROLLBACK ends it. A transaction the user opened (BEGIN, or manual-commit mode) is left for the
     * user to end, and the failure is kept as what may have aborted it.
     */
    void afterFailedExecution(boolean transactionBefore, SQLException failure) {
        if (!autoCommit || transactionBefore) {
            if (connection.inTransaction() && !abortedNotice(failure)) {
                failureInTransaction = failure;
            }
            return;
        }
        if (connection.inTransaction()) {
            rollbackQuietly();
        }
    }

    /** Whether the failure only reports that an earlier one aborted the transaction. */
    private static boolean abortedNotice(SQLException failure) {
        return String.valueOf(failure.getMessage()).contains("Current transaction is aborted");
    }

    /**
     * Whether an execution of this SQL gets a transaction of its own, so that its commit is serialized with
     * the engine's other commits: in auto-commit mode, for statements that may change the lake (every
     * statement on a SQLite catalog, see EngineLock); on a read-only connection, for every statement that is
     * not a plain read, in a READ ONLY transaction.
     */
    boolean commitsSeparately(String sql, Supplier<SqlFacts> facts) {
        return autoCommit
                && (engineLock.everyStatement
                        || StatementKind.mayChangeTheLake(sql)
                        || (readOnly && !facts.get().plainRead()))
                && !connection.inTransaction();
    }

    /**
     * Runs work that must be all or nothing, such as a batch: in auto-commit mode inside a transaction of
     * its own (committed at the end, rolled back on failure), otherwise inside the current transaction.
     * DuckDB's driver is told a transaction is running, so it neither opens a second one nor commits ours.
     */
    <T> T atomically(SqlWork<T> work) throws SQLException {
        return atomically(true, work);
    }

    /**
     * As {@link #atomically(SqlWork)}; {@code mayWrite} false for work that only reads (it then learns no
     * snapshot: see the class comment).
     */
    <T> T atomically(boolean mayWrite, SqlWork<T> work) throws SQLException {
        boolean own = autoCommit && !connection.inTransaction();
        if (!own) {
            return insideTransaction(work, false, false);
        }
        // The whole transaction holds the commit lock, not only its COMMIT: DuckLake reads the latest
        // snapshot when the transaction first touches the lake, and one that started before another
        // connection's commit fails its first commit attempt and sleeps in DuckLake's retry (about 75 ms).
        lockCommits();
        try {
            try {
                begin();
            } catch (SQLException e) {
                throw connection.error(e);
            }
            return insideTransaction(work, true, mayWrite);
        } finally {
            commits.unlock();
        }
    }

    /*
     * A prepared statement is planned again right before each execution (see FreshPlans). In auto-commit
     * mode DuckDB runs the prepare and the execution as two transactions, and on a PostgreSQL catalog each
     * DuckLake transaction reads the catalog's snapshot first (eight round trips); a plain Statement's text is
     * planned and run in one. So a prepared plain read runs in one transaction the driver begins for it:
     * BEGIN, plan, execute. A result that streams holds that transaction until it ends, as DuckDB's own
     * auto-commit stream holds its transaction (see EngineSession, "a stream's read transaction"); any other
     * outcome commits at once.
     */

    /**
     * Whether a prepared execution of {@code sql} runs in one transaction with its plan (see above): auto-commit
     * mode, no transaction open, a plain read (which creates no snapshot, so its COMMIT needs no commit lock),
     * and the engine's transaction state readable.
     */
    boolean readsInOneTransaction(Supplier<SqlFacts> facts) {
        return autoCommit && EngineInternals.AVAILABLE && facts.get().plainRead() && !connection.inTransaction();
    }

    /**
     * Runs a prepared plain read (see {@link #readsInOneTransaction}) in a transaction begun for it: ended by
     * the stream it returns when it streams from the engine, else committed here. On failure the caller's
     * {@code afterFailedExecution} rolls it back (it was opened by this statement in auto-commit mode).
     */
    <T> T readInOneTransaction(SqlWork<T> work) throws SQLException {
        connection.runOnEngine(readOnly ? "BEGIN TRANSACTION READ ONLY" : "BEGIN TRANSACTION");
        T outcome = work.run();
        EngineSession session = connection.session();
        LakeResultSet live = session.liveStream();
        if (live != null && live.streamsFromTheEngine()) {
            Connection engine = session.primary();
            session.readOpened(engine);
            live.holdsRead(engine);
            return outcome;
        }
        try {
            connection.runOnEngine("COMMIT");
        } catch (SQLException e) {
            if (outcome instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) outcome).close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        return outcome;
    }

    /**
     * Whether a text that is not committed separately may still commit to the lake, so it runs under the
     * commit lock ({@link #committingText}): a text that ends a transaction (its COMMIT, or statements after a
     * ROLLBACK, auto-commit), and in auto-commit mode a text that is not a plain read (SET, USE, a BEGIN …
     * COMMIT text, …). A query that calls a writing DuckLake function (a SELECT of a maintenance function)
     * runs as it is, without the lock, so it may stream: the engine then loses track of commit snapshots.
     */
    boolean mayCommitAsText(Supplier<SqlFacts> facts) {
        if (readOnly) {
            return false; // READ ONLY transactions, and the writing functions refused (see checkReadOnly)
        }
        if (connection.inTransaction()) {
            return facts.get().endsTransaction();
        }
        if (!autoCommit || facts.get().plainRead()) {
            return false;
        }
        if (facts.get().queryShaped()) {
            if (facts.get().writingFunction() != null) {
                engineLock.mayCommitOutsideLock();
            }
            return false;
        }
        return true;
    }

    /**
     * Runs a text that may commit (see mayCommitAsText) under the commit lock, and learns the snapshot it
     * created. A text that ran a COMMIT is counted as a commit, or as a failed one when it failed then.
     */
    <T> T committingText(Supplier<SqlFacts> facts, SqlWork<T> work) throws SQLException {
        lockCommits();
        try {
            long before = snapshotBefore();
            boolean counts = facts.get().commits();
            try {
                T result = work.run();
                if (counts) {
                    events.committed();
                }
                return result;
            } catch (SQLException e) {
                if (counts) {
                    events.commitFailed(connection.error(e).getSQLState());
                }
                throw e;
            } finally {
                // Whatever the outcome: a COMMIT of the text may have succeeded before a later statement failed.
                afterCommit(before);
            }
        } finally {
            commits.unlock();
        }
    }

    /**
     * Under the commit lock, before work that may commit: the engine's last committed snapshot (-1 for none
     * since the lake was attached, UNREAD when it cannot be read or is not needed), which also settles the
     * pending commit (see CommitSnapshots). An in-memory read, no catalog round trip (see
     * SetupSql#lastCommittedSnapshot).
     */
    private long snapshotBefore() {
        if (readOnly || snapshots == null) {
            return UNREAD;
        }
        long now = committedSnapshot();
        snapshots.settle(now, !engineLock.commitsOutsideLock());
        return now;
    }

    /** Under the commit lock, after work that may have committed: its snapshot is settled later. */
    private void afterCommit(long before) {
        if (readOnly || snapshots == null) {
            return;
        }
        if (connection.calls().abandoned()) {
            lastCommitSnapshot = -1; // nobody asks this connection again
            pendingSnapshot = false;
            return;
        }
        pendingSnapshot = true;
        snapshots.pending(this, before);
    }

    private long committedSnapshot() {
        try {
            return connection.queryLong(lastCommittedQuery);
        } catch (SQLException | RuntimeException e) {
            LOG.log(
                    Level.FINE,
                    "could not read the lake''s last committed snapshot; the commit''s is unknown: {0}",
                    connection.forLog(e));
            return UNREAD;
        }
    }

    /** Runs work inside the open transaction; commits it, or rolls it back on failure, when it is our own. */
    private <T> T insideTransaction(SqlWork<T> work, boolean own, boolean mayWrite) throws SQLException {
        EngineInternals.tellDriver(connection.engine(), true);
        try {
            T result = work.run();
            if (own && connection.calls().abandoned()) {
                // The caller was told at its bound that the statement was cancelled: it must not commit
                // now that the engine let it finish. This thread runs the stuck call, so it may end it.
                try {
                    connection.runOnEngine("ROLLBACK");
                } catch (SQLException ignored) {
                    // the engine had ended it; DuckDB ends it with the connection at the latest
                }
                throw SqlErrors.create(
                        "Cancelled after the caller's bound: rolled back", SqlState.QUERY_CANCELED, null);
            }
            if (own) {
                // Already under the engine lock and inside the caller's bound: commit here, not through
                // commitOpenTransaction, which would wait for the lock on another thread.
                try {
                    commitOrEnd(mayWrite);
                } finally {
                    opened = false;
                }
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (own && connection.inTransaction()) {
                rollbackQuietly();
            }
            throw e;
        } finally {
            EngineInternals.tellDriver(connection.engine(), false);
        }
    }

    /**
     * Refuses a rename of a table changed earlier in the same transaction, before it reaches the engine:
     * DuckLake (as DuckDB 1.5.5 ships it) commits that with a catalog no connection can read again
     * (duckdb/ducklake#1332; see TableChanges). The statement is not sent; the transaction stays as it was.
     * {@code changes} are those of the statement (or batch) about to run, in order.
     */
    void refuseRenameAfterChange(List<TableChanges.Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        boolean open = connection.inTransaction(); // read before the monitor: it may move a stream aside
        synchronized (changedTables) {
            if (!open) {
                changedTables.clear(); // a transaction starts with this statement
            }
            Set<String> changed = new HashSet<>(changedTables);
            for (TableChanges.Change change : changes) {
                if (!change.renamed) {
                    changed.add(change.table);
                } else if (changed.contains(change.table)) {
                    throw SqlErrors.create(
                            "Renaming table " + change.table + " after changing it in the same transaction is"
                                    + " refused: DuckLake (DuckDB 1.5.5) would commit it with a catalog no connection"
                                    + " can read again (duckdb/ducklake#1332). Commit the change first, or rename"
                                    + " the table before changing it",
                            SqlState.FEATURE_NOT_SUPPORTED,
                            null);
                }
            }
            changedTables.clear();
            changedTables.addAll(changed);
        }
    }

    /**
     * Runs work that reads the catalog outside a statement of the user's (entering the lake, the driver's
     * metadata queries) under the engine lock where every statement takes it, unless a transaction is open.
     */
    <T> T underEngineLock(SqlWork<T> work) throws SQLException {
        if (!engineLock.everyStatement || connection.inTransaction()) {
            return work.run();
        }
        lockCommits();
        try {
            return work.run();
        } finally {
            commits.unlock();
        }
    }

    // ---- batches written together (see CoalescedBatch) ----

    /** Whether rows of executeBatch calls wait to be written. */
    boolean hasStaged() {
        return staged != null;
    }

    /**
     * Keeps the rows of a batch of the user's transaction to be written with the batches of the same INSERT
     * that follow; rows of another INSERT waiting are written first. On {@code raw}, DuckDB's connection of
     * the transaction.
     */
    void stage(StagedBatch.Write write, java.sql.Connection raw) throws SQLException {
        CoalescedBatch waiting = staged;
        if (waiting != null && waiting.accepts(write, raw)) {
            // A failure part-way leaves the rows refused: the transaction cannot commit.
            waiting.append(write, connection::error);
        } else {
            writeStaged(null);
            staged = CoalescedBatch.start(raw, write, connection.session()::touch);
        }
        if (staged.full()) {
            writeStaged(null);
        }
    }

    /**
     * Before other work on the connection (a statement, a batch of another INSERT, a change of the schema or
     * catalog): writes the rows waiting, unless {@code continuing} (a batch about to run) joins them. When the
     * write fails, the error names the batch; the transaction cannot commit, and every later call is refused
     * (25P02) until it is rolled back.
     */
    void writeStaged(StagedBatch.Write continuing) throws SQLException {
        CoalescedBatch waiting = staged;
        if (waiting == null) {
            return;
        }
        java.sql.Connection engine = Engines.unwrap(connection.engine());
        if (continuing != null && waiting.accepts(continuing, engine)) {
            return;
        }
        if (waiting.failure() != null) {
            throw waiting.error(
                    "could not be written, so the transaction cannot go on: roll it back",
                    SqlState.IN_FAILED_TRANSACTION,
                    connection::scrub);
        }
        if (engine != waiting.engine() || !connection.transactionOpenNow()) {
            refuseLostStaged();
        }
        try {
            waiting.write(connection::error, connection.session()::touch);
        } catch (SQLException e) {
            throw waiting.error(
                    "failed when they were written, before the next call: nothing of them is stored, and the"
                            + " transaction cannot commit: roll it back",
                    null,
                    connection::scrub);
        }
        staged = null;
    }

    /**
     * At commit: writes the rows waiting. When they cannot be written the transaction is rolled back, and the
     * error names the batch.
     */
    private void writeStagedAtCommit() throws SQLException {
        CoalescedBatch waiting = staged;
        if (waiting == null) {
            return;
        }
        SQLException failure;
        if (waiting.failure() != null) {
            failure = waiting.error(
                    "could not be written: the transaction was rolled back, not committed, and nothing of it was"
                            + " stored",
                    SqlState.TRANSACTION_ROLLBACK,
                    connection::scrub);
        } else {
            try {
                writeStaged(null);
                return;
            } catch (SQLException e) {
                failure = e instanceof java.sql.BatchUpdateException
                        ? waiting.error(
                                "failed when they were written at commit: the transaction was rolled back, not"
                                        + " committed, and nothing of it was stored",
                                null,
                                connection::scrub)
                        : e;
            }
        }
        rollbackQuietly();
        events.commitFailed(failure.getSQLState());
        throw failure;
    }

    /**
     * Rows waiting whose transaction ended unseen (not by commit, rollback or a ROLLBACK statement, which
     * write or discard them) are never committed silently: the caller is told.
     */
    private void refuseLostStaged() throws SQLException {
        if (staged == null) {
            return;
        }
        staged = null;
        throw SqlErrors.create(
                "Rows staged by executeBatch were lost: their transaction ended before they were written. Run the"
                        + " transaction again",
                SqlState.TRANSACTION_ROLLBACK,
                null);
    }

    /** After a statement: rows waiting are discarded when the statement ended their transaction (a ROLLBACK). */
    void afterStatement() {
        if (staged != null && !connection.transactionOpenNow()) {
            staged = null;
        }
    }

    // ---- COMMIT and ROLLBACK ----

    /**
     * Commits the open transaction. With none open it does nothing in manual-commit mode (a failed COMMIT
     * already ended it) and fails with 25P01 in auto-commit mode.
     */
    void commit() throws SQLException {
        if (connection.inTransaction()) {
            commitOpenTransaction();
        } else if (staged != null) {
            refuseLostStaged();
        } else if (autoCommit) {
            throw SqlErrors.create(
                    "Cannot commit: auto-commit is on and no transaction is active",
                    SqlState.NO_ACTIVE_TRANSACTION,
                    null);
        }
    }

    /*
     * The commits of one engine instance are serialized by the engine lock (see EngineLock); a commit
     * waiting for the lock waits at most the network timeout, when one is set.
     */
    private void commitOpenTransaction() throws SQLException {
        // A COMMIT reads the catalog: it waits while another connection's catalog change runs (see CatalogGuard).
        CatalogGuard.Hold hold = connection.enterCatalog(CatalogEffect.NONE, connection.networkTimeoutMillis());
        try {
            // A COMMIT abandoned at the network timeout may still complete when the catalog answers: its
            // outcome is unknown to the caller (08007), and logged once it is known. The quiet ROLLBACK after
            // a failure runs inside the bound too: it talks to the catalog as well.
            connection.bounded(
                    connection.networkTimeoutSeconds(),
                    "the network timeout (the outcome of the COMMIT is unknown: it may"
                            + " still complete when the catalog answers)",
                    SqlState.TRANSACTION_RESOLUTION_UNKNOWN,
                    hold.around(
                            () -> {
                                writeStagedAtCommit();
                                try {
                                    lockCommits();
                                } catch (SQLException e) {
                                    // The COMMIT was never sent: end the transaction, as a failed COMMIT does.
                                    rollbackQuietly();
                                    events.commitFailed(e.getSQLState());
                                    throw e;
                                }
                                try {
                                    commitOrEnd(true);
                                } finally {
                                    commits.unlock();
                                }
                                return null;
                            },
                            connection::transactionOpenNow));
        } catch (SQLException e) {
            throw connection.error(e);
        } finally {
            hold.releaseUnlessStarted(connection::transactionOpenNow);
            opened = false;
        }
    }

    /**
     * COMMIT, after asking the engine whether the transaction can commit (see the class comment); when the
     * COMMIT fails the engine has ended the transaction, and a quiet ROLLBACK makes sure.
     */
    private void commitOrEnd(boolean mayWrite) throws SQLException {
        SQLException failed = failedTransaction();
        if (failed != null) {
            rollbackQuietly();
            events.commitFailed(failed.getSQLState());
            throw failed;
        }
        long before = mayWrite ? snapshotBefore() : UNREAD; // in memory: no catalog round trip
        try {
            connection.runOnEngine("COMMIT");
            engineLock.committed();
            events.committed();
            if (mayWrite) {
                afterCommit(before);
            }
            failureInTransaction = null;
            if (connection.calls().abandoned()) {
                LOG.log(
                        Level.WARNING,
                        "A COMMIT abandoned after the network timeout has completed: the "
                                + "transaction was committed ({0})",
                        connection.maskedUrl());
            }
        } catch (SQLException e) {
            events.commitFailed(connection.error(e).getSQLState());
            if (connection.calls().abandoned()) {
                LOG.log(
                        Level.WARNING,
                        "A COMMIT abandoned after the network timeout has failed: the transaction"
                                + " was not committed ({0}): {1}",
                        new Object[] {connection.maskedUrl(), connection.readable(e)});
            }
            if (connection.inTransaction()) {
                rollbackQuietly();
            }
            throw e;
        }
    }

    /**
     * Null when the open transaction can commit; for a FAILED one, the error its COMMIT gets (SQLState
     * 40000, with the failure that aborted the transaction as its cause).
     */
    private SQLException failedTransaction() {
        try {
            connection.runOnEngine("SELECT 1");
            return null;
        } catch (SQLException probe) {
            SQLException cause = failureInTransaction;
            String why = cause != null
                    ? "a statement in it failed: " + connection.readable(cause)
                    : "the engine aborted it after a statement failed";
            return SqlErrors.create(
                    "The transaction was rolled back, not committed: " + why + ". Nothing of it was stored; the"
                            + " connection is ready for a new transaction",
                    SqlState.TRANSACTION_ROLLBACK,
                    cause != null ? cause : probe);
        }
    }

    /**
     * Before a text that commits (SQL COMMIT or END) runs in an open transaction: fails with 40000 and rolls
     * the transaction back when the engine has aborted it, as commit() does.
     */
    void checkCommitBySql(Supplier<SqlFacts> facts) throws SQLException {
        if (connection.inTransaction() && facts.get().commits()) {
            SQLException failed = failedTransaction();
            if (failed != null) {
                rollbackQuietly();
                events.commitFailed(failed.getSQLState());
                throw failed;
            }
            engineLock.committed(); // counted before it runs: an extra maintenance check costs nothing
        }
    }

    /**
     * Rolls the open transaction back. With none open it does nothing in manual-commit mode (e.g. after a
     * failed COMMIT, which ended the transaction; pools and Spring call rollback() then) and fails with 25P01
     * in auto-commit mode.
     */
    void rollback() throws SQLException {
        boolean open = connection.inTransaction();
        if (!open) {
            staged = null; // their transaction is over, and this is where the caller discards them
        }
        if (open) {
            try {
                connection.bounded(
                        connection.networkTimeoutSeconds(), "the network timeout", SqlState.CONNECTION_FAILURE, () -> {
                            connection.runOnEngine("ROLLBACK");
                            engineLock.catalog.transactionEnded(connection);
                            return null;
                        });
                opened = false;
                failureInTransaction = null;
                staged = null;
            } catch (SQLException e) {
                SQLException failure = connection.error(e);
                boolean stillOpen = EngineInternals.AVAILABLE
                        ? connection.inTransaction()
                        : !SqlState.NO_ACTIVE_TRANSACTION.equals(failure.getSQLState());
                opened = false;
                if (stillOpen) {
                    throw failure;
                }
                staged = null;
                // The engine had ended it already: nothing is left to roll back.
            }
        } else if (autoCommit) {
            throw SqlErrors.create(
                    "Cannot roll back: auto-commit is on and no transaction is active",
                    SqlState.NO_ACTIVE_TRANSACTION,
                    null);
        }
    }

    /**
     * Ends whatever transaction is open, ignoring failures (nothing open is the usual one). Not on an
     * abandoned connection: its stuck call holds DuckDB's connection lock, and DuckDB ends the transaction
     * when it closes the connection.
     */
    void rollbackQuietly() {
        if (connection.calls().abandoned()) {
            return;
        }
        try {
            connection.runOnEngine("ROLLBACK");
        } catch (SQLException ignored) {
            // The engine had already ended it.
        }
        opened = false;
        failureInTransaction = null;
        staged = null;
        engineLock.catalog.transactionEnded(connection);
    }

    /** Takes the engine's commit lock, waiting at most the network timeout when one is set. */
    private void lockCommits() throws SQLException {
        int ms = connection.networkTimeoutMillis();
        try {
            if (ms <= 0) {
                commits.lockInterruptibly();
            } else if (!commits.tryLock(ms, TimeUnit.MILLISECONDS)) {
                throw SqlErrors.create(
                        "Commit timed out after the network timeout of " + ms
                                + " ms waiting for another connection's commit to the lake",
                        SqlState.QUERY_CANCELED,
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqlErrors.create("Interrupted while waiting to commit", SqlState.QUERY_CANCELED, e);
        }
    }
}
