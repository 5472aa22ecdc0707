package org.ducklake.jdbc.wrapper;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ducklake.jdbc.DuckLakeConnection;
import org.ducklake.jdbc.engine.BoundedCalls;
import org.ducklake.jdbc.engine.CallLock;
import org.ducklake.jdbc.engine.CatalogGuard;
import org.ducklake.jdbc.engine.CatalogReads;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.engine.EngineLock;
import org.ducklake.jdbc.engine.SqlWork;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.JdbcEscapes;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;
import org.ducklake.jdbc.wrapper.StatementFactory.Shape;

/**
 * The connection the driver hands out: the JDBC surface over its parts. Every call into the engine goes
 * through {@link EngineCalls} (serialized per connection, bounded); the engine connections and the live
 * stream are {@link EngineSession}'s; the transaction is {@link Transactions}'; statements come from
 * {@link StatementFactory}; what SQL may reach the engine is {@link ConnectionAccess}'. It never lets one of
 * DuckDB's objects out (statements, metadata and result sets come wrapped, and their back references lead
 * here), keeps the connection-state settings DuckDB's driver rejects (isolation, holdability, client info,
 * network timeout) so tools that set them on connect keep working, and releases the shared engine instance
 * exactly once, after its engine connections closed or went back (see {@link Lifecycle}). After
 * {@link #close()} every method but {@code close}, {@code isClosed}, {@code isValid}, {@code abort},
 * {@code unwrap} and {@code isWrapperFor} throws with SQLState 08003.
 */
public class LakeConnection extends ConnectionForwards implements DuckLakeConnection {
    private static final Logger LOG = Logger.getLogger(LakeConnection.class.getName());

