package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ducklake.jdbc.tools.MetadataBrowser.column;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays what DBeaver's generic JDBC plugin asks on connect and when the navigator tree is expanded, as read
 * in DBeaver's sources (plugins/org.jkiss.dbeaver.ext.generic: GenericDataSource.openConnection/initialize,
 * GenericMetaModel.loadSchemas/prepareTableLoadStatement/prepareTableColumnLoadStatement/
 * prepareUniqueConstraintsLoadStatement/loadProcedures, IndexCache, ForeignKeysCache):
 * <ol>
 * <li>connect: getClientInfoProperties (then setClientInfo("ApplicationName", …)), the product/driver
 * identity and capability flags, getTypeInfo (data type cache);</li>
 * <li>getCatalogs: exactly one catalog makes DBeaver drop the catalog level and read schemas with
 * getSchemas() (or getSchemas(null, "%") when schema filters are on);</li>
 * <li>expanding a schema: getTables(null, schema with _ and % escaped, "%", null); getTableTypes;</li>
 * <li>expanding a table (or caching a schema's structure): getColumns(null, escaped schema, escaped table or
 * "%", "%"); getPrimaryKeys(null, schema, table or "%"), getImportedKeys(null, schema, table or "%"),
 * getIndexInfo(null, schema, table or "%", false, true) — table names, not patterns;</li>
 * <li>the procedures folder: getFunctions(null, escaped schema, "%"), then getProcedures.</li>
 * </ol>
 */
class DbeaverSequenceTest {

