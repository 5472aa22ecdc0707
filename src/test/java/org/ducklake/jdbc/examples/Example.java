package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * A program of examples/, run the way examples/README.md and its header say: Java's source launcher on the
 * self-contained driver jar (plus, for the examples that use a tool, the class path examples/pom.xml writes), in
 * a JVM of its own, with the lake given in the environment variables the examples read.
 */
final class Example {
    private Example() {}

    /** The self-contained jar failsafe names (this machine's platform jar); it must have been built. */
    static Path driverJar() {
        String jar = System.getProperty("ducklake.test.driver.jar");
        assertThat(jar).as("system property ducklake.test.driver.jar").isNotNull();
        assertThat(Paths.get(jar))
                .as("the self-contained driver jar: run mvn package first")
                .isRegularFile();
        return Paths.get(jar);
    }

    /** examples/{name}.java as an absolute path, so the child may run in any directory. */
    static Path source(String name) {
        return Paths.get("examples", name + ".java").toAbsolutePath();
    }

    /**
     * {@code java -cp <driver jar>[:more] examples/<name>.java}, with a home directory of the test run's own: the
     * examples leave the extension directory at DuckDB's default, ~/.duckdb/extensions, which must not be the
     * real user's.
     */
    static ChildJvm onDriverJar(String name, Path... more) throws IOException {
        StringBuilder cp = new StringBuilder(driverJar().toString());
        for (Path p : more) {
            cp.append(File.pathSeparator).append(p);
        }
        Path home = Files.createDirectories(TestLakes.work().resolve("example-home"));
        return ChildJvm.main(source(name).toString(), cp.toString())
                .named(name)
                .env("HOME", home.toString())
                .jvmOptions("-Duser.home=" + home);
    }

    /** The command examples/README.md gives for the tools' class path, run from the repository's top directory. */
    static final List<String> TOOLS_CLASS_PATH_COMMAND =
            List.of("mvn", "-q", "-f", "examples/pom.xml", "dependency:build-classpath");

    /** Where that command writes the class path, as examples/README.md's java commands read it. */
    static final Path TOOLS_CLASS_PATH_FILE = Paths.get("examples", "target", "examples.classpath");

    private static String toolsClassPath;

    /**
     * The tools' class path exactly as examples/README.md makes it: its mvn command, run once per test JVM, then
     * the file's content (what {@code $(cat examples/target/examples.classpath)} puts on the command line).
     */
    static synchronized String toolsClassPath() throws IOException, InterruptedException {
        if (toolsClassPath == null) {
            Files.deleteIfExists(TOOLS_CLASS_PATH_FILE);
            Process mvn = new ProcessBuilder(TOOLS_CLASS_PATH_COMMAND)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            TestLakes.work().resolve("examples-classpath.log").toFile())
                    .start();
            assertThat(mvn.waitFor(5, TimeUnit.MINUTES))
                    .as(String.join(" ", TOOLS_CLASS_PATH_COMMAND) + " finished")
                    .isTrue();
            assertThat(mvn.exitValue())
                    .as(String.join(" ", TOOLS_CLASS_PATH_COMMAND) + ": "
                            + Files.readString(TestLakes.work().resolve("examples-classpath.log")))
                    .isZero();
            toolsClassPath = Files.readString(TOOLS_CLASS_PATH_FILE).trim();
        }
        return toolsClassPath;
    }

    /**
     * {@code java -cp "<driver jar>:$(cat examples/target/examples.classpath)" examples/<name>.java}, the command
     * examples/README.md gives for the examples that use a tool, with the test run's own home directory.
     */
    static ChildJvm onDriverJarAndTools(String name) throws IOException, InterruptedException {
        String cp = driverJar() + File.pathSeparator + toolsClassPath();
        Path home = Files.createDirectories(TestLakes.work().resolve("example-home"));
        return ChildJvm.main(source(name).toString(), cp)
                .named(name)
                .env("HOME", home.toString())
                .jvmOptions("-Duser.home=" + home);
    }

    /**
     * The PostgreSQL variables alone: the examples then keep the data files in a local directory,
     * {@link #localDataDirectory}.
     */
    static Map<String, String> localEnvironment(TestLakes.PostgresLake lake) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", String.valueOf(PostgresServer.get().port()));
        env.put("PGDATABASE", lake.database);
        env.put("PGUSER", lake.user);
        env.put("PGPASSWORD", lake.password);
        return env;
    }

    /** Where the examples put a lake's data files without DUCKLAKE_DATA_PATH (the child's temp dir is this JVM's). */
    static Path localDataDirectory(TestLakes.PostgresLake lake) {
        return Paths.get(System.getProperty("java.io.tmpdir"), "ducklake-examples", lake.database);
    }

    /** The Parquet files under a directory. */
    static List<Path> parquetFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).collect(Collectors.toList());
        }
    }

    /** The data path the lake stored in its catalog when it was created, read from the PostgreSQL database. */
    static String storedDataPathOf(TestLakes.PostgresLake lake) throws SQLException {
        try (Connection c = PostgresServer.get().connectAsSuperuser(lake.database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM ducklake_metadata WHERE key = 'data_path'")) {
            assertThat(rs.next())
                    .as("the lake's data_path in ducklake_metadata")
                    .isTrue();
            return rs.getString(1);
        }
    }

    /** The lake's Properties without data_path and S3 settings: a connect then uses the data path it stored. */
    static Properties storedDataPath(TestLakes.PostgresLake lake) {
        Properties p = lake.properties();
        p.stringPropertyNames().stream()
                .filter(k -> k.equals("data_path") || k.startsWith("s3_"))
                .forEach(p::remove);
        return p;
    }

    /** The environment variables the examples read (the PostgreSQL client's and AWS's names) for a test lake. */
    static Map<String, String> environment(TestLakes.PostgresLake lake) {
        Map<String, String> env = localEnvironment(lake);
        env.put("DUCKLAKE_DATA_PATH", lake.dataPath());
        env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("AWS_REGION", S3Server.REGION);
        env.put("AWS_ENDPOINT_URL", "http://" + S3Server.get().endpoint());
        return env;
    }
}