    private final LakeContext info;
    /** The engine instance: its lock, more engine connections, the release (see EngineLink). */
    private final EngineLink link;
    /** The engine connections and the live stream (see EngineSession). */
    private final EngineSession session;
    /** What this connection lets through to the engine (see ConnectionAccess). */
    private final ConnectionAccess access;
    /** Entering the lake on the connection's engine connections (see LakeEntry). */
    private final LakeEntry entry;
    /** Open statements (metadata ones included), closed before the engine connections when this one closes. */
    private final OpenStatements statements = new OpenStatements();
    /**
     * Where the connection stands: OPEN, CLOSED by close() or abort(), HANDED_OVER once its engine connection
     * went to a later connect; ABANDONED is read from the call path (see lifecycle()).
     */
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.OPEN);
    /** The one path of this connection's calls into the engine (serialized, bounded; see EngineCalls). */
    private final EngineCalls calls;
    /** Guards the release (statements, engine connections, link), so it happens once even if close and abort race. */
    private final AtomicBoolean released = new AtomicBoolean();

    private volatile LakeDatabaseMetaData metaData;
    /** The engine instance's lock (see EngineLock). */
    private final EngineLock engineLock;

    /** The JDBC transaction: modes, BEGIN, COMMIT, ROLLBACK and its state (see Transactions). */
    private final Transactions transactions;

    // Connection state DuckDB's driver rejects, remembered here (no effect on the engine).
    private volatile int transactionIsolation = TRANSACTION_SERIALIZABLE;
    private volatile int networkTimeoutMillis;
    private final ClientInfo clientInfo = new ClientInfo();
    /** Makes this connection's statements (see StatementFactory). */
    private final StatementFactory factory = new StatementFactory(this);

    /**
     * @param engine  DuckDB's connection (the engine connection), owned by this wrapper from now on
     * @param info    what the connection reports about itself and its error path
     * @param link    the engine instance (see EngineLink)
     * @param entered whether {@code engine} is in the lake already; if not, it enters before its first use
     */
    public LakeConnection(Connection engine, LakeContext info, EngineLink link, boolean entered) {
        this.link = Objects.requireNonNull(link, "link");
        this.calls = new EngineCalls(link.events()::callAbandoned, () -> {
            checkUsable();
            return null;
        });
        this.engineLock = Objects.requireNonNull(link.engineLock(), "engineLock");
        this.transactions = new Transactions(this, link);
        this.info = Objects.requireNonNull(info, "info");
        this.session = new EngineSession(Objects.requireNonNull(engine, "engine"), link, entered, info.errors());
        this.access = new ConnectionAccess(info.sqlAccess(), session);
        this.entry = new LakeEntry(this, link, transactions);
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
    Connection entered() throws SQLException {
        checkUsable();
        if (session.entryPending()) {
            entry.enterPrimary(); // as a call of this connection (see LakeEntry)
        }
        return session.primary();
    }

    // ---- streamed results (see EngineSession) ----

    /** Whether the engine streams results, so open results are tracked. */
    boolean streamsResults() {
        return info.streamResults();
    }

    /**
     * Frees the primary engine connection of the live stream, as a call of this connection (see EngineSession).
     * In auto-commit mode the stream may keep its engine connection when no transaction is open there but,
     * perhaps, its own read's.
     */
    private void claim() {
        session.claimAsCall(
                calls,
                transactions.autoCommit()
                        && !isClosedNow()
                        && (!transactionOpenNow() || session.readOpenOn(session.primary())),
                entry::sibling);
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
        checkUsable();
        return session.primary();
    }

    // ---- lifecycle ----

    /** Where the connection stands now. */
    Lifecycle lifecycle() {
        Lifecycle now = lifecycle.get();
        return now == Lifecycle.OPEN && calls.abandoned() ? Lifecycle.ABANDONED : now;
    }

    /** Whether close() or abort() ran. */
    private boolean isClosedNow() {
        return lifecycle.get() != Lifecycle.OPEN;
    }

    /** Moves to CLOSED; false when the connection was closed already. */
    private boolean markClosed() {
        return lifecycle.compareAndSet(Lifecycle.OPEN, Lifecycle.CLOSED);
    }

    /** Fails with 08003 once closed and 08006 once abandoned. */
    void checkUsable() throws SQLException {
        if (isClosedNow()) {
            throw SqlErrors.closed("Connection");
        }
        calls.checkNotAbandoned();
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

    /** The text the engine runs for {@code sql}, checked (see ConnectionAccess). */
    String checkAccess(String sql) throws SQLException {
        return access.check(sql);
    }

    /** Whether batches of a simple INSERT … VALUES go through a staging table ({@code bulk_batch}). */
    boolean bulkBatches() {
        return info.bulkBatch();
    }

    /** Whether a transaction's consecutive staged batches of one INSERT are written together (see CoalescedBatch). */
    boolean coalescesBatches() {
        return info.batchCoalesce();
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
        if (isClosedNow() && SqlErrors.engineObjectClosed(e)) {
            // A call that passed its check just before close() released the engine connection under it.
            return SqlErrors.closed("Connection");
        }
        return info.errors().translate(e);
    }

    /** Tracks a new statement, so close() closes it. */
    <S extends LakeStatement> S track(S statement) throws SQLException {
        statements.add(statement);
        if (isClosedNow()) { // lost a race with close(): do not leak the new statement
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
        engineLock.mayCommitOutsideLock(); // the user may commit on DuckDB's objects, past the commit lock
    }

    /** The instance's lock (see EngineLock); for tests in this package. */
    EngineLock engineLock() {
        return engineLock;
    }

    /** Where this connection's statements report their counts (see LakeEvents). */
    LakeEvents events() {
        return link.events();
    }

    /**
     * See DuckLakeConnection#lastCommitSnapshot. Settling a commit the engine has not settled yet is one read
     * under the commit lock (see CommitSnapshots); a read that fails answers -1 (logged at FINE).
     */
    @Override
    public long lastCommitSnapshot() {
        if (isClosedNow()) {
            return transactions.settledSnapshot(); // settled on close (see release)
        }
        try {
            return calls.serialized(transactions::lastCommitSnapshot);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "could not read the snapshot of this connection''s latest commit: {0}", forLog(e));
            return -1;
        }
    }

    /** Called by a statement of ours that closed. */
    void untrack(LakeStatement statement) {
        statements.remove(statement);
    }

    /** How many statements are open (metadata ones included); for tests and diagnostics. */
    int openStatementCount() {
        return statements.count();
    }

    /**
     * Closes the statements, then the delegate, then runs onClose, each even if an earlier step failed;
     * the first failure is thrown with the later ones suppressed in it. Runs once.
     */
    private void release() throws SQLException {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        SQLException failure = statements.closeAll();
        if (!calls.abandoned() && !calls.underWay()) {
            transactions.settleOnClose(); // so the closed connection still answers lastCommitSnapshot
        }
        try {
            if (session.release(failure == null && reusable())) {
                lifecycle.set(Lifecycle.HANDED_OVER);
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
                && !session.entryPending()
                && !calls.abandoned()
                && !calls.underWay()
                && !session.streaming()
                && EngineInternals.AVAILABLE
                && !EngineInternals.isOpen(session.primary());
    }

    // ---- calls (see EngineCalls) ----

    /** This connection's one path into the engine: serialized, bounded, abandoned (see EngineCalls). */
    EngineCalls calls() {
        return calls;
    }

    /** This connection's engine connections and live stream (see EngineSession). */
    EngineSession session() {
        return session;
    }

    /**
     * Runs a call into the engine, bounded by {@code seconds} when positive (see EngineCalls); {@code what}
     * names the bound in the error, {@code state} is the SQLState of a call that outlived it.
     */
    <T> T bounded(int seconds, String what, String state, SqlWork<T> work) throws SQLException {
        return calls.bounded(session.primary(), seconds, what, state, work);
    }

    /**
     * As {@link #bounded}, for a call on a stream's engine connection (which may be its own): {@code engine}
     * answers it when the bound is reached, just before the interrupt.
     */
    <T> T boundedOn(Supplier<Connection> engine, int seconds, String what, String state, SqlWork<T> work)
            throws SQLException {
        return calls.bounded(engine, seconds, what, state, work);
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

    /** The connection's transaction: the statements check and run their work through it. */
    Transactions transactions() {
        return transactions;
    }

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
        if (!isClosedNow()) {
            transactions.afterFailedExecution(transactionBefore, failure);
        }
    }

    /** The transaction's state, read from the engine. */
    TransactionState transactionState() throws SQLException {
        open();
        return calls.serialized(transactions::state);
    }

    /**
     * Runs work that reads the catalog outside a statement of the user's (entering the lake, the driver's
     * metadata queries) under the engine lock where every statement takes it, unless a transaction is open.
     */
    <T> T underEngineLock(SqlWork<T> work) throws SQLException {
        return guarded(() -> transactions.underEngineLock(work));
    }

    /**
     * As {@link #underEngineLock}, bounded by the network timeout when one is set (the driver's metadata
     * queries): a read that outlives it abandons the connection, as a statement that outlives its query timeout
     * does, and the catalog guard is released when the engine lets the read go, not before.
     */
    <T> T underEngineLockBounded(SqlWork<T> work) throws SQLException {
        return calls.serialized(() -> {
            CatalogGuard.Hold hold = enterCatalog(CatalogEffect.NONE, networkTimeoutMillis);
            try {
                return bounded(
                        networkTimeoutSeconds(),
                        "the network timeout",
                        SqlState.QUERY_CANCELED,
                        hold.around(() -> transactions.underEngineLock(work), this::transactionOpenNow));
            } finally {
                hold.releaseUnlessStarted(this::transactionOpenNow);
            }
        });
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
        return calls.serialized(() -> {
            CatalogGuard.Hold hold = enterCatalog(CatalogEffect.NONE, networkTimeoutMillis);
            try {
                return hold.around(work, this::transactionOpenNow).run();
            } finally {
                hold.releaseUnlessStarted(this::transactionOpenNow);
            }
        });
    }

    /** The instance's shared metadata reads, or null (see CatalogReads); for tests and diagnostics. */
    CatalogReads catalogReads() {
        return link.catalogReads();
    }

    /**
     * Runs a metadata query of the driver's own through the instance's shared catalog reads (see CatalogReads)
     * when this connection's own engine connection would run it as a transaction of its own: auto-commit mode,
     * no transaction open and nothing streaming (a live stream holds its transaction open). The rows come
     * back in memory, as the only result of a statement of this connection that closes with them. Null when
     * the read must run on this connection (in the user's transaction, so it sees the transaction's changes)
     * or the instance shares no reads.
     */
    ResultSet readCatalog(String sql) throws SQLException {
        return readCatalog(w -> w.query(sql, LakeConnection::inMemory));
    }

    /** A result read into memory to its end (see readCatalog). */
    static BufferedRows inMemory(ResultSet rs) throws SQLException {
        return BufferedRows.drain(BufferedRows.Source.atStart(rs, rs::next), ResultSet.TYPE_FORWARD_ONLY, -1);
    }

    /** As {@link #readCatalog(String)}, for work of several queries that must see the same read of the catalog. */
    ResultSet readCatalog(CatalogReads.Work<BufferedRows> work) throws SQLException {
        CatalogReads reads = link.catalogReads();
        if (reads == null) {
            return null;
        }
        return calls.serialized(() -> {
            checkUsable();
            if (!transactions.autoCommit()
                    || session.streaming()
                    || !EngineInternals.AVAILABLE
                    || transactionOpenNow()
                    || engineLock.commitsOutsideLock()) {
                return null;
            }
            BufferedRows rows;
            try {
                rows = reads.read(networkTimeoutMillis, work);
            } catch (SQLException e) {
                throw error(e);
            }
            // The statement the rows belong to is one of this connection's (never the shared reads' own), so
            // getStatement() leads here and nothing run on it reaches the shared engine connection.
            Statement standIn;
            try {
                standIn = session.primary().createStatement();
            } catch (SQLException e) {
                rows.close();
                throw error(e);
            }
            LakeStatement owner = track(new LakeStatement(this, standIn, null));
            return owner.adoptClosingWith(rows);
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

    /**
     * Runs a query of the driver's own that answers one number (as {@link #runOnEngine}); -1 for SQL NULL or
     * no row.
     */
    long queryLong(String sql) throws SQLException {
        if (session.streaming()) {
            claim();
        }
        try (Statement s = session.primary().createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return -1;
            }
            long v = rs.getLong(1);
            boolean isNull = rs.wasNull();
            // Read to its end: a streamed auto-commit query closed before its last row stays open in the engine,
            // and its catalog connection idle in a transaction, until the next statement.
            // Quirk.EARLY_CLOSE_HOLDS_CATALOG_TRANSACTION
            while (rs.next()) {
                // one row
            }
            return isNull ? -1 : v;
        }
    }

    /** The engine connection calls run on now. */
    Connection engine() {
        return session.primary();
    }

    /** The text with this lake's secrets masked, for a message the driver writes. */
    String scrub(String text) {
        return info.errors().scrub(text);
    }

    /** The URL with secrets masked, for logs. */
    String maskedUrl() {
        return info.maskedUrl();
    }

    /** A failure as the driver's logs may show it, this lake's secrets masked (see SqlErrors#forLog). */
    String forLog(Throwable e) {
        return info.errors().forLog(e);
    }

    /** A failure's message with this lake's secrets masked, for logs and messages. */
    String readable(SQLException e) {
        return info.errors().readable(String.valueOf(e.getMessage()));
    }

    /** The error for an argument out of its documented range. */
    private static SQLException invalidArgument(String message) {
        return SqlErrors.create(message, SqlState.INVALID_PARAMETER_VALUE, null);
    }

    // ---- java.sql.Connection ----

    // Statements are made by StatementFactory, in the shape asked for.

    @Override
    public Statement createStatement() throws SQLException {
        return factory.create(Shape.DEFAULT);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return factory.prepare(sql, Shape.DEFAULT);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return factory.call(sql, Shape.DEFAULT);
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
        calls.serialized(() -> {
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
        calls.serialized(() -> {
            transactions.commit();
            return null;
        });
    }

    /** See Transactions#rollback. */
    @Override
    public void rollback() throws SQLException {
        open();
        calls.serialized(() -> {
            transactions.rollback();
            return null;
        });
    }

    /**
     * Closes the statements, the DuckDB connection and releases the engine. When another thread's call runs on
     * the connection, or a bounded call's work is still under way (abandoned after its bound), close() returns
     * at once: the running call is interrupted, and the release happens on a background thread once the call
     * has ended (see EngineCalls#enterWhenIdle). Closing the DuckDB connection under it would let the call's
     * next step reach a freed engine connection.
     */
    @Override
    public void close() throws SQLException {
        if (!markClosed()) {
            return; // closed or aborted before: that call releases
        }
        CallLock.Hold idle = calls.enterIfIdle();
        if (idle == null) {
            stopRunningCall();
            releaseWhenIdle(BoundedCalls.THREADS);
            return;
        }
        try {
            release();
        } finally {
            idle.close();
        }
    }

    /**
     * Interrupts the engine connection under a running call, and the fetch of any stream of this connection,
     * so that the release waits for a call that ends soon rather than one that runs on; the engine connection
     * is then not reused. The engine connection is only closed by the release, which waits for the call: the
     * interrupt cannot reach a closed one.
     */
    private void stopRunningCall() {
        session.touch();
        // A stream's fetch may run on an engine connection of its own; its reads then fail with 08003.
        session.stopStreams(StreamStop.CONNECTION_CLOSED);
        if (EngineInternals.AVAILABLE) {
            EngineInternals.interrupt(session.primary()); // Quirk.CANCEL_WAITS_FOR_LOCK
        }
    }

    /** Releases on {@code executor} once no call runs on the connection (see EngineCalls#enterWhenIdle). */
    private void releaseWhenIdle(Executor executor) {
        Runnable task = () -> {
            try (CallLock.Hold idle = calls.enterWhenIdle()) {
                release();
            } catch (SQLException | RuntimeException e) {
                // Nobody to report to: the caller has moved on.
            }
        };
        try {
            executor.execute(task);
        } catch (RuntimeException e) { // rejected: release here rather than leak the engine
            task.run();
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (isClosedNow()) {
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
        access.checkSchema(schema);
        guarded(() -> {
            transactions.writeStaged(null); // written where their INSERT named its table
            super.setSchema(schema);
            return null;
        });
    }

    /** Changes the engine connection's session: it is not reused for a later connect. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        access.checkCatalog(catalog);
        guarded(() -> {
            transactions.writeStaged(null); // written where their INSERT named its table
            super.setCatalog(catalog);
            return null;
        });
    }

    /** See Transactions#setReadOnly: READ ONLY transactions, writes fail with 25006. */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        open();
        calls.serialized(() -> {
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

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return factory.create(Shape.of(resultSetType, resultSetConcurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return factory.prepare(sql, Shape.of(resultSetType, resultSetConcurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return factory.call(sql, Shape.of(resultSetType, resultSetConcurrency));
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
        return factory.create(Shape.of(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        return factory.prepare(sql, Shape.of(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public CallableStatement prepareCall(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        return factory.call(sql, Shape.of(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return factory.prepare(sql, (raw, q) -> raw.prepareStatement(q, autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return factory.prepare(sql, (raw, q) -> raw.prepareStatement(q, columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return factory.prepare(sql, (raw, q) -> raw.prepareStatement(q, columnNames));
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
        return !isClosedNow() && Validity.check(this, info.validationQuery(), timeout);
    }

    /** Kept by the driver (see ClientInfo): DuckDB's driver rejects client info. */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        clientInfo.set(isClosedNow(), name, value);
    }

    /** Replaces all client info, as JDBC specifies. */
    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.setAll(isClosedNow(), properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        open();
        return clientInfo.get(name);
    }

    /** A copy: changing it does not change this connection's client info. */
    @Override
    public Properties getClientInfo() throws SQLException {
        open();
        return clientInfo.copy();
    }

    /** Marks the connection closed now and releases it on the given executor; a no-op once closed. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw invalidArgument("Executor is null");
        }
        session.touch(); // aborted: whatever state the engine connection is in, it is not reused
        if (!markClosed()) {
            return;
        }
        CallLock.Hold idle = calls.enterIfIdle();
        if (idle == null) {
            stopRunningCall();
        } else {
            idle.close();
        }
        releaseWhenIdle(executor);
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

    // ---- java.sql.Wrapper ----

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        // Unwrapping to DuckDB's connection enters the lake (Appender users expect to be in the lake);
        // on a closed connection it still answers, as the Wrapper contract allows.
        if (lifecycle.get() == Lifecycle.HANDED_OVER) {
            throw SqlErrors.closed("Connection");
        }
        Connection target = isClosedNow() ? session.primary() : delegate();
        session.touch(); // DuckDB's connection in the user's hands: its session may change
        engineLock.mayCommitOutsideLock(); // and it may commit past the commit lock
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
