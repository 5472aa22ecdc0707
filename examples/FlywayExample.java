import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Flyway migrating a lake from a plain jdbc:ducklake: URL, on the embedded default (a DuckDB-file catalog with a
 * local data path). The driver jar carries Flyway's database plugin; Flyway itself comes from the application:
 *
 *   mvn -q -Dmaven.test.skip=true package
 *   mvn -q -f examples/pom.xml dependency:build-classpath
 *   java -cp "driver/ducklake-jdbc-0.1.0-linux_amd64.jar:$(cat examples/target/examples.classpath)" examples/FlywayExample.java [DIR]
 *
 * The scripts are in examples/flyway/. Run it twice: the second run finds nothing to migrate.
 */
public class FlywayExample {
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ducklake-flyway");
        Files.createDirectories(dir);
        Path scripts = Path.of(args.length > 1 ? args[1] : "examples/flyway").toAbsolutePath();
        String url = "jdbc:ducklake:" + dir.resolve("catalog.ducklake") + ";data_path=" + dir.resolve("data") + "/";

        Flyway flyway = Flyway.configure()
                .dataSource(url, null, null)
                .locations("filesystem:" + scripts)
                .load();
        System.out.println("applied " + flyway.migrate().migrationsExecuted + " migrations");
        for (MigrationInfo info : flyway.info().all()) {
            String version = info.getVersion() == null ? "R" : info.getVersion().getVersion();
            System.out.println(version + " " + info.getDescription() + ": "
                    + info.getState().getDisplayName());
        }

        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT month, customers FROM customer_counts ORDER BY month")) {
            while (rs.next()) {
                System.out.println(rs.getDate(1) + " " + rs.getLong(2));
            }
        }
    }
}
