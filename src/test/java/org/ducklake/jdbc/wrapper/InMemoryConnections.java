package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import org.ducklake.jdbc.engine.EngineLock;
import org.ducklake.jdbc.errors.SqlErrors;

/** Our connection over a plain in-memory DuckDB connection, for tests of the wrappers without a lake. */
final class InMemoryConnections {
    /** The context of a connection to an in-memory "lake" named memory: no secrets, SQL unrestricted. */
    static final LakeContext CONTEXT = LakeContext.builder()
            .maskedUrl("jdbc:ducklake:test")
            .userName("alice")
            .lakeCatalog("memory")
            .driver("DuckLake JDBC", "0.1.0", 0, 1)
            .errors(SqlErrors.NO_SECRETS)
            .bulkBatch(true)
            .batchCoalesce(true)
            .build();

    private InMemoryConnections() {}

    /** Wraps {@code raw} the way the driver wraps an engine connection already in its lake. */
    static LakeConnection wrap(Connection raw, Runnable onClose) {
        return new LakeConnection(raw, CONTEXT, link(onClose), true);
    }

    /** An engine instance of one connection: no siblings, nothing taken back, {@code onClose} at release. */
    static EngineLink link(Runnable onClose) {
        EngineLock lock = new EngineLock(false);
        return new EngineLink() {
            @Override
            public EngineLock engineLock() {
                return lock;
            }

            @Override
            public void enterLake(Connection engine) {}

            @Override
            public void release() {
                onClose.run();
            }
        };
    }
}
