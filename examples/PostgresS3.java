import java.io.File;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The DuckLake connection guide's example through ducklake-jdbc: a PostgreSQL catalog with the data in a local
 * directory, or on S3 (or an S3-compatible store). Create a table, insert the guide's two customers, query them,
 * list the data files.
 *
 *   mvn -q -Dmaven.test.skip=true package
 *   export PGHOST=127.0.0.1 PGPORT=5432 PGDATABASE=lakehouse PGUSER=lake PGPASSWORD=…
 *   java -cp driver/ducklake-jdbc-0.1.0-linux_amd64.jar examples/PostgresS3.java      (the jar built for your platform)
 *
 * The data files go to ducklake-examples/<PGDATABASE>/ in the system's temporary directory. For S3, also:
 *
 *   export DUCKLAKE_DATA_PATH=s3://lake-bucket/data/ AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_REGION=us-east-1
 *   export AWS_ENDPOINT_URL=http://127.0.0.1:9000   # only for an S3-compatible store (MinIO, …)
 *
 * A lake keeps the data path it was created with: use a new PGDATABASE to switch between the two. Connection
 * details come from the environment only, so no secret is on the command line. The driver installs
 * the extensions from its own jar: no internet and no INSTALL step are needed.
 */
public class PostgresS3 {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:ducklake:postgres:host=" + env("PGHOST", "localhost") + " port=" + env("PGPORT", "5432")
                + " dbname=" + env("PGDATABASE", "lakehouse");
        Properties props = lakeProperties();
        // DuckLake keeps inserts of up to 10 rows in the catalog; 0 writes even these two rows as Parquet.
        props.setProperty("data_inlining_row_limit", "0");

        try (Connection c = DriverManager.getConnection(url, props);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE OR REPLACE TABLE customers (id INTEGER, name VARCHAR, email VARCHAR, created_at TIMESTAMP)");
            s.execute("INSERT INTO customers VALUES "
                    + "(1, 'Alice', 'alice@example.com', now()), (2, 'Bob', 'bob@example.com', now())");
            try (ResultSet rs = s.executeQuery("SELECT id, name, email, created_at FROM customers ORDER BY id")) {
                while (rs.next()) {
                    System.out.printf(
                            "(%d, '%s', '%s', %s)%n",
                            rs.getInt(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT data_file FROM ducklake_list_files('lake', 'customers')")) {
                while (rs.next()) {
                    System.out.println("data file: " + rs.getString(1));
                }
            }
        }
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
            System.err.println("Set " + name + " (see the comment at the top of examples/PostgresS3.java).");
            System.exit(2);
        }
        return value;
    }
}