    private static BrowseLake lake;

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
    void connectReadsIdentityCapabilitiesAndTypes() throws Exception {
        try (Connection c = lake.connect()) {
            MetadataBrowser browser = new MetadataBrowser(c, BrowseLake.CATALOG);
            DatabaseMetaData md = browser.metaData();

            // GenericDataSource.openConnection: ApplicationName from getClientInfoProperties.
            List<Map<String, Object>> clientInfo = browser.rows(
                    "getClientInfoProperties",
                    DatabaseMetaData::getClientInfoProperties,
                    JdbcSpec.CLIENT_INFO_PROPERTIES);
            assertThat(column(clientInfo, "NAME")).contains("ApplicationName");
            c.setClientInfo("ApplicationName", "DBeaver 25.1.0 - Main");
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("DBeaver 25.1.0 - Main");

            // Identity: DBeaver's and Flyway's DuckDB support select on the product name.
            assertThat(md.getDatabaseProductName()).isEqualTo("DuckDB");
            assertThat(md.getDatabaseProductVersion()).isEqualTo("v1.5.5");
            assertThat(md.getDatabaseMajorVersion()).isEqualTo(1);
            assertThat(md.getDatabaseMinorVersion()).isEqualTo(5);
            assertThat(md.getURL()).startsWith("jdbc:ducklake:postgres:").doesNotContain(lake.lake.password);
            assertThat(md.getUserName()).isEqualTo(lake.lake.user);
            assertThat(md.getIdentifierQuoteString()).isEqualTo("\"");
            assertThat(md.getSearchStringEscape()).isEqualTo("\\");
            assertThat(md.getCatalogSeparator()).isEqualTo(".");

            // Transactions: every level accepted (snapshot isolation), SERIALIZABLE by default.
            assertThat(md.supportsTransactions()).isTrue();
            assertThat(md.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            for (int level : new int[] {
                Connection.TRANSACTION_READ_UNCOMMITTED,
                Connection.TRANSACTION_READ_COMMITTED,
                Connection.TRANSACTION_REPEATABLE_READ,
                Connection.TRANSACTION_SERIALIZABLE
            }) {
                assertThat(md.supportsTransactionIsolationLevel(level))
                        .as("level %d", level)
                        .isTrue();
                c.setTransactionIsolation(level);
            }
            assertThat(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE))
                    .isFalse();
            assertThat(md.getResultSetHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);
            assertThat(md.getJDBCMajorVersion()).isEqualTo(4);

            // GenericDataTypeCache: getTypeInfo, ordered by DATA_TYPE, with the common types.
            List<Map<String, Object>> types =
                    browser.rows("getTypeInfo", DatabaseMetaData::getTypeInfo, JdbcSpec.TYPE_INFO);
            assertThat(column(types, "TYPE_NAME"))
                    .contains(
                            "BOOLEAN",
                            "TINYINT",
                            "SMALLINT",
                            "INTEGER",
                            "BIGINT",
                            "HUGEINT",
                            "FLOAT",
                            "DOUBLE",
                            "DECIMAL",
                            "VARCHAR",
                            "BLOB",
                            "DATE",
                            "TIME",
                            "TIMESTAMP",
                            "TIMESTAMP WITH TIME ZONE",
                            "INTERVAL",
                            "UUID",
                            "JSON",
                            "LIST",
                            "STRUCT",
                            "MAP")
                    .doesNotHaveDuplicates();
            List<Integer> codes = column(types, "DATA_TYPE").stream()
                    .map(o -> ((Number) o).intValue())
                    .collect(Collectors.toList());
            assertThat(codes).isSorted();
            Map<String, Object> decimal = types.stream()
                    .filter(t -> "DECIMAL".equals(t.get("TYPE_NAME")))
                    .findFirst()
                    .orElseThrow();
            assertThat(decimal.get("DATA_TYPE")).isEqualTo(Types.DECIMAL);
            assertThat(decimal.get("PRECISION")).isEqualTo(38);
            assertThat(decimal.get("CREATE_PARAMS")).isEqualTo("precision,scale");
            assertThat(types.stream()
                            .filter(t -> "INTEGER".equals(t.get("TYPE_NAME")))
                            .findFirst()
                            .orElseThrow()
                            .get("DATA_TYPE"))
                    .isEqualTo(Types.INTEGER);

            // Catalogs: only the lake (one catalog, so DBeaver goes on with schemas only).
            List<Map<String, Object>> catalogs =
                    browser.rows("getCatalogs", DatabaseMetaData::getCatalogs, JdbcSpec.CATALOGS);
            assertThat(column(catalogs, "TABLE_CAT")).containsExactly(BrowseLake.CATALOG);

            List<Map<String, Object>> tableTypes =
                    browser.rows("getTableTypes", DatabaseMetaData::getTableTypes, JdbcSpec.TABLE_TYPES);
            assertThat(column(tableTypes, "TABLE_TYPE")).containsExactly("TABLE", "VIEW");
        }
    }

    @Test
    void browsingEverySchemaTableAndColumnShowsTheLakeOnly() throws Exception {
        try (Connection c = lake.connect()) {
            MetadataBrowser warmUp = new MetadataBrowser(c, BrowseLake.CATALOG);
            browseAll(warmUp);

            MetadataBrowser browser = new MetadataBrowser(c, BrowseLake.CATALOG);
            long start = System.nanoTime();
            browseAll(browser);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(
                    "DBeaver-style browse of %d schemas, %d tables/views: %d metadata calls in %d ms%n",
                    BrowseLake.SCHEMAS.size(),
                    lake.objects.size(),
                    browser.calls().size(),
                    millis);
        }
    }

