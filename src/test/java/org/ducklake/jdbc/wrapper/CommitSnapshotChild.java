package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.ducklake.jdbc.DuckLakeConnection;
import org.ducklake.jdbc.testsupport.ChildLake;

/**
 * One writer JVM of {@link CommitSnapshotTwoJvmsTest}: inserts {@code DL_ROUNDS} ids from {@code DL_BASE} into
 * {@code DL_TABLE}, even ones in auto-commit and odd ones each in a transaction of its own, and prints
 * {@code id=N snapshot=S} after each acknowledged commit ({@code failed id=N STATE} after one that failed).
 */
public final class CommitSnapshotChild {
    private CommitSnapshotChild() {}

    public static void main(String[] args) throws SQLException {
        Properties p = ChildLake.properties();
        String table = ChildLake.env("DL_TABLE");
        int base = Integer.parseInt(ChildLake.env("DL_BASE"));
        int rounds = Integer.parseInt(ChildLake.env("DL_ROUNDS"));
        try (Connection c = DriverManager.getConnection(ChildLake.env("DL_URL"), p);
                Statement s = c.createStatement()) {
            for (int r = 0; r < rounds; r++) {
                int id = base + r;
                boolean manual = r % 2 == 1;
                try {
                    c.setAutoCommit(!manual);
                    s.executeUpdate("INSERT INTO " + table + " VALUES (" + id + ")");
                    if (manual) {
                        c.commit();
                    }
                    System.out.println("id=" + id + " snapshot="
                            + c.unwrap(DuckLakeConnection.class).lastCommitSnapshot());
                } catch (SQLException e) {
                    if (manual) {
                        c.rollback();
                    }
                    System.out.println("failed id=" + id + " " + e.getSQLState());
                }
            }
        }
    }
}
