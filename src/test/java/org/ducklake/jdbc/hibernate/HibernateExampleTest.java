package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Runs examples/HibernateExample.java the way its comment says, as a single-file source program in a JVM of its
 * own, so the example cannot rot. Its class path is the driver and Hibernate with its dependencies, taken from
 * this test's class path (where the driver is target/classes and its two dependencies instead of the jar).
 */
class HibernateExampleTest {
    /** Where the driver, its dependencies and Hibernate's live in the local Maven repository. */
    private static final List<String> RUNTIME = List.of(
            "/org/duckdb/",
            "/com/typesafe/config/",
            "/org/hibernate/",
            "/jakarta/",
            "/org/jboss/logging/",
            "/net/bytebuddy/",
            "/org/glassfish/jaxb/",
            "/com/sun/istack/",
            "/org/eclipse/angus/",
            "/org/antlr/",
            // the bundled extensions, as the extensions-<platform> artifacts carry them
            "/target/extensions/jar/");

    static String driverAndHibernate() {
        String driverClasses = Paths.get("target", "classes").toAbsolutePath().toString();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Paths.get(entry).toAbsolutePath().toString().equals(driverClasses)
                        || RUNTIME.stream()
                                .anyMatch(dir -> entry.replace('\\', '/').contains(dir)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void exampleRunsAgainstTheEmbeddedDefault() throws Exception {
        Path work = TestLakes.freshDirectory("hibernate-example");
        String example =
                Paths.get("examples", "HibernateExample.java").toAbsolutePath().toString();
        ChildJvm.Result result = ChildJvm.main(example, driverAndHibernate())
                .named("HibernateExample")
                // DuckDB installs the bundled extensions under $HOME/.duckdb: keep them in the test's directory.
                .env("HOME", work.toString())
                .args(work.resolve("lake").toString())
                .run(Duration.ofMinutes(2));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output)
                .contains("dialect: DuckLakeDialect")
                .contains("Alice: 2 purchases, 19.75 total")
                .contains("Bob: 1 purchases, 30.00 total")
                .contains("moved: 1")
                .contains("customers: [Alice (Ghent), Bob (Brussels)]");
    }
}
