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
    private final String builtWithJdbc;

    /**
     * @param builtWithJdbc the duckdb_jdbc version the driver was built with (what its self-contained jars
     *     carry), or null when unknown
     */
    public DriverFacts(PrintStream out, String driverName, String driverVersion, String builtWithJdbc) {
        this.out = out;
        this.driverName = driverName;
        this.driverVersion = driverVersion;
        this.builtWithJdbc = builtWithJdbc;
    }

    /** Prints the facts; false when DuckDB's engine does not start here. */
    public boolean print() {
        out.println(driverName + " " + driverVersion);
        out.println(jdbcLine());
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

    /**
     * duckdb_jdbc's version: its own jar's when it is on the class path as a jar of its own, else (DuckDB's
     * classes are inside the driver's self-contained jar) the version the driver was built with.
     */
    private String jdbcLine() {
        String own = Engines.driverVersion();
        if (own == null) {
            return "duckdb_jdbc " + (builtWithJdbc == null ? "(version unknown)" : builtWithJdbc)
                    + (Engines.sameJarAs(DriverFacts.class)
                            ? " (inside this jar)"
                            : " (the version the driver was built with; DuckDB's classes do not say theirs)");
        }
        return "duckdb_jdbc " + own
                + (builtWithJdbc == null || builtWithJdbc.equals(own)
                        ? ""
                        : " (the driver was built and tested with " + builtWithJdbc + ")");
    }

    private boolean printEngine() {
        try (Connection c = Engines.openDefault();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT library_version, source_id, (SELECT platform FROM pragma_platform()) FROM pragma_version()")) {
            rs.next();
            out.println("DuckDB: " + rs.getString(1) + " (engine, source id " + rs.getString(2) + ", platform "
                    + rs.getString(3) + ")");
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
