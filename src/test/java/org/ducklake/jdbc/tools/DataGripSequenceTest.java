package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ducklake.jdbc.tools.MetadataBrowser.column;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ducklake.jdbc.wrapper.LakeDatabaseMetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What DataGrip's "basic support" for a custom JDBC driver asks (its introspector is closed source; the
 * sequence follows JetBrains' description of JDBC-metadata introspection): catalogs, schemas, then per
 * schema the tables with types null, all columns of the schema in one getColumns call, functions and
 * procedures with their columns, and per table the keys (primary, imported, exported) and indexes. DataGrip
 * names the catalog it got from getCatalogs and passes null or "%" patterns.
 */
class DataGripSequenceTest {

    private static BrowseLake lake;
    private static final String CAT = BrowseLake.CATALOG;

    @BeforeAll
    static void buildLake() throws Exception {
        lake = BrowseLake.create();
    }

    @AfterAll
    static void closeLake() throws Exception {
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void introspectsEachSchemaWithWholeSchemaCalls() throws Exception {
        try (Connection c = lake.connect()) {
            MetadataBrowser b = new MetadataBrowser(c, CAT);
            long start = System.nanoTime();
            assertThat(column(b.rows("getCatalogs", DatabaseMetaData::getCatalogs, JdbcSpec.CATALOGS), "TABLE_CAT"))
                    .containsExactly(CAT);
            assertThat(column(b.rows("getSchemas()", DatabaseMetaData::getSchemas, JdbcSpec.SCHEMAS), "TABLE_SCHEM"))
                    .containsExactlyElementsOf(BrowseLake.SCHEMAS);
            assertThat(column(
                            b.rows("getSchemas(lake, null)", md -> md.getSchemas(CAT, null), JdbcSpec.SCHEMAS),
                            "TABLE_SCHEM"))
                    .containsExactlyElementsOf(BrowseLake.SCHEMAS);

            for (String schema : BrowseLake.SCHEMAS) {
                List<Map<String, Object>> tables = b.rows(
                        "getTables(lake, " + schema + ", null, null)",
                        md -> md.getTables(CAT, schema, null, null),
                        JdbcSpec.TABLES);
                Map<String, String> typeByName = new LinkedHashMap<>();
                for (Map<String, Object> t : tables) {
                    typeByName.put((String) t.get("TABLE_NAME"), (String) t.get("TABLE_TYPE"));
                }
                Map<String, String> expectedTypes = new LinkedHashMap<>();
                lake.objects.stream()
                        .filter(t -> t.schema.equals(schema))
                        .forEach(t -> expectedTypes.put(t.name, t.view ? "VIEW" : "TABLE"));
                assertThat(typeByName).as(schema).isEqualTo(expectedTypes);

                // All columns of the schema in one call, with null and with "%" patterns.
                List<Map<String, Object>> columns = b.rows(
                        "getColumns(lake, " + schema + ", %, %)",
                        md -> md.getColumns(CAT, schema, "%", "%"),
                        JdbcSpec.COLUMNS);
                assertThat(b.rows(
                                "getColumns(lake, " + schema + ", null, null)",
                                md -> md.getColumns(CAT, schema, null, null),
                                JdbcSpec.COLUMNS))
                        .isEqualTo(columns);
                Map<String, List<String>> byTable = new LinkedHashMap<>();
                for (Map<String, Object> col : columns) {
                    byTable.computeIfAbsent(schema + "." + col.get("TABLE_NAME"), k -> new ArrayList<>())
                            .add((String) col.get("COLUMN_NAME"));
                }
                Map<String, List<String>> expectedColumns = new LinkedHashMap<>();
                lake.objects.stream()
                        .filter(t -> t.schema.equals(schema))
                        .sorted((x, y) -> x.name.compareTo(y.name))
                        .forEach(t -> expectedColumns.put(t.qualified(), t.columns));
                assertThat(byTable).as(schema).isEqualTo(expectedColumns);
                assertThat(new ArrayList<>(byTable.keySet()))
                        .as("ordered by table")
                        .isSorted();

                List<Map<String, Object>> functions = b.rows(
                        "getFunctions(lake, " + schema + ", null)",
                        md -> md.getFunctions(CAT, schema, null),
                        JdbcSpec.FUNCTIONS);
                List<Map<String, Object>> functionColumns = b.rows(
                        "getFunctionColumns(lake, " + schema + ", null, null)",
                        md -> md.getFunctionColumns(CAT, schema, null, null),
                        JdbcSpec.FUNCTION_COLUMNS);
                if (schema.equals("main")) {
                    assertThat(functions).hasSize(1);
                    Map<String, Object> addTax = functions.get(0);
                    assertThat(addTax.get("FUNCTION_NAME")).isEqualTo("add_tax");
                    assertThat(addTax.get("FUNCTION_CAT")).isEqualTo(CAT);
                    assertThat(addTax.get("FUNCTION_SCHEM")).isEqualTo("main");
                    assertThat(((Number) addTax.get("FUNCTION_TYPE")).intValue())
                            .isEqualTo(DatabaseMetaData.functionNoTable);
                    assertThat(addTax.get("SPECIFIC_NAME")).isEqualTo("add_tax(amount)");
                    assertThat(functionColumns).hasSize(1);
                    Map<String, Object> amount = functionColumns.get(0);
                    assertThat(amount.get("COLUMN_NAME")).isEqualTo("amount");
                    assertThat(((Number) amount.get("COLUMN_TYPE")).intValue())
                            .isEqualTo(DatabaseMetaData.functionColumnIn);
                    assertThat(amount.get("ORDINAL_POSITION")).isEqualTo(1);
                    assertThat(amount.get("SPECIFIC_NAME")).isEqualTo("add_tax(amount)");
                } else {
                    assertThat(functions).isEmpty();
                    assertThat(functionColumns).isEmpty();
                }
                assertThat(b.rows(
                                "getProcedures(lake, " + schema + ", null)",
                                md -> md.getProcedures(CAT, schema, null),
                                JdbcSpec.PROCEDURES))
                        .isEmpty();
                assertThat(b.rows(
                                "getProcedureColumns(lake, " + schema + ", null, null)",
                                md -> md.getProcedureColumns(CAT, schema, null, null),
                                JdbcSpec.PROCEDURE_COLUMNS))
                        .isEmpty();

                for (BrowseLake.Table t : lake.tablesIn(schema)) {
                    String table = t.name;
                    assertThat(b.rows(
                                    "getPrimaryKeys(lake, " + schema + ", " + table + ")",
                                    md -> md.getPrimaryKeys(CAT, schema, table),
                                    JdbcSpec.PRIMARY_KEYS))
                            .isEmpty();
                    assertThat(b.rows(
                                    "getImportedKeys(lake, " + schema + ", " + table + ")",
                                    md -> md.getImportedKeys(CAT, schema, table),
                                    JdbcSpec.KEYS))
                            .isEmpty();
                    assertThat(b.rows(
                                    "getExportedKeys(lake, " + schema + ", " + table + ")",
                                    md -> md.getExportedKeys(CAT, schema, table),
                                    JdbcSpec.KEYS))
                            .isEmpty();
                    assertThat(b.rows(
                                    "getIndexInfo(lake, " + schema + ", " + table + ", false, true)",
                                    md -> md.getIndexInfo(CAT, schema, table, false, true),
                                    JdbcSpec.INDEX_INFO))
                            .isEmpty();
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(
                    "DataGrip-style introspection: %d metadata calls in %d ms%n",
                    b.calls().size(), millis);
        }
    }

    @Test
    void catalogArgumentsFollowJdbcButOnlyTheLakeIsShown() throws Exception {
        try (Connection c = lake.connect()) {
            MetadataBrowser b = new MetadataBrowser(c, CAT);
            // null: not narrowed by catalog, and still only the lake.
            assertThat(b.rows(
                            "getTables(null, null, %, null)",
                            md -> md.getTables(null, null, "%", null), JdbcSpec.TABLES))
                    .hasSize(lake.objects.size());
            assertThat(b.rows(
                            "getColumns(null, null, null, null)",
                            md -> md.getColumns(null, null, null, null),
                            JdbcSpec.COLUMNS))
                    .hasSize(lake.objects.stream()
                            .mapToInt(t -> t.columns.size())
                            .sum());
            // "": objects without a catalog (there are none); another catalog: not shown.
            for (String other : new String[] {"", "memory", "system", "temp", "__ducklake_metadata_lake"}) {
                assertThat(b.rows(
                                "getTables(" + other + ", …)",
                                md -> md.getTables(other, null, "%", null),
                                JdbcSpec.TABLES))
                        .as(other)
                        .isEmpty();
                assertThat(b.rows(
                                "getSchemas(" + other + ", null)", md -> md.getSchemas(other, null), JdbcSpec.SCHEMAS))
                        .as(other)
                        .isEmpty();
                assertThat(b.rows(
                                "getColumns(" + other + ", …)",
                                md -> md.getColumns(other, null, "%", "%"),
                                JdbcSpec.COLUMNS))
                        .as(other)
                        .isEmpty();
                assertThat(b.rows(
                                "getFunctions(" + other + ", …)",
                                md -> md.getFunctions(other, null, "%"),
                                JdbcSpec.FUNCTIONS))
                        .as(other)
                        .isEmpty();
            }
            // The engine's own schemas and functions stay out of sight.
            assertThat(b.rows(
                            "getTables(null, information_schema, %, null)",
                            md -> md.getTables(null, "information_schema", "%", null), JdbcSpec.TABLES))
                    .isEmpty();
            assertThat(b.rows(
                            "getFunctions(null, null, abs)",
                            md -> md.getFunctions(null, null, "abs"),
                            JdbcSpec.FUNCTIONS))
                    .isEmpty();
            assertThat(b.rows("getSchemas(null, %a%)", md -> md.getSchemas(null, "%a%"), JdbcSpec.SCHEMAS))
                    .extracting(r -> r.get("TABLE_SCHEM"))
                    .containsExactly("hr_data", "main", "sales");
            assertThat(b.rows("getSchemas(null, hr\\_data)", md -> md.getSchemas(null, "hr\\_data"), JdbcSpec.SCHEMAS))
                    .extracting(r -> r.get("TABLE_SCHEM"))
                    .containsExactly("hr_data");
            assertThat(b.rows("getSchemas(null, \"\")", md -> md.getSchemas(null, ""), JdbcSpec.SCHEMAS))
                    .isEmpty();
            assertThat(b.rows(
                            "getTables(lake, sales, deal%, null)",
                            md -> md.getTables(CAT, "sales", "deal%", null), JdbcSpec.TABLES))
                    .extracting(r -> r.get("TABLE_NAME"))
                    .containsExactly("deal_notes", "deals", "deal_sizes");
        }
    }

    @Test
    void everyOtherMetadataMethodAnswersWithTheJdbcColumns() throws Exception {
        try (Connection c = lake.connect()) {
            MetadataBrowser b = new MetadataBrowser(c, CAT);
            int bestRowSession = DatabaseMetaData.bestRowSession;
            // DuckLake's row id identifies a row of a lake table (see RowEditingTest).
            assertThat(column(
                            b.rows(
                                    "getBestRowIdentifier",
                                    md -> md.getBestRowIdentifier(CAT, "main", "customers", bestRowSession, true),
                                    JdbcSpec.ROW_IDENTIFIER),
                            "COLUMN_NAME"))
                    .containsExactly("rowid");
            assertThat(b.rows(
                            "getVersionColumns",
                            md -> md.getVersionColumns(CAT, "main", "customers"),
                            JdbcSpec.ROW_IDENTIFIER))
                    .isEmpty();
            assertThat(b.rows(
                            "getTablePrivileges",
                            md -> md.getTablePrivileges(CAT, "main", "%"),
                            JdbcSpec.TABLE_PRIVILEGES))
                    .isEmpty();
            assertThat(b.rows(
                            "getColumnPrivileges",
                            md -> md.getColumnPrivileges(CAT, "main", "customers", "%"),
                            JdbcSpec.COLUMN_PRIVILEGES))
                    .isEmpty();
            List<Map<String, Object>> pseudo = b.rows(
                    "getPseudoColumns", md -> md.getPseudoColumns(CAT, "main", "%", "%"), JdbcSpec.PSEUDO_COLUMNS);
            assertThat(column(pseudo, "TABLE_NAME"))
                    .containsExactlyElementsOf(lake.tablesIn("main").stream()
                            .map(t -> t.name)
                            .sorted()
                            .collect(Collectors.toList()));
            assertThat(column(pseudo, "COLUMN_NAME")).containsOnly("rowid");
            assertThat(b.rows("getSuperTables", md -> md.getSuperTables(CAT, "main", "%"), JdbcSpec.SUPER_TABLES))
                    .isEmpty();
            assertThat(b.rows("getSuperTypes", md -> md.getSuperTypes(CAT, "main", "%"), JdbcSpec.SUPER_TYPES))
                    .isEmpty();
            assertThat(b.rows("getAttributes", md -> md.getAttributes(CAT, "main", "%", "%"), JdbcSpec.ATTRIBUTES))
                    .isEmpty();
            assertThat(b.rows(
                            "getCrossReference",
                            md -> md.getCrossReference(CAT, "main", "customers", CAT, "main", "orders"),
                            JdbcSpec.KEYS))
                    .isEmpty();
            assertThat(b.rows("getUDTs", md -> md.getUDTs(null, null, "%", null), JdbcSpec.UDTS))
                    .isEmpty();
            assertThat(b.rows("getUDTs(system)", md -> md.getUDTs("system", null, "%", null), JdbcSpec.UDTS))
                    .isEmpty();
            assertThat(column(
                            b.rows(
                                    "getClientInfoProperties",
                                    DatabaseMetaData::getClientInfoProperties,
                                    JdbcSpec.CLIENT_INFO_PROPERTIES),
                            "NAME"))
                    .containsExactly("ApplicationName", "ClientHostname", "ClientUser");
        }
    }

    /** metadata_show_all=true: the metadata answers for every catalog of the engine, as DuckDB's driver does. */
    @Test
    void showAllListsEveryCatalogOfTheEngine() throws Exception {
        try (Connection c = lake.connect("metadata_show_all", "true");
                Connection curated = lake.connect()) {
            DatabaseMetaData all = c.getMetaData();
            assertThat(((LakeDatabaseMetaData) all).showsAllCatalogs()).isTrue();
            assertThat(((LakeDatabaseMetaData) curated.getMetaData()).showsAllCatalogs())
                    .isFalse();
            assertThat(strings(all.getCatalogs(), "TABLE_CAT")).contains(CAT, "memory", "system", "temp");
            assertThat(strings(all.getSchemas(), "TABLE_CATALOG")).contains("system", CAT);
            assertThat(strings(all.getTables("system", "information_schema", "%", null), "TABLE_TYPE"))
                    .isNotEmpty()
                    .containsOnly("SYSTEM VIEW");
            assertThat(strings(all.getFunctions(null, null, "abs"), "FUNCTION_CAT"))
                    .isNotEmpty()
                    .containsOnly("system");
            assertThat(strings(all.getTableTypes(), "TABLE_TYPE")).contains("SYSTEM VIEW", "TABLE", "VIEW");
            assertThat(strings(all.getTables(CAT, null, "%", null), "TABLE_NAME"))
                    .hasSize(lake.objects.size());
            try (ResultSet rs = all.getTables(null, null, "%", null)) {
                assertThat(rs.getStatement().getConnection()).isSameAs(c);
            }
        }
    }

    private static List<String> strings(ResultSet rs, String column) throws Exception {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getString(column));
            }
        }
        return out;
    }
}
