package org.ducklake.jdbc.engine;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
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

    /** The version of duckdb_jdbc on the class path (its Maven version, else its jar manifest's); or null. */
    public static String driverVersion() {
        try (InputStream in =
                DuckDBDriver.class.getResourceAsStream("/META-INF/maven/org.duckdb/duckdb_jdbc/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            }
        } catch (Exception e) {
            // Only shown when available.
        }
        return DuckDBDriver.class.getPackage().getImplementationVersion();
    }
}
