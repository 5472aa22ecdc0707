package org.ducklake.jdbc.doctor;

import java.io.PrintStream;
import java.net.URL;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.ducklake.jdbc.engine.Engines;
import org.ducklake.jdbc.instance.DriverJar;

/**
 * What the running jar is: the driver's and DuckDB's versions, the machine's platform and the one the jar is
 * for, and the extensions it carries. Starting DuckDB is the one part that can fail (a jar for another machine
 * cannot load DuckDB's native library), so that is tried last and reported, not thrown.
 */
public final class DriverFacts {
    private final PrintStream out;
    private final String driverName;
    private final String driverVersion;

    public DriverFacts(PrintStream out, String driverName, String driverVersion) {
        this.out = out;
        this.driverName = driverName;
        this.driverVersion = driverVersion;
    }

    /** Prints the facts; false when DuckDB's engine does not start here. */
    public boolean print() {
        out.println(driverName + " " + driverVersion);
        out.println("Jar: " + jarLocation());
        out.println("Java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") on "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        String host = DriverJar.hostPlatform();
        out.println("This machine: " + (host == null ? "a platform DuckDB publishes no build for" : host));
        String built = DriverJar.builtFor();
        if (built == null) {
            out.println("Jar built for: any platform (the plain artifact; DuckDB's native library comes from "
                    + "duckdb_jdbc on the class path)");
        } else {
            out.println("Jar built for: " + built
                    + (built.equals(host)
                            ? ""
                            : "  <-- not this machine: use "
                                    + (host == null
                                            ? "a machine of " + String.join(", ", DriverJar.platforms())
                                            : DriverJar.jarName(host))));
        }
        Map<String, List<String>> bundled = DriverJar.bundledExtensions();
        if (bundled.isEmpty()) {
            out.println("Bundled extensions: none (extensions come from extension_repository or DuckDB's repository)");
        }
        bundled.forEach(
                (platform, names) -> out.println("Bundled extensions (" + platform + "): " + String.join(", ", names)));
        return printEngine();
    }

    private boolean printEngine() {
        String jdbcVersion = Engines.driverVersion();
        try (Connection c = Engines.openDefault();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT library_version, source_id, (SELECT platform FROM pragma_platform()) FROM pragma_version()")) {
            rs.next();
            out.println("DuckDB: " + rs.getString(1) + " (" + rs.getString(2) + ", platform " + rs.getString(3) + ")"
                    + (jdbcVersion == null ? "" : ", duckdb_jdbc " + jdbcVersion));
            return true;
        } catch (Exception | LinkageError e) {
            out.println("DuckDB: the engine does not start here: " + e);
            return false;
        }
    }

    private static String jarLocation() {
        CodeSource source = DriverFacts.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? "(unknown)" : location.getPath();
    }
}
