package org.ducklake.jdbc.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * Liquibase's command line ({@code liquibase.integration.commandline.LiquibaseCommandLine}) as separate JVMs with
 * nothing but Liquibase, its dependencies and the driver on the class path, and no {@code --driver}: the
 * driver is found from the {@code jdbc:ducklake:} URL.
 */
class LiquibaseCliTest {
    private static final String CHANGELOG = "changelogs/customers.yaml";

    @Test
    void updateTwiceThenStatus() throws Exception {
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres()) {
            ChildJvm.Result first = liquibase(lake, "update").run(Duration.ofSeconds(60));
            assertThat(first.exit).as(first.output).isZero();
            assertThat(first.output)
                    .contains("Running Changeset: " + CHANGELOG + "::customers-table::lake")
                    .contains("Run:                          4")
                    .contains("Liquibase command 'update' was executed successfully.");
            // The secrets were given on the command line and in the URL; Liquibase prints neither.
            assertThat(first.output)
                    .doesNotContain(lake.properties.getProperty("password"))
                    .doesNotContain(lake.properties.getProperty("s3_secret_access_key"));
            assertThat(lake.strings("SELECT name FROM customers ORDER BY id")).containsExactly("Alice", "Bob");

            ChildJvm.Result second = liquibase(lake, "update").run(Duration.ofSeconds(60));
            assertThat(second.exit).as(second.output).isZero();
            assertThat(second.output)
                    .contains("Database is up to date, no changesets to execute")
                    .contains("Run:                          0")
                    .doesNotContain("Running Changeset");
            assertThat(lake.count("SELECT count(*) FROM DATABASECHANGELOG")).isEqualTo(4);
            assertThat(lake.strings("SELECT name FROM customers ORDER BY id")).containsExactly("Alice", "Bob");

            ChildJvm.Result status = liquibase(lake, "status").run(Duration.ofSeconds(60));
            assertThat(status.exit).as(status.output).isZero();
            assertThat(status.output).contains("is up to date");
        }
    }

    /**
     * Two deployments at once on a fresh lake: both create the lock table, both want the lock. Each change set
     * must run exactly once and both must end successfully (the one that waited finds nothing left to do).
     */
    @Test
    void twoUpdatesAtOnceApplyEachChangeSetOnce() throws Exception {
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres()) {
            List<ChildJvm.Running> running = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                running.add(liquibase(lake, "update", "--changelog-lock-poll-rate=1")
                        .named("liquibase update #" + (i + 1))
                        .start());
            }
            int applied = 0;
            for (ChildJvm.Running child : running) {
                ChildJvm.Result result = child.awaitExit(Duration.ofSeconds(90));
                System.out.println(result.output); // which one waited, and for what, is in the test's output
                assertThat(result.exit).as(result.output).isZero();
                applied += runCount(result.output);
            }
            assertThat(applied).isEqualTo(4);
            assertThat(lake.strings("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"))
                    .containsExactly("customers-table", "customers-rows", "customers-email", "customer-names-view");
            assertThat(lake.strings("SELECT name FROM customers ORDER BY id")).containsExactly("Alice", "Bob");
            assertThat(lake.strings("SELECT ID || ' ' || LOCKED FROM DATABASECHANGELOGLOCK"))
                    .containsExactly("1 false");
        }
    }

    private static int runCount(String output) {
        Matcher m = Pattern.compile("(?m)^Run:\\s+(\\d+)$").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /**
     * {@code liquibase <global options> <command>}: the lake's settings ride on the URL as {@code ;key=value},
     * user and password as Liquibase's own options.
     */
    private static ChildJvm liquibase(LiquibaseOnLake lake, String command, String... extra) {
        List<String> args = new ArrayList<>();
        args.add("--show-banner=false");
        args.add("--url=" + LiquibaseUpdateTest.urlWithOptions(lake.url, lake.properties));
        args.add("--username=" + lake.properties.getProperty("user"));
        args.add("--password=" + lake.properties.getProperty("password"));
        args.add("--search-path=" + LiquibaseClassPath.testClasses());
        args.add("--changelog-file=" + CHANGELOG);
        args.addAll(List.of(extra));
        args.add(command);
        return ChildJvm.main("liquibase.integration.commandline.LiquibaseCommandLine", LiquibaseClassPath.withDriver())
                .small()
                // Offline: Liquibase would otherwise fetch its analytics settings from the vendor's server.
                .env("LIQUIBASE_ANALYTICS_ENABLED", "false")
                .args(args.toArray(new String[0]));
    }
}
