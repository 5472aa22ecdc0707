package org.ducklake.jdbc.testsupport;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver as the self-contained jar carries it, taken from this JVM's test class path: its compiled classes,
 * the bundled extensions, DuckDB's and Typesafe Config's jars. For a process of another kind (Python, Spark) that
 * loads the driver.
 */
public final class DriverClassPath {
    private DriverClassPath() {}

    public static List<String> entries() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Paths.get(entry).toAbsolutePath();
            String name = path.getFileName().toString();
            boolean extensions = path.getParent() != null && path.getParent().endsWith(Paths.get("extensions", "jar"));
            if (path.endsWith(Paths.get("target", "classes"))
                    || extensions
                    || (name.endsWith(".jar") && (name.startsWith("duckdb_jdbc-") || name.startsWith("config-")))) {
                kept.add(path.toString());
            }
        }
        return kept;
    }
}
