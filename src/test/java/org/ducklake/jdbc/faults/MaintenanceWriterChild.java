package org.ducklake.jdbc.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The other writer of {@link AutoMaintenanceTest}: another JVM inserting one row per auto-commit statement into
 * table {@code b} of the PostgreSQL lake ({@code DL_*} variables as for {@link ManyWritersChild}) until the file
 * {@code DL_STOP} exists or {@code DL_SECONDS} pass, then printing {@code acked=…} (the seqs whose INSERT
 * returned), {@code failed=…} and the SQLStates of the failures. A failure that is not 40001 is printed as an
 * {@code UNEXPECTED} line.
 */
public final class MaintenanceWriterChild {
    private MaintenanceWriterChild() {}

    public static void main(String[] args) throws Exception {
        Path stop = Paths.get(System.getenv("DL_STOP"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(System.getenv("DL_SECONDS")));
        List<Long> acked = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        TreeSet<String> states = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(System.getenv("DL_URL"), ManyWritersChild.properties());
                PreparedStatement insert = c.prepareStatement("INSERT INTO b VALUES (?)")) {
            System.out.println("started");
            for (long seq = 0; seq < 100_000 && System.nanoTime() < deadline && !Files.exists(stop); seq++) {
                insert.setLong(1, seq);
                try {
                    insert.executeUpdate();
                    acked.add(seq);
                } catch (SQLException e) {
                    failed.add(seq);
                    states.add(String.valueOf(e.getSQLState()));
                    if (!ManyWritersChild.EXPECTED_STATE.equals(e.getSQLState())) {
                        System.out.println("UNEXPECTED " + e.getSQLState() + " " + e.getMessage());
                    }
                }
                Thread.sleep(20);
            }
        }
        System.out.println("acked=" + join(acked));
        System.out.println("failed=" + join(failed) + " states=" + String.join(",", states));
    }

    private static String join(List<Long> values) {
        StringBuilder sb = new StringBuilder();
        for (Long v : values) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }
}
