package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * A program of examples/, run the way its header says: Java's source launcher on the self-contained driver jar
 * (plus the tools it names), in a JVM of its own, with the lake given in the environment variables the examples
 * read.
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

    /** The environment variables the examples read (the PostgreSQL client's and AWS's names) for a test lake. */
    static Map<String, String> environment(TestLakes.PostgresLake lake) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", String.valueOf(PostgresServer.get().port()));
        env.put("PGDATABASE", lake.database);
        env.put("PGUSER", lake.user);
        env.put("PGPASSWORD", lake.password);
        env.put("DUCKLAKE_DATA_PATH", lake.dataPath());
        env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("AWS_REGION", S3Server.REGION);
        env.put("AWS_ENDPOINT_URL", "http://" + S3Server.get().endpoint());
        return env;
    }
}
