package org.ducklake.jdbc.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** examples/FlywayExample.java, run as its javadoc says (Java's source launcher), twice on one lake. */
class FlywayExampleTest {

    @Test
    void migratesThenFindsNothingToDo() throws Exception {
        Path lake = TestLakes.freshDirectory("flyway-example");
        ChildJvm example = ChildJvm.main("examples/FlywayExample.java", System.getProperty("java.class.path"))
                .args(lake.toString(), "examples/flyway");

        ChildJvm.Result first = example.run(Duration.ofMinutes(2));
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output)
                .contains("applied 3 migrations")
                .contains("1 customers: Success")
                .contains("2 first customers: Success")
                .contains("R customer counts: Success")
                .contains("2025-01-01 1")
                .contains("2025-02-01 1");

        ChildJvm.Result second = example.run(Duration.ofMinutes(2));
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output).contains("applied 0 migrations");
    }
}
