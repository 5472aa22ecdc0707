package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * examples/HikariPool.java on the self-contained jar plus what examples/pom.xml resolves for HikariCP (the pool and
 * SLF4J's API), against PostgreSQL and S3. Those two jars are taken from this JVM's class path, where the project's
 * pom puts the same HikariCP version.
 */
class HikariPoolExampleIT {

    @Test
    void fourThreadsWriteThroughAPoolOfFour() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();

        ChildJvm.Result run = Example.onDriverJar(
                        "HikariPool", testClassPathJar("HikariCP-"), testClassPathJar("slf4j-api-"))
                .env(Example.environment(lake))
                .run(Duration.ofMinutes(3));

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output)
                .contains("worker 0 wrote 25 rows")
                .contains("worker 1 wrote 25 rows")
                .contains("worker 2 wrote 25 rows")
                .contains("worker 3 wrote 25 rows")
                .contains("pool: 4 connections, 0 in use, 4 idle");
        try (Connection c = lake.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (worker, n)) FROM visits")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(100);
            assertThat(rs.getLong(2)).isEqualTo(100);
        }
    }

    private static Path testClassPathJar(String namePrefix) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Paths::get)
                .filter(p -> p.getFileName().toString().startsWith(namePrefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError(namePrefix + "*.jar is not on the test class path"));
    }
}
