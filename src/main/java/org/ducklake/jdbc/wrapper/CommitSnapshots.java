package org.ducklake.jdbc.wrapper;

/**
 * Which snapshot each commit of one engine instance created, shared by the instance's connections (see
 * Transactions, "The snapshot a commit created"). Every field is guarded by the engine's commit lock.
 *
 * <p>DuckLake's last committed snapshot is the engine's, read in memory (see SetupSql#lastCommittedSnapshot).
 * A commit reads it under the lock just before its COMMIT, and stays <em>pending</em>: the next commit's read,
 * under the same lock, is the value right after the pending one, and settles it. A connection asked for its
 * snapshot while its commit is still pending reads the value itself (under the lock).
 */
public final class CommitSnapshots {
    /** A read that failed or was not made. */
    public static final long UNREAD = Long.MIN_VALUE;

    /** The commit not settled yet: its connection's transactions, and the engine's value before it. */
    private Transactions pending;

    private long pendingBefore = UNREAD;

    public CommitSnapshots() {}

    /**
     * Under the commit lock: {@code now} is the engine's last committed snapshot (UNREAD when the read
     * failed), read before any further commit; it settles the pending commit. {@code trusted} is false when
     * something may have committed outside the lock.
     */
    public void settle(long now, boolean trusted) {
        Transactions t = pending;
        if (t == null) {
            return;
        }
        pending = null;
        if (!trusted || now == UNREAD || pendingBefore == UNREAD) {
            t.settled(-1);
        } else if (now != pendingBefore) {
            t.settled(now);
        } else {
            t.settled(Transactions.NO_NEW_SNAPSHOT);
        }
    }

    /** Under the commit lock, after a commit whose snapshot is not known yet; {@code before} as read before it. */
    void pending(Transactions t, long before) {
        pending = t;
        pendingBefore = before;
    }

    /** Under the commit lock: whether {@code t}'s commit is the pending one. */
    boolean isPending(Transactions t) {
        return pending == t;
    }
}