    /** The whole tree, as DBeaver expands it: schemas, then each schema's tables, columns, keys, indexes. */
    private static void browseAll(MetadataBrowser b) throws Exception {
        List<Map<String, Object>> catalogs = b.rows("getCatalogs", DatabaseMetaData::getCatalogs, JdbcSpec.CATALOGS);
        assertThat(column(catalogs, "TABLE_CAT")).containsExactly(BrowseLake.CATALOG);

        // One catalog: DBeaver reads the schemas without it (getSchemas(), or getSchemas(null, "%")).
        List<Map<String, Object>> schemas = b.rows("getSchemas()", DatabaseMetaData::getSchemas, JdbcSpec.SCHEMAS);
        assertThat(column(schemas, "TABLE_SCHEM")).containsExactlyElementsOf(BrowseLake.SCHEMAS);
        assertThat(column(schemas, "TABLE_CATALOG")).containsOnly(BrowseLake.CATALOG);
        List<Map<String, Object>> filtered =
                b.rows("getSchemas(null, %)", md -> md.getSchemas(null, "%"), JdbcSpec.SCHEMAS);
        assertThat(filtered).isEqualTo(schemas);

        for (String schema : BrowseLake.SCHEMAS) {
            String schemaPattern = b.escape(schema);
            List<Map<String, Object>> tables = b.rows(
                    "getTables(null, " + schemaPattern + ", %, null)",
                    md -> md.getTables(null, schemaPattern, "%", null),
                    JdbcSpec.TABLES);
            List<String> tableNames = names(tables, "TABLE", "TABLE_NAME");
            List<String> viewNames = names(tables, "VIEW", "TABLE_NAME");
            assertThat(tableNames)
                    .as(schema + " tables")
                    .containsExactlyElementsOf(
                            sorted(lake.tablesIn(schema).stream().map(t -> t.name)));
            assertThat(viewNames)
                    .as(schema + " views")
                    .containsExactlyElementsOf(
                            sorted(lake.viewsIn(schema).stream().map(t -> t.name)));
            assertThat(tables).as(schema).hasSize(tableNames.size() + viewNames.size());
            assertThat(column(tables, "TABLE_SCHEM")).containsOnly(schema);

            // Structure cache: all columns of the schema at once, then the schema's keys and indexes ("%").
            List<Map<String, Object>> schemaColumns = b.rows(
                    "getColumns(null, " + schemaPattern + ", %, %)",
                    md -> md.getColumns(null, schemaPattern, "%", "%"),
                    JdbcSpec.COLUMNS);
            assertThat(schemaColumns)
                    .hasSize(lake.objects.stream()
                            .filter(t -> t.schema.equals(schema))
                            .mapToInt(t -> t.columns.size())
                            .sum());
            assertThat(b.rows(
                            "getPrimaryKeys(null, " + schema + ", %)",
                            md -> md.getPrimaryKeys(null, schema, "%"),
                            JdbcSpec.PRIMARY_KEYS))
                    .isEmpty();
            assertThat(b.rows(
                            "getImportedKeys(null, " + schema + ", %)",
                            md -> md.getImportedKeys(null, schema, "%"),
                            JdbcSpec.KEYS))
                    .isEmpty();
            assertThat(b.rows(
                            "getIndexInfo(null, " + schema + ", %, false, true)",
                            md -> md.getIndexInfo(null, schema, "%", false, true),
                            JdbcSpec.INDEX_INFO))
                    .isEmpty();

            for (Map<String, Object> t : tables) {
                String table = (String) t.get("TABLE_NAME");
                String tablePattern = b.escape(table);
                List<Map<String, Object>> columns = b.rows(
                        "getColumns(null, " + schemaPattern + ", " + tablePattern + ", %)",
                        md -> md.getColumns(null, schemaPattern, tablePattern, "%"),
                        JdbcSpec.COLUMNS);
                BrowseLake.Table expected = lake.table(schema, table);
                assertThat(column(columns, "COLUMN_NAME"))
                        .as(expected.qualified())
                        .containsExactlyElementsOf(expected.columns);
                assertThat(column(columns, "TABLE_NAME")).containsOnly(table);
                List<Object> positions = new ArrayList<>();
                for (int i = 1; i <= expected.columns.size(); i++) {
                    positions.add(i);
                }
                assertThat(column(columns, "ORDINAL_POSITION")).isEqualTo(positions);
                if (!expected.view) {
                    assertThat(column(columns, "TYPE_NAME"))
                            .as(expected.qualified())
                            .containsExactlyElementsOf(expected.types);
                    assertThat(b.rows(
                                    "getPrimaryKeys(null, " + schema + ", " + table + ")",
                                    md -> md.getPrimaryKeys(null, schema, table),
                                    JdbcSpec.PRIMARY_KEYS))
                            .isEmpty();
                    assertThat(b.rows(
                                    "getImportedKeys(null, " + schema + ", " + table + ")",
                                    md -> md.getImportedKeys(null, schema, table),
                                    JdbcSpec.KEYS))
                            .isEmpty();
                    assertThat(b.rows(
                                    "getIndexInfo(null, " + schema + ", " + table + ", false, true)",
                                    md -> md.getIndexInfo(null, schema, table, false, true),
                                    JdbcSpec.INDEX_INFO))
                            .isEmpty();
                }
            }

            // The procedures folder: functions first, then procedures.
            List<Map<String, Object>> functions = b.rows(
                    "getFunctions(null, " + schemaPattern + ", %)",
                    md -> md.getFunctions(null, schemaPattern, "%"),
                    JdbcSpec.FUNCTIONS);
            assertThat(column(functions, "FUNCTION_NAME"))
                    .isEqualTo(schema.equals("main") ? List.of("add_tax") : List.of());
            assertThat(b.rows(
                            "getProcedures(null, " + schemaPattern + ", %)",
                            md -> md.getProcedures(null, schemaPattern, "%"),
                            JdbcSpec.PROCEDURES))
                    .isEmpty();
        }
    }

