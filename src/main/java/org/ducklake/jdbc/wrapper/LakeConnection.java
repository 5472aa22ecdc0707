package org.ducklake.jdbc.wrapper;

import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.ducklake.jdbc.engine.BoundedCalls;
import org.ducklake.jdbc.engine.CallLock;
import org.ducklake.jdbc.engine.CatalogGuard;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.engine.EngineLock;
import org.ducklake.jdbc.engine.SqlWork;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.JdbcEscapes;
import org.ducklake.jdbc.sql.LakeOnlySql;
import org.ducklake.jdbc.sql.NamedParameters;
import org.ducklake.jdbc.sql.SqlFacts;
import org.ducklake.jdbc.sql.StatementKind;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;
import org.ducklake.jdbc.sql.TableChanges;

/**
 * The connection the driver hands out. It forwards to DuckDB's connection but never lets one of DuckDB's
 * objects out: statements, metadata and result sets come wrapped, and their back references lead here.
 * It keeps the connection-state settings DuckDB's driver rejects (read-only, isolation, holdability,
 * client info, network timeout) so tools that set them on connect keep working, and it releases the
 * shared engine instance ({@code onClose}) exactly once, after the delegate is closed. After
 * {@link #close()} every method but {@code close}, {@code isClosed}, {@code isValid}, {@code abort},
 * {@code unwrap} and {@code isWrapperFor} throws with SQLState 08003.
 */
public class LakeConnection extends ConnectionForwards {
    private static final Logger LOG = Logger.getLogger(LakeConnection.class.getName());

    private final LakeContext info;
    /** The engine instance: its lock, more engine connections, the release (see EngineLink). */
    private final EngineLink link;
    /** The engine connections and the live stream (see EngineSession). */
    private final EngineSession session;
    /** Open statements (metadata ones included), closed before the engine connections when this one closes. */
    private final Set<LakeStatement> statements = ConcurrentHashMap.newKeySet();
    /** Set by close() and abort(); from then on most methods throw. */
    private volatile boolean closed;
    /** The one path of this connection's calls into the engine (serialized, bounded; see EngineCalls). */
    private final EngineCalls calls = new EngineCalls();
    /** Guards the release (statements, engine connections, link), so it happens once even if close and abort race. */
    private final AtomicBoolean released = new AtomicBoolean();

    private volatile LakeDatabaseMetaData metaData;
    /** Whether the primary engine connection still has to enter the lake (USE lake). */
    private volatile boolean entryPending;

    private final ReentrantLock entryLock = new ReentrantLock();
    /** The engine instance's lock (see EngineLock). */
    private final EngineLock engineLock;

    /** The JDBC transaction: modes, BEGIN, COMMIT, ROLLBACK and its state (see Transactions). */
    private final Transactions transactions;
    /** Set when the engine connection went to a later connect: nothing of it may be reached from here. */
    private volatile boolean handedOver;

    // Connection state DuckDB's driver rejects, remembered here (no effect on the engine).
    private volatile int transactionIsolation = TRANSACTION_SERIALIZABLE;
    private volatile int networkTimeoutMillis;
    private final Properties clientInfo = new Properties();

    /**
     * @param engine  DuckDB's connection (the engine connection), owned by this wrapper from now on
     * @param info    what the connection reports about itself and its error path
     * @param link    the engine instance (see EngineLink)
     * @param entered whether {@code engine} is in the lake already; if not, it enters before its first use
     */
    public LakeConnection(Connection engine, LakeContext info, EngineLink link, boolean entered) {
        this.link = Objects.requireNonNull(link, "link");
        this.engineLock = Objects.requireNonNull(link.engineLock(), "engineLock");
        this.transactions = new Transactions(this, engineLock);
        this.session = new EngineSession(Objects.requireNonNull(engine, "engine"), link);
        this.info = Objects.requireNonNull(info, "info");
        this.entryPending = !entered;
    }

    // ---- plumbing shared with the other wrappers ----

