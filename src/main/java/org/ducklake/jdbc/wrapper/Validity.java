package org.ducklake.jdbc.wrapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ducklake.jdbc.engine.CallLock;
import org.ducklake.jdbc.engine.CatalogGuard;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;

/** Connection#isValid: one bounded validation query, never an exception for a lake that does not answer. */
final class Validity {
    private Validity() {}

    /**
     * Whether {@code connection} can still reach its lake: runs the lake's validation query (one catalog round
     * trip) bounded by {@code timeout} seconds, and answers false instead of throwing when it fails, e.g. while
     * the catalog database is down, when the connection was abandoned, or when another thread's call or a
     * catalog change holds the connection for longer than the timeout.
     */
    static boolean check(LakeConnection connection, String query, int timeout) throws SQLException {
        if (query == null) {
            try {
                return connection.session().primary().isValid(timeout);
            } catch (SQLException e) {
                throw connection.error(e);
            }
        }
        EngineCalls calls = connection.calls();
        if (calls.abandoned()) {
            return false;
        }
        CallLock.Hold call = calls.tryEnter(timeout == 0 ? Long.MAX_VALUE : timeout * 1000L);
        if (call == null) {
            return false; // another thread's call ran for longer than the timeout
        }
        try {
            return validate(connection, timeout, query);
        } finally {
            call.close();
        }
    }

    private static boolean validate(LakeConnection connection, int timeout, String query) throws SQLException {
        CatalogGuard.Hold hold;
        try {
            hold = connection.enterCatalog(CatalogEffect.NONE, timeout * 1000L);
        } catch (SQLException e) {
            return false; // a catalog change ran for longer than the timeout
        }
        try {
            return connection.bounded(
                    timeout,
                    "isValid's timeout",
                    SqlState.CONNECTION_FAILURE,
                    hold.around(
                            () -> {
                                try (Statement s = connection.rawConnection().createStatement()) {
                                    s.setQueryTimeout(timeout);
                                    if (s.execute(query)) {
                                        // To its end: DuckDB ends a streamed auto-commit query at its last row,
                                        // else only at the connection's next statement, and the catalog's
                                        // connection would stay idle in a transaction while a pool keeps this
                                        // one idle. Quirk.EARLY_CLOSE_HOLDS_CATALOG_TRANSACTION
                                        try (ResultSet rs = s.getResultSet()) {
                                            while (rs.next()) {
                                                // the snapshot's row
                                            }
                                        }
                                    }
                                    return true;
                                }
                            },
                            connection::transactionOpenNow));
        } catch (SQLException e) {
            return false;
        } finally {
            hold.releaseUnlessStarted(connection::transactionOpenNow);
        }
    }
}
