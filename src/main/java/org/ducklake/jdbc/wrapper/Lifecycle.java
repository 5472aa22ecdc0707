package org.ducklake.jdbc.wrapper;

/** The states of a connection's life (see LakeConnection#lifecycle). */
enum Lifecycle {
    /** In use. */
    OPEN,
    /**
     * A call into the engine outlived its bound and could not be stopped: every use but close fails with
     * 08006 (pools evict it), and the engine connections close once the stuck call returns.
     */
    ABANDONED,
    /** Closed (close or abort): every method but close, isClosed, isValid, abort and unwrap fails with 08003. */
    CLOSED,
    /** Closed, and its engine connection serves a later connect: nothing of it may be reached from here. */
    HANDED_OVER
}