    @Test
    void columnsDescribeTheirTypesAndDefaults() throws Exception {
        try (Connection c = lake.connect()) {
            MetadataBrowser b = new MetadataBrowser(c, BrowseLake.CATALOG);
            Map<String, Map<String, Object>> byName = new HashMap<>();
            for (Map<String, Object> row : b.rows(
                    "getColumns(null, main, %, %)", md -> md.getColumns(null, "main", "%", "%"), JdbcSpec.COLUMNS)) {
                byName.put(row.get("TABLE_NAME") + "." + row.get("COLUMN_NAME"), row);
            }
            Map<String, Object> id = byName.get("customers.id");
            assertThat(id.get("DATA_TYPE")).isEqualTo(Types.INTEGER);
            assertThat(id.get("NULLABLE")).isEqualTo(DatabaseMetaData.columnNoNulls);
            assertThat(id.get("IS_NULLABLE")).isEqualTo("NO");
            assertThat(id.get("COLUMN_DEF"))
                    .as("DuckLake's 'NULL' default is no default")
                    .isNull();
            assertThat(id.get("IS_AUTOINCREMENT")).isEqualTo("NO");
            Map<String, Object> name = byName.get("customers.name");
            assertThat(name.get("DATA_TYPE")).isEqualTo(Types.VARCHAR);
            assertThat(name.get("NULLABLE")).isEqualTo(DatabaseMetaData.columnNullable);
            assertThat(byName.get("customers.created_at").get("DATA_TYPE")).isEqualTo(Types.TIMESTAMP);
            Map<String, Object> total = byName.get("orders.total");
            assertThat(total.get("DATA_TYPE")).isEqualTo(Types.DECIMAL);
            assertThat(total.get("TYPE_NAME")).isEqualTo("DECIMAL(10,2)");
            assertThat(total.get("COLUMN_SIZE")).isEqualTo(10);
            assertThat(total.get("DECIMAL_DIGITS")).isEqualTo(2);
            assertThat(total.get("NUM_PREC_RADIX")).isEqualTo(10);
            assertThat(byName.get("orders.placed_at").get("DATA_TYPE")).isEqualTo(Types.TIMESTAMP_WITH_TIMEZONE);
            assertThat(byName.get("products.tags").get("DATA_TYPE")).isEqualTo(Types.ARRAY);
            assertThat(byName.get("products.price").get("DATA_TYPE")).isEqualTo(Types.DOUBLE);
            assertThat(byName.get("flags.enabled").get("DATA_TYPE")).isEqualTo(Types.BOOLEAN);
            assertThat(byName.get("events.happened_on").get("DATA_TYPE")).isEqualTo(Types.DATE);
            assertThat((String) byName.get("settings.v").get("COLUMN_DEF")).contains("none");
            assertThat(byName.get("big_orders.total").get("TABLE_NAME")).isEqualTo("big_orders");

            // DBeaver escapes '_' in names it passes as patterns: order_items must not match orderXitems.
            List<Map<String, Object>> escaped = b.rows(
                    "getColumns(null, main, order\\_items, %)",
                    md -> md.getColumns(null, "main", b.escape("order_items"), "%"), JdbcSpec.COLUMNS);
            assertThat(column(escaped, "TABLE_NAME")).containsOnly("order_items");
            List<Map<String, Object>> unescaped = b.rows(
                    "getColumns(null, main, order_items, %)",
                    md -> md.getColumns(null, "main", "order_items", "%"), JdbcSpec.COLUMNS);
            assertThat(column(unescaped, "TABLE_NAME")).as("_ is a wildcard").contains("order_items", "orderXitems");
            List<Map<String, Object>> remarks = b.rows(
                    "getTables(null, main, customers, null)",
                    md -> md.getTables(null, "main", "customers", null),
                    JdbcSpec.TABLES);
            assertThat(column(remarks, "REMARKS")).containsExactly("people who buy");
            List<Map<String, Object>> viewsOnly = b.rows(
                    "getTables(null, null, %, [VIEW])",
                    md -> md.getTables(null, null, "%", new String[] {"VIEW"}), JdbcSpec.TABLES);
            assertThat(column(viewsOnly, "TABLE_NAME")).containsExactly("big_orders", "customer_orders", "deal_sizes");
        }
    }

