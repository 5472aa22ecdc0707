import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The offline route without the extensions bundled in the driver jar: extension_bundle=false, and
 * extension_repository naming a local directory laid out like DuckDB's extension repository
 * ({@code <dir>/v1.5.5/linux_amd64/ducklake.duckdb_extension}, …). DuckDB installs from there into an empty
 * extension directory, checking each file's signature, and notes where each came from in the .info file
 * beside it. Useful where the extensions are vetted and mirrored
 * separately; the default (extension_bundle=true) needs neither.
 *
 *   mvn -q -Dmaven.test.skip=true package        (also lays out such a repository in target/extensions/repository)
 *   export PGHOST=127.0.0.1 PGPORT=5432 PGDATABASE=lakehouse PGUSER=lake PGPASSWORD=…
 *   java -cp driver/ducklake-jdbc-0.1.0-linux_amd64.jar examples/OfflineExtensions.java target/extensions/repository [EXT_DIR]
 *
 * EXT_DIR is the extension directory to install into (an empty one; default: a new temporary directory).
 * The same environment variables as examples/PostgresS3.java (data in a local directory unless
 * DUCKLAKE_DATA_PATH=s3://… with AWS_* names S3).
 */
public class OfflineExtensions {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: OfflineExtensions <extension repository directory> [extension directory]");
            System.exit(2);
        }
        Path repository = Path.of(args[0]).toAbsolutePath();
        Path extensions = args.length > 1
                ? Files.createDirectories(Path.of(args[1]).toAbsolutePath())
                : Files.createTempDirectory("ducklake-extensions");
        System.out.println("extension directory " + extensions + " holds " + fileCount(extensions) + " files");

        String url = "jdbc:ducklake:postgres:host=" + env("PGHOST", "localhost") + " port=" + env("PGPORT", "5432")
                + " dbname=" + env("PGDATABASE", "lakehouse");
        Properties props = lakeProperties();
        props.setProperty("extension_bundle", "false");
        props.setProperty("extension_repository", repository.toString());
        props.setProperty("extension_directory", extensions.toString());

        try (Connection c = DriverManager.getConnection(url, props);
                Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE offline_check AS SELECT 42 AS answer");
            try (ResultSet rs = s.executeQuery("SELECT answer FROM offline_check")) {
                rs.next();
                System.out.println("the lake answers " + rs.getInt(1));
            }
        }
        // Read from the directory itself: SQL on the connection (sql_access=lake) may not look outside the lake.
        try (Stream<Path> files = Files.walk(extensions)) {
            files.map(p -> extensions.relativize(p).toString())
                    .filter(p -> p.endsWith(".duckdb_extension"))
                    .sorted()
                    .forEach(p -> System.out.println("installed " + p));
        }
    }

    private static long fileCount(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
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
            System.err.println("Set " + name + " (see the comment at the top of examples/OfflineExtensions.java).");
            System.exit(2);
        }
        return value;
    }
}
