package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Editing a row of a lake table, which has no key, by DuckLake's row id, replayed as DBeaver's data editor
 * does it (read in DBeaver's sources, plugins/org.jkiss.dbeaver.model.jdbc JDBCTable.readData/updateData/
 * deleteData and DBExecUtils.getBestIdentifier): it looks for a unique index (getIndexInfo) and a primary key
 * (getPrimaryKeys), both empty on a lake; a row id pseudo column is then read along with the rows as
 * {@code SELECT x.*,x.rowid FROM schema.table x}, and an edited row is written back as
 * {@code UPDATE schema.table\n\tSET col=?\n\tWHERE schema.table.rowid=?} (DBeaver's generic dialect has no
 * alias in UPDATE, so the pseudo column is qualified by the table name) or deleted as
 * {@code DELETE FROM schema.table\n\tWHERE schema.table.rowid=?}. getBestRowIdentifier names that row id, the
 * answer JDBC tools that do not know DuckDB (SQuirreL-style editors) go by.
 *
 * <p>The table holds two identical rows: an edit by "all columns" would change both, by row id only one.
 */
class RowEditingTest {

    @Test
    void postgresCatalogWithS3Data() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = lake.connect()) {
            editOneOfTwoIdenticalRows(c);
        }
    }

    @Test
    void duckdbFileCatalog() throws Exception {
        try (Connection c = fileLake()) {
            editOneOfTwoIdenticalRows(c);
        }
    }

    private static Connection fileLake() throws SQLException {
        return TestLakes.file("row-editing").connect();
    }

    private static void editOneOfTwoIdenticalRows(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE main.people (name VARCHAR, age INTEGER)");
            s.execute("INSERT INTO main.people VALUES ('ann', 30), ('ann', 30)");
            s.execute("INSERT INTO main.people VALUES ('bob', 40)");
        }
        MetadataBrowser b = new MetadataBrowser(c, c.getCatalog());
        // DBeaver first looks for a physical identifier: none on a lake.
        assertThat(b.rows(
                        "getIndexInfo",
                        md -> md.getIndexInfo(null, "main", "people", false, true),
                        JdbcSpec.INDEX_INFO))
                .isEmpty();
        assertThat(b.rows("getPrimaryKeys", md -> md.getPrimaryKeys(null, "main", "people"), JdbcSpec.PRIMARY_KEYS))
                .isEmpty();
        // The row identifier, for every scope a tool may ask for.
        for (int scope : new int[] {
            DatabaseMetaData.bestRowTemporary, DatabaseMetaData.bestRowTransaction, DatabaseMetaData.bestRowSession
        }) {
            List<Map<String, Object>> id = b.rows(
                    "getBestRowIdentifier(" + scope + ")",
                    md -> md.getBestRowIdentifier(null, "main", "people", scope, false),
                    JdbcSpec.ROW_IDENTIFIER);
            assertThat(id).hasSize(1);
            assertThat(id.get(0))
                    .containsEntry("SCOPE", (short) DatabaseMetaData.bestRowSession)
                    .containsEntry("COLUMN_NAME", "rowid")
                    .containsEntry("DATA_TYPE", Types.BIGINT)
                    .containsEntry("TYPE_NAME", "BIGINT")
                    .containsEntry("PSEUDO_COLUMN", (short) DatabaseMetaData.bestRowPseudo);
        }

        // The data editor's read: every column and the row id.
        Map<Long, String> rows = read(c);
        assertThat(rows.values()).containsExactlyInAnyOrder("ann/30", "ann/30", "bob/40");
        long firstAnn = rows.entrySet().stream()
                .filter(e -> e.getValue().equals("ann/30"))
                .findFirst()
                .orElseThrow()
                .getKey();

        // Editing one cell of the first "ann": one row changes, it keeps its row id.
        try (PreparedStatement update =
                c.prepareStatement("UPDATE main.people\n\tSET age=?\n\tWHERE main.people.rowid=?")) {
            update.setInt(1, 31);
            update.setLong(2, firstAnn);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        Map<Long, String> afterUpdate = read(c);
        assertThat(afterUpdate).containsEntry(firstAnn, "ann/31");
        assertThat(afterUpdate.values()).containsExactlyInAnyOrder("ann/31", "ann/30", "bob/40");

        // Deleting that row: only it goes.
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM main.people\n\tWHERE main.people.rowid=?")) {
            delete.setLong(1, firstAnn);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
        assertThat(read(c).values()).containsExactlyInAnyOrder("ann/30", "bob/40");
    }

    /** DBeaver's read of a table with a row id pseudo column: row id -> "name/age". */
    private static Map<Long, String> read(Connection c) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT x.*,x.rowid FROM main.people x")) {
            while (rs.next()) {
                rows.put(rs.getLong("rowid"), rs.getString("name") + "/" + rs.getInt("age"));
            }
        }
        return rows;
    }

    @Test
    void noRowIdForAViewOrATableWithAColumnNamedRowid() throws Exception {
        try (Connection c = fileLake();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE main.t (a INTEGER)");
            s.execute("CREATE VIEW main.v AS SELECT a FROM main.t");
            s.execute("CREATE TABLE main.own (rowid INTEGER, a INTEGER)");
            MetadataBrowser b = new MetadataBrowser(c, c.getCatalog());
            for (String name : new String[] {"v", "own", "missing"}) {
                assertThat(b.rows(
                                "getBestRowIdentifier " + name,
                                md -> md.getBestRowIdentifier(
                                        null, "main", name, DatabaseMetaData.bestRowSession, true),
                                JdbcSpec.ROW_IDENTIFIER))
                        .as(name)
                        .isEmpty();
            }
            List<Map<String, Object>> pseudo = b.rows(
                    "getPseudoColumns", md -> md.getPseudoColumns(null, "main", "%", "%"), JdbcSpec.PSEUDO_COLUMNS);
            assertThat(MetadataBrowser.column(pseudo, "TABLE_NAME")).containsExactly("t");
            assertThat(pseudo.get(0))
                    .containsEntry("COLUMN_NAME", "rowid")
                    .containsEntry("DATA_TYPE", Types.BIGINT)
                    .containsEntry("IS_NULLABLE", "NO");
        }
    }

    /**
     * DuckLake keeps a row's id when the row moves between files: merging adjacent files and rewriting files
     * with deletes leave every row under the id it had, so an id read before compaction still edits that row.
     */
    @Test
    void rowIdsSurviveCompaction() throws Exception {
        try (Connection c = fileLake();
                Statement s = c.createStatement()) {
            String lake = c.getCatalog();
            s.execute("CREATE TABLE main.people (name VARCHAR, age INTEGER)");
            for (int i = 0; i < 4; i++) {
                s.execute("INSERT INTO main.people SELECT 'p' || range || '-" + i + "', range FROM range(50)");
            }
            s.execute("DELETE FROM main.people WHERE age % 3 = 0");
            s.execute("UPDATE main.people SET age = age + 100 WHERE age % 5 = 0");
            Map<Long, String> before = read(c);
            s.execute("CALL ducklake_merge_adjacent_files('" + lake + "')");
            s.execute("CALL ducklake_rewrite_data_files('" + lake + "', delete_threshold => 0)");
            s.execute("CALL ducklake_merge_adjacent_files('" + lake + "')");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ducklake_list_files('" + lake + "', 'people')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("data files after compaction").isEqualTo(1);
            }
            assertThat(read(c)).isEqualTo(before);

            long id = before.keySet().iterator().next();
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE main.people\n\tSET age=?\n\tWHERE main.people.rowid=?")) {
                update.setInt(1, -1);
                update.setLong(2, id);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            assertThat(read(c).get(id)).endsWith("/-1");
        }
    }
}
