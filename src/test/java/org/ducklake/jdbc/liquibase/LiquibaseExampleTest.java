package org.ducklake.jdbc.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * examples/LiquibaseExample.java run as its README says, in source-file mode ({@code java … File.java}), with the
 * driver and Liquibase on the class path, so the example cannot rot.
 */
class LiquibaseExampleTest {

    @Test
    void theExampleAppliesItsChangelogOnceAndPrintsTheCustomers() throws Exception {
        Path dir = TestLakes.freshDirectory("liquibase-example");
        Path source = Paths.get("examples", "LiquibaseExample.java").toAbsolutePath();
        ChildJvm.Result result = ChildJvm.main(source.toString(), LiquibaseClassPath.withDriver())
                .named("LiquibaseExample")
                .small()
                .jvmOptions("-Dliquibase.analytics.enabled=false") // offline
                .args(dir.toString(), "extension_directory=" + TestLakes.extensionDirectory())
                .run(Duration.ofSeconds(90));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output)
                .contains("Liquibase database: ducklake, default schema lake.main")
                .contains("Run:                          3")
                .contains("Run:                          0")
                .contains("customer 1: Alice <alice@example.com>")
                .contains("customer 2: Bob <null>")
                .contains("applied change set customers-email");

        // The lake it left behind, opened after the example's process ended (a DuckDB-file catalog has one user).
        try (Connection c = TestLakes.fileAt(dir.resolve("catalog.ducklake")).connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM customers WHERE created_at IS NOT NULL ORDER BY id")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).containsExactly("Alice", "Bob");
        }
    }
}
