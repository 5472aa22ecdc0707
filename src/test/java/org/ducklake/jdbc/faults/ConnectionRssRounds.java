package org.ducklake.jdbc.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Resident memory after each of N rounds of 10,000 connections (getConnection, SELECT 1, close) on one
 * DuckDB-file lake while one connection keeps the instance open: a leak grows round after round, an
 * allocator's resting level does not. Arguments: a fresh directory, the sql_access mode, the rounds.
 *
 * <pre>java -Xmx256m -cp target/classes:target/test-classes:$(cat cp.txt) org.ducklake.jdbc.faults.ConnectionRssRounds DIR lake 10</pre>
 */
public final class ConnectionRssRounds {
    private ConnectionRssRounds() {}

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        String url = "jdbc:ducklake:" + dir.resolve("meta.ducklake");
        Properties p = new Properties();
        p.setProperty(
                "extension_directory",
                System.getProperty("ducklake.extensions", dir.resolve("ext").toString()));
        p.setProperty("sql_access", args[1]);
        int rounds = Integer.parseInt(args[2]);
        try (Connection keep = DriverManager.getConnection(url, p)) {
            System.out.println("sql_access=" + args[1] + " start VmRSS kB=" + rssKb());
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < 10_000; i++) {
                    try (Connection c = DriverManager.getConnection(url, p);
                            Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT 1")) {
                        rs.next();
                    }
                }
                System.gc();
                System.out.println("round " + (round + 1) + " VmRSS kB=" + rssKb());
            }
        }
    }
}
