package org.ducklake.jdbc.flyway;

import java.sql.SQLException;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;

/** A table of the lake; Flyway's schema history table is one. */
final class LakeTable extends Table<LakeDatabase, LakeSchema> {

    LakeTable(JdbcTemplate jdbcTemplate, LakeDatabase database, LakeSchema schema, String name) {
        super(jdbcTemplate, database, schema, name);
    }

    @Override
    protected boolean doExists() throws SQLException {
        return jdbcTemplate.queryForInt(
                        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"
                                + " AND table_schema = ? AND table_name = ?",
                        schema.getName(),
                        name)
                > 0;
    }

    @Override
    protected void doDrop() throws SQLException {
        jdbcTemplate.execute("DROP TABLE " + database.quote(schema.getName(), name));
    }

    /**
     * DuckLake has no locks; its commits are optimistic. What makes two commits conflict is a change to the same
     * table's definition, so the lock is one: setting the table's comment. Of two migrations run at once, the
     * second to commit fails with SQLState 40001 ("Transaction conflict … another transaction has altered it")
     * and is rolled back whole, instead of both being applied. Two inserts, or an update that finds no row, would
     * not conflict (checked on a PostgreSQL catalog); the comment works on an empty history table too.
     */
    @Override
    protected void doLock() throws SQLException {
        jdbcTemplate.execute(
                "COMMENT ON TABLE " + database.quote(schema.getName(), name) + " IS 'Flyway schema history'");
    }
}
