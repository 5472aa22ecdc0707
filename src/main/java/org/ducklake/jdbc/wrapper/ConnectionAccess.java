package org.ducklake.jdbc.wrapper;

import java.sql.SQLException;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.LakeOnlySql;
import org.ducklake.jdbc.sql.StatementKind;

/**
 * What a connection lets through to the engine: with sql_access=lake, only SQL that stays in the lake (see
 * LakeOnlySql), re-written from the tokens the decision was made on; and every text read for whether it may
 * change the engine connection's session, so a touched session is never handed to a later connect.
 */
final class ConnectionAccess {
    /** The lake-only check, or null when SQL is unrestricted. */
    private final LakeOnlySql gate;

    private final EngineSession session;

    ConnectionAccess(LakeOnlySql gate, EngineSession session) {
        this.gate = gate;
        this.session = session;
    }

    /**
     * The text the engine runs for {@code sql}. With sql_access=lake, refuses a statement that would reach
     * beyond the lake, or that the driver cannot read the way DuckDB does, with SQLState 42501, before the
     * engine sees it, and otherwise returns the statement re-written from the tokens the decision was made on;
     * unrestricted, returns {@code sql} as it is.
     */
    String check(String sql) throws SQLException {
        String text = sql;
        if (gate != null) {
            LakeOnlySql.Verdict verdict = gate.check(sql);
            refuseIf(verdict.refusal);
            text = verdict.text;
        }
        if (!session.touched() && StatementKind.mayChangeTheSession(text)) {
            session.touch();
        }
        return text;
    }

    /** setSchema: refused in lake mode outside the lake; the session is touched either way. */
    void checkSchema(String schema) throws SQLException {
        refuseIf(gate == null ? null : gate.schemaRefusal(schema));
        session.touch();
    }

    /** setCatalog: refused in lake mode for anything but the lake; the session is touched either way. */
    void checkCatalog(String catalog) throws SQLException {
        refuseIf(gate == null ? null : gate.catalogRefusal(catalog));
        session.touch();
    }

    /** With sql_access=lake, fails with 42501 when {@code refusal} says what is refused. */
    private static void refuseIf(String refusal) throws SQLException {
        if (refusal != null) {
            throw SqlErrors.create(
                    "Not allowed on this connection: " + refusal + ". With sql_access=lake its SQL reaches the lake"
                            + " only; set sql_access=unrestricted to lift this",
                    SqlState.INSUFFICIENT_PRIVILEGE,
                    null);
        }
    }
}
