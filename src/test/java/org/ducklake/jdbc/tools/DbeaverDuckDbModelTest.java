package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statements of DBeaver's DuckDB model (plugin org.jkiss.dbeaver.ext.duckdb: DuckMetaModel,
 * DuckDataTypeCache, GenericTableManager with isTableCommentEditable, DuckDBSequenceManager), which
 * driver/dbeaver-drivers.xml switches on with the driver parameter meta-model=duckdb_jdbc, run as DBeaver runs
 * them against a lake with the default sql_access=lake. DBeaver reads each result by column name.
 */
class DbeaverDuckDbModelTest {
    private Connection c;

    @BeforeEach
    void lake() throws SQLException {
        c = TestLakes.file("dbeaver-model").connect();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER NOT NULL, name VARCHAR)");
            s.execute("CREATE VIEW named AS SELECT name FROM customers");
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws SQLException {
        c.close();
    }

    private List<String> column(String sql, String column, String... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(column));
                }
            }
        }
        return out;
    }

    @Test
    void tableAndViewDdlComeFromDuckDbsCatalogFunctions() throws SQLException {
        // DuckMetaModel.getObjectDDL, with the catalog and schema names DBeaver shows.
        assertThat(column(
                        "SELECT sql FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?",
                        "sql",
                        c.getCatalog(),
                        "main",
                        "customers"))
                .singleElement()
                .asString()
                .contains("CREATE TABLE")
                .contains("customers")
                .contains("NOT NULL");
        assertThat(column(
                        "SELECT sql FROM duckdb_views() WHERE database_name = ? AND schema_name = ? AND view_name = ?",
                        "sql",
                        c.getCatalog(),
                        "main",
                        "named"))
                .singleElement()
                .asString()
                .contains("CREATE VIEW");
    }

    @Test
    void sequencesListEmptyAndCannotBeCreated() throws SQLException {
        // DuckMetaModel.prepareSequencesLoadStatement: an empty folder, no error.
        assertThat(column(
                        "SELECT * FROM duckdb_sequences() WHERE database_name = ? AND schema_name = ?",
                        "sequence_name",
                        c.getCatalog(),
                        "main"))
                .isEmpty();
        // DuckDBSequenceManager's CREATE SEQUENCE: DuckLake has none.
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE SEQUENCE main.seq1 START WITH 1 INCREMENT BY 1"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void dataTypesComeFromDuckDbTypes() throws SQLException {
        // DuckDataTypeCache.prepareObjectsStatement, read by type_name and type_category.
        List<String> names = column(
                "select distinct(type_name), type_name, type_category from duckdb_types() where schema_name = 'main'",
                "type_name");
        assertThat(names).contains("integer", "VARCHAR", "timestamp with time zone", "blob");
    }

    @Test
    void tableCommentsAreEditable() throws SQLException {
        // GenericTableManager, enabled by DuckMetaModel.isTableCommentEditable: catalog.schema.table.
        try (Statement s = c.createStatement()) {
            s.execute("COMMENT ON TABLE " + c.getCatalog() + ".main.customers IS 'who buys'");
        }
        assertThat(column(
                        "SELECT comment FROM duckdb_tables() WHERE database_name = ? AND table_name = ?",
                        "comment",
                        c.getCatalog(),
                        "customers"))
                .containsExactly("who buys");
        try (ResultSet rs = c.getMetaData().getTables(null, "main", "customers", null)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("REMARKS")).isEqualTo("who buys");
        }
    }
}
