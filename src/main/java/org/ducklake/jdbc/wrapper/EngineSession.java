package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ducklake.jdbc.engine.CallLock;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.errors.SqlErrors;

/**
 * The engine connections of one JDBC connection, and the streamed result that holds one of them.
 *
 * <p>With stream_results (the default) DuckDB's result sets read their rows from the engine as they are
 * needed, and one engine connection runs one query at a time: a statement, a metadata query, BEGIN or COMMIT
 * run while a stream is open would end it ("Attempting to execute an unsuccessful or closed pending query
 * result"). So the latest streamed result is the <i>live stream</i>, and before anything else runs on the
 * engine connection it is claimed ({@link #claim}), one of two ways:
 *
 * <ul>
 *   <li><b>The stream keeps its engine connection</b> and calls go on on another engine connection of the
 *       same instance (a spare of this connection's, else a new one already in the lake): in auto-commit mode,
 *       with no transaction open and the session untouched (so a fresh engine connection is the same
 *       session), where DuckDB's prepared statements can carry their bindings to the new connection. The
 *       stream stays a stream: reading a large result while running a query per row keeps memory flat. A
 *       statement whose DuckDB statement is on another engine connection is prepared again on the current
 *       one before it runs, bindings carried (LakeStatement#follow).
 *   <li><b>The stream is moved aside</b> otherwise: its current row and the rest of its rows (up to its max
 *       rows) are read into memory and it goes on from there. A transaction needs one engine connection, so
 *       inside one this is the only way.
 * </ul>
 *
 * <p>An engine connection a stream kept becomes a spare when the stream ends (read to its end or closed),
 * and DuckDB statements that moved off it are closed then. All of them close, or go back to the instance,
 * when the connection closes. Every method runs inside a call of the connection (see EngineCalls).
 *
 * <p><b>A stream's read transaction.</b> In auto-commit mode a prepared plain read runs in a transaction the
 * driver begins for it (see Transactions#readInOneTransaction), and when its result streams, that
 * transaction stays open on the stream's engine connection until the stream ends. Such an engine connection
 * is an <i>open read</i>: the transaction ends (COMMIT) when its stream ends, and, whatever else happened,
 * before anything else runs there: when the primary is claimed, and when a spare is taken. A stream that
 * holds one may keep its engine connection as any auto-commit stream may; a spare with one open never goes
 * back to the instance.
 */
final class EngineSession {
    private static final Logger LOG = Logger.getLogger(LakeConnection.class.getName());

    private final EngineLink link;
    /** Masks the lake's secrets in what is logged (an engine error may name the catalog's DSN). */
    private final SqlErrors errors;

    /** The engine connection calls run on. */
    private volatile Connection primary;
    /** The result set streaming from the primary engine connection, claimed before anything else runs there. */
    private volatile LakeResultSet liveStream;
    /** Streams that kept their engine connection, with the connection each keeps. */
    private final Map<LakeResultSet, Connection> kept = new IdentityHashMap<>();
    /** Engine connections of this connection in the lake and free, for the next stream that keeps one. */
    private final Deque<Connection> spares = new ArrayDeque<>();
    /** DuckDB statements that moved off an engine connection a stream keeps: closed when it is free. */
    private final Map<Connection, List<AutoCloseable>> leftBehind = new IdentityHashMap<>();
    /**
     * Set once anything may have changed the session (SQL such as SET, USE or a temporary table, setSchema,
     * setCatalog, unwrapping to DuckDB's objects, abort): the engine connections are then closed rather than
     * reused, and no stream keeps an engine connection of its own (a fresh one would not be the same session).
     */
    private volatile boolean touched;

    /**
     * Engine connections whose open transaction is a streamed read's (see the class comment), ended before
     * anything else runs there. Guarded by its own monitor; {@link #openReadCount} mirrors its size.
     */
    private final Set<Connection> openReads = Collections.newSetFromMap(new IdentityHashMap<>());

    private volatile int openReadCount;

    /** Whether the primary engine connection still has to enter the lake (USE lake). */
    private volatile boolean entryPending;

    private final ReentrantLock entryLock = new ReentrantLock();

    EngineSession(Connection primary, EngineLink link, boolean entered, SqlErrors errors) {
        this.errors = errors;
        this.primary = primary;
        this.link = link;
        this.entryPending = !entered;
    }

