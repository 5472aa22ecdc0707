package org.ducklake.jdbc.distribution;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a user of a self-contained platform jar does first, as a single-file program run with nothing but that
 * jar on the class path ({@code java -cp driver/<jar> JarProbe.java MODE …}):
 *
 * <ul>
 *   <li>{@code duckdb}: DuckDB's own {@code jdbc:duckdb:} URL through DriverManager;
 *   <li>{@code lake DIR EXTENSION_DIR}: a DuckDB-file lake in DIR, with the bundled extensions installed into
 *       EXTENSION_DIR; prints how long the connect took.
 * </ul>
 *
 * A failed connect prints the SQLState and message and exits 3.
 */
public final class JarProbe {
    private JarProbe() {}

    public static void main(String[] args) throws Exception {
        try {
            if (args[0].equals("duckdb")) {
                try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT 40 + 2")) {
                    rs.next();
                    System.out.println("duckdb answered " + rs.getInt(1) + " through "
                            + DriverManager.getDriver("jdbc:duckdb:").getClass().getName());
                }
                return;
            }
            String url = "jdbc:ducklake:" + args[1] + "/m.ducklake;extension_directory=" + args[2];
            long start = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url)) {
                long connectMs = (System.nanoTime() - start) / 1_000_000;
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS probe (id INTEGER)");
                    s.execute("INSERT INTO probe VALUES (1)");
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM probe")) {
                        rs.next();
                        System.out.println("lake rows " + rs.getLong(1));
                    }
                }
                System.out.println("connect-ms " + connectMs);
            }
        } catch (SQLException e) {
            System.out.println("sqlstate " + e.getSQLState() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
