import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The DuckLake connection guide's example through ducklake-jdbc, on the embedded default: a DuckDB-file
 * catalog with a local data path. No server and no network are needed.
 *
 *   mvn -q -Dmaven.test.skip=true package && java -cp driver/ducklake-jdbc-0.1.0-linux_amd64.jar examples/Quickstart.java [DIR]
 *
 * For a PostgreSQL catalog with S3 data the only change is the URL and a few properties:
 *   jdbc:ducklake:postgres:host=127.0.0.1 port=5432 dbname=lakehouse
 *   user, password, data_path=s3://bucket/prefix/, s3_access_key_id, s3_secret_access_key, s3_region, …
 */
public class Quickstart {
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ducklake-quickstart");
        Files.createDirectories(dir);
        Properties props = new Properties();
        props.setProperty("data_path", dir.resolve("data").toString() + "/");

        String url = "jdbc:ducklake:" + dir.resolve("catalog.ducklake");
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
        }
        System.out.println("lake catalog: " + dir.resolve("catalog.ducklake"));
    }
}