    /** Entering the lake, given the work that does it. */
    @FunctionalInterface
    interface Entry {
        void run() throws SQLException;
    }

    boolean entryPending() {
        return entryPending;
    }

    /*
     * Why the lake is entered late: entering the lake (USE) costs a catalog round trip, so it is done before
     * the first use that needs the lake rather than in getConnection. When auto-commit is off it runs inside
     * the user's first transaction, which opens that catalog transaction anyway.
     */

    /** Runs {@code entry} once, before the first use of the primary engine connection that needs the lake. */
    void enter(Entry entry) throws SQLException {
        entryLock.lock();
        try {
            if (entryPending) {
                entry.run();
                entryPending = false;
            }
        } finally {
            entryLock.unlock();
        }
    }

    /**
     * {@link #claim} as a call of the connection, so no other thread's call overlaps the reading. Never
     * throws: interrupted while waiting for the call, the stream stays, and the caller's own call fails on
     * its interrupt.
     */
    void claimAsCall(EngineCalls calls, boolean mayKeep, Siblings siblings) {
        CallLock.Hold hold;
        try {
            hold = calls.enter();
        } catch (SQLException e) {
            return;
        }
        try {
            claim(mayKeep, siblings);
        } finally {
            hold.close();
        }
    }

    /** The engine connection calls run on now. */
    Connection primary() {
        return primary;
    }

    void touch() {
        touched = true;
    }

    boolean touched() {
        return touched;
    }

    /** A result set now streams from the primary engine connection; an older one was claimed before. */
    void streamOpened(LakeResultSet resultSet) {
        liveStream = resultSet;
    }

    /**
     * Whether the primary engine connection must be claimed before anything runs there: a result set streams
     * from it, or a stream's read transaction is still open on it (its stream ended while another thread's
     * call ran, and the COMMIT waits for that call).
     */
    boolean streaming() {
        return liveStream != null || (openReadCount > 0 && readOpenOn(primary));
    }

    /**
     * Stops every stream of this connection (see LakeResultSet#stop): the live one and those that kept their
     * engine connection. Called from another thread than the connection's running call.
     */
    void stopStreams(StreamStop why) {
        LakeResultSet live = liveStream;
        if (live != null) {
            live.stop(why);
        }
        List<LakeResultSet> own;
        synchronized (kept) {
            own = new ArrayList<>(kept.keySet());
        }
        for (LakeResultSet stream : own) {
            stream.stop(why);
        }
    }

    /** The result set streaming from the primary engine connection, or null. */
    LakeResultSet liveStream() {
        return liveStream;
    }

    /** The open transaction of {@code engine} is now a streamed read's (see the class comment). */
    void readOpened(Connection engine) {
        synchronized (openReads) {
            openReads.add(engine);
            openReadCount = openReads.size();
        }
    }

    /** Whether a streamed read's transaction is open on {@code engine}. */
    boolean readOpenOn(Connection engine) {
        synchronized (openReads) {
            return openReads.contains(engine);
        }
    }

