package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ducklake.jdbc.hibernate.HibernateLakes.columnTypes;
import static org.ducklake.jdbc.hibernate.HibernateLakes.inTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.rows;
import static org.ducklake.jdbc.hibernate.HibernateLakes.value;

import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.hibernate.Workshop.Widget;
import org.ducklake.jdbc.hibernate.Workshop.WidgetPart;
import org.ducklake.jdbc.hibernate.Workshop.WidgetPartOfWeighed;
import org.ducklake.jdbc.hibernate.Workshop.WidgetWithWeight;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.Test;

/** Hibernate's schema tooling (create, validate, update, create-drop) against a lake's catalog. */
class SchemaToolsTest {

    private static EntityManagerFactory unit(DuckLakeDataSource ds, String action, Class<?>... entities) {
        return HibernateLakes.unit(ds, action, entities).createEntityManagerFactory();
    }

    private static void run(DuckLakeDataSource ds, String action, Class<?>... entities) {
        unit(ds, action, entities).close();
    }

    private static String lastSnapshot(DuckLakeDataSource ds) {
        return value(ds, "SELECT max(snapshot_id) FROM ducklake_snapshots(current_database())");
    }

    @Test
    void createValidateAndUpdateTwice() {
        DuckLakeDataSource ds = HibernateLakes.dataSource(TestLakes.postgres());

        // Keys, a unique constraint, an index, checks and a foreign key in the mapping: none reaches the lake.
        run(ds, "create", Widget.class, WidgetPart.class);
        assertThat(columnTypes(ds, "widgets"))
                .containsExactly(
                        Map.entry("id", "BIGINT"),
                        Map.entry("code", "VARCHAR"),
                        Map.entry("finish", "VARCHAR"),
                        Map.entry("name", "VARCHAR"));
        assertThat(columnTypes(ds, "WidgetParts")).containsKeys("id", "widget_id", "label");
        assertThat(value(
                        ds,
                        "SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database()"
                                + " AND constraint_type <> 'NOT NULL'"))
                .isEqualTo("0");
        assertThat(rows(
                        ds,
                        "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'widgets'"
                                + " AND is_nullable = 'NO' ORDER BY column_name"))
                .extracting(r -> r.get("column_name"))
                .containsExactly("id", "name");

        run(ds, "validate", Widget.class, WidgetPart.class);
        assertThatThrownBy(() -> run(ds, "validate", WidgetWithWeight.class, WidgetPartOfWeighed.class))
                .hasRootCauseInstanceOf(SchemaManagementException.class)
                .rootCause()
                .hasMessageContaining("missing column [color]");

        try (EntityManagerFactory emf = unit(ds, "none", Widget.class, WidgetPart.class)) {
            inTransaction(emf, em -> em.persist(new Widget(1L, "w", "c1")));
        }

        // The table has a row: the new columns are added, the NOT NULL one as nullable, the default one filled.
        run(ds, "update", WidgetWithWeight.class, WidgetPartOfWeighed.class);
        assertThat(columnTypes(ds, "widgets"))
                .containsEntry("weight", "INTEGER")
                .containsEntry("stock", "INTEGER")
                .containsEntry("color", "VARCHAR");
        assertThat(rows(ds, "SELECT name, weight, stock, color FROM widgets"))
                .containsExactly(map("name", "w", "weight", null, "stock", null, "color", "blue"));

        // Nothing left to change: the second update writes no DDL (no new snapshot in the lake).
        String before = lastSnapshot(ds);
        run(ds, "update", WidgetWithWeight.class, WidgetPartOfWeighed.class);
        assertThat(lastSnapshot(ds)).isEqualTo(before);
        run(ds, "validate", WidgetWithWeight.class, WidgetPartOfWeighed.class);
    }

    @Test
    void createReplacesAndCreateDropRemovesTheTables() {
        DuckLakeDataSource ds = HibernateLakes.dataSource(TestLakes.postgres());
        try (EntityManagerFactory emf = unit(ds, "create", Widget.class, WidgetPart.class)) {
            inTransaction(emf, em -> em.persist(new Widget(1L, "w", "c1")));
        }
        // create drops what is there first (no CASCADE, which DuckLake refuses), then creates it anew.
        run(ds, "create", Widget.class, WidgetPart.class);
        assertThat(value(ds, "SELECT count(*) FROM widgets")).isEqualTo("0");

        EntityManagerFactory emf = unit(ds, "create-drop", Widget.class, WidgetPart.class);
        inTransaction(emf, em -> em.persist(new Widget(1L, "w", "c1")));
        assertThat(value(ds, "SELECT count(*) FROM widgets")).isEqualTo("1");
        emf.close();
        assertThat(value(ds, "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"))
                .isEqualTo("0");
    }

    @Test
    void metadataIsReadFromTheLakeOnly() throws SQLException {
        DuckLakeDataSource ds = HibernateLakes.dataSource(TestLakes.postgres());
        ds.setProperty("sql_access", "unrestricted");
        // Even with DuckDB's own catalogs listed in the metadata, Hibernate asks for the connection's catalog.
        ds.setProperty("metadata_show_all", "true");
        // A table of the same name in DuckDB's in-memory catalog, with the right columns: not the lake's.
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE memory.main.widgets (id BIGINT, code VARCHAR, finish VARCHAR, name VARCHAR)");
            s.execute("CREATE TABLE memory.main.\"WidgetParts\" (id BIGINT, widget_id BIGINT, label VARCHAR)");

            assertThatThrownBy(() -> run(ds, "validate", Widget.class, WidgetPart.class))
                    .rootCause()
                    .hasMessageMatching("Schema validation: missing table \\[(widgets|WidgetParts)]");
            run(ds, "update", Widget.class, WidgetPart.class);
            assertThat(rows(
                            ds,
                            "SELECT table_catalog, table_name FROM information_schema.tables"
                                    + " WHERE table_name IN ('widgets', 'WidgetParts') ORDER BY ALL"))
                    .extracting(r -> r.get("table_catalog") + "." + r.get("table_name"))
                    .containsExactly("lake.WidgetParts", "lake.widgets", "memory.WidgetParts", "memory.widgets");
        }
    }

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
