package org.ducklake.jdbc.spark;

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
 * The driver needs no Spark (nor Scala): only its spark package refers to them (the driver running without any
 * tool on the class path is LiquibaseIsOptionalTest's second test), and Spark finds the dialect by the service
 * file alone.
 */
class SparkIsOptionalTest {

    @Test
    void noDriverClassOutsideTheSparkPackageRefersToSparkOrScala() throws IOException, URISyntaxException {
        Path classes = Paths.get(DuckLakeDriver.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(classes).endsWith(Paths.get("target", "classes"));
        Path plugin = classes.resolve(Paths.get("org", "ducklake", "jdbc", "spark"));
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(f -> f.toString().endsWith(".class") && !f.startsWith(plugin))
                    .filter(SparkIsOptionalTest::mentionsSparkOrScala)
                    .collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
        try (Stream<Path> files = Files.list(plugin)) {
            assertThat(files.filter(SparkIsOptionalTest::mentionsSparkOrScala)).isNotEmpty(); // the check sees refs
        }
        assertThat(Files.readAllLines(classes.resolve("META-INF/services/org.apache.spark.sql.jdbc.JdbcDialect")))
                .containsExactly(DuckLakeSparkDialect.class.getName());
    }

    /** Class names in a class file's constant pool are written with slashes: org/apache/spark/sql/jdbc/JdbcDialect. */
    private static boolean mentionsSparkOrScala(Path classFile) {
        try {
            String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            return text.contains("org/apache/spark/") || text.contains("Lscala/") || text.contains("scala/Option");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
