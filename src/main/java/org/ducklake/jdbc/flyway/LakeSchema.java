package org.ducklake.jdbc.flyway;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.internal.database.base.Schema;
import org.flywaydb.core.internal.jdbc.JdbcTemplate;

/**
 * A schema of the lake. Clean drops its views, then its macros, then its tables, each by name and without
 * CASCADE (DuckLake refuses it); DuckLake has no sequences, indexes or foreign keys to drop.
 */
final class LakeSchema extends Schema<LakeDatabase, LakeTable> {
    /** The lake's objects of one schema; the lake is the connection's catalog. */
    private static final String OBJECTS_OF_SCHEMA =
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
                    + " AND table_schema = ?";

    LakeSchema(JdbcTemplate jdbcTemplate, LakeDatabase database, String name) {
        super(jdbcTemplate, database, name);
    }

    @Override
    protected boolean doExists() throws SQLException {
        return jdbcTemplate.queryForInt(
                        "SELECT count(*) FROM information_schema.schemata WHERE catalog_name = current_database()"
                                + " AND schema_name = ?",
                        name)
                > 0;
    }

    @Override
    protected boolean doEmpty() throws SQLException {
        return jdbcTemplate.queryForStringList(OBJECTS_OF_SCHEMA, name).isEmpty() && macros().isEmpty();
    }

    @Override
    protected void doCreate() throws SQLException {
        jdbcTemplate.execute("CREATE SCHEMA " + database.quote(name));
    }

    /** DROP SCHEMA without CASCADE needs an empty schema: clean first. */
    @Override
    protected void doDrop() throws SQLException {
        doClean();
        jdbcTemplate.execute("DROP SCHEMA " + database.quote(name));
    }

    @Override
    protected void doClean() throws SQLException {
        dropAll("VIEW", jdbcTemplate.queryForStringList(OBJECTS_OF_SCHEMA + " AND table_type = 'VIEW'", name));
        for (String[] macro : macros()) {
            jdbcTemplate.execute(("table_macro".equals(macro[1]) ? "DROP MACRO TABLE " : "DROP MACRO ")
                    + database.quote(name, macro[0]));
        }
        dropAll("TABLE", tableNames());
    }

    /**
     * Drops each object by name. Should one still be needed by another (a dependency DuckDB tracks), the others
     * go first and it is retried, until a whole pass drops nothing; then the first error is thrown.
     */
    private void dropAll(String kind, List<String> names) throws SQLException {
        List<String> left = new ArrayList<>(names);
        while (!left.isEmpty()) {
            List<String> failed = new ArrayList<>();
            SQLException first = null;
            for (String object : left) {
                try {
                    jdbcTemplate.execute("DROP " + kind + " " + database.quote(name, object));
                } catch (SQLException e) {
                    failed.add(object);
                    first = first == null ? e : first;
                }
            }
            if (failed.size() == left.size()) {
                throw first;
            }
            left = failed;
        }
    }

    private List<String> tableNames() throws SQLException {
        return jdbcTemplate.queryForStringList(OBJECTS_OF_SCHEMA + " AND table_type = 'BASE TABLE'", name);
    }

    /** The schema's macros: name and function type (macro or table_macro). */
    private List<String[]> macros() throws SQLException {
        return jdbcTemplate.query(
                "SELECT DISTINCT function_name, function_type FROM duckdb_functions()"
                        + " WHERE database_name = current_database() AND schema_name = ? AND NOT internal"
                        + " AND function_type IN ('macro', 'table_macro')",
                rs -> new String[] {rs.getString(1), rs.getString(2)},
                name);
    }

    @Override
    protected LakeTable[] doAllTables() throws SQLException {
        return tableNames().stream().map(this::getTable).toArray(LakeTable[]::new);
    }

    @Override
    public LakeTable getTable(String tableName) {
        return new LakeTable(jdbcTemplate, database, this, tableName);
    }
}
