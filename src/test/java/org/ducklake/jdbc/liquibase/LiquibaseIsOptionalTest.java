package org.ducklake.jdbc.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** The driver needs no Liquibase: only its Liquibase package refers to Liquibase, and it runs without it. */
class LiquibaseIsOptionalTest {

    @Test
    void noDriverClassOutsideTheLiquibasePackageRefersToLiquibase() throws IOException {
        Path classes = Paths.get(LiquibaseClassPath.driverOnly().split(File.pathSeparator)[0]);
        assertThat(classes).endsWith(Paths.get("target", "classes"));
        Path plugin = classes.resolve(Paths.get("org", "ducklake", "jdbc", "liquibase"));
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(f -> f.toString().endsWith(".class") && !f.startsWith(plugin))
                    .filter(LiquibaseIsOptionalTest::mentionsLiquibase)
                    .collect(Collectors.toList());
        }
        assertThat(offenders).isEmpty();
        try (Stream<Path> files = Files.list(plugin)) {
            assertThat(files.filter(LiquibaseIsOptionalTest::mentionsLiquibase)).isNotEmpty(); // the check sees refs
        }
    }

    /** Class names in a class file's constant pool are written with slashes: liquibase/database/Database. */
    private static boolean mentionsLiquibase(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("liquibase/");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theDriverWorksWithoutLiquibaseOnTheClassPath() throws Exception {
        Path dir = TestLakes.freshDirectory("no-liquibase");
        String classPath = LiquibaseClassPath.driverOnly() + File.pathSeparator + LiquibaseClassPath.testClasses();
        ChildJvm.Result result = ChildJvm.main(WithoutLiquibase.class.getName(), classPath)
                .small()
                .args("jdbc:ducklake:" + dir.resolve("m.ducklake"), TestLakes.extensionDirectory())
                .run(Duration.ofSeconds(60));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("no Liquibase").contains("rows: 2");
    }

    /** Connects, writes and reads a lake table in a JVM where Liquibase cannot be loaded. */
    public static final class WithoutLiquibase {
        public static void main(String[] args) throws Exception {
            try {
                Class.forName("liquibase.database.Database");
                throw new AssertionError("Liquibase is on the class path");
            } catch (ClassNotFoundException expected) {
                System.out.println("no Liquibase");
            }
            Properties props = new Properties();
            props.setProperty("extension_directory", args[1]);
            try (Connection c = DriverManager.getConnection(args[0], props);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER NOT NULL)");
                s.execute("INSERT INTO t VALUES (1), (2)");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    System.out.println("rows: " + rs.getLong(1));
                }
            }
        }
    }
}