    /**
     * The delegate, after checking this connection is open and that it has entered the lake (the lake is
     * the current catalog). Everything that runs SQL or reads the catalog comes through here.
     */
    @Override
    Connection delegate() throws SQLException {
        entered();
        if (session.streaming()) {
            claim();
        }
        return session.primary();
    }

    /** As {@link #delegate()}, for what runs nothing in the engine (creating a statement). */
    private Connection entered() throws SQLException {
        if (closed) {
            throw SqlErrors.closed("Connection");
        }
        calls.checkNotAbandoned();
        if (entryPending) {
            enterLake();
        }
        return session.primary();
    }

    // ---- streamed results (see EngineSession) ----

    /** Whether the engine streams results, so open results are tracked. */
    boolean streamsResults() {
        return info.streamResults();
    }

    /** A result set of this connection now streams from the engine; an older one was claimed before. */
    void streamOpened(LakeResultSet resultSet) {
        session.streamOpened(resultSet);
    }

    /** A result set no longer holds an engine connection (read to its end, closed, or moved aside). */
    void streamEnded(LakeResultSet resultSet) {
        session.streamEnded(resultSet);
    }

    /**
     * Frees the engine connection of the live stream (see EngineSession), as a call of this connection so
     * no other thread's call overlaps: the stream keeps its engine connection in auto-commit mode with no
     * transaction open, and is moved aside into memory otherwise. Never throws.
     */
    private void claim() {
        CallLock.Hold hold;
        try {
            hold = enterCall();
        } catch (SQLException e) {
            return; // interrupted: the stream stays; the caller's own call fails on its interrupt
        }
        try {
            boolean mayKeep = transactions.autoCommit() && !closed && !transactionOpenNow();
            session.claim(mayKeep);
        } finally {
            hold.close();
        }
    }

    /**
     * A DuckDB statement of this connection moved off {@code engine} to the primary (see
     * LakeStatement#follow): closed once no stream keeps that engine connection.
     */
    void leftBehind(Connection engine, AutoCloseable statement) {
        session.leftBehind(engine, statement);
    }

    /** DuckDB's connection, also after close (for isWrapperFor). */
    @Override
    Connection wrapped() {
        return session.primary();
    }

    /**
     * The delegate for connection-state methods (auto-commit, isolation, read-only, warnings, …): checks
     * only that this connection is open, so a pool or tool setting up the connection does not start the
     * engine connection into the lake.
     */
    private Connection open() throws SQLException {
        if (closed) {
            throw SqlErrors.closed("Connection");
        }
        calls.checkNotAbandoned();
        return session.primary();
    }

    /*
     * Why the lake is entered late: entering the lake (USE) costs a catalog round trip, so it is done
     * before the first use that needs the lake rather than in getConnection. When auto-commit is off it
     * runs inside the user's first transaction, which opens that catalog transaction anyway.
     */
    private void enterLake() throws SQLException {
        serialized(() -> {
            enterLakeNow();
            return null;
        });
    }

    private void enterLakeNow() throws SQLException {
        entryLock.lock();
        try {
            if (entryPending) {
                // In manual-commit mode USE runs inside the user's first transaction, which opens the
                // catalog transaction that USE needs anyway: one round trip instead of two.
                transactions.beginIfManual();
                underEngineLock(() -> {
                    link.enterLake(session.primary());
                    return null;
                });
                entryPending = false;
            }
        } catch (SQLException e) {
            throw error(e);
        } finally {
            entryLock.unlock();
        }
    }

    /**
     * The delegate to prepare a statement on: in manual-commit mode inside the transaction (DuckLake binds
     * the statement against the catalog, so the statement sees the snapshot it will run in).
     */
    Connection preparing() throws SQLException {
        Connection target = delegate();
        transactions.beginIfManual();
        return target;
    }

    /**
     * The text the engine runs for {@code sql}. With sql_access=lake, refuses a statement that would reach beyond
     * the lake, or that the driver cannot read the way DuckDB does (see LakeOnlySql), with SQLState 42501,
     * before the engine sees it, and otherwise returns the statement re-written from the tokens the decision was
     * made on; unrestricted, returns {@code sql} as it is.
     */
    String checkAccess(String sql) throws SQLException {
        LakeOnlySql gate = info.sqlAccess();
        String text = sql;
        if (gate != null) {
            LakeOnlySql.Verdict verdict = gate.check(sql);
            refuseIf(verdict.refusal);
            text = verdict.text;
        }
        if (!session.touched() && StatementKind.mayChangeTheSession(text)) {
            session.touch();
        }
        return text;
    }

