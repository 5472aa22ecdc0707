package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * A prepared statement whose table changes after it ran (columns added, dropped, renamed, the table dropped and
 * made again with other types), by another connection of its lake instance, by a second instance with its own
 * engine, by its own connection, and inside a transaction that is rolled back, answers for the table as it is
 * now or fails with a 42 SQLState: never the old columns, a crash or an invalidated database. The work runs in a
 * child JVM ({@link PreparedSchemaChangesChild}), so a crash fails this test instead of ending the run.
 */
class PreparedSchemaChangesTest {

    @Test
    void postgresCatalog() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Path props = Files.createTempFile(TestLakes.work(), "lake-", ".properties");
        Properties p = lake.properties();
        try (Writer out = Files.newBufferedWriter(props)) {
            p.store(out, null);
        }
        try {
            ChildJvm.Result r = ChildJvm.main(PreparedSchemaChangesChild.class)
                    .jvmOptions("-XX:ErrorFile=" + TestLakes.work().resolve("hs_err_schema_changes_%p.log"))
                    .args(lake.url(), props.toString())
                    .run(Duration.ofMinutes(4));
            assertThat(r.exit).as(r.output).isZero();
            assertThat(r.output).contains("done").doesNotContain("WRONG");
        } finally {
            Files.deleteIfExists(props);
        }
    }
}
