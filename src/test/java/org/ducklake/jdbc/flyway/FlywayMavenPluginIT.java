package org.ducklake.jdbc.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Flyway as a separate process: its Maven plugin (13.12.0), with the self-contained driver jar from driver/ as
 * the plugin's only added dependency and a plain {@code jdbc:ducklake:} URL — no {@code flyway.driver}, no
 * database module.
 */
class FlywayMavenPluginIT {
    private static final String PLUGIN_VERSION = "13.12.0";

    @Test
    void migrateInfoAndASecondMigrateFromTheMavenPlugin() throws Exception {
        Path driverJar = Paths.get(System.getProperty("ducklake.test.driver.jar"));
        assertThat(driverJar).exists();
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Path project = TestLakes.freshDirectory("flyway-maven");
        Path scripts = Files.createDirectories(project.resolve("db/migration"));
        Files.write(
                scripts.resolve("V1__customers.sql"),
                "CREATE TABLE customers (id INTEGER, name VARCHAR);\n".getBytes(StandardCharsets.UTF_8));
        Files.write(
                scripts.resolve("V2__rows.sql"),
                "INSERT INTO customers VALUES (1, 'Alice'), (2, 'Bob');\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder jdbcProperties = new StringBuilder();
        lake.properties().forEach((k, v) -> {
            if (!k.equals("user") && !k.equals("password")) {
                jdbcProperties
                        .append("<")
                        .append(k)
                        .append(">")
                        .append(xml((String) v))
                        .append("</")
                        .append(k)
                        .append(">");
            }
        });
        String pom = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>example</groupId><artifactId>lake-migrations</artifactId><version>1</version>\n"
                + "  <packaging>pom</packaging>\n"
                + "  <build><plugins><plugin>\n"
                + "    <groupId>org.flywaydb</groupId><artifactId>flyway-maven-plugin</artifactId>\n"
                + "    <version>" + PLUGIN_VERSION + "</version>\n"
                + "    <configuration>\n"
                + "      <url>" + xml(lake.url()) + "</url>\n"
                + "      <user>" + xml(lake.user) + "</user>\n"
                + "      <password>" + xml(lake.password) + "</password>\n"
                + "      <locations><location>filesystem:db/migration</location></locations>\n"
                + "      <jdbcProperties>" + jdbcProperties + "</jdbcProperties>\n"
                + "    </configuration>\n"
                + "    <dependencies><dependency>\n"
                + "      <groupId>org.ducklake</groupId><artifactId>ducklake-jdbc</artifactId><version>0.1.0</version>\n"
                + "      <scope>system</scope><systemPath>" + xml(driverJar.toString()) + "</systemPath>\n"
                + "    </dependency></dependencies>\n"
                + "  </plugin></plugins></build>\n"
                + "</project>\n";
        Files.write(project.resolve("pom.xml"), pom.getBytes(StandardCharsets.UTF_8));

        String migrate = mvn(project, "flyway:migrate");
        assertThat(migrate).contains("Successfully applied 2 migrations").contains("BUILD SUCCESS");
        assertThat(migrate).doesNotContain(lake.password);
        String info = mvn(project, "flyway:info");
        assertThat(info).containsPattern("\\| Versioned \\| 2 +\\| rows +\\|.*\\| Success");
        assertThat(mvn(project, "flyway:migrate")).contains("Schema \"main\" is up to date. No migration necessary.");

        try (Connection c = lake.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM customers ORDER BY id")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).containsExactly("Alice", "Bob");
        }
    }

    /** Runs Maven in the project; fails the test with Maven's output unless it succeeds within 5 minutes. */
    private static String mvn(Path project, String goal) throws IOException, InterruptedException {
        Path log = project.resolve("mvn-" + goal.replace(':', '-') + ".log");
        Process process = new ProcessBuilder("mvn", "-B", "-ntp", goal)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("mvn " + goal + " did not finish in 5 minutes; its output: " + log);
        }
        String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
