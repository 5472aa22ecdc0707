import java.io.File;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Time travel on a lake: every committed change is a snapshot. This writes a few (insert, update, insert,
 * delete), lists the lake's snapshots, and reads the table as it was after the first insert twice: with
 * {@code AT (VERSION => n)} in a query, and through a connection opened with the {@code snapshot_version}
 * property (the whole lake as of that snapshot, read-only).
 *
 *   mvn -q -Dmaven.test.skip=true package
 *   export PGHOST=127.0.0.1 PGPORT=5432 PGDATABASE=lakehouse PGUSER=lake PGPASSWORD=…
 *   java -cp driver/ducklake-jdbc-0.1.0-linux_amd64.jar examples/TimeTravel.java      (the jar built for your platform)
 *
 * The same environment variables as examples/PostgresS3.java (data in a local directory unless
 * DUCKLAKE_DATA_PATH=s3://… with AWS_* names S3). snapshot_time=2026-05-26 00:00:00 instead of
 * snapshot_version opens the lake as of a point in time.
 */
public class TimeTravel {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:ducklake:postgres:host=" + env("PGHOST", "localhost") + " port=" + env("PGPORT", "5432")
                + " dbname=" + env("PGDATABASE", "lakehouse");
        Properties props = lakeProperties();

        long firstInsert;
        try (Connection c = DriverManager.getConnection(url, props);
                Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE prices (item VARCHAR, price DECIMAL(6, 2))");
            s.execute("INSERT INTO prices VALUES ('apple', 1.00), ('pear', 1.50)");
            firstInsert = latestSnapshot(s);
            s.execute("UPDATE prices SET price = 1.20 WHERE item = 'apple'");
            s.execute("INSERT INTO prices VALUES ('plum', 2.00)");
            s.execute("DELETE FROM prices WHERE item = 'pear'");

            try (ResultSet rs = s.executeQuery("SELECT snapshot_id, snapshot_time, changes FROM lake.snapshots() "
                    + "WHERE snapshot_id >= " + (firstInsert - 1) + " ORDER BY snapshot_id")) {
                while (rs.next()) {
                    System.out.println(
                            "snapshot " + rs.getLong(1) + " at " + rs.getTimestamp(2) + ": " + rs.getString(3));
                }
            }
            System.out.println("now: " + prices(s, "prices"));
            System.out.println(
                    "AT (VERSION => " + firstInsert + "): " + prices(s, "prices AT (VERSION => " + firstInsert + ")"));
        }

        Properties then = new Properties();
        then.putAll(props);
        then.setProperty("snapshot_version", String.valueOf(firstInsert));
        try (Connection c = DriverManager.getConnection(url, then);
                Statement s = c.createStatement()) {
            System.out.println("snapshot_version=" + firstInsert + ": " + prices(s, "prices"));
            try {
                s.execute("INSERT INTO prices VALUES ('fig', 3.00)");
                System.out.println("snapshot_version=" + firstInsert + " accepted a write");
            } catch (SQLException e) {
                System.out.println("snapshot_version=" + firstInsert + " refuses writes: " + e.getSQLState());
            }
        }
    }

    private static long latestSnapshot(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT max(snapshot_id) FROM lake.snapshots()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The rows of {@code from} as "item price, …", by item. */
    private static String prices(Statement s, String from) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT item, price FROM " + from + " ORDER BY item")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getBigDecimal(2));
            }
        }
        return String.join(", ", rows);
    }

    /**
     * The lake's properties from the environment. The catalog login: PGUSER and PGPASSWORD when set (else libpq's
     * own defaults). The data path: DUCKLAKE_DATA_PATH, else a local directory, ducklake-examples/<PGDATABASE>/ in
     * the system's temporary directory; an s3:// data path takes AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
     * AWS_REGION and, for an S3-compatible store, AWS_ENDPOINT_URL. A new lake stores its data path in the
     * catalog: a later run against the same database needs the same one.
     */
    private static Properties lakeProperties() {
        Properties props = new Properties();
        setIfGiven(props, "user", "PGUSER");
        setIfGiven(props, "password", "PGPASSWORD");
        String dataPath = env(
                "DUCKLAKE_DATA_PATH",
                Paths.get(System.getProperty("java.io.tmpdir"), "ducklake-examples", env("PGDATABASE", "lakehouse"))
                        + File.separator);
        props.setProperty("data_path", dataPath);
        if (dataPath.startsWith("s3://")) {
            props.setProperty("s3_access_key_id", required("AWS_ACCESS_KEY_ID"));
            props.setProperty("s3_secret_access_key", required("AWS_SECRET_ACCESS_KEY"));
            props.setProperty("s3_region", env("AWS_REGION", "us-east-1"));
            String endpoint = System.getenv("AWS_ENDPOINT_URL");
            if (endpoint != null && !endpoint.isEmpty()) {
                // An S3-compatible store: host:port, addressed by path; plain HTTP when the URL says so.
                props.setProperty(
                        "s3_endpoint", endpoint.replaceFirst("^https?://", "").replaceFirst("/$", ""));
                props.setProperty("s3_url_style", "path");
                props.setProperty("s3_use_ssl", String.valueOf(!endpoint.startsWith("http://")));
            }
        }
        return props;
    }

    private static void setIfGiven(Properties props, String key, String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
            props.setProperty(key, value);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            System.err.println("Set " + name + " (see the comment at the top of examples/TimeTravel.java).");
            System.exit(2);
        }
        return value;
    }
}
