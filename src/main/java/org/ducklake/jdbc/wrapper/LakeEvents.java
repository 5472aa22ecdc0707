package org.ducklake.jdbc.wrapper;

/**
 * What the connections of an engine instance tell it, for its management view (see DuckLakeMXBean): counts
 * only, never SQL text or values. Called on the hot path: implementations must not block or take a lock.
 */
public interface LakeEvents {
    /** Counts nothing. */
    LakeEvents NONE = new LakeEvents() {};

    /** A statement starts executing. */
    default void statementStarted() {}

    /** A statement ended, however. */
    default void statementEnded() {}

    /** A COMMIT succeeded. */
    default void committed() {}

    /** A COMMIT failed with this SQLState (40001 a conflict). */
    default void commitFailed(String sqlState) {}

    /** A call outlived its bound and abandoned its connection. */
    default void callAbandoned() {}
}
