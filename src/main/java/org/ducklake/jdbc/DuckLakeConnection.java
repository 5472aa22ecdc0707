package org.ducklake.jdbc;

import java.sql.Connection;

/**
 * What a connection of this driver offers beyond JDBC. Reach it with
 * {@code connection.unwrap(DuckLakeConnection.class)} (also through a pool's proxy, which unwraps to ours);
 * {@code isWrapperFor(DuckLakeConnection.class)} says whether the connection is one of ours.
 */
public interface DuckLakeConnection extends Connection {
    /**
     * The id of the lake snapshot this connection's latest commit that changed the lake created: a
     * {@code commit()}, {@code setAutoCommit(true)}, SQL {@code COMMIT} or {@code END}, an auto-commit
     * statement or batch that changed the lake. -1 before the connection made one, and when the driver cannot
     * tell (see docs/operating.md, "Commit snapshots"): the driver never answers a snapshot another connection
     * or process created.
     *
     * <p>A read-only transaction, a rollback, a failed commit and a commit that changed nothing leave the
     * value as it was. Pin later reads to it with {@code SELECT … FROM t AT (VERSION => id)} or a connection
     * with the {@code snapshot_version} property. Answers also after close.
     *
     * <p>Costs nothing on the commit itself: the commit's snapshot is known once the next commit of the lake
     * instance starts, and asking before that reads it once (in memory, no catalog round trip). Never throws: a read
     * that fails answers -1.
     */
    long lastCommitSnapshot();
}
