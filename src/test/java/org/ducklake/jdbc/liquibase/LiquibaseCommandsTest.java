package org.ducklake.jdbc.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Liquibase's everyday commands besides update, on PostgreSQL-catalog lakes with S3 data. */
class LiquibaseCommandsTest {
    private static final String RELEASES = "changelogs/releases.yaml";

    @Test
    void statusTagRollbackAndRollbackCount() throws Exception {
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres()) {
            lake.run("updateCount", "changelogFile", RELEASES, "count", 2);
            assertThat(lake.strings("SELECT id || ' ' || name FROM items")).containsExactly("1 pen");

            String pending = lake.run("status", "changelogFile", RELEASES, "verbose", true);
            assertThat(pending)
                    .contains("2 changesets have not been applied")
                    .contains(RELEASES + "::items-price::lake")
                    .contains(RELEASES + "::audit-table::lake")
                    .doesNotContain("items-rows");

            lake.run("tag", "tag", "v1");
            assertThat(lake.strings("SELECT ID FROM DATABASECHANGELOG WHERE TAG = 'v1'"))
                    .containsExactly("items-rows");

            lake.run("update", "changelogFile", RELEASES);
            assertThat(lake.run("status", "changelogFile", RELEASES)).contains("is up to date");
            assertThat(lake.relations()).contains("audit", "items");
            assertThat(columns(lake, "items")).containsExactly("id", "name", "price");

            lake.run("rollback", "changelogFile", RELEASES, "tag", "v1");
            assertThat(lake.relations()).doesNotContain("audit").contains("items");
            assertThat(columns(lake, "items")).containsExactly("id", "name");
            assertThat(lake.strings("SELECT id || ' ' || name FROM items")).containsExactly("1 pen");
            assertThat(lake.strings("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"))
                    .containsExactly("items-table", "items-rows");

            lake.run("update", "changelogFile", RELEASES);
            lake.run("rollbackCount", "changelogFile", RELEASES, "count", 1);
            assertThat(lake.relations()).doesNotContain("audit");
            assertThat(columns(lake, "items")).containsExactly("id", "name", "price");
            assertThat(lake.strings("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"))
                    .containsExactly("items-table", "items-rows", "items-price");
            assertThat(lake.strings("SELECT LOCKED FROM DATABASECHANGELOGLOCK")).containsExactly("false");
        }
    }

    @Test
    void dropAllLeavesTheLakeWithoutTablesOrViews() throws Exception {
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres()) {
            lake.run("update", "changelogFile", "changelogs/customers.yaml");
            assertThat(lake.relations()).hasSize(4);
            // A table outside the lake, in DuckDB's own temp catalog: Liquibase must neither see nor drop it
            // (sql_access=lake, the default, refuses tables in the engine's memory database).
            try (java.sql.Statement s = lake.connection.createStatement()) {
                s.execute("CREATE TEMP TABLE scratch (a INT)");
            }
            lake.connection.commit(); // Liquibase runs the connection in manual commit
            String snapshot = lake.run("snapshot");
            assertThat(snapshot).contains("Catalog & Schema: lake / main").contains("customers");
            assertThat(snapshot).doesNotContain("scratch").doesNotContain("memory");

            lake.run("dropAll");
            assertThat(lake.relations()).isEmpty();
            assertThat(lake.count("SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'lake'"))
                    .isZero();
            try (java.sql.Statement s = lake.connection.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM temp.main.scratch")) {
                assertThat(rs.next()).isTrue(); // still there
            }

            // and the lake takes the changelog again from scratch
            lake.run("update", "changelogFile", "changelogs/customers.yaml");
            assertThat(lake.strings("SELECT name FROM customers ORDER BY id")).containsExactly("Alice", "Bob");
        }
    }

    @Test
    void diffBetweenTwoLakesReportsWhatDiffers() throws Exception {
        try (LiquibaseOnLake reference = LiquibaseOnLake.postgres();
                LiquibaseOnLake target = LiquibaseOnLake.postgres()) {
            reference.run("update", "changelogFile", "changelogs/customers.yaml");
            target.run("update", "changelogFile", "changelogs/customers.yaml");
            try (java.sql.Statement s = reference.connection.createStatement()) {
                s.execute("CREATE TABLE orders (id BIGINT NOT NULL, customer_id BIGINT)");
                s.execute("ALTER TABLE customers ADD COLUMN phone VARCHAR");
            }

            String diff = LiquibaseOnLake.run(
                    "diff", target.database, Map.of("referenceDatabase", reference.database, "format", "TXT"));
            assertThat(diff)
                    .contains("Compared Schemas: main")
                    .contains("Missing Table(s): \n     orders")
                    .contains("Unexpected Table(s): NONE")
                    .contains("main.customers.phone")
                    .contains("main.orders.customer_id")
                    .contains("Unexpected Column(s): NONE")
                    .contains("Missing View(s): NONE");
        }
    }

    private static java.util.List<String> columns(LiquibaseOnLake lake, String table) throws Exception {
        return lake.strings("SELECT column_name FROM information_schema.columns WHERE table_name = '" + table
                + "' ORDER BY ordinal_position");
    }
}
