package org.ducklake.jdbc.wrapper;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ducklake.jdbc.engine.CallLock;
import org.ducklake.jdbc.engine.CatalogGuard;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.engine.SqlWork;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.JdbcEscapes;
import org.ducklake.jdbc.sql.SqlFacts;
import org.ducklake.jdbc.sql.StatementKind;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;
import org.ducklake.jdbc.sql.TableChanges;

/**
 * A statement handed to the user: forwards to DuckDB's statement, wraps every result set it produces in a
 * {@link LakeResultSet} that reports this statement as its owner, closes those result sets when it closes
 * or executes again, and reports our {@link LakeConnection} from {@link #getConnection()}. After
 * {@link #close()} every method but {@code close}, {@code isClosed}, {@code unwrap} and
 * {@code isWrapperFor} throws.
 *
 * <p>DuckDB's driver closes its statement when an execution fails; this wrapper stays usable by opening a
 * fresh delegate on the next call (see {@code reopenIfClosed}).
 */
public class LakeStatement extends StatementForwards {
    private static final Logger LOG = Logger.getLogger(LakeStatement.class.getName());

    /**
     * Opens a delegate statement on DuckDB's connection: once when the statement is created, and again
     * when DuckDB closed the delegate after a failed execution.
     */
    @FunctionalInterface
    interface Opener<S extends Statement> {
        S open(Connection raw) throws SQLException;
    }

    private static final AtomicLong IDS = new AtomicLong();

    private final LakeConnection connection;

    private final long id = IDS.incrementAndGet();
    /** The result set type asked for: TYPE_FORWARD_ONLY, or TYPE_SCROLL_INSENSITIVE (rows kept in memory). */
    private volatile int resultSetType = ResultSet.TYPE_FORWARD_ONLY;

    private final AtomicBoolean closed = new AtomicBoolean();
    /** Open result sets, closed when this statement closes or executes again (see OpenResults). */
    private final OpenResults results = new OpenResults();

    /** The DuckDB statement under this one, opened again when it must be (see EngineStatement). */
    private final EngineStatement engine;
    /** The result of the last execution, taken from DuckDB's statement before its COMMIT (see keepResultOf). */
    private volatile LakeResultSet keptResult;
    /** Kept here, not in DuckDB's statement: only our wrappers know when our result sets close. */
    private volatile boolean closeOnCompletion;
    /** The table changes of the SQL last executed (see TableChanges), kept for a prepared statement's repeats. */
    private String changesRead;

    private List<TableChanges.Change> changes = List.of();
    /** The pending batch of SQL texts (see TextBatch). */
    private final TextBatch batch = new TextBatch();
    /** The text whose catalog effect was read last, and that effect (see CatalogGuard). */
    private String effectRead;

    private CatalogEffect effect = CatalogEffect.NONE;
    /** The text whose facts were read last, and those facts (see SqlFacts); read only when needed. */
    private String factsRead;

    private SqlFacts facts;
    /** Whether JDBC escapes ({d …}, {fn …}, {call …}) in SQL text are translated; a prepared statement's were at prepare. */
    private volatile boolean escapeProcessing = true;
    /** Whether a transaction was open when the current execution started (see executionError). */
    private volatile boolean transactionBefore;
    /** Guards {@link #running} and cancel()'s interrupt: the interrupt reaches this statement's work only. */
    private final Object runLock = new Object();
    /** Whether an execution or batch of this statement runs in the engine now (inside its bound). */
    private boolean running;
    /** Whether cancel() came during the run under way (see {@link #cancelPoint}). */
    private boolean cancelRequested;

