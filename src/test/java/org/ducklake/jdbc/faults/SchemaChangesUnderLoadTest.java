package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Schema changes in transactions while other connections of the same lake load the schema neither crash the JVM
 * nor fail their commits. DuckLake (DuckDB 1.5.5) frees the cached schema an uncommitted CREATE or COMMENT
 * points into when two connections load a new schema version at once (duckdb/ducklake#1248): before the
 * driver's CatalogGuard this run ended in a SIGSEGV, or in commits failing with "Failed to commit DuckLake
 * transaction" and an internal error that invalidated the database. The work runs in a child JVM
 * ({@link SchemaChangesUnderLoadChild}), so a crash fails this test instead of ending the run.
 */
class SchemaChangesUnderLoadTest {

    @Test
    void postgresCatalog() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Path props = Files.createTempFile(TestLakes.work(), "lake-", ".properties");
        try (Writer out = Files.newBufferedWriter(props)) {
            lake.properties().store(out, null);
        }
        try {
            ChildJvm.Result r = ChildJvm.main(SchemaChangesUnderLoadChild.class)
                    .jvmOptions("-XX:ErrorFile=" + TestLakes.work().resolve("hs_err_schema_%p.log"))
                    .args(lake.url(), props.toString())
                    .run(Duration.ofSeconds(SchemaChangesUnderLoadChild.SECONDS + 150));
            r.output.lines().filter(l -> l.startsWith("done")).forEach(System.out::println);
            assertThat(r.exit).as(r.output).isZero();
            assertThat(r.output).contains("done").contains("errors=0");
        } finally {
            Files.deleteIfExists(props);
        }
    }
}
