package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * The examples that use a tool (Flyway, Liquibase, Hibernate; HikariPool has its own test), each run with the one
 * command examples/README.md gives for them: the self-contained jar plus the class path that
 * {@code mvn -q -f examples/pom.xml dependency:build-classpath} writes, on the embedded default lake.
 */
class ToolExamplesIT {

    @Test
    void flywayMigratesThenFindsNothingToDo() throws Exception {
        Path dir = TestLakes.freshDirectory("flyway-example-it");
        ChildJvm example = Example.onDriverJarAndTools("FlywayExample").args(dir.toString());

        ChildJvm.Result first = example.run(Duration.ofMinutes(3));
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output).contains("applied 3 migrations").contains("R customer counts: Success");

        ChildJvm.Result second = example.run(Duration.ofMinutes(3));
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output).contains("applied 0 migrations");
    }

    @Test
    void liquibaseAppliesItsChangelogOnce() throws Exception {
        Path dir = TestLakes.freshDirectory("liquibase-example-it");
        ChildJvm.Result run = Example.onDriverJarAndTools("LiquibaseExample")
                .env("LIQUIBASE_ANALYTICS_ENABLED", "false") // as examples/README.md says for offline hosts
                .args(dir.toString())
                .run(Duration.ofMinutes(3));
        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output)
                .contains("Liquibase database: ducklake, default schema lake.main")
                .contains("customer 1: Alice <alice@example.com>")
                .contains("customer 2: Bob <null>");
    }

    @Test
    void hibernateFindsTheDialectAndWrites() throws Exception {
        Path dir = TestLakes.freshDirectory("hibernate-example-it");
        ChildJvm.Result run = Example.onDriverJarAndTools("HibernateExample")
                .args(dir.resolve("lake").toString())
                .run(Duration.ofMinutes(3));
        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output)
                .contains("dialect: DuckLakeDialect")
                .contains("Alice: 2 purchases, 19.75 total")
                .contains("customers: [Alice (Ghent), Bob (Brussels)]");
    }
}
