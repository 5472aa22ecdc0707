package org.ducklake.jdbc.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * Flyway's whole lifecycle from a plain {@code jdbc:ducklake:} URL, on a PostgreSQL-catalog lake with S3 data,
 * checked against the lake's real tables and Flyway's history table.
 */
class FlywayTest {

    /** A lake, a directory of migration scripts, and Flyway configured by URL as a user would. */
    private static final class Project {
        final TestLakes.PostgresLake lake = TestLakes.postgres();
        final Path scripts = TestLakes.freshDirectory("flyway");

        Project script(String name, String sql) throws IOException {
            Files.write(scripts.resolve(name), sql.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** Everything but user and password goes as JDBC properties, as {@code flyway.jdbcProperties.*} would. */
        FluentConfiguration configure() {
            Map<String, String> props = new HashMap<>();
            lake.properties().forEach((k, v) -> props.put((String) k, (String) v));
            props.remove("user");
            props.remove("password");
            return Flyway.configure()
                    .dataSource(lake.url(), lake.user, lake.password)
                    .jdbcProperties(props)
                    .locations("filesystem:" + scripts);
        }

        Flyway flyway() {
            return configure().load();
        }

        Connection connect() throws SQLException {
            return lake.connect();
        }

        List<String> column(String sql) throws SQLException {
            try (Connection c = connect();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }

        List<String> tables() throws SQLException {
            return column("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                    + " WHERE table_catalog = current_database() ORDER BY 1");
        }

        /** version:type:success per history row, in order. */
        List<String> history() throws SQLException {
            return column("SELECT coalesce(version, 'R') || ':' || type || ':' || success"
                    + " FROM flyway_schema_history ORDER BY installed_rank");
        }
    }

    private static final String V1 = "CREATE TABLE customers (id INTEGER NOT NULL, name VARCHAR);\n"
            + "CREATE VIEW customer_names AS SELECT name FROM customers;\n";
    private static final String V2 = "INSERT INTO customers VALUES (1, 'Alice'), (2, 'Bob');\n"
            + "-- a semicolon inside a dollar-quoted string does not end the statement\n"
            + "CREATE MACRO greeting(n) AS $$Hello; $$ || n;\n";

    @Test
    void migrateInfoValidateAndASecondMigrateThatDoesNothing() throws Exception {
        Project p = new Project()
                .script("V1__customers.sql", V1)
                .script("V2__rows.sql", V2)
                .script("V3__email.sql", "ALTER TABLE customers ADD COLUMN email VARCHAR DEFAULT 'none';\n")
                .script(
                        "R__customer_count.sql",
                        "CREATE OR REPLACE VIEW customer_count AS SELECT count(*) AS n" + " FROM customers;\n");
        Flyway flyway = p.flyway();

        MigrateResult result = flyway.migrate();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(4);
        assertThat(result.databaseType).isEqualTo("DuckLake");
        assertThat(p.history()).containsExactly("1:SQL:true", "2:SQL:true", "3:SQL:true", "R:SQL:true");
        assertThat(p.column("SELECT name || '/' || email FROM customers ORDER BY id"))
                .containsExactly("Alice/none", "Bob/none");
        assertThat(p.column("SELECT greeting('Bob')")).containsExactly("Hello; Bob");
        assertThat(p.column("SELECT n FROM customer_count")).containsExactly("2");
        assertThat(p.column("SELECT installed_by || '@' || (installed_on IS NOT NULL) FROM flyway_schema_history"
                        + " ORDER BY installed_rank LIMIT 1"))
                .containsExactly(p.lake.user + "@true");

        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("3");
        assertThat(flyway.info().pending()).isEmpty();
        flyway.validate();

        MigrateResult again = p.flyway().migrate();
        assertThat(again.migrationsExecuted).isZero();
        assertThat(p.history()).hasSize(4);
        assertThat(p.column("SELECT count(*) FROM customers")).containsExactly("2");
    }

    @Test
    void aChangedScriptFailsValidationUntilRepaired() throws Exception {
        Project p = new Project().script("V1__customers.sql", V1);
        p.flyway().migrate();
        p.script("V1__customers.sql", V1 + "-- reviewed\n");

        assertThatThrownBy(() -> p.flyway().validate()).hasMessageContaining("checksum mismatch");
        assertThat(p.flyway().repair().migrationsAligned).hasSize(1);
        p.flyway().validate();
        assertThat(p.history()).containsExactly("1:SQL:true");
    }

    @Test
    void aFailedMigrationIsRolledBackWholeThenTheFixedScriptMigrates() throws Exception {
        Project p = new Project()
                .script("V1__customers.sql", V1)
                .script(
                        "V2__broken.sql",
                        "CREATE TABLE orders (id INTEGER);\nINSERT INTO customers VALUES (9, 'Zed');\n"
                                + "INSERT INTO no_such_table VALUES (1);\n");

        assertThatThrownBy(() -> p.flyway().migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("no_such_table");
        // Nothing of V2 is in the lake: neither its table, nor its row, nor a history row.
        assertThat(p.tables()).containsExactly("main.customer_names", "main.customers", "main.flyway_schema_history");
        assertThat(p.column("SELECT count(*) FROM customers")).containsExactly("0");
        assertThat(p.history()).containsExactly("1:SQL:true");
        assertThat(p.flyway().info().pending())
                .extracting(MigrationInfo::getScript)
                .containsExactly("V2__broken.sql");

        p.script("V2__broken.sql", "CREATE TABLE orders (id INTEGER);\nINSERT INTO customers VALUES (9, 'Zed');\n");
        assertThat(p.flyway().repair().migrationsRemoved).isEmpty();
        assertThat(p.flyway().migrate().migrationsExecuted).isEqualTo(1);
        assertThat(p.history()).containsExactly("1:SQL:true", "2:SQL:true");
        assertThat(p.column("SELECT name FROM customers")).containsExactly("Zed");
    }

    /**
     * A script marked executeInTransaction=false runs statement by statement: what ran before the failure stays,
     * Flyway records the failure, and migrate refuses until repair removes it; then the fixed script migrates.
     */
    @Test
    void aFailedNonTransactionalMigrationIsRepairedThenTheFixedScriptMigrates() throws Exception {
        Project p = new Project()
                .script("V1__customers.sql", V1)
                .script(
                        "V2__outside.sql",
                        "INSERT INTO customers VALUES (3, 'Cy');\nINSERT INTO no_such_table VALUES (1);\n")
                .script("V2__outside.sql.conf", "executeInTransaction=false\n");

        assertThatThrownBy(() -> p.flyway().migrate()).hasMessageContaining("no_such_table");
        assertThat(p.column("SELECT name FROM customers")).containsExactly("Cy");
        assertThat(p.history()).containsExactly("1:SQL:true", "2:SQL:false");
        assertThatThrownBy(() -> p.flyway().migrate()).hasMessageContaining("failed migration");

        p.script("V2__outside.sql", "DELETE FROM customers WHERE id = 3;\nINSERT INTO customers VALUES (3, 'Cy');\n");
        assertThat(p.flyway().repair().migrationsRemoved).hasSize(1);
        assertThat(p.history()).containsExactly("1:SQL:true");
        assertThat(p.flyway().migrate().migrationsExecuted).isEqualTo(1);
        assertThat(p.history()).containsExactly("1:SQL:true", "2:SQL:true");
        assertThat(p.column("SELECT name FROM customers")).containsExactly("Cy");
    }

    @Test
    void baselineAnExistingLakeThenMigrateOnlyWhatFollows() throws Exception {
        Project p = new Project()
                .script("V1__customers.sql", V1)
                .script("V2__rows.sql", "INSERT INTO customers VALUES (1, 'Alice');\n");
        try (Connection c = p.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER NOT NULL, name VARCHAR)");
        }
        assertThatThrownBy(() -> p.flyway().migrate()).hasMessageContaining("non-empty schema");

        p.configure().baselineVersion("1").load().baseline();
        assertThat(p.history()).containsExactly("1:BASELINE:true");
        assertThat(p.flyway().migrate().migrationsExecuted).isEqualTo(1);
        assertThat(p.history()).containsExactly("1:BASELINE:true", "2:SQL:true");
        assertThat(p.column("SELECT name FROM customers")).containsExactly("Alice");
    }

    @Test
    void cleanDropsViewsMacrosAndTablesWithoutCascadeAndTheSchemasFlywayCreated() throws Exception {
        Project p = new Project()
                .script(
                        "V1__customers.sql",
                        V1 + "CREATE TABLE extra.audit (happened TIMESTAMP);\n"
                                + "CREATE VIEW extra.audit_view AS SELECT * FROM extra.audit JOIN main.customers ON true;\n")
                .script("V2__rows.sql", V2);
        Flyway flyway =
                p.configure().schemas("main", "extra").cleanDisabled(false).load();
        flyway.migrate();
        assertThat(p.tables())
                .contains("extra.audit", "extra.audit_view", "main.customers", "main.flyway_schema_history");

        flyway.clean();
        assertThat(p.tables()).isEmpty();
        assertThat(p.column("SELECT schema_name FROM information_schema.schemata"
                        + " WHERE catalog_name = current_database()"))
                .containsExactly("main");
        assertThat(p.column("SELECT count(*) FROM duckdb_functions() WHERE database_name = current_database()"
                        + " AND function_name = 'greeting'"))
                .containsExactly("0");

        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(2);
        assertThat(p.column("SELECT count(*) FROM customers")).containsExactly("2");
    }

    @Test
    void cleanIsRefusedUnlessEnabled() throws Exception {
        Project p = new Project().script("V1__customers.sql", V1);
        p.flyway().migrate();
        assertThatThrownBy(() -> p.flyway().clean()).hasMessageContaining("cleanDisabled");
        assertThat(p.tables()).contains("main.customers");
    }

    /**
     * Two Flyways migrating one lake at once, from two engines (as two processes would). A's V2 is a Java
     * migration that, inside A's transaction and after A took the history table's lock, runs B's whole migrate.
     * B commits first; A's commit must then fail, so V2 is applied once (B's), not twice.
     */
    @Test
    void twoMigratesAtOnceApplyAMigrationOnce() throws Exception {
        Project p = new Project().script("V1__customers.sql", V1);
        p.flyway().migrate();
        Path bScripts = TestLakes.freshDirectory("flyway-b");
        Files.write(bScripts.resolve("V1__customers.sql"), V1.getBytes(StandardCharsets.UTF_8));
        Files.write(bScripts.resolve("V2__rows.sql"), "INSERT INTO customers VALUES (2, 'from B');\n".getBytes());
        Flyway b = p.configure()
                .locations("filesystem:" + bScripts)
                .jdbcProperties(jdbcProperties(p, "false"))
                .load();
        Flyway a = p.configure()
                .jdbcProperties(jdbcProperties(p, "true"))
                .javaMigrations(new V2__rows(b))
                .load();

        assertThatThrownBy(a::migrate).hasMessageContaining("conflict");
        assertThat(p.column("SELECT name FROM customers")).containsExactly("from B");
        assertThat(p.history()).containsExactly("1:SQL:true", "2:SQL:true");
    }

    /** Inserts A's row, then runs B's whole migrate before A commits. */
    static final class V2__rows extends BaseJavaMigration {
        private final Flyway other;

        V2__rows(Flyway other) {
            this.other = other;
        }

        @Override
        public void migrate(Context context) throws Exception {
            try (Statement s = context.getConnection().createStatement()) {
                s.execute("INSERT INTO customers VALUES (1, 'from A')");
            }
            assertThat(other.migrate().migrationsExecuted).isEqualTo(1);
        }
    }

    /** The lake's properties but user/password, with stream_results set: its value picks a separate engine. */
    private static Map<String, String> jdbcProperties(Project p, String streamResults) {
        Map<String, String> props = new HashMap<>();
        p.lake.properties().forEach((k, v) -> props.put((String) k, (String) v));
        props.remove("user");
        props.remove("password");
        props.put("stream_results", streamResults);
        return props;
    }

    /** Handed a DataSource instead of a URL, Flyway picks the same plugin by the connection. */
    @Test
    void aDataSourceGetsTheSamePlugin() throws Exception {
        Project p = new Project().script("V1__customers.sql", V1);
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl(p.lake.url());
        Properties props = p.lake.properties();
        props.forEach((k, v) -> ds.setProperty((String) k, (String) v));
        MigrateResult result = Flyway.configure()
                .dataSource(ds)
                .locations("filesystem:" + p.scripts)
                .load()
                .migrate();
        assertThat(result.databaseType).isEqualTo("DuckLake");
        assertThat(p.history()).containsExactly("1:SQL:true");
    }
}