    /**
     * Ends the streamed read's transaction on {@code engine}, if one is open: COMMIT, else ROLLBACK. Inside a
     * call of the connection; never throws (a read-only transaction loses nothing when it cannot commit, and
     * DuckDB ends a transaction whose COMMIT failed).
     */
    void endRead(Connection engine) {
        synchronized (openReads) {
            if (!openReads.remove(engine)) {
                return;
            }
            openReadCount = openReads.size();
        }
        try (Statement s = engine.createStatement()) {
            s.execute("COMMIT");
            return;
        } catch (SQLException | RuntimeException e) {
            LOG.log(
                    Level.FINE,
                    "a streamed read''s transaction did not commit, rolling it back: {0}",
                    errors.forLog(e));
        }
        if (EngineInternals.AVAILABLE && EngineInternals.isOpen(engine)) {
            try (Statement s = engine.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "a streamed read''s transaction did not roll back: {0}", errors.forLog(e));
            }
        }
    }

    /**
     * A result set no longer holds the engine (read to its end, closed, or moved aside). When it kept an
     * engine connection of its own, that connection becomes a spare, and the DuckDB statements that moved off
     * it are closed.
     */
    void streamEnded(LakeResultSet resultSet) {
        if (liveStream == resultSet) {
            liveStream = null;
            return;
        }
        Connection freed;
        synchronized (kept) {
            freed = kept.remove(resultSet);
        }
        if (freed != null) {
            closeLeftBehind(freed);
            synchronized (spares) {
                spares.addLast(freed);
            }
        }
    }

    /**
     * Frees the primary engine connection of the live stream (see the class comment): the stream keeps it
     * when {@code mayKeep} and another engine connection can be had (a spare, else one of {@code siblings}),
     * else it is moved aside. Never throws.
     */
    void claim(boolean mayKeep, Siblings siblings) {
        LakeResultSet live = liveStream;
        if (live == null) {
            endRead(primary); // its stream ended meanwhile
            return;
        }
        liveStream = null;
        if (mayKeep && !touched && EngineInternals.BINDINGS_MOVABLE && EngineInternals.AVAILABLE) {
            Connection next = nextEngine(siblings);
            if (next != null) {
                synchronized (kept) {
                    kept.put(live, primary);
                }
                primary = next;
                if (!live.streamsFromTheEngine()) {
                    streamEnded(live); // closed meanwhile by another thread: its engine connection is free
                }
                return;
            }
        }
        live.moveAside();
        endRead(primary); // the moved stream's transaction, also when it was closed meanwhile
    }

    /** A spare engine connection, else a new one of the instance in the lake; null when there is none. */
    private Connection nextEngine(Siblings siblings) {
        Connection spare;
        synchronized (spares) {
            spare = spares.pollLast();
        }
        if (spare != null) {
            endRead(spare); // its stream ended while another thread's call ran
            return spare;
        }
        try {
            return siblings.open();
        } catch (SQLException | RuntimeException e) {
            return null; // the stream is moved aside instead
        }
    }

    /** Opens another engine connection of the instance, in the lake; null when there is none. */
    @FunctionalInterface
    interface Siblings {
        Connection open() throws SQLException;
    }

    /**
     * A DuckDB statement that moved off {@code engine} (see LakeStatement#follow): closed now when no stream
     * keeps that engine connection, else when the stream ends.
     */
    void leftBehind(Connection engine, AutoCloseable statement) {
        synchronized (kept) {
            if (kept.containsValue(engine)) {
                leftBehind.computeIfAbsent(engine, e -> new ArrayList<>()).add(statement);
                return;
            }
        }
        closeQuietly(statement);
    }

    private void closeLeftBehind(Connection engine) {
        List<AutoCloseable> statements;
        synchronized (kept) {
            statements = leftBehind.remove(engine);
        }
        if (statements != null) {
            statements.forEach(EngineSession::closeQuietly);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closed with its engine connection at the latest
        }
    }

    /**
     * Closes the engine connections (after the connection's statements, and so their streams, closed);
     * spares, and the primary when {@code primaryReusable}, go back to the instance when it takes them.
     * Returns whether the primary went back. The first failure is thrown, later ones suppressed in it.
     */
    boolean release(boolean primaryReusable) throws SQLException {
        SQLException failure = null;
        try {
            closeOthers();
        } catch (SQLException e) {
            failure = e;
        }
        boolean handedOver = false;
        try {
            if (failure == null && primaryReusable && !touched && link.takeBack(primary)) {
                handedOver = true;
            } else {
                EngineInternals.close(primary);
            }
        } catch (SQLException e) {
            failure = LakeStatement.keep(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
        return handedOver;
    }

    /**
     * Closes every engine connection but the primary (after the connection's statements, and so their
     * streams, closed): spares go back to the instance when their session is untouched.
     */
    private void closeOthers() throws SQLException {
        List<Connection> others = new ArrayList<>();
        synchronized (kept) {
            others.addAll(kept.values());
            kept.clear();
            leftBehind.values().forEach(l -> l.forEach(EngineSession::closeQuietly));
            leftBehind.clear();
        }
        List<Connection> free;
        synchronized (spares) {
            free = new ArrayList<>(spares);
            spares.clear();
        }
        for (Connection spare : free) {
            // A spare whose stream's read is still open (its COMMIT queued behind a call) is closed: the
            // instance takes back only engine connections with no transaction open.
            if (touched || readOpenOn(spare) || !link.takeBack(spare)) {
                others.add(spare);
            }
        }
        SQLException failure = null;
        for (Connection c : others) {
            try {
                EngineInternals.close(c);
            } catch (SQLException e) {
                failure = LakeStatement.keep(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
