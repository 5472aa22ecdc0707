package org.ducklake.jdbc.engine;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes the calls into one engine connection, as pgjdbc serializes a connection's protocol: a
 * connection of ours used by several threads (SchemaCrawler reads columns on four) runs one engine call at a
 * time, and the driver's own state (the live stream, the transaction) changes only inside a call.
 *
 * <p>A call is held by a thread, re-entrantly, and by the thread of {@link BoundedCalls} that runs a bounded
 * call for it: the holder lends the lock to that thread for the work's duration (see {@link #lent}), so the
 * work can make nested calls without waiting for its own caller. When the caller gives up at its bound it
 * releases the lock; the connection is then abandoned, and every later call refuses before it reaches the
 * engine, so the stuck work and a later call never overlap in the engine.
 */
public final class CallLock {
    private final ReentrantLock lock = new ReentrantLock();

    /** The locks the current thread holds or was lent (see BoundedCalls). */
    private static final ThreadLocal<Set<CallLock>> HELD = ThreadLocal.withInitial(HashSet::new);

    /** Enters a call: waits while another thread's call runs. Re-entrant, and free for a thread it was lent to. */
    public Hold enter() throws InterruptedException {
        Set<CallLock> held = HELD.get();
        if (held.contains(this) && !lock.isHeldByCurrentThread()) {
            return Hold.NESTED; // lent by a caller waiting for this thread
        }
        lock.lockInterruptibly();
        held.add(this);
        return new Hold(this);
    }

    /** As {@link #enter()}, waiting at most {@code millis}; null when another call still runs then. */
    public Hold tryEnter(long millis) throws InterruptedException {
        Set<CallLock> held = HELD.get();
        if (held.contains(this) && !lock.isHeldByCurrentThread()) {
            return Hold.NESTED;
        }
        if (!lock.tryLock(millis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        held.add(this);
        return new Hold(this);
    }

    /** The locks the current thread holds, to lend to a thread that works for it. */
    static Set<CallLock> heldByCurrentThread() {
        Set<CallLock> held = HELD.get();
        return held.isEmpty() ? Set.of() : Set.copyOf(held);
    }

    /** Runs {@code work} on this thread as a holder of {@code locks} (lent by the thread waiting for it). */
    static <T> T lent(Set<CallLock> locks, SqlWork<T> work) throws java.sql.SQLException {
        if (locks.isEmpty()) {
            return work.run();
        }
        Set<CallLock> held = HELD.get();
        Set<CallLock> added = new HashSet<>();
        for (CallLock l : locks) {
            if (held.add(l)) {
                added.add(l);
            }
        }
        try {
            return work.run();
        } finally {
            held.removeAll(added);
        }
    }

    /** One entered call; {@link #close()} leaves it. */
    public static final class Hold implements AutoCloseable {
        static final Hold NESTED = new Hold(null);
        private final CallLock owner;

        private Hold(CallLock owner) {
            this.owner = owner;
        }

        /** Whether this hold began a call: neither lent nor entered again by the thread already in it. */
        public boolean outermost() {
            return owner != null && owner.lock.getHoldCount() == 1;
        }

        @Override
        public void close() {
            if (owner != null) {
                if (owner.lock.getHoldCount() == 1) {
                    HELD.get().remove(owner);
                }
                owner.lock.unlock();
            }
        }
    }
}
