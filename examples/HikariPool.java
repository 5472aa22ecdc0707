import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.File;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A HikariCP pool over the driver's DataSource (org.ducklake.jdbc.DuckLakeDataSource as dataSourceClassName,
 * each driver property as a camelCase data source property). Four threads borrow connections and write to one
 * table; the pool's four physical connections share one DuckDB engine. HikariCP is not in the driver jar; it
 * comes from examples/pom.xml (commands from the repository's top directory; the jar of your platform):
 *
 *   mvn -q -Dmaven.test.skip=true package
 *   mvn -q -f examples/pom.xml dependency:build-classpath
 *   export PGHOST=127.0.0.1 PGPORT=5432 PGDATABASE=lakehouse PGUSER=lake PGPASSWORD=…
 *   java -cp "driver/ducklake-jdbc-0.1.0-linux_amd64.jar:$(cat examples/target/examples.classpath)" examples/HikariPool.java
 *
 * The same environment variables as examples/PostgresS3.java: the data files go to a local directory unless
 * DUCKLAKE_DATA_PATH=s3://… (with AWS_*) names S3. (SLF4J warns that it has no logging provider
 * unless the application brings one; HikariCP then logs nothing.)
 */
public class HikariPool {
    private static final int THREADS = 4;
    private static final int ROWS_PER_THREAD = 25;

    public static void main(String[] args) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("lake-pool");
        cfg.setDataSourceClassName("org.ducklake.jdbc.DuckLakeDataSource");
        cfg.addDataSourceProperty(
                "url",
                "jdbc:ducklake:postgres:host=" + env("PGHOST", "localhost") + " port=" + env("PGPORT", "5432")
                        + " dbname=" + env("PGDATABASE", "lakehouse"));
        // The driver's properties as camelCase data source properties (data_path is dataPath), from the environment
        // as in examples/PostgresS3.java: a local data path unless DUCKLAKE_DATA_PATH names an s3:// one.
        addIfGiven(cfg, "user", "PGUSER");
        addIfGiven(cfg, "password", "PGPASSWORD");
        String dataPath = env(
                "DUCKLAKE_DATA_PATH",
                Paths.get(System.getProperty("java.io.tmpdir"), "ducklake-examples", env("PGDATABASE", "lakehouse"))
                        + File.separator);
        cfg.addDataSourceProperty("dataPath", dataPath);
        if (dataPath.startsWith("s3://")) {
            cfg.addDataSourceProperty("s3AccessKeyId", required("AWS_ACCESS_KEY_ID"));
            cfg.addDataSourceProperty("s3SecretAccessKey", required("AWS_SECRET_ACCESS_KEY"));
            cfg.addDataSourceProperty("s3Region", env("AWS_REGION", "us-east-1"));
            String endpoint = System.getenv("AWS_ENDPOINT_URL");
            if (endpoint != null && !endpoint.isEmpty()) {
                cfg.addDataSourceProperty(
                        "s3Endpoint", endpoint.replaceFirst("^https?://", "").replaceFirst("/$", ""));
                cfg.addDataSourceProperty("s3UrlStyle", "path");
                cfg.addDataSourceProperty("s3UseSsl", String.valueOf(!endpoint.startsWith("http://")));
            }
        }
        cfg.setMaximumPoolSize(THREADS);
        cfg.setMinimumIdle(THREADS);

        try (HikariDataSource pool = new HikariDataSource(cfg)) {
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE visits (worker INTEGER, n INTEGER)");
            }
            ExecutorService workers = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < THREADS; w++) {
                    int worker = w;
                    done.add(workers.submit(() -> {
                        for (int n = 0; n < ROWS_PER_THREAD; n++) {
                            // One borrow per row: the pool hands back an open connection each time.
                            try (Connection c = pool.getConnection();
                                    PreparedStatement insert = c.prepareStatement("INSERT INTO visits VALUES (?, ?)")) {
                                insert.setInt(1, worker);
                                insert.setInt(2, n);
                                insert.executeUpdate();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                workers.shutdownNow();
            }

            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT worker, count(*) FROM visits GROUP BY worker ORDER BY worker")) {
                while (rs.next()) {
                    System.out.println("worker " + rs.getInt(1) + " wrote " + rs.getLong(2) + " rows");
                }
            }
            HikariPoolMXBean stats = pool.getHikariPoolMXBean();
            System.out.println("pool: " + stats.getTotalConnections() + " connections, " + stats.getActiveConnections()
                    + " in use, " + stats.getIdleConnections() + " idle");
        }
    }

    private static void addIfGiven(HikariConfig cfg, String property, String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
            cfg.addDataSourceProperty(property, value);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            System.err.println("Set " + name + " (see the comment at the top of examples/HikariPool.java).");
            System.exit(2);
        }
        return value;
    }
}
