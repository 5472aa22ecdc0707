package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * examples/OfflineExtensions.java on the self-contained jar, against PostgreSQL and S3: extensions installed from
 * the repository the build lays out in target/extensions/repository, into an empty extension directory, with the
 * jar's bundled copies switched off.
 */
class OfflineExtensionsIT {

    @Test
    void installsFromTheLocalRepositoryIntoAnEmptyExtensionDirectory() throws Exception {
        Path repository = Paths.get("target", "extensions", "repository").toAbsolutePath();
        assertThat(repository.resolve("v1.5.5"))
                .as("the build's extension repository (mvn package lays it out)")
                .isDirectory();
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Path extensions = TestLakes.freshDirectory("offline-extensions");

        ChildJvm.Result run = Example.onDriverJar("OfflineExtensions")
                .args(repository.toString(), extensions.toString())
                .env(Example.environment(lake))
                .run(Duration.ofMinutes(3));

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output)
                .contains("extension directory " + extensions + " holds 0 files")
                .contains("the lake answers 42");
        for (String name : new String[] {"ducklake", "httpfs", "postgres_scanner"}) {
            Matcher installed = Pattern.compile("installed (v1\\.5\\.5/[a-z0-9_]+/" + name + "\\.duckdb_extension)\n")
                    .matcher(run.output);
            assertThat(installed.find()).as(run.output).isTrue();
            Path file = extensions.resolve(installed.group(1));
            assertThat(file).isRegularFile();
            // DuckDB notes where it installed a file from in the .info file beside it.
            String info = new String(Files.readAllBytes(Paths.get(file + ".info")), StandardCharsets.ISO_8859_1);
            assertThat(info).as("where " + name + " came from").contains(repository.toString());
        }

        try (Connection c = lake.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT answer FROM offline_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
