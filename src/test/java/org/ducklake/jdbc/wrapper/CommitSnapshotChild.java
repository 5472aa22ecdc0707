package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.ducklake.jdbc.DuckLakeConnection;

/**
 * One writer JVM of {@link CommitSnapshotTwoJvmsTest}: inserts {@code DL_ROUNDS} ids from {@code DL_BASE} into
 * {@code DL_TABLE}, even ones in auto-commit and odd ones each in a transaction of its own, and prints
 * {@code id=N snapshot=S} after each acknowledged commit ({@code failed id=N STATE} after one that failed).
 */
public final class CommitSnapshotChild {
    private CommitSnapshotChild() {}

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return v;
    }

    public static void main(String[] args) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", env("DL_USER"));
        p.setProperty("password", env("DL_PASSWORD"));
        p.setProperty("data_path", env("DL_DATA_PATH"));
        p.setProperty("s3_access_key_id", env("DL_S3_KEY_ID"));
        p.setProperty("s3_secret_access_key", env("DL_S3_SECRET"));
        p.setProperty("s3_region", env("DL_S3_REGION"));
        p.setProperty("s3_endpoint", env("DL_S3_ENDPOINT"));
        p.setProperty("s3_url_style", "path");
        p.setProperty("s3_use_ssl", "false");
        p.setProperty("extension_directory", env("DL_EXT_DIR"));
        String table = env("DL_TABLE");
        int base = Integer.parseInt(env("DL_BASE"));
        int rounds = Integer.parseInt(env("DL_ROUNDS"));
        try (Connection c = DriverManager.getConnection(env("DL_URL"), p);
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
