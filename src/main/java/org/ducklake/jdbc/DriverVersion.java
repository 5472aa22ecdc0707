package org.ducklake.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The driver's version as the build recorded it (never a hard-coded "1.0"). */
public final class DriverVersion {
    static final String NAME = "DuckLake JDBC";
    public static final String VERSION;
    /** The duckdb_jdbc version the driver was built with, the one its self-contained jars carry. */
    public static final String DUCKDB_JDBC_VERSION;

    static final int MAJOR;
    static final int MINOR;

    static {
        Properties p = new Properties();
        try (InputStream in = DriverVersion.class.getResourceAsStream("driver.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Falls through to the unknown version below.
        }
        VERSION = p.getProperty("version", "0.0.0");
        DUCKDB_JDBC_VERSION = p.getProperty("duckdb.jdbc.version");
        String[] parts = VERSION.split("[.-]");
        MAJOR = parts.length > 0 ? parseOr(parts[0]) : 0;
        MINOR = parts.length > 1 ? parseOr(parts[1]) : 0;
    }

    private DriverVersion() {}

    private static int parseOr(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
