package org.ducklake.jdbc.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * Opening DuckDB engines and their connections, and what DuckDB's driver says about itself: the one place
 * outside which the driver names none of duckdb_jdbc's classes. Callers hold an engine connection as a plain
 * {@link Connection}; the methods here take it back to DuckDB's type where its own API is needed.
 */
public final class Engines {
    private Engines() {}

    /** The URL of a new in-memory engine. */
    private static final String IN_MEMORY = "jdbc:duckdb:";

    /**
     * Start-up property of DuckDB's driver: "false" gives every engine its own in-memory database (DuckDB's
     * instance cache is keyed by path).
     */
    public static final String INSTANCE_CACHE = DuckDBDriver.JDBC_INSTANCE_CACHE;

    /** Start-up property of DuckDB's driver: whether result sets stream (engine-wide). */
    public static final String STREAM_RESULTS = DuckDBDriver.JDBC_STREAM_RESULTS;

    /** A new in-memory engine started with the given settings; its first connection. */
    public static Connection open(Properties settings) throws SQLException {
        return new DuckDBDriver().connect(IN_MEMORY, settings);
    }

    /** A throwaway in-memory engine with DuckDB's defaults (to ask the engine about itself). */
    public static Connection openDefault() throws SQLException {
        return open(new Properties());
    }

    /**
     * Another connection to the engine of {@code engineConnection} (one that {@link #open} returned or
     * duplicated), with its own session.
     */
    public static Connection duplicate(Connection engineConnection) throws SQLException {
        return ((DuckDBConnection) engineConnection).duplicate();
    }

    /** DuckDB's own connection behind {@code c} (a connection of DuckDB's driver, or one that wraps it). */
    public static Connection unwrap(Connection c) throws SQLException {
        return c.unwrap(DuckDBConnection.class);
    }

    /**
     * The version of duckdb_jdbc as its own jar declares it (the OSGi {@code Bundle-Version} of the jar holding
     * DuckDB's driver class), or null when DuckDB's classes sit in another jar, as in the driver's self-contained
     * platform jar: that jar's manifest (and so {@code Package.getImplementationVersion()}) is the driver's own.
     */
    public static String driverVersion() {
        URL cls = DuckDBDriver.class.getResource("DuckDBDriver.class");
        if (cls == null || !"jar".equals(cls.getProtocol())) {
            return null;
        }
        String text = cls.toString();
        try {
            URLConnection manifest =
                    new URL(text.substring(0, text.lastIndexOf("!/") + 2) + "META-INF/MANIFEST.MF").openConnection();
            // Uncached: a cached JarFile would stay open (and, on Windows, locked) for the JVM's life.
            manifest.setUseCaches(false);
            try (InputStream in = manifest.getInputStream()) {
                Attributes main = new Manifest(in).getMainAttributes();
                return "org.duckdb.duckdb_jdbc".equals(main.getValue("Bundle-SymbolicName"))
                        ? main.getValue("Bundle-Version")
                        : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether DuckDB's driver class was loaded from the same jar (or directory) as {@code other}. */
    public static boolean sameJarAs(Class<?> other) {
        CodeSource duckdb = DuckDBDriver.class.getProtectionDomain().getCodeSource();
        CodeSource theirs = other.getProtectionDomain().getCodeSource();
        return duckdb != null
                && theirs != null
                && duckdb.getLocation() != null
                && duckdb.getLocation().equals(theirs.getLocation());
    }
}