    @Test
    void aQueryResultStaysReadableWhileBrowsing() throws Exception {
        try (Connection c = lake.connect();
                Statement s = c.createStatement();
                Statement s2 = c.createStatement()) {
            DatabaseMetaData md = c.getMetaData();
            ResultSet customers = s.executeQuery("SELECT id, name FROM main.customers ORDER BY id");
            assertThat(customers.next()).isTrue();
            assertThat(customers.getInt(1)).isZero();

            ResultSet tables = md.getTables(null, "main", "%", null);
            ResultSet columns = md.getColumns(null, "sales", "%", "%");
            ResultSet keys = md.getPrimaryKeys(null, "main", "customers");
            assertThat(tables.next()).isTrue();
            assertThat(columns.next()).isTrue();
            ResultSet count = s2.executeQuery("SELECT count(*) FROM main.orders");
            ResultSet types = md.getTypeInfo();

            int tableRows = 1;
            while (tables.next()) {
                tableRows++;
            }
            assertThat(tableRows)
                    .isEqualTo(
                            lake.tablesIn("main").size() + lake.viewsIn("main").size());
            int customerRows = 1;
            while (customers.next()) {
                assertThat(customers.getString(2)).isEqualTo("c" + customers.getInt(1));
                customerRows++;
            }
            assertThat(customerRows).isEqualTo(500);
            int columnRows = 1;
            while (columns.next()) {
                columnRows++;
            }
            assertThat(columnRows)
                    .isEqualTo(lake.objects.stream()
                            .filter(t -> t.schema.equals("sales"))
                            .mapToInt(t -> t.columns.size())
                            .sum());
            assertThat(keys.next()).isFalse();
            assertThat(count.next()).isTrue();
            assertThat(count.getLong(1)).isZero();
            assertThat(types.next()).isTrue();
            for (ResultSet rs : List.of(customers, tables, columns, keys, count, types)) {
                assertThat(rs.isClosed()).isFalse();
                rs.close();
            }
        }
    }

    private static List<String> names(List<Map<String, Object>> tables, String type, String column) {
        return tables.stream()
                .filter(t -> type.equals(t.get("TABLE_TYPE")))
                .map(t -> (String) t.get(column))
                .collect(Collectors.toList());
    }

    private static List<String> sorted(Stream<String> names) {
        return names.sorted().collect(Collectors.toList());
    }
}
