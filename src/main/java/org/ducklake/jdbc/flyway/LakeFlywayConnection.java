package org.ducklake.jdbc.flyway;

import java.sql.SQLException;
import org.flywaydb.core.internal.database.base.Connection;
import org.flywaydb.core.internal.database.base.Schema;

/** One of Flyway's connections to the lake; the current schema is the driver's (JDBC get/setSchema). */
final class LakeFlywayConnection extends Connection<LakeDatabase> {

    LakeFlywayConnection(LakeDatabase database, java.sql.Connection connection) {
        super(database, connection);
    }

    @Override
    protected String getCurrentSchemaNameOrSearchPath() throws SQLException {
        return getJdbcConnection().getSchema();
    }

    /** The driver's setSchema: it checks the schema is in the lake and keeps the lake the current catalog. */
    @Override
    public void doChangeCurrentSchemaOrSearchPathTo(String schema) throws SQLException {
        getJdbcConnection().setSchema(schema);
    }

    @Override
    public Schema<?, ?> getSchema(String name) {
        return new LakeSchema(jdbcTemplate, database, name);
    }
}