    /** With sql_access=lake, fails with 42501 when {@code refusal} says what is refused. */
    private static void refuseIf(String refusal) throws SQLException {
        if (refusal != null) {
            throw SqlErrors.create(
                    "Not allowed on this connection: " + refusal + ". With sql_access=lake its SQL reaches the lake"
                            + " only; set sql_access=unrestricted to lift this",
                    SqlState.INSUFFICIENT_PRIVILEGE,
                    null);
        }
    }

    /** Whether batches of a simple INSERT … VALUES go through a staging table ({@code bulk_batch}). */
    boolean bulkBatches() {
        return info.bulkBatch();
    }

    /** DuckDB's connection, for a wrapper of ours that opens a delegate (statement re-open, metadata). */
    Connection rawConnection() throws SQLException {
        return delegate();
    }

    /**
     * The one place delegate errors of this connection and its children are translated: SQLState, the
     * component that failed, and this lake's secrets masked.
     */
    SQLException error(SQLException e) {
        return info.errors().translate(e);
    }

    /** Tracks a new statement, so close() closes it. */
    <S extends LakeStatement> S track(S statement) throws SQLException {
        statements.add(statement);
        if (closed) { // lost a race with close(): do not leak the new statement
            statements.remove(statement);
            statement.closeQuietly();
            throw SqlErrors.closed("Connection");
        }
        return statement;
    }

    /**
     * An object of the engine connection went to the user (an unwrap of a statement, result set or metadata):
     * what runs on it is never read by the driver, so the engine connection is not reused.
     */
    void sessionLeftTheDriver() {
        session.touch();
    }

    /** Called by a statement of ours that closed. */
    void untrack(LakeStatement statement) {
        statements.remove(statement);
    }

    /** How many statements are open (metadata ones included); for tests and diagnostics. */
    int openStatementCount() {
        return statements.size();
    }

