package org.ducklake.jdbc.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code update} twice in a row on a PostgreSQL-catalog lake with S3 data, for the same changelog written in
 * YAML, XML and formatted SQL: the first run creates Liquibase's tables (without keys) and applies every change
 * set, the second finds them and applies nothing.
 */
class LiquibaseUpdateTest {

    @ParameterizedTest
    @ValueSource(strings = {"changelogs/customers.yaml", "changelogs/customers.xml", "changelogs/customers.sql"})
    void updateTwiceAppliesEachChangeSetOnce(String changelog) throws Exception {
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres()) {
            assertThat(lake.database).isInstanceOf(DuckLakeDatabase.class);
            assertThat(lake.database.getDefaultCatalogName()).isEqualTo("lake");
            assertThat(lake.database.getDefaultSchemaName()).isEqualTo("main");

            String first = lake.run("update", "changelogFile", changelog);
            assertThat(first).contains("Run:                          4");
            assertCustomersApplied(lake);
            List<String> executed =
                    lake.strings("SELECT ID || ' ' || DATEEXECUTED FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED");
            assertThat(executed).hasSize(4);

            // The second run, as a new user would start it: by URL, with no driver named.
            String second = LiquibaseOnLake.run("update", null, urlArguments(lake, changelog));
            assertThat(second).contains("Run:                          0").contains("Previously run:               4");
            assertCustomersApplied(lake);
            assertThat(lake.strings("SELECT ID || ' ' || DATEEXECUTED FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"))
                    .isEqualTo(executed);
        }
    }

    private static void assertCustomersApplied(LiquibaseOnLake lake) throws Exception {
        assertThat(lake.relations())
                .containsExactly("DATABASECHANGELOG", "DATABASECHANGELOGLOCK", "customer_names", "customers");
        assertThat(lake.strings("SELECT id || ',' || name || ',' || coalesce(email, '-') FROM customers ORDER BY id"))
                .containsExactly("1,Alice,alice@example.com", "2,Bob,-");
        assertThat(lake.strings("SELECT name FROM customer_names ORDER BY id")).containsExactly("Alice", "Bob");
        // customers.id NOT NULL is enforced by the lake
        assertThat(lake.strings("SELECT is_nullable FROM information_schema.columns"
                        + " WHERE table_name = 'customers' AND column_name = 'id'"))
                .containsExactly("NO");
        // The lock table: Liquibase's columns, one row, released; no key (DuckLake has none to offer).
        assertThat(lake.strings("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = 'DATABASECHANGELOGLOCK' ORDER BY ordinal_position"))
                .containsExactly("ID", "LOCKED", "LOCKGRANTED", "LOCKEDBY");
        assertThat(lake.strings("SELECT ID || ' ' || LOCKED FROM DATABASECHANGELOGLOCK"))
                .containsExactly("1 false");
        assertThat(lake.count("SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database()"
                        + " AND constraint_type <> 'NOT NULL'"))
                .isZero();
    }

    /** The command arguments of a run by URL: the lake's settings as URL options, user and password apart. */
    static Map<String, Object> urlArguments(LiquibaseOnLake lake, String changelog) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("url", urlWithOptions(lake.url, lake.properties));
        args.put("username", lake.properties.getProperty("user"));
        args.put("password", lake.properties.getProperty("password"));
        args.put("changelogFile", changelog);
        return args;
    }

    /** The URL with every property but user and password appended as {@code ;key=value}. */
    static String urlWithOptions(String url, Properties properties) {
        StringBuilder b = new StringBuilder(url);
        for (String key : properties.stringPropertyNames()) {
            if (!key.equals("user") && !key.equals("password")) {
                b.append(';').append(key).append('=').append(properties.getProperty(key));
            }
        }
        return b.toString();
    }
}
