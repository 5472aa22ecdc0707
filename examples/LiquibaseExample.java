import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * Liquibase's Java API on the embedded default lake (a DuckDB-file catalog with a local data path): applies
 * examples/liquibase/changelog.yaml twice (the second run finds nothing to do) and prints the result. The
 * driver jar carries its Liquibase support; Liquibase picks it for the jdbc:ducklake: connection by itself.
 *
 *   mvn -q -Dmaven.test.skip=true package
 *   mvn -q -f examples/pom.xml dependency:build-classpath
 *   java -cp "driver/ducklake-jdbc-0.1.0-linux_amd64.jar:$(cat examples/target/examples.classpath)" examples/LiquibaseExample.java [DIR [key=value ...]]
 *
 * Run it from the repository's top directory (the changelog is read from examples/liquibase). Any key=value after
 * DIR is passed to the driver as a property.
 */
public class LiquibaseExample {
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ducklake-liquibase");
        Files.createDirectories(dir);
        Properties props = new Properties();
        props.setProperty("data_path", dir.resolve("data").toString() + "/");
        for (int i = 1; i < args.length; i++) {
            String[] keyValue = args[i].split("=", 2);
            props.setProperty(keyValue[0], keyValue[1]);
        }

        String url = "jdbc:ducklake:" + dir.resolve("catalog.ducklake");
        try (Connection c = DriverManager.getConnection(url, props)) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            System.out.println("Liquibase database: " + database.getShortName() + ", default schema "
                    + database.getDefaultCatalogName() + "." + database.getDefaultSchemaName());
            for (int run = 1; run <= 2; run++) {
                Scope.child(
                        Scope.Attr.resourceAccessor.name(),
                        new DirectoryResourceAccessor(Path.of("examples/liquibase")),
                        () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "changelog.yaml")
                                .execute());
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, name, email FROM customers ORDER BY id")) {
                while (rs.next()) {
                    System.out.printf("customer %d: %s <%s>%n", rs.getLong(1), rs.getString(2), rs.getString(3));
                }
            }
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT ID, DATEEXECUTED FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")) {
                while (rs.next()) {
                    System.out.println("applied change set " + rs.getString(1) + " at " + rs.getTimestamp(2));
                }
            }
        }
        System.out.println("lake catalog: " + dir.resolve("catalog.ducklake"));
    }
}
