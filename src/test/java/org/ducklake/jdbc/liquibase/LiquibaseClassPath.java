package org.ducklake.jdbc.liquibase;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class path a user gives Liquibase: liquibase-core and its runtime dependencies (picocli for the command
 * line), and the driver, here as its compiled classes with DuckDB's and Typesafe Config's jars (what the
 * self-contained jar bundles). Taken from this JVM's test class path, so nothing else (Spring, Hibernate, the
 * tests) is visible to the child.
 */
final class LiquibaseClassPath {
    private static final List<String> JARS = Arrays.asList(
            "liquibase-core-",
            "opencsv-",
            "snakeyaml-",
            "jaxb-api-",
            "commons-collections4-",
            "commons-text-",
            "commons-lang3-",
            "commons-io-",
            "picocli-",
            "duckdb_jdbc-",
            "config-");

    private LiquibaseClassPath() {}

    static String withDriver() {
        return String.join(File.pathSeparator, entries());
    }

    /** Only the driver (its classes, DuckDB, Typesafe Config): no Liquibase at all. */
    static String driverOnly() {
        List<String> driver = new ArrayList<>();
        for (String entry : entries()) {
            String name = Paths.get(entry).getFileName().toString();
            if (entry.endsWith("classes")
                    || isBundledExtensions(Paths.get(entry))
                    || name.startsWith("duckdb_jdbc-")
                    || name.startsWith("config-")) {
                driver.add(entry);
            }
        }
        return String.join(File.pathSeparator, driver);
    }

    private static List<String> entries() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Paths.get(entry).toAbsolutePath();
            String name = path.getFileName().toString();
            boolean driverClasses = path.endsWith(Paths.get("target", "classes")) || isBundledExtensions(path);
            if (driverClasses || JARS.stream().anyMatch(jar -> name.startsWith(jar) && name.endsWith(".jar"))) {
                kept.add(path.toString());
            }
        }
        return kept;
    }

    /** A directory of bundled extensions (target/extensions/jar/<platform>), as an extensions artifact carries them. */
    private static boolean isBundledExtensions(Path path) {
        return path.getParent() != null && path.getParent().endsWith(Paths.get("extensions", "jar"));
    }

    /** Where the test changelogs are (the test classes' directory). */
    static Path testClasses() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Paths.get(entry).toAbsolutePath();
            if (path.endsWith(Paths.get("target", "test-classes"))) {
                return path;
            }
        }
        throw new IllegalStateException("target/test-classes is not on the class path");
    }
}