    LakeStatement(LakeConnection connection, Statement delegate, Opener<? extends Statement> opener) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.engine = new EngineStatement(connection, Objects.requireNonNull(delegate, "delegate"), opener);
    }

    /** Sets the result set type asked for, once, before the statement is handed out. */
    final <S extends LakeStatement> S ofType(int type) {
        resultSetType = type;
        @SuppressWarnings("unchecked")
        S self = (S) this;
        return self;
    }

    // ---- plumbing shared with LakePreparedStatement, LakeCallableStatement and LakeResultSet ----

    /** Throws the closed-statement error after close(). */
    final void checkOpen() throws SQLException {
        if (closed.get()) {
            throw SqlErrors.closed("Statement");
        }
    }

    /** The delegate to call, after checking this statement is open and re-opening a delegate DuckDB closed. */
    @Override
    final Statement delegate() throws SQLException {
        checkOpen();
        return engine.isSuspect() ? engine.reopenIfClosed(closed.get(), this::replaced) : engine.current();
    }

    /** The current delegate, also after close (for unwrap). */
    @Override
    final Statement wrapped() {
        return engine.current();
    }

    /**
     * The delegate for an execution: as {@link #delegate()}, and first closes this statement's open result
     * sets, as JDBC requires of every execute method (DuckDB closes its own; this closes our wrappers). Rows
     * staged by earlier batches of the transaction are written before (see CoalescedBatch), unless
     * {@code continuing}, the batch about to run, joins them, or {@code sql} is a ROLLBACK, which discards
     * them.
     */
    final Statement executing(String sql, StagedBatch.Write continuing) throws SQLException {
        checkOpen();
        closeResultsQuietly();
        keptResult = null;
        // Before the delegate is chosen: the live stream may keep the engine connection it is on, and the
        // connection's calls then go on on another (see EngineSession).
        transactionBefore = connection.beforeExecution();
        Transactions transactions = connection.transactions();
        if (transactions.hasStaged() && !(sql != null && factsOf(sql).rollsBackOnly())) {
            transactions.writeStaged(continuing);
        }
        Statement target = delegate();
        return engine.leftBehind() ? engine.follow() : target;
    }

    /** One execution on the delegate. */
    @FunctionalInterface
    interface Execution<T> {
        T run(Statement target) throws SQLException;
    }

    /**
     * Runs one execution of {@code sql} on the delegate: results closed, in manual-commit mode inside the
     * transaction, and in auto-commit mode a statement that may change the lake in a transaction of its own
     * whose commit is serialized with the engine's other commits (see LakeConnection#commitsSeparately).
     */
    final <T> T execution(String sql, SqlExecution<T> work) throws SQLException {
        checkOpen();
        String translated = connection.checkAccess(escapeProcessing ? JdbcEscapes.translate(sql) : sql);
        return checkedExecution(translated, target -> work.run(target, translated));
    }

    /** One execution of SQL text: the text as it runs, JDBC escapes translated (see {@link #execution}). */
    interface SqlExecution<T> {
        T run(Statement target, String sql) throws SQLException;
    }

    /** As {@link #execution}, for SQL whose access was checked when it was prepared. */
    final <T> T checkedExecution(String sql, Execution<T> work) throws SQLException {
        LakeEvents events = connection.events();
        events.statementStarted();
        try {
            return connection.calls().serialized(() -> serializedExecution(sql, work));
        } finally {
            events.statementEnded();
        }
    }

    private <T> T serializedExecution(String sql, Execution<T> work) throws SQLException {
        executing = factsOf(sql);
        try {
            return serializedExecutionOf(sql, work);
        } finally {
            executing = null;
        }
    }

    private <T> T serializedExecutionOf(String sql, Execution<T> work) throws SQLException {
        connection.transactions().checkReadOnly(() -> factsOf(sql));
        connection.transactions().refuseRenameAfterChange(changesOf(sql));
        // A change of the lake's catalog runs alone; other statements wait while one runs (see CatalogGuard).
        CatalogGuard.Hold hold = connection.enterCatalog(effectOf(sql), guardWaitMillis());
        try {
            // Everything that may talk to the catalog runs inside the bound: entering the lake, the statement,
            // and the quiet ROLLBACK after a failure.
            return bounded(hold.around(
                    () -> cancellable(() -> {
                        try {
                            Statement target = executing(sql, null);
                            cancelPoint(); // a cancel while earlier batches' rows were written
                            connection.transactions().checkCommitBySql(() -> factsOf(sql));
                            if (connection.transactions().commitsSeparately(sql, () -> factsOf(sql))) {
                                // A plain read (every statement on a SQLite catalog comes here) creates no snapshot.
                                boolean mayWrite = !factsOf(sql).plainRead();
                                return connection.transactions().atomically(mayWrite, () -> {
                                    T outcome = work.run(target);
                                    keepResultOf(target);
                                    return outcome;
                                });
                            }
                            if (plansEachExecution()
                                    && connection.transactions().readsInOneTransaction(() -> factsOf(sql))) {
                                T outcome = connection
                                        .transactions()
                                        .readInOneTransaction(() -> adopted(work.run(target), target));
                                connection.transactions().afterStatement();
                                return outcome;
                            }
                            T outcome = connection.transactions().mayCommitAsText(() -> factsOf(sql))
                                    ? connection
                                            .transactions()
                                            .committingText(() -> factsOf(sql), () -> adopted(work.run(target), target))
                                    : adopted(work.run(target), target);
                            connection.transactions().afterStatement();
                            return outcome;
                        } catch (SQLException e) {
                            throw executionError(e);
                        }
                    }),
                    connection::transactionOpenNow));
        } catch (SQLException e) {
            throw error(e); // the bound's own timeout, or the execution error already translated
        } finally {
            hold.releaseUnlessStarted(connection::transactionOpenNow);
        }
    }

    /**
     * The outcome of an execution with its result wrapped while the execution still holds the connection's
     * call: a streamed result must be the connection's live stream before another thread's call can run, or
     * that call would end it unseen (see LakeConnection#serialized). An execution that returned a result
     * set returns our wrapper; one that returned a flag keeps its result for getResultSet.
     */
    @SuppressWarnings("unchecked")
    private <T> T adopted(T outcome, Statement target) throws SQLException {
        if (outcome instanceof ResultSet) {
            return (T) result((ResultSet) outcome);
        }
        if (Boolean.TRUE.equals(outcome)) {
            keepResultOf(target);
        }
        return outcome;
    }

    /**
     * Whether each execution plans the statement again first (a prepared statement, see FreshPlans): in
     * auto-commit mode a plain read then runs in one transaction with its plan (see
     * Transactions#readsInOneTransaction).
     */
    boolean plansEachExecution() {
        return false;
    }

    /** What the text does to the lake's catalog; the same text of a prepared statement is read once. */
    private CatalogEffect effectOf(String sql) {
        if (sql != effectRead) {
            effect = StatementKind.catalogEffect(sql);
            effectRead = sql;
        }
        return effect;
    }

    /** What the text does to the connection (see SqlFacts); the same text of a prepared statement is read once. */
    /** The facts of the SQL this statement is executing, inside its execution; null outside. */
    private SqlFacts executing;

    private SqlFacts factsOf(String sql) {
        if (sql != factsRead) {
            facts = SqlFacts.of(sql);
            factsRead = sql;
        }
        return facts;
    }

    /** How long a statement waits for the catalog guard: its query timeout, else the network timeout. */
    private long guardWaitMillis() {
        return engine.queryTimeout > 0 ? engine.queryTimeout * 1000L : connection.networkTimeoutMillis();
    }

    /**
     * A statement in a transaction of its own (see LakeConnection#commitsSeparately) commits before its
     * caller reads the result: a streamed result is wrapped here, inside the transaction, so the COMMIT moves
     * it aside (reads its rows into memory) instead of ending it. DuckDB's driver hands a result out once,
     * so getResultSet answers this wrapper afterwards.
     */
    private void keepResultOf(Statement target) throws SQLException {
        if (connection.streamsResults()) {
            ResultSet raw = target.getResultSet();
            if (raw != null) {
                keptResult = (LakeResultSet) result(raw);
            }
        }
    }

    /** Runs a call into the engine bounded by this statement's query timeout (see LakeConnection#bounded). */
    private <T> T bounded(SqlWork<T> work) throws SQLException {
        return connection.bounded(Math.max(0, engine.queryTimeout), "the query timeout", SqlState.QUERY_CANCELED, work);
    }

    /**
     * Runs a fetch of a result (rows read from the engine after the execution returned) on its engine
     * connection {@code source} within a bound: the query timeout, else the connection's network timeout;
     * unbounded when neither is set. At the bound {@code atBound} is told which bound it was, and then the
     * engine is interrupted.
     */
    final <T> T fetch(Connection source, SqlWork<T> work, Consumer<String> atBound) throws SQLException {
        int seconds = fetchBound();
        if (seconds <= 0) {
            return work.run();
        }
        String what = engine.queryTimeout > 0 ? "the query timeout" : "the network timeout";
        // The interrupt goes to the engine connection the result streams from (a stream may keep its own),
        // once the result knows why (atBound: "the query timeout of 2 s").
        return connection.boundedOn(
                () -> {
                    atBound.accept(what + " of " + seconds + " s");
                    return source;
                },
                seconds,
                what,
                SqlState.QUERY_CANCELED,
                work);
    }

    /** The engine connection this statement's DuckDB statement is on. */
    final Connection engineConnection() {
        return engine.engine();
    }

    /** The bound of a fetch in seconds: the query timeout, else the network timeout; 0 for none. */
    final int fetchBound() {
        return engine.queryTimeout > 0 ? engine.queryTimeout : connection.networkTimeoutSeconds();
    }

    /** A result set of this statement streams from the engine (see LakeConnection#streamOpened). */
    final void streamOpened(LakeResultSet resultSet) {
        connection.session().streamOpened(resultSet);
    }

    /** Enters a call of the connection (see LakeConnection#serialized). */
    final CallLock.Hold enterCall() throws SQLException {
        return connection.calls().enter();
    }

    /** Closes an object of the engine connection without waiting on another call (see LakeConnection). */
    final void closeEngineObject(AutoCloseable engineObject) throws SQLException {
        connection.calls().closeEngineObject(engineObject);
    }

    /** An engine object reachable from this statement went to the user (see LakeConnection). */
    final void sessionLeftTheDriver() {
        connection.sessionLeftTheDriver();
    }

    /** Whether the connection gave up on the engine (see LakeConnection#abandoned). */
    final boolean abandoned() {
        return connection.calls().abandoned();
    }

    /**
     * Ends the read transaction a stream of this statement held on {@code engine} (see EngineSession#endRead);
     * inside a call of the connection.
     */
    final void endRead(Connection engine) {
        connection.session().endRead(engine);
    }

    /**
     * The end of a result's unfinished query could not be confirmed (see LakeResultSet#closeEngineResult): what
     * the engine connection holds is uncertain, so it is not used for another JDBC connection.
     */
    final void unfinishedQueryNotEnded(SQLException e) {
        connection.session().touch();
        LOG.log(Level.FINE, "a result''s unfinished query could not be ended: {0}", connection.forLog(e));
    }

    /** A result set of this statement no longer holds the engine. */
    final void streamEnded(LakeResultSet resultSet) {
        connection.session().streamEnded(resultSet);
    }

    /**
     * The error of a failed execution: translated as {@link #error}, and the connection gets to end a
     * transaction the failure left open in auto-commit mode.
     */
    final SQLException executionError(SQLException e) {
        SQLException translated = error(e);
        connection.afterFailedExecution(transactionBefore, translated);
        return translated;
    }

    /**
     * The one place this statement hierarchy translates delegate errors. Any error also marks the delegate
     * as suspect, so the next call checks whether DuckDB closed it.
     */
    @Override
    final SQLException error(SQLException e) {
        engine.suspect();
        return connection.error(e);
    }

    /** An error of a child (result set) of this statement, translated by the connection. */
    final SQLException connectionError(SQLException e) {
        return connection.error(e);
    }

    /** A fresh DuckDB statement replaced one DuckDB closed (see EngineStatement). */
    private void replaced() {
        closeResultsQuietly(); // they belonged to the old delegate, which took them with it
        delegateReplaced();
    }

    /** Called when a fresh delegate replaced one DuckDB closed: what was bound on the old one is gone. */
    void delegateReplaced() {}

    /** Wraps a result set this statement produced and tracks it; null stays null. */
    final ResultSet result(ResultSet raw) throws SQLException {
        if (raw == null || raw instanceof LakeResultSet) {
            return raw; // adopted inside its execution already (see adopted)
        }
        LakeResultSet current = results.current();
        if (current != null && current.wraps(raw)) {
            return current;
        }
        // DuckDB's driver ignores setMaxRows, so the limit is applied here, as the rows are read.
        LakeResultSet wrapped;
        try {
            SqlFacts query = executing; // null: a metadata result, whose query is DuckDB's
            wrapped = new LakeResultSet(
                    this,
                    raw,
                    Math.max(0, engine.maxRows),
                    resultSetType,
                    connection.streamsResults(),
                    query == null || !query.constantsOnly());
        } catch (SQLException e) { // a scrollable result could not be read into memory
            try {
                raw.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw error(e);
        }
        results.add(wrapped);
        return wrapped;
    }

    /**
     * Wraps a DuckDB metadata result set as this statement's only result: the statement closes with it (it
     * stands for DuckDB's internal metadata statement, which does the same).
     */
    final ResultSet adoptClosingWith(ResultSet raw) throws SQLException {
        closeOnCompletion = true;
        return result(raw);
    }

    /** As {@link #adoptClosingWith}, for rows already in memory (see LakeResultSet#LakeResultSet(LakeStatement, BufferedRows)). */
    final ResultSet adoptClosingWith(BufferedRows rows) throws SQLException {
        closeOnCompletion = true;
        LakeResultSet wrapped = new LakeResultSet(this, rows);
        results.add(wrapped);
        return wrapped;
    }

    /** Called by a result set of ours that the user closed: forget it, and close-on-completion. */
    final void resultClosed(LakeResultSet resultSet) throws SQLException {
        if (results.remove(resultSet) && closeOnCompletion) {
            close();
        }
    }

    /** Closes the open result sets without close-on-completion; DuckDB discards them anyway. */
    private void closeResultsQuietly() {
        if (!results.isEmpty()) {
            results.closeAll(null);
        }
    }

    /** For a parent closing its children: the first failure is thrown, later ones are suppressed in it. */
    static SQLException keep(SQLException first, Exception next) {
        SQLException e = next instanceof SQLException
                ? (SQLException) next
                : SqlErrors.create("Closing failed: " + next, SqlState.INTERNAL_ERROR, next);
        if (first == null) {
            return e;
        }
        first.addSuppressed(e);
        return first;
    }

    /** Closes this statement, ignoring failures; for a connection that lost a race with close(). */
    final void closeQuietly() {
        try {
            close();
        } catch (SQLException | RuntimeException e) {
            // nothing to report to: the caller is already failing with the connection's closed error
        }
    }

    // ---- java.sql.Statement ----

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return result(execution(sql, (target, q) -> target.executeQuery(q)));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return execution(sql, (target, q) -> target.executeUpdate(q));
    }

    /**
     * Marks {@code work} (an execution or a batch of this statement, everything it runs in the engine: the
     * driver's BEGIN and COMMIT around it included) as this statement's, for {@link #cancel()}.
     */
    private <T> T cancellable(SqlWork<T> work) throws SQLException {
        synchronized (runLock) {
            running = true;
            cancelRequested = false; // a cancel stops the run under way, not a later one
        }
        try {
            return work.run();
        } finally {
            synchronized (runLock) {
                running = false;
                if (cancelRequested) {
                    // The run's streamed result: the interrupt may have landed after its execution returned,
                    // and would fail its next fetch without a cause.
                    results.stopStreams(StreamStop.CANCELLED);
                }
            }
        }
    }

    /**
     * Cancels what this statement runs, from any thread, without waiting. DuckDB's own cancel reaches only an
     * execution of its own statement object (not the driver's statements: a staged batch's write, the rows
     * earlier batches staged, the BEGIN and COMMIT around a statement), takes its connection's lock (which a
     * prepared statement's plan holds while the catalog does not answer), and does nothing to a result whose
     * rows are still being fetched. So the driver interrupts the engine connection itself while an
     * execution or batch of this statement runs there (the statement fails with 57014, and what it ran in a
     * transaction of its own is rolled back), and stops a result of this statement that still streams: a
     * fetch under way is interrupted, and its reads fail with 57014 from now on (rows already in memory, and
     * results read to their end, are not affected). Nothing else of the connection is interrupted: the
     * interrupt is sent only while this statement's work runs. The engine clears an interrupt as its next
     * query starts, so one that lands between two of the driver's engine steps would be lost: the cancel is
     * also kept for the run, and the driver's next step ({@link #cancelPoint}: the execution after its plan
     * or after the staged rows it writes first, the next row of a batch) fails with 57014 instead. One that lands after the statement's last step has
     * begun comes too late, as with any database.
     */
    // Quirk.CANCEL_MISSES_FETCH
    @Override
    public void cancel() throws SQLException {
        checkOpen(); // a closed statement cannot be cancelled (55000)
        results.stopStreams(StreamStop.CANCELLED);
        if (!EngineInternals.AVAILABLE) {
            super.cancel(); // DuckDB's, where the driver cannot reach the engine's interrupt
            return;
        }
        synchronized (runLock) {
            if (running) {
                cancelRequested = true;
                EngineInternals.interrupt(connection.engine()); // Quirk.CANCEL_WAITS_FOR_LOCK
            }
        }
    }

    /**
     * Between two engine steps of this statement's run: fails with 57014 when cancel() came during the run
     * (its interrupt may have landed between two queries of the engine, which clears it; see cancel()).
     */
    final void cancelPoint() throws SQLException {
        synchronized (runLock) {
            if (cancelRequested) {
                throw SqlErrors.create(
                        "Cancelled: Statement.cancel() stopped the statement before its next step in the engine",
                        SqlState.QUERY_CANCELED,
                        null);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SQLException failure = results.closeAll(null);
        try {
            Statement engineStatement;
            engineStatement = engine.current();
            // Never waits for a call another thread runs, nor for a call stuck past its bound.
            connection.calls().closeEngineObject(engineStatement);
        } catch (SQLException e) {
            failure = keep(failure, error(e));
        } finally {
            connection.untrack(this);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        long max = engine.maxRows;
        return max <= 0 ? 0 : (int) Math.min(max, Integer.MAX_VALUE);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        try {
            delegate().setMaxRows(max);
            engine.maxRows = max;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        try {
            delegate().setQueryTimeout(seconds);
            engine.queryTimeout = seconds;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return execution(sql, (target, q) -> target.execute(q));
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try {
            ResultSet raw = delegate().getResultSet();
            if (raw == null) {
                LakeResultSet kept = keptResult;
                keptResult = null;
                return kept == null || kept.isClosed() ? null : kept;
            }
            return result(raw);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            boolean more = delegate().getMoreResults();
            closeResultsQuietly(); // moving to the next result closes the current one
            return more;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        try {
            delegate().setFetchSize(rows);
            engine.fetchSize = rows;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** Kept by the driver, which translates the escapes; DuckDB's own driver ignores the setting. */
    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        String translated = connection.checkAccess(escapeProcessing ? JdbcEscapes.translate(sql) : sql);
        try {
            delegate().addBatch(translated);
            batch.add(translated);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return statementBatch(Statement::executeBatch);
    }

    /** A batch of SQL texts: one transaction, so its table changes are checked as one sequence. */
    private <T> T statementBatch(Execution<T> work) throws SQLException {
        checkOpen();
        try {
            return connection.calls().serialized(() -> {
                for (String text : batch.texts()) {
                    connection.transactions().checkReadOnly(() -> SqlFacts.of(text));
                }
                connection.transactions().refuseRenameAfterChange(batch.changes());
                return batchExecution(batch.effect(), work);
            });
        } catch (SQLException e) {
            throw batchFailure(e);
        } finally {
            batch.clear(); // the batch is over (or refused and dropped), as DuckDB's own is
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        try {
            delegate().clearBatch();
            batch.clear();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private List<TableChanges.Change> changesOf(String sql) {
        if (sql != changesRead) { // the same text of a prepared statement is read once
            changes = TableChanges.read(sql);
            changesRead = sql;
        }
        return changes;
    }

    /**
     * Runs a batch: bounded by the query timeout, results closed, and all or nothing (in auto-commit mode a
     * transaction of its own, see LakeConnection#atomically).
     */
    final <T> T batchExecution(CatalogEffect batchEffect, Execution<T> work) throws SQLException {
        return batchExecution(batchEffect, null, work);
    }

    /**
     * As {@link #batchExecution(CatalogEffect, Execution)}, for a batch that may join the rows earlier
     * batches of the transaction staged (see CoalescedBatch): they are not written before it when it does.
     */
    final <T> T batchExecution(CatalogEffect batchEffect, StagedBatch.Write continuing, Execution<T> work)
            throws SQLException {
        LakeEvents events = connection.events();
        events.statementStarted();
        try {
            return connection.calls().serialized(() -> serializedBatch(batchEffect, continuing, work));
        } finally {
            events.statementEnded();
        }
    }

    /** The connection of this statement, for the prepared statement's batches. */
    final LakeConnection lakeConnection() {
        return connection;
    }

    /** Whether the execution under way runs in a transaction that was open before it (the user's). */
    final boolean inUsersTransaction() {
        return transactionBefore;
    }

    private <T> T serializedBatch(CatalogEffect batchEffect, StagedBatch.Write continuing, Execution<T> work)
            throws SQLException {
        CatalogGuard.Hold hold = connection.enterCatalog(batchEffect, guardWaitMillis());
        try {
            return bounded(hold.around(
                    () -> cancellable(() -> {
                        try {
                            Statement target = executing(null, continuing);
                            cancelPoint(); // a cancel while earlier batches' rows were written
                            return connection.transactions().atomically(() -> work.run(target));
                        } catch (SQLException e) {
                            throw executionError(e);
                        }
                    }),
                    connection::transactionOpenNow));
        } catch (SQLException e) {
            throw error(e);
        } finally {
            hold.releaseUnlessStarted(connection::transactionOpenNow);
        }
    }

    /**
     * A batch that failed, as JDBC reports it: a BatchUpdateException with the failure as its cause and next
     * exception, and no update counts (the batch ran all or nothing). What retry logic keys on (a timeout, a
     * lost connection, a commit conflict: the transient and connection classes) is thrown as it is.
     */
    static SQLException batchFailure(SQLException e) {
        if (e instanceof BatchUpdateException
                || e instanceof SQLTransientException
                || e instanceof SQLNonTransientConnectionException) {
            return e;
        }
        BatchUpdateException batch =
                new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), new long[0], e);
        batch.setNextException(e);
        return SqlErrors.bounded(batch);
    }

    /** What a batch of executions of this text does to the lake's catalog (see CatalogGuard). */
    final CatalogEffect catalogEffectOf(String sql) {
        return effectOf(sql);
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    /**
     * Unwrapping to DuckDB's statement puts SQL the driver never reads in the user's hands: the engine
     * connection's session may change, so it is not reused for a later connect.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (!iface.isInstance(this)) {
            connection.sessionLeftTheDriver();
        }
        return super.unwrap(iface);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        try {
            boolean more = delegate().getMoreResults(current);
            if (current != KEEP_CURRENT_RESULT) {
                closeResultsQuietly(); // DuckDB has one result per execution: current and all are the same
            }
            return more;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        try {
            return result(delegate().getGeneratedKeys());
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return execution(sql, (target, q) -> target.executeUpdate(q, autoGeneratedKeys));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return execution(sql, (target, q) -> target.executeUpdate(q, columnIndexes));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return execution(sql, (target, q) -> target.executeUpdate(q, columnNames));
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return execution(sql, (target, q) -> target.execute(q, autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return execution(sql, (target, q) -> target.execute(q, columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return execution(sql, (target, q) -> target.execute(q, columnNames));
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed.get();
    }

    /** The type asked for when the statement was made: DuckDB's own statement is always forward-only. */
    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return resultSetType;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        try {
            delegate().setLargeMaxRows(max);
            engine.maxRows = max;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return Math.max(0, engine.maxRows);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return statementBatch(Statement::executeLargeBatch);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return execution(sql, (target, q) -> target.executeLargeUpdate(q));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return execution(sql, (target, q) -> target.executeLargeUpdate(q, autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return execution(sql, (target, q) -> target.executeLargeUpdate(q, columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return execution(sql, (target, q) -> target.executeLargeUpdate(q, columnNames));
    }

    // ---- java.lang.Object: identity equality (Object's own, never the delegate's), and a toString with
    // nothing from the delegate (its text may carry secrets) ----

    @Override
    public String toString() {
        return getClass().getSimpleName() + "@" + id;
    }
}
