package org.ducklake.jdbc.wrapper;

/** Where a connection's transaction stands, as the engine sees it (see LakeConnection, "Transactions"). */
enum TransactionState {
    /** No transaction open. */
    IDLE,
    /** A transaction is open and can commit. */
    OPEN,
    /** A statement failed and the engine aborted the open transaction: its COMMIT fails with 40000. */
    FAILED
}
