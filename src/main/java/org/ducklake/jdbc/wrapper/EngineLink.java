package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.SQLException;
import org.ducklake.jdbc.engine.CatalogReads;
import org.ducklake.jdbc.engine.EngineLock;

/**
 * What a connection needs of the engine instance it runs on: its lock, entering the lake, more engine
 * connections for streams to keep (see EngineSession), taking engine connections back for later connects,
 * and the release when the connection is done.
 */
public interface EngineLink {
    /** The instance's lock, shared by all its connections (see EngineLock). */
    EngineLock engineLock();

    /** Makes the lake the current catalog of an engine connection ({@code USE lake}: a catalog round trip). */
    void enterLake(Connection engine) throws SQLException;

    /**
     * Another engine connection of the instance with a fresh session; {@code entered[0]} tells whether it is
     * in the lake already (a spare) or still has to enter it ({@link #enterLake}). Null when the instance gives
     * none (a connection then moves streams aside into memory instead).
     */
    default Connection sibling(boolean[] entered) throws SQLException {
        return null;
    }

    /**
     * Offered an engine connection of this instance whose session is as the instance made it (in the lake,
     * no transaction, nothing changed by SQL): true when the instance keeps it for a later connect.
     */
    default boolean takeBack(Connection engine) {
        return false;
    }

    /**
     * The instance's metadata reads that share a read transaction (see CatalogReads), or null when each
     * metadata read is a transaction of its own on the connection's engine connection.
     */
    default CatalogReads catalogReads() {
        return null;
    }

    /** Where the connection reports its counts (see LakeEvents). */
    default LakeEvents events() {
        return LakeEvents.NONE;
    }

    /**
     * The query that reads the last snapshot the engine committed to the lake (DuckLake's
     * {@code ducklake_last_committed_snapshot()}: the engine's, not the connection's; see Transactions), or null when the
     * instance cannot tell: connections then answer -1 for their commit snapshot.
     */
    default String lastCommittedQuery() {
        return null;
    }

    /**
     * The instance's record of which snapshot each commit created (see CommitSnapshots); null when the
     * instance cannot tell, like {@link #lastCommittedQuery}.
     */
    default CommitSnapshots commitSnapshots() {
        return null;
    }

    /** Runs once, after the connection closed its engine connections. */
    void release();
}