    private LakeStatement statement(LakeStatement.Opener<Statement> opener) throws SQLException {
        try {
            return withNetworkTimeout(track(new LakeStatement(this, opener.open(entered()), opener)));
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private LakePreparedStatement prepared(String sql, CallOpener opener) throws SQLException {
        open();
        String translated = checkAccess(JdbcEscapes.translate(sql));
        LakeStatement.Opener<PreparedStatement> withSql = raw -> opener.open(raw, translated);
        try {
            return withNetworkTimeout(track(
                    new LakePreparedStatement(this, guarded(() -> withSql.open(preparing())), withSql, translated)));
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /**
     * DuckDB's driver has no prepareCall: a call is a prepared statement on the delegate, wrapped, with its
     * {@code $name} parameters rewritten to positions so the named setters can bind them.
     */
    private LakeCallableStatement callable(String sql, CallOpener opener) throws SQLException {
        open();
        String returnCall = JdbcEscapes.returnCall(sql);
        String translated = returnCall != null ? returnCall : JdbcEscapes.translate(sql);
        NamedParameters named = NamedParameters.parse(translated);
        // Checked after the named parameters became positional: the text checked is the text that runs.
        String checked = checkAccess(named.sql());
        LakeStatement.Opener<PreparedStatement> withSql = raw -> opener.open(raw, checked);
        try {
            return withNetworkTimeout(track(new LakeCallableStatement(
                    this, guarded(() -> withSql.open(preparing())), withSql, named, returnCall != null)));
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /**
     * Closes the statements, then the delegate, then runs onClose, each even if an earlier step failed;
     * the first failure is thrown with the later ones suppressed in it. Runs once.
     */
    private void release() throws SQLException {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        SQLException failure = null;
        for (LakeStatement statement : statements) {
            try {
                statement.close();
            } catch (SQLException | RuntimeException e) {
                failure = LakeStatement.keep(failure, e);
            }
        }
        statements.clear();
        try {
            session.closeOthers();
        } catch (SQLException e) {
            failure = LakeStatement.keep(failure, error(e));
        } catch (RuntimeException e) {
            failure = LakeStatement.keep(failure, e);
        }
        Connection primary = session.primary();
        try {
            if (failure == null && reusable() && link.takeBack(primary)) {
                handedOver = true;
            } else {
                primary.close();
            }
        } catch (SQLException e) {
            failure = LakeStatement.keep(failure, error(e));
        } catch (RuntimeException e) {
            failure = LakeStatement.keep(failure, e);
        }
        engineLock.catalog.transactionEnded(this); // closed, or handed over with no transaction open
        try {
            link.release();
        } catch (RuntimeException e) {
            failure = LakeStatement.keep(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Whether the engine connection can serve a later connect as it is: in the lake, no call under way or
     * abandoned, no transaction open, nothing streaming, and its session untouched (see sessionTouched).
     * Only where the engine's transaction state can be read.
     */
    private boolean reusable() {
        return !session.touched()
                && !entryPending
                && !calls.abandoned()
                && !calls.underWay()
                && !session.streaming()
                && EngineInternals.AVAILABLE
                && !EngineInternals.isOpen(session.primary());
    }

    // ---- calls (see EngineCalls) ----

    /** Whether a call into the engine outlived its bound on this connection (see EngineCalls). */
    boolean abandoned() {
        return calls.abandoned();
    }

    /**
     * Runs a call into the engine, bounded by {@code seconds} when positive (see EngineCalls); {@code what}
     * names the bound in the error, {@code state} is the SQLState of a call that outlived it.
     */
    <T> T bounded(int seconds, String what, String state, SqlWork<T> work) throws SQLException {
        return calls.bounded(session.primary(), seconds, what, state, work);
    }

    /** As {@link #bounded}, for a call on {@code engine} (a stream's own engine connection). */
    <T> T boundedOn(Connection engine, int seconds, String what, String state, SqlWork<T> work) throws SQLException {
        return calls.bounded(engine, seconds, what, state, work);
    }

    /** Runs work as one call on the engine connection, after any other thread's call (see EngineCalls). */
    <T> T serialized(SqlWork<T> work) throws SQLException {
        return calls.serialized(work);
    }

    /** Enters a call (see serialized); the caller closes the hold. */
    CallLock.Hold enterCall() throws SQLException {
        return calls.enter();
    }

    /** Closes an object of the engine connection without waiting on another call (see EngineCalls). */
    void closeEngineObject(AutoCloseable engineObject) throws SQLException {
        calls.closeEngineObject(engineObject);
    }

    /** The network timeout in milliseconds, 0 when none is set. */
    int networkTimeoutMillis() {
        return networkTimeoutMillis;
    }

    /** The network timeout in whole seconds (rounded up), 0 when none is set. */
    int networkTimeoutSeconds() {
        int ms = networkTimeoutMillis;
        return ms <= 0 ? 0 : (ms + 999) / 1000;
    }

    // ---- transactions (see Transactions) ----

    /**
     * Whether the engine has a transaction open on this connection. A live stream is moved aside first: it
     * holds its auto-commit transaction open until it ends.
     */
    boolean inTransaction() {
        if (session.streaming()) {
            claim();
        }
        return transactionOpenNow();
    }

    /** See Transactions#refuseRenameAfterChange. */
    void refuseRenameAfterChange(List<TableChanges.Change> changes) throws SQLException {
        transactions.refuseRenameAfterChange(changes);
    }

    /**
     * Called before a statement of this connection executes: open, in the lake, and in manual-commit mode
     * inside a transaction. Returns whether a transaction was open before the statement.
     */
    boolean beforeExecution() throws SQLException {
        delegate();
        return transactions.beforeExecution();
    }

    /** See Transactions#afterFailedExecution. */
    void afterFailedExecution(boolean transactionBefore, SQLException failure) {
        if (!closed) {
            transactions.afterFailedExecution(transactionBefore, failure);
        }
    }

    /** See Transactions#atomically. */
    <T> T atomically(SqlWork<T> work) throws SQLException {
        return transactions.atomically(work);
    }

    /** See Transactions#commitsSeparately. */
    boolean commitsSeparately(String sql, Supplier<SqlFacts> facts) {
        return transactions.commitsSeparately(sql, facts);
    }

    /** See Transactions#checkCommitBySql. */
    void checkCommitBySql(Supplier<SqlFacts> facts) throws SQLException {
        transactions.checkCommitBySql(facts);
    }

    /** See Transactions#checkReadOnly. */
    void checkReadOnly(Supplier<SqlFacts> facts) throws SQLException {
        transactions.checkReadOnly(facts);
    }

    /** The transaction's state, read from the engine. */
    TransactionState transactionState() throws SQLException {
        open();
        return serialized(transactions::state);
    }

    /**
     * Runs work that reads the catalog outside a statement of the user's (entering the lake, the driver's
     * metadata queries) under the engine lock where every statement takes it, unless a transaction is open.
     */
    <T> T underEngineLock(SqlWork<T> work) throws SQLException {
        return guarded(() -> transactions.underEngineLock(work));
    }

    /**
     * Holds the engine's catalog guard for one call of this connection (see CatalogGuard): waits at most
     * {@code waitMillis} (0: no bound) to enter. Nested calls of the same connection never wait for it.
     */
    CatalogGuard.Hold enterCatalog(CatalogEffect effect, long waitMillis) throws SQLException {
        return engineLock.catalog.enter(this, effect, waitMillis);
    }

    /**
     * Runs work on this thread that may read the lake's catalog (prepare, enter the lake, the driver's metadata
     * queries) holding the catalog guard shared; waits at most the network timeout for a catalog change.
     */
    <T> T guarded(SqlWork<T> work) throws SQLException {
        return serialized(() -> {
            CatalogGuard.Hold hold = enterCatalog(CatalogEffect.NONE, networkTimeoutMillis);
            try {
                return hold.around(work, this::transactionOpenNow).run();
            } finally {
                hold.releaseUnlessStarted(this::transactionOpenNow);
            }
        });
    }

    /**
     * Whether the engine has a transaction open on this connection, read without moving a live stream aside
     * (see inTransaction): what the catalog guard is told when a call ends.
     */
    boolean transactionOpenNow() {
        return EngineInternals.AVAILABLE ? EngineInternals.isOpen(session.primary()) : transactions.openedFlag();
    }

    /** Runs SQL of the driver's own (BEGIN, COMMIT, …) on the engine connection, a live stream moved aside. */
    void runOnEngine(String sql) throws SQLException {
        if (session.streaming()) {
            claim();
        }
        try (Statement s = session.primary().createStatement()) {
            s.execute(sql);
        }
    }

    /** The engine connection calls run on now. */
    Connection engine() {
        return session.primary();
    }

    /** The URL with secrets masked, for logs. */
    String maskedUrl() {
        return info.maskedUrl();
    }

    /** A failure's message with this lake's secrets masked, for logs and messages. */
    String readable(SQLException e) {
        return info.errors().readable(String.valueOf(e.getMessage()));
    }

    /**
     * A network timeout set on the connection bounds every statement it creates afterwards that has no
     * query timeout of its own (DuckDB interrupts the statement, SQLState 57014).
     */
    private <S extends LakeStatement> S withNetworkTimeout(S statement) throws SQLException {
        int ms = networkTimeoutMillis;
        if (ms > 0) {
            statement.setQueryTimeout((ms + 999) / 1000);
        }
        return statement;
    }

    /** Prepares the (rewritten) SQL of a call on DuckDB's connection. */
    @FunctionalInterface
    private interface CallOpener {
        PreparedStatement open(Connection raw, String sql) throws SQLException;
    }

    /** The error for an argument out of its documented range. */
    private static SQLException invalidArgument(String message) {
        return SqlErrors.create(message, SqlState.INVALID_PARAMETER_VALUE, null);
    }

    // ---- java.sql.Connection ----

    @Override
    public Statement createStatement() throws SQLException {
        return statement(raw -> raw.createStatement());
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepared(sql, (raw, q) -> raw.prepareStatement(q));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return callable(sql, (raw, rewritten) -> raw.prepareStatement(rewritten));
    }

    /** The SQL as the driver runs it: JDBC escapes translated to DuckDB's SQL (see JdbcEscapes). */
    @Override
    public String nativeSQL(String sql) throws SQLException {
        open();
        return JdbcEscapes.translate(sql);
    }

    /** See Transactions#setAutoCommit. */
    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        open();
        serialized(() -> {
            transactions.setAutoCommit(autoCommit);
            return null;
        });
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        open();
        return transactions.autoCommit();
    }

    /** See Transactions#commit: a FAILED transaction's COMMIT fails with 40000. */
    @Override
    public void commit() throws SQLException {
        open();
        serialized(() -> {
            transactions.commit();
            return null;
        });
    }

    /** See Transactions#rollback. */
    @Override
    public void rollback() throws SQLException {
        open();
        serialized(() -> {
            transactions.rollback();
            return null;
        });
    }

    /**
     * Closes the statements, the DuckDB connection and releases the engine. When a call into the engine is
     * still under way (on another thread, or abandoned after its bound) the release happens on a background
     * thread once DuckDB lets go, and close() returns at once: DuckDB's close waits for the running call.
     */
    @Override
    public void close() throws SQLException {
        closed = true;
        if (calls.underWay() || calls.abandoned()) {
            releaseInBackground();
            return;
        }
        release();
    }

    private void releaseInBackground() {
        Runnable task = () -> {
            try {
                release();
            } catch (SQLException | RuntimeException e) {
                // Nobody to report to: the caller has moved on.
            }
        };
        try {
            BoundedCalls.THREADS.execute(task);
        } catch (RuntimeException e) {
            task.run();
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (closed) {
            return true;
        }
        try {
            return session.primary().isClosed();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        Connection target = delegate();
        LakeDatabaseMetaData result = metaData;
        if (result == null) {
            try {
                result = new LakeDatabaseMetaData(this, target.getMetaData(), info, info.showAllCatalogs());
            } catch (SQLException e) {
                throw error(e);
            }
            metaData = result;
        }
        return result;
    }

    /** Changes the engine connection's session: it is not reused for a later connect. */
    @Override
    public void setSchema(String schema) throws SQLException {
        LakeOnlySql gate = info.sqlAccess();
        refuseIf(gate == null ? null : gate.schemaRefusal(schema));
        session.touch();
        guarded(() -> {
            super.setSchema(schema);
            return null;
        });
    }

    /** Changes the engine connection's session: it is not reused for a later connect. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        LakeOnlySql gate = info.sqlAccess();
        refuseIf(gate == null ? null : gate.catalogRefusal(catalog));
        session.touch();
        guarded(() -> {
            super.setCatalog(catalog);
            return null;
        });
    }

    /** See Transactions#setReadOnly: READ ONLY transactions, writes fail with 25006. */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        open();
        serialized(() -> {
            transactions.setReadOnly(readOnly);
            return null;
        });
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        open();
        return transactions.readOnly();
    }

    /**
     * Accepts and remembers any valid level (DuckDB's driver rejects them all); DuckDB's transactions are
     * snapshot isolated whatever is set.
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        open();
        switch (level) {
            case TRANSACTION_READ_UNCOMMITTED:
            case TRANSACTION_READ_COMMITTED:
            case TRANSACTION_REPEATABLE_READ:
            case TRANSACTION_SERIALIZABLE:
                transactionIsolation = level;
                break;
            default:
                throw invalidArgument("Invalid transaction isolation level: " + level);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        open();
        return transactionIsolation;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return open().getWarnings();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            open().clearWarnings();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /*
     * Scrollable result sets: DuckDB's results only go forward, so a statement asked for
     * TYPE_SCROLL_INSENSITIVE (or TYPE_SCROLL_SENSITIVE, which JDBC lets a driver downgrade to it) runs on a
     * forward-only statement of DuckDB's and its result sets are read into memory when the query has run
     * (up to max rows). Updatable result sets are DuckDB's to refuse.
     */

    /** The type a statement of ours reports for the type asked for, or -1 when DuckDB is to decide. */
    private static int scrollable(int resultSetType, int resultSetConcurrency) throws SQLException {
        switch (resultSetType) {
            case ResultSet.TYPE_FORWARD_ONLY:
                return -1;
            case ResultSet.TYPE_SCROLL_INSENSITIVE:
            case ResultSet.TYPE_SCROLL_SENSITIVE:
                return resultSetConcurrency == ResultSet.CONCUR_READ_ONLY ? ResultSet.TYPE_SCROLL_INSENSITIVE : -1;
            default:
                throw invalidArgument("Invalid result set type: " + resultSetType);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        int scroll = scrollable(resultSetType, resultSetConcurrency);
        if (scroll > 0) {
            return statement(raw -> raw.createStatement()).ofType(scroll);
        }
        return statement(raw -> raw.createStatement(resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        int scroll = scrollable(resultSetType, resultSetConcurrency);
        if (scroll > 0) {
            return prepared(sql, (raw, q) -> raw.prepareStatement(q)).ofType(scroll);
        }
        return prepared(sql, (raw, q) -> raw.prepareStatement(q, resultSetType, resultSetConcurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        int scroll = scrollable(resultSetType, resultSetConcurrency);
        if (scroll > 0) {
            return callable(sql, (raw, rewritten) -> raw.prepareStatement(rewritten))
                    .ofType(scroll);
        }
        return callable(sql, (raw, rewritten) -> raw.prepareStatement(rewritten, resultSetType, resultSetConcurrency));
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        try {
            return open().getTypeMap();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        try {
            open().setTypeMap(map);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /**
     * Result sets always stay open over commit. CLOSE_CURSORS_AT_COMMIT is accepted so tools that set it do
     * not fail, but it changes nothing: getHoldability() keeps reporting HOLD_CURSORS_OVER_COMMIT.
     */
    @Override
    public void setHoldability(int holdability) throws SQLException {
        open();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw invalidArgument("Invalid holdability: " + holdability);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        delegate();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        int scroll = scrollable(resultSetType, resultSetConcurrency);
        if (scroll > 0) {
            return statement(raw -> raw.createStatement()).ofType(scroll);
        }
        return statement(raw -> raw.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        int scroll = scrollable(resultSetType, resultSetConcurrency);
        if (scroll > 0) {
            return prepared(sql, (raw, q) -> raw.prepareStatement(q)).ofType(scroll);
        }
        return prepared(
                sql, (raw, q) -> raw.prepareStatement(q, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public CallableStatement prepareCall(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        int scroll = scrollable(resultSetType, resultSetConcurrency);
        if (scroll > 0) {
            return callable(sql, (raw, rewritten) -> raw.prepareStatement(rewritten))
                    .ofType(scroll);
        }
        return callable(
                sql,
                (raw, rewritten) ->
                        raw.prepareStatement(rewritten, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepared(sql, (raw, q) -> raw.prepareStatement(q, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepared(sql, (raw, q) -> raw.prepareStatement(q, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepared(sql, (raw, q) -> raw.prepareStatement(q, columnNames));
    }

    /**
     * Whether the connection can still reach its lake: runs the lake's validation query (one catalog
     * round trip) bounded by {@code timeout} seconds, and answers false instead of throwing when it fails,
     * e.g. while the catalog database is down. As JDBC specifies, false once closed.
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw invalidArgument("Timeout must not be negative: " + timeout);
        }
        if (closed) {
            return false;
        }
        String query = info.validationQuery();
        if (query == null) {
            try {
                return session.primary().isValid(timeout);
            } catch (SQLException e) {
                throw error(e);
            }
        }
        if (calls.abandoned()) {
            return false;
        }
        CallLock.Hold call = calls.tryEnter(timeout == 0 ? Long.MAX_VALUE : timeout * 1000L);
        if (call == null) {
            return false; // another thread's call ran for longer than the timeout
        }
        try {
            return validate(timeout, query);
        } finally {
            call.close();
        }
    }

    private boolean validate(int timeout, String query) throws SQLException {
        CatalogGuard.Hold hold;
        try {
            hold = enterCatalog(CatalogEffect.NONE, timeout * 1000L);
        } catch (SQLException e) {
            return false; // a catalog change ran for longer than the timeout
        }
        try {
            return bounded(
                    timeout,
                    "isValid's timeout",
                    SqlState.CONNECTION_FAILURE,
                    hold.around(
                            () -> {
                                try (Statement s = delegate().createStatement()) {
                                    s.setQueryTimeout(timeout);
                                    s.execute(query);
                                    return true;
                                }
                            },
                            this::transactionOpenNow));
        } catch (SQLException e) {
            return false;
        } finally {
            hold.releaseUnlessStarted(this::transactionOpenNow);
        }
    }

    /** Kept in this connection (DuckDB's driver rejects client info); a null value removes the property. */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed || name == null) {
            throw clientInfoFailure(
                    closed ? "Connection is closed" : "Client info name is null",
                    Collections.singletonMap(String.valueOf(name), ClientInfoStatus.REASON_UNKNOWN));
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    /** Replaces all client info, as JDBC specifies. */
    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            Map<String, ClientInfoStatus> failed = new HashMap<>();
            if (properties != null) {
                for (String name : properties.stringPropertyNames()) {
                    failed.put(name, ClientInfoStatus.REASON_UNKNOWN);
                }
            }
            throw clientInfoFailure("Connection is closed", failed);
        }
        synchronized (clientInfo) {
            clientInfo.clear();
            if (properties != null) {
                for (String name : properties.stringPropertyNames()) {
                    clientInfo.setProperty(name, properties.getProperty(name));
                }
            }
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        open();
        return name == null ? null : clientInfo.getProperty(name);
    }

    /** A copy: changing it does not change this connection's client info. */
    @Override
    public Properties getClientInfo() throws SQLException {
        open();
        Properties copy = new Properties();
        synchronized (clientInfo) {
            copy.putAll(clientInfo);
        }
        return copy;
    }

    /** Marks the connection closed now and releases it on the given executor; a no-op once closed. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw invalidArgument("Executor is null");
        }
        if (closed) {
            return;
        }
        session.touch(); // aborted: whatever state the engine connection is in, it is not reused
        closed = true;
        Runnable task = () -> {
            try {
                release();
            } catch (SQLException | RuntimeException e) {
                // abort has nobody to report to: the caller has moved on
            }
        };
        try {
            executor.execute(task);
        } catch (RuntimeException e) { // rejected: release here rather than leak the engine
            task.run();
        }
    }

    /** Remembered only: an in-process engine has no network to time out on (a catalog database may). */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        open();
        if (milliseconds < 0) {
            throw invalidArgument("Network timeout must not be negative: " + milliseconds);
        }
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        open();
        return networkTimeoutMillis;
    }

    private static SQLClientInfoException clientInfoFailure(String message, Map<String, ClientInfoStatus> failed) {
        String state = message.startsWith("Connection")
                ? SqlState.CONNECTION_DOES_NOT_EXIST
                : SqlState.INVALID_PARAMETER_VALUE;
        return new SQLClientInfoException(SqlErrors.bound(message), state, failed);
    }

    // ---- java.sql.Wrapper ----

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        // Unwrapping to DuckDB's connection enters the lake (Appender users expect to be in the lake);
        // on a closed connection it still answers, as the Wrapper contract allows.
        if (handedOver) {
            throw SqlErrors.closed("Connection");
        }
        Connection target = closed ? session.primary() : delegate();
        session.touch(); // DuckDB's connection in the user's hands: its session may change
        if (iface.isInstance(target)) {
            return iface.cast(target);
        }
        try {
            return target.unwrap(iface);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    // ---- java.lang.Object: identity equality (Object's own, never the delegate's), and a toString with
    // nothing from the delegate (its text may carry secrets) ----

    @Override
    public String toString() {
        return "LakeConnection[" + info.maskedUrl() + "]";
    }
}
