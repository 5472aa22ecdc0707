package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.SQLException;
import org.ducklake.jdbc.engine.EngineInternals;

/**
 * Entering the lake ({@code USE lake}, a catalog round trip) on a connection's engine connections: the
 * primary one before its first use that needs the lake, and a sibling the calls move to when a stream keeps
 * the primary (see EngineSession). Both run inside the connection's call, under its hold of the catalog guard
 * and, on a SQLite catalog, the engine lock (Quirk.SCHEMA_CHANGE_UNDER_LOAD, Quirk.SQLITE_READER_WRITER_DEADLOCK).
 */
final class LakeEntry {
    private final LakeConnection connection;
    private final EngineLink link;
    private final Transactions transactions;

    LakeEntry(LakeConnection connection, EngineLink link, Transactions transactions) {
        this.connection = connection;
        this.link = link;
        this.transactions = transactions;
    }

    /** Enters the lake on the primary engine connection once (see EngineSession#enter); errors translated. */
    void enterPrimary() throws SQLException {
        connection.calls().serialized(() -> {
            try {
                connection.session().enter(() -> {
                    // In manual-commit mode USE runs inside the user's first transaction, which opens the
                    // catalog transaction that USE needs anyway: one round trip instead of two.
                    transactions.beginIfManual();
                    connection.underEngineLock(() -> {
                        link.enterLake(connection.session().primary());
                        return null;
                    });
                });
            } catch (SQLException e) {
                throw connection.error(e);
            }
            return null;
        });
    }

    /** Another engine connection of the instance, in the lake; null when the instance gives none. */
    Connection sibling() throws SQLException {
        boolean[] entered = new boolean[1];
        Connection c = link.sibling(entered);
        if (c != null && !entered[0]) {
            try {
                connection.guarded(() -> transactions.underEngineLock(() -> {
                    link.enterLake(c);
                    return null;
                }));
            } catch (SQLException | RuntimeException e) {
                try {
                    EngineInternals.close(c);
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
        return c;
    }
}
