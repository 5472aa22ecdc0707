package org.ducklake.jdbc.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * A lake for the tool-browsing tests: a PostgreSQL catalog with S3 data holding three schemas ({@code main}
 * and two created ones, one with an underscore in its name), 21 small tables (two whose names differ only
 * where the other has an underscore, to catch unescaped LIKE patterns), three views and a macro. Built in one
 * transaction; the connection that built it stays open, so the engine instance stays warm for the tests'
 * own connections.
 */
final class BrowseLake implements AutoCloseable {

    /** One table (or view) of the lake and its columns, in order. */
    static final class Table {
        final String schema;
        final String name;
        final boolean view;
        final List<String> columns;
        final List<String> types;
        final String ddl;

        private Table(String schema, String name, boolean view, List<String> columns, List<String> types, String ddl) {
            this.schema = schema;
            this.name = name;
            this.view = view;
            this.columns = columns;
            this.types = types;
            this.ddl = ddl;
        }

        String qualified() {
            return schema + "." + name;
        }
    }

    static final String CATALOG = "lake";
    static final List<String> SCHEMAS = Arrays.asList("hr_data", "main", "sales");

    final TestLakes.PostgresLake lake;
    final List<Table> objects = new ArrayList<>();
    private final Connection builder;

    private BrowseLake(TestLakes.PostgresLake lake, Connection builder) {
        this.lake = lake;
        this.builder = builder;
    }

    static BrowseLake create() throws SQLException {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Connection c = lake.connect();
        BrowseLake b = new BrowseLake(lake, c);
        try {
            b.define();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("CREATE SCHEMA sales");
                s.execute("CREATE SCHEMA hr_data");
                for (Table t : b.objects) {
                    s.execute(t.ddl);
                }
                s.execute("CREATE MACRO main.add_tax(amount) AS amount * 1.2");
                s.execute("COMMENT ON TABLE main.customers IS 'people who buy'");
                c.commit();
                c.setAutoCommit(true);
                s.execute("INSERT INTO main.customers SELECT range, 'c' || range, 'c' || range || '@example.com', "
                        + "TIMESTAMP '2026-01-01' + INTERVAL (range) MINUTE FROM range(500)");
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return b;
    }

    private void define() {
        table("main", "customers", "id INTEGER NOT NULL", "name VARCHAR", "email VARCHAR", "created_at TIMESTAMP");
        table(
                "main",
                "orders",
                "id BIGINT",
                "customer_id INTEGER",
                "total DECIMAL(10,2)",
                "placed_at TIMESTAMP WITH TIME ZONE");
        table("main", "order_items", "order_id BIGINT", "sku VARCHAR", "qty INTEGER");
        table("main", "orderXitems", "x_id INTEGER", "x_note VARCHAR");
        table("main", "products", "sku VARCHAR", "price DOUBLE", "tags VARCHAR[]");
        table("main", "events", "id UUID", "payload JSON", "happened_on DATE");
        table("main", "settings", "k VARCHAR", "v VARCHAR DEFAULT 'none'");
        table("main", "flags", "id INTEGER", "enabled BOOLEAN");
        table("sales", "regions", "id INTEGER", "name VARCHAR");
        table("sales", "reps", "id INTEGER", "region_id INTEGER", "name VARCHAR");
        table("sales", "targets", "rep_id INTEGER", "quarter VARCHAR", "amount DECIMAL(12,2)");
        table("sales", "quotas", "region_id INTEGER", "year SMALLINT", "amount DECIMAL(14,2)");
        table("sales", "deals", "id BIGINT", "rep_id INTEGER", "amount DECIMAL(12,2)", "closed_on DATE");
        table("sales", "deal_notes", "deal_id BIGINT", "note VARCHAR", "written_at TIMESTAMP");
        table("sales", "pipeline", "stage VARCHAR", "deals INTEGER", "value DOUBLE");
        table("hr_data", "employees", "id INTEGER", "name VARCHAR", "team_id INTEGER", "hired_on DATE");
        table("hr_data", "teams", "id INTEGER", "name VARCHAR");
        table("hr_data", "salaries", "employee_id INTEGER", "amount DECIMAL(10,2)", "since DATE");
        table("hr_data", "reviews", "employee_id INTEGER", "score TINYINT", "body VARCHAR");
        table("hr_data", "leaves", "employee_id INTEGER", "starts DATE", "ends DATE");
        table("hr_data", "badges", "employee_id INTEGER", "badge BLOB");
        view("main", "big_orders", "SELECT id, total FROM main.orders WHERE total > 100", "id", "total");
        view(
                "main",
                "customer_orders",
                "SELECT c.name, o.id AS order_id FROM main.customers c " + "JOIN main.orders o ON o.customer_id = c.id",
                "name",
                "order_id");
        view("sales", "deal_sizes", "SELECT id, amount FROM sales.deals", "id", "amount");
    }

    private void table(String schema, String name, String... columns) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (String c : columns) {
            String[] parts = c.split(" ", 2);
            names.add(parts[0]);
            types.add(parts[1].replace(" NOT NULL", "").replaceFirst(" DEFAULT .*", ""));
        }
        String ddl = "CREATE TABLE " + schema + ".\"" + name + "\" (" + String.join(", ", columns) + ")";
        objects.add(new Table(schema, name, false, names, types, ddl));
    }

    private void view(String schema, String name, String select, String... columns) {
        objects.add(new Table(
                schema,
                name,
                true,
                Arrays.asList(columns),
                Collections.emptyList(),
                "CREATE VIEW " + schema + "." + name + " AS " + select));
    }

    /** A new connection to the lake (the engine instance is already up). */
    Connection connect() throws SQLException {
        return lake.connect();
    }

    /** A connection with one more property, e.g. metadata_show_all=true. */
    Connection connect(String key, String value) throws SQLException {
        Properties p = lake.properties();
        p.setProperty(key, value);
        return DriverManager.getConnection(lake.url(), p);
    }

    List<Table> tablesIn(String schema) {
        return objects.stream().filter(t -> t.schema.equals(schema) && !t.view).collect(Collectors.toList());
    }

    List<Table> viewsIn(String schema) {
        return objects.stream().filter(t -> t.schema.equals(schema) && t.view).collect(Collectors.toList());
    }

    Table table(String schema, String name) {
        return objects.stream()
                .filter(t -> t.schema.equals(schema) && t.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(schema + "." + name));
    }

    @Override
    public void close() throws SQLException {
        builder.close();
    }
}
