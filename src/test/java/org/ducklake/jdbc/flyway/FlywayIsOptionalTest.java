package org.ducklake.jdbc.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ducklake.jdbc.DuckLakeDriver;
import org.junit.jupiter.api.Test;

/**
 * The driver needs no Flyway: only its flyway package refers to Flyway's classes (the driver running without
 * any tool on the class path is LiquibaseIsOptionalTest's second test).
 */
class FlywayIsOptionalTest {

    @Test
    void noDriverClassOutsideTheFlywayPackageRefersToFlyway() throws IOException, URISyntaxException {
        Path classes = Paths.get(DuckLakeDriver.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(classes).endsWith(Paths.get("target", "classes"));
        Path plugin = classes.resolve(Paths.get("org", "ducklake", "jdbc", "flyway"));
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(f -> f.toString().endsWith(".class") && !f.startsWith(plugin))
                    .filter(FlywayIsOptionalTest::mentionsFlyway)
                    .collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
        try (Stream<Path> files = Files.list(plugin)) {
            assertThat(files.filter(FlywayIsOptionalTest::mentionsFlyway)).isNotEmpty(); // the check sees references
        }
    }

    /** Class names in a class file's constant pool are written with slashes: org/flywaydb/core/Flyway. */
    private static boolean mentionsFlyway(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("org/flywaydb/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
