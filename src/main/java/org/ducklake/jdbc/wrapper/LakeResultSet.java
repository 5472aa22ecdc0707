package org.ducklake.jdbc.wrapper;

import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.ducklake.jdbc.engine.CallLock;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.engine.SqlWork;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * A result set handed to the user: forwards every call to DuckDB's result set, reports our statement as
 * its owner, and tells that statement when it closes (for {@link java.sql.Statement#closeOnCompletion()}).
 * After {@link #close()} every method but {@code close}, {@code isClosed}, {@code unwrap} and
 * {@code isWrapperFor} throws.
 *
 * <p>Streaming: when the engine streams results, DuckDB's result reads its rows from the engine as they are
 * needed, and the engine can run one query per connection: another statement of the same connection would
 * end the stream. So the connection tells this result set to {@link #moveAside()} first: the current row and
 * the rest of the rows (up to the statement's max rows) are read into memory ({@link BufferedRows}) and the
 * cursor goes on from there. A scrollable result set is read into memory when the query has run. Max rows
 * end the stream once reached (the engine stops reading). When the statement has a time bound (query or
 * network timeout), a {@code next()} that fetches from the engine keeps it.
 */
public class LakeResultSet extends ConvertingResultSet {

    private static final AtomicLong IDS = new AtomicLong();

    private final LakeStatement statement;
    /** DuckDB's result set this one was made for. */
    private final ResultSet engineResult;

    private final long id = IDS.incrementAndGet();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The result set type the statement asked for (TYPE_FORWARD_ONLY or TYPE_SCROLL_INSENSITIVE). */
    private final int type;

    /** Rows this result set may return (the statement's max rows), 0 for no limit. */
    private final long limit;

    /** What calls go to: {@link #engineResult} while streaming, {@link BufferedRows} once rows are in memory. */
    private volatile ResultSet delegate;
    /** Set while {@link #moveAside()} reads the engine result's rows into memory (see unmoved). */
    private volatile boolean moving;
    /** Rows next() returned from the engine result. */
    private long rowsRead;
    /** Whether the cursor is on a row of the engine result. */
    private boolean onRow;
    /** Whether fetches keep a time bound (the statement's query timeout, or the network timeout). */
    private final boolean bounded;
    /** Whether DuckDB's result streams from the engine (its query runs while the rows are read). */
    private final boolean stream;
    /** Whether its query may read the catalog (all but a SELECT of constants, see SqlFacts#constantsOnly). */
    private final boolean readsCatalog;
    /**
     * The engine connection whose open transaction this stream's read holds (see EngineSession), ended when
     * the stream ends; null for none.
     */
    private volatile Connection readOn;
    /** The engine connection DuckDB's result comes from (where its fetches run); null for rows in memory. */
    private final Connection source;
    /**
     * Why the stream gives no more rows (cancelled, its connection closed, a time bound reached, or failed);
     * null while it may. Set under {@link #stopLock}, read without it.
     */
    private volatile StreamStop stopped;
    /** Guards {@link #fetching} and the interrupt of a stop: the interrupt reaches this stream's fetch only. */
    private final Object stopLock = new Object();
    /** Whether a fetch of this stream runs in the engine now (always inside a call of the connection). */
    private boolean fetching;

    /**
     * @param type the result set type asked for: a scrollable one is read into memory at once
     * @param live whether DuckDB's result is a stream the connection must move aside before it runs
     *             anything else
     * @param readsCatalog whether its query may have read the lake's catalog (see closeEngineResult)
     */
    LakeResultSet(LakeStatement statement, ResultSet delegate, long limit, int type, boolean live, boolean readsCatalog)
            throws SQLException {
        this.statement = Objects.requireNonNull(statement, "statement");
        this.engineResult = Objects.requireNonNull(delegate, "delegate");
        this.delegate = delegate;
        this.limit = limit;
        this.type = type;
        this.bounded = statement.fetchBound() > 0;
        this.stream = live;
        this.readsCatalog = readsCatalog;
        this.source = engineOf(delegate, statement);
        if (type != TYPE_FORWARD_ONLY) {
            keepAll();
        } else if (live) {
            statement.streamOpened(this);
        }
    }

    /**
     * A result whose rows are in memory from the start (read on another engine connection, see
     * CatalogReads): it never reads from an engine, and unwraps to nothing of DuckDB's.
     */
    LakeResultSet(LakeStatement statement, BufferedRows rows) throws SQLException {
        this.statement = Objects.requireNonNull(statement, "statement");
        // Stands where DuckDB's result would: never the delegate, so every path reads the rows in memory.
        this.engineResult = BufferedRows.ended(rows.getMetaData(), TYPE_FORWARD_ONLY, 0);
        this.delegate = rows;
        this.limit = 0;
        this.type = TYPE_FORWARD_ONLY;
        this.bounded = false;
        this.stream = false;
        this.readsCatalog = false;
        this.source = null;
    }

    /** The engine connection DuckDB's result comes from: its statement's, else the statement's now. */
    private static Connection engineOf(ResultSet engineResult, LakeStatement statement) {
        try {
            Statement engineStatement = engineResult.getStatement();
            if (engineStatement != null) {
                return engineStatement.getConnection();
            }
        } catch (SQLException e) {
            // a metadata result may not tell: the statement's engine connection ran it
        }
        return statement.engineConnection();
    }

    /** The delegate, after checking this result set is open; a volatile read, cheap enough per row. */
    @Override
    ResultSet delegate() throws SQLException {
        if (closed.get()) {
            throw SqlErrors.closed("ResultSet");
        }
        return delegate;
    }

    @Override
    ResultSet wrapped() {
        return engineResult;
    }

    /*
     * A value getter runs outside the connection's call lock (a lock per value would cost a full scan), so
     * another thread's call may move this result aside while a getter reads the engine result. The getter
     * then reads again from the rows in memory: unmoved() tells whether the read it made can stand.
     */

    @Override
    boolean unmoved(ResultSet read) {
        VarHandle.acquireFence(); // the value was read before the flags are
        return !moving && delegate == read;
    }

    @Override
    synchronized ResultSet settled() throws SQLException {
        return delegate(); // moveAside holds this monitor until the rows are in memory
    }

    /** Unwrapping to DuckDB's result leads to DuckDB's statement and connection (see LakeStatement#unwrap). */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (!iface.isInstance(this)) {
            statement.sessionLeftTheDriver();
        }
        return super.unwrap(iface);
    }

    /** Delegate errors are translated by the connection (see {@link LakeConnection#error}). */
    @Override
    SQLException error(SQLException e) {
        return statement.connectionError(e);
    }

    /** Whether rows still come from the engine's result (not from memory); for tests and diagnostics. */
    boolean streamsFromTheEngine() {
        return delegate == engineResult && !closed.get();
    }

    /**
     * This stream holds the read transaction open on {@code engine} (see Transactions#readInOneTransaction):
     * it ends when the stream ends (read to its end or max rows, closed, or moved aside).
     */
    void holdsRead(Connection engine) {
        readOn = engine;
    }

    /** The engine connection of this stream's open read, taken once; null for none. */
    private Connection takeRead() {
        Connection read = readOn;
        readOn = null;
        return read;
    }

    /** Whether this wrapper wraps the given DuckDB result set (a statement asked for the same one again). */
    boolean wraps(ResultSet raw) {
        return engineResult == raw;
    }

    /**
     * Closes this result set on behalf of its statement (the statement closes, executes again, or moves to
     * its next result): unlike {@link #close()} it does not report back to the statement, so it never
     * triggers the statement's close-on-completion.
     */
    void closeByStatement() throws SQLException {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }

    /** Frees DuckDB's result (which ends its query in the engine) and the kept rows. */
    private void release() throws SQLException {
        ResultSet current = delegate;
        try {
            if (statement.abandoned()) {
                return; // a fetch may still hold DuckDB's result; the connection's release frees it
            }
            if (current != engineResult) {
                current.close();
            }
            Connection read = takeRead();
            // Never waits for another thread's call; the read's COMMIT right after DuckDB's result closed.
            statement.closeEngineObject(
                    read == null
                            ? () -> closeEngineResult(true)
                            : () -> {
                                try {
                                    engineResult.close();
                                } finally {
                                    statement.endRead(read);
                                }
                            });
        } catch (SQLException e) {
            throw error(e);
        } finally {
            // After DuckDB's result is closed (or its close is queued behind the running call): an engine
            // connection this result kept is then free for the connection's next calls (see EngineSession).
            statement.streamEnded(this);
        }
    }

    // ---- streaming ----

    /**
     * DuckDB's next(), with a failure its driver reports as the end of the rows turned into an error: a
     * query that fails while a streamed result is read (an object-store read, a conversion, an
     * interrupt) would otherwise look like a shorter result.
     */
    private boolean rawNext() throws SQLException {
        boolean more;
        try {
            more = engineResult.next();
        } catch (SQLException e) {
            // An error the engine met while it ran ahead of the reader: DuckDB's driver says only this (the
            // result is open, so the engine's result holds an error), and closes the result.
            throw String.valueOf(e.getMessage()).contains("Invalid result set") ? failedStream(e) : e;
        }
        if (!more && EngineInternals.failed(engineResult)) {
            throw failedStream(null);
        }
        return more;
    }

    /**
     * {@link #rawNext()} where it may fetch from the engine, inside a call of the connection: a stop (see
     * {@link #stop}) interrupts the engine only while this runs, so the interrupt cannot reach a later query
     * of the same engine connection. A stream stopped before fails here without a fetch.
     */
    private boolean fetchNext() throws SQLException {
        synchronized (stopLock) {
            StreamStop why = stopped;
            if (why != null) {
                throw why.error(null);
            }
            fetching = true;
        }
        try {
            return rawNext();
        } finally {
            synchronized (stopLock) {
                fetching = false;
            }
        }
    }

    /**
     * The stream fails: with the reason it was stopped for when the driver stopped it (the engine's error then
     * is the driver's interrupt), else as an error of the engine's. Every later read fails the same way.
     */
    private SQLException failedStream(SQLException cause) {
        StreamStop why;
        synchronized (stopLock) {
            if (stopped == null) {
                stopped = StreamStop.FAILED;
            }
            why = stopped;
        }
        return why.error(cause);
    }

    /**
     * Stops this stream from another thread (Statement.cancel(), the connection's close): its reads fail from
     * now on with {@code why}, and a fetch under way is interrupted in the engine. The first reason stands. A
     * result whose query has ended (its rows in memory, or its last fetch found the end) has nothing to stop.
     */
    void stop(StreamStop why) {
        synchronized (stopLock) {
            // Between fetches the engine result does not change (a fetch ends under this lock): its state reads true.
            if (!fetching && (!stream || delegate != engineResult || !EngineInternals.unfinished(engineResult))) {
                return;
            }
            if (stopped == null) {
                stopped = why;
            }
            if (fetching && EngineInternals.AVAILABLE) {
                EngineInternals.interrupt(source); // Quirk.CANCEL_WAITS_FOR_LOCK
            }
        }
    }

    /**
     * The error of a read of a stream stopped before it. A stream cancelled between its fetches still has its
     * query open in the engine: it is ended now, as at max rows, rather than when the result set is closed
     * (which a caller may not do soon), so the catalog is not held meanwhile. After the connection's close, or
     * a bound the engine did not keep, the connection's release ends it.
     */
    private SQLException stoppedBefore(StreamStop why) {
        SQLException error = why.error(null);
        if (why == StreamStop.CANCELLED && !statement.abandoned()) {
            try {
                statement.closeEngineObject(() -> closeEngineResult(true));
            } catch (SQLException e) {
                error.addSuppressed(e);
            }
        }
        return error;
    }

    /** A fetch reached its time bound (named by {@code bound}); the bounded call interrupts the engine. */
    private void boundReached(String bound) {
        synchronized (stopLock) {
            if (stopped == null) {
                stopped = StreamStop.bound(bound);
            }
        }
    }

    /** Runs work on this stream's engine connection within the bound its fetches keep (see LakeStatement#fetch). */
    private <T> T withinBound(SqlWork<T> work) throws SQLException {
        return statement.fetch(source, work, this::boundReached);
    }

    /**
     * The next row of DuckDB's result, within the max rows and the statement's time bound.
     *
     * @param inCall whether next() found that this row needs a fetch, and entered the connection's call for it
     */
    private boolean engineNext(boolean inCall) throws SQLException {
        if (limit > 0 && rowsRead >= limit) {
            return false;
        }
        StreamStop why = stopped;
        if (why != null) {
            throw stoppedBefore(why);
        }
        boolean more;
        if (!bounded) {
            // A row within the chunk already read is not a fetch (see next()).
            more = inCall ? fetchNext() : rawNext();
        } else if (EngineInternals.mayFetch(engineResult)) {
            more = withinBound(this::fetchNext);
        } else {
            more = engineResult.next(); // the row is in the chunk already read
        }
        if (more) {
            rowsRead++;
        }
        onRow = more;
        return more;
    }

    /**
     * Another statement needs the engine connection: the current row and the remaining rows (up to max
     * rows) are read into memory, and DuckDB's result is closed. A failure while reading is kept and thrown
     * by the next() that reaches it; this never throws.
     */
    synchronized void moveAside() {
        if (closed.get() || delegate != engineResult) {
            return;
        }
        moving = true;
        try {
            long more = limit > 0 ? Math.max(0, limit - rowsRead) : -1;
            delegate = BufferedRows.drain(
                    new BufferedRows.Source(engineResult, this::fetchNext, onRow, rowsRead), type, more);
        } catch (SQLException e) {
            // The result's metadata could not be read, so no row could be kept: the stream stays as it is,
            // and the engine's own error reaches the user at the next read.
            return;
        } finally {
            moving = false;
        }
        Connection read = takeRead();
        try {
            if (read == null) {
                closeEngineResult(false); // inside the call that moves this aside, and its bound
            } else {
                engineResult.close();
            }
        } catch (SQLException e) {
            // the rows are kept; DuckDB's result ends with its connection at the latest
        }
        if (read != null) {
            statement.endRead(read); // inside the call that moves this aside
        }
    }

    /** A scrollable result: every row (up to max rows) read into memory now. */
    private void keepAll() throws SQLException {
        long more = limit > 0 ? limit : -1;
        delegate = withinBound(
                () -> BufferedRows.drain(BufferedRows.Source.atStart(engineResult, this::fetchNext), type, more));
        try {
            closeEngineResult(false); // inside the execution's call, and its bound
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** The engine result reached its end or max rows: close it so the engine stops, keep the cursor after last. */
    private void ended(boolean inCall) throws SQLException {
        delegate = BufferedRows.ended(engineResult.getMetaData(), type, rowsRead);
        try {
            Connection read = takeRead();
            if (read == null) {
                // In the call of the fetch that found the end or max rows, else (max rows within a chunk) a call
                // of its own if free, or after the running one.
                statement.closeEngineObject(() -> closeEngineResult(true));
                return;
            }
            engineResult.close();
            if (bounded && inCall) {
                // Within the fetch's bound, as DuckDB's own auto-commit stream commits inside the fetch that finds
                // its end: a COMMIT that outlives it fails this next() with 57014 and abandons the connection.
                // Only inside the call already held: entering it under this monitor would invert the lock order.
                withinBound(() -> {
                    statement.endRead(read);
                    return null;
                });
            } else {
                // Within the call of the fetch that found the end; after max rows, a call of its own if free
                // (else after the running one), as DuckDB's own stream commits when its result is closed.
                statement.closeEngineObject(() -> statement.endRead(read));
            }
        } finally {
            statement.streamEnded(this); // after the close: a kept engine connection is then free
        }
    }

    /**
     * Closes DuckDB's result, inside a call of the connection. A stream closed before its last row (closed,
     * ended by max rows, moved aside or kept at max rows) leaves its auto-commit query, and the query's
     * transaction, open in the engine until the engine connection runs its next statement: on a PostgreSQL or
     * MySQL catalog the catalog connection stays idle in a transaction (its snapshot and locks held), on a
     * DuckDB-file or SQLite catalog its read transaction stays open, for as long as the connection is idle. So
     * the engine connection runs a statement of no effect at once, which ends that query (DuckDB rolls back a
     * query it did not finish; a read loses nothing). Not inside a transaction of the engine's: the stream's
     * query belongs to that transaction, which ends with it; nor for a SELECT of constants ({@code SELECT 1},
     * a pool's validation), which reads no catalog.
     */
    // Quirk.EARLY_CLOSE_HOLDS_CATALOG_TRANSACTION
    private void closeEngineResult(boolean withinFetchBound) throws SQLException {
        if (engineResult.isClosed()) {
            return; // closed when the stream ended, the result set's close comes after
        }
        Connection engine =
                stream && readsCatalog && EngineInternals.AVAILABLE && EngineInternals.unfinished(engineResult)
                        ? source
                        : null;
        engineResult.close();
        if (engine == null || EngineInternals.isOpen(engine)) {
            return;
        }
        // Ending the query talks to the catalog (its ROLLBACK): within the bound a fetch keeps, as the
        // statement after it would have been.
        SqlWork<Void> end = () -> {
            try (Statement s = engine.createStatement()) {
                s.execute(END_ABANDONED_QUERY);
            }
            return null;
        };
        try {
            if (withinFetchBound) {
                withinBound(end);
            } else {
                end.run();
            }
        } catch (SQLException e) {
            // The rows read stand; the engine connection is not used for another JDBC connection (a query that
            // outlived the bound abandoned this one already).
            statement.unfinishedQueryNotEnded(e);
        }
    }

    /** What ends an abandoned query (see closeEngineResult): any statement does; this one reads nothing. */
    private static final String END_ABANDONED_QUERY = "SELECT 1";

    // ---- java.sql.ResultSet ----

    /**
     * The next row. A fetch from the engine is a call of the connection (see LakeConnection#serialized),
     * entered before this result set's monitor, in the lock order; a row already in the engine's chunk, or
     * in memory, is read under the monitor only.
     */
    @Override
    public boolean next() throws SQLException {
        if (delegate == engineResult && EngineInternals.mayFetch(engineResult)) {
            try (CallLock.Hold call = statement.enterCall()) {
                return nextRow(true);
            }
        }
        return nextRow(false);
    }

    /** @param inCall whether this thread holds the connection's call (entered before this monitor) */
    private synchronized boolean nextRow(boolean inCall) throws SQLException {
        try {
            ResultSet d = delegate();
            if (d != engineResult) {
                return d.next();
            }
            if (engineNext(inCall)) {
                return true;
            }
            ended(inCall);
            return false;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized int getRow() throws SQLException {
        try {
            ResultSet d = delegate();
            if (d != engineResult) {
                return d.getRow();
            }
            return onRow ? (int) Math.min(Integer.MAX_VALUE, rowsRead) : 0;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public synchronized boolean isFirst() throws SQLException {
        try {
            ResultSet d = delegate();
            return d != engineResult ? d.isFirst() : onRow && rowsRead == 1;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /*
     * A forward-only result refuses to move back the same way whether it streams or was moved into memory
     * (DuckDB's own result says 0A000, the rows in memory 24000): 24000, invalid cursor state.
     */

    private <T> T scrolling(String what, ScrollMove<T> move) throws SQLException {
        ResultSet d = delegate();
        if (type == TYPE_FORWARD_ONLY) {
            throw SqlErrors.create(
                    what + " needs a scrollable result set: this one is TYPE_FORWARD_ONLY (create the statement with"
                            + " ResultSet.TYPE_SCROLL_INSENSITIVE)",
                    SqlState.INVALID_CURSOR_STATE,
                    null);
        }
        try {
            return move.run(d);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    /** A move of the cursor on the delegate. */
    @FunctionalInterface
    private interface ScrollMove<T> {
        T run(ResultSet d) throws SQLException;
    }

    @Override
    public boolean previous() throws SQLException {
        return scrolling("previous()", ResultSet::previous);
    }

    @Override
    public boolean first() throws SQLException {
        return scrolling("first()", ResultSet::first);
    }

    @Override
    public boolean last() throws SQLException {
        return scrolling("last()", ResultSet::last);
    }

    @Override
    public void beforeFirst() throws SQLException {
        scrolling("beforeFirst()", d -> {
            d.beforeFirst();
            return null;
        });
    }

    @Override
    public void afterLast() throws SQLException {
        scrolling("afterLast()", d -> {
            d.afterLast();
            return null;
        });
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        return scrolling("absolute()", d -> d.absolute(row));
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        return scrolling("relative()", d -> d.relative(rows));
    }

    @Override
    public int getType() throws SQLException {
        delegate();
        return type;
    }

    @Override
    public void close() throws SQLException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SQLException failure = null;
        try {
            release();
        } catch (SQLException e) {
            failure = e;
        }
        try {
            statement.resultClosed(this);
        } catch (SQLException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public Statement getStatement() throws SQLException {
        delegate();
        return statement;
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (closed.get()) {
            return true;
        }
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    // ---- java.lang.Object: identity equality (Object's own, never the delegate's), and a toString with
    // nothing from the delegate (its text may carry secrets) ----

    @Override
    public String toString() {
        return "LakeResultSet@" + id;
    }
}
