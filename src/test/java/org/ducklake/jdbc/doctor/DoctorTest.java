package org.ducklake.jdbc.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.ducklake.jdbc.Doctor;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * The connection doctor in-process: what it prints about the jar, a connect that works on each catalog kind,
 * and each set-up step failing, with the step, SQLState and hint named and the secrets masked.
 */
class DoctorTest {

    /** The doctor's exit code and output. */
    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Run doctor(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = Doctor.run(args, out);
        }
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private static Run doctor(String url, Properties p) {
        List<String> args = new ArrayList<>();
        args.add(url);
        for (Map.Entry<Object, Object> e : p.entrySet()) {
            args.add("--property");
            args.add(e.getKey() + "=" + e.getValue());
        }
        return doctor(args.toArray(new String[0]));
    }

    @Test
    void withoutUrlDescribesTheDriverAndEngine() {
        Run r = doctor();
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .contains("DuckLake JDBC 0.1.0")
                .contains("This machine: linux_amd64")
                .contains("Jar built for: any platform")
                .contains("Bundled extensions (linux_amd64): ")
                .contains("v1.5.5 ducklake")
                .containsPattern("DuckDB: v1\\.5\\.\\d+ \\(");
    }

    @Test
    void badArgumentsAreAUsageError() {
        assertThat(doctor("--bogus").exit).isEqualTo(2);
        assertThat(doctor("jdbc:ducklake:/x", "--property", "novalue").exit).isEqualTo(2);
        assertThat(doctor("--help").output).contains("Usage: java -jar ducklake-jdbc-0.1.0-<platform>.jar");
    }

    @Test
    void fileLakeConnectsAndListsEachStep() {
        TestLakes.FileLake lake = TestLakes.file("doctor-ok");
        Run r = doctor(lake.url(), lake.properties());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .containsPattern("ok +\\d+ ms  read the URL and properties")
                .containsPattern("ok +\\d+ ms  start the engine")
                .containsPattern("ok +\\d+ ms  load extension ducklake")
                .containsPattern("ok +\\d+ ms  attach the lake")
                .contains("ATTACH IF NOT EXISTS 'ducklake:duckdb:")
                .containsPattern("ok +\\d+ ms  use the lake")
                .containsPattern("ok +\\d+ ms  first query")
                .contains("Connected in ")
                .contains("catalog lake");
    }

    @Test
    void postgresLakeWithS3ConnectsAndMasksSecrets() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Run r = doctor(lake.url(), lake.properties());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .containsPattern("ok +\\d+ ms  create the catalog secret")
                .containsPattern("ok +\\d+ ms  create the S3 secret")
                .containsPattern("ok +\\d+ ms  check access to data_path")
                .containsPattern("ok +\\d+ ms  attach the lake")
                .contains("PASSWORD '****'")
                .contains("property password = ****")
                .doesNotContain(lake.password)
                .doesNotContain(lake.password.replace("'", "''")) // as a SQL literal
                .doesNotContain(S3Server.SECRET_KEY);
    }

    @Test
    void badPasswordFailsTheAttachWith28P01() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("password", "wrong-password-4711");
        Run r = doctor(lake.url(), p);
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .containsPattern("FAILED +\\d+ ms  attach the lake")
                .contains("FAILED at step: attach the lake")
                .contains("SQLState: 28P01")
                .contains("Hint: Authentication to the catalog database failed (check user and password)")
                .doesNotContain("wrong-password-4711");
    }

    @Test
    void unreachableCatalogFailsTheAttachWith08006() {
        Properties p = TestLakes.properties();
        p.setProperty("user", "nobody");
        p.setProperty("password", "unused-secret-99");
        p.setProperty("login_timeout", "10");
        Run r = doctor("jdbc:ducklake:postgres:host=127.0.0.1 port=1 dbname=none", p);
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .contains("FAILED at step: attach the lake")
                .contains("SQLState: 08006")
                .contains("Hint: Cannot reach the catalog database")
                .doesNotContain("unused-secret-99");
    }

    @Test
    void missingExtensionWithoutTheBundleFailsTheInstall() {
        Path empty = TestLakes.freshDirectory("doctor-noext");
        Properties p = new Properties();
        p.setProperty("extension_directory", empty.resolve("ext").toString());
        p.setProperty("extension_bundle", "false");
        // DuckDB's default repository, pointed at an empty directory: the test stays offline.
        p.setProperty("custom_extension_repository", empty.resolve("repo").toString());
        Run r = doctor(TestLakes.file("doctor-noext-lake").url(), p);
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .containsPattern("FAILED +\\d+ ms  install extension ducklake")
                .contains("FAILED at step: install extension ducklake")
                .contains("SQLState: 58000")
                .contains("Check: Keep extension_bundle=true")
                .contains("the driver jar: not used (extension_bundle=false)");
    }

    @Test
    void badS3KeysFailTheDataPathCheck() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("s3_secret_access_key", "not-the-secret-123");
        Run r = doctor(lake.url(), p);
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .contains("FAILED at step: check access to data_path")
                .contains("SQLState: 28000")
                .contains("Hint: The object store rejected the credentials")
                .doesNotContain("not-the-secret-123")
                .doesNotContain(lake.password);
    }

    @Test
    void unreachableS3EndpointFailsTheDataPathCheck() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("s3_endpoint", "127.0.0.1:1");
        p.setProperty("login_timeout", "60");
        Run r = doctor(lake.url(), p);
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .contains("FAILED at step: check access to data_path")
                .containsPattern("SQLState: (08006|58030)")
                .contains("Check: Check data_path");
    }

    @Test
    void missingFileLakeFailsTheAttachWhenItMayNotBeCreated() {
        TestLakes.FileLake lake = TestLakes.file("doctor-missing").with("create_if_not_exists", "false");
        Run r = doctor(lake.url(), lake.properties());
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .contains("FAILED at step: attach the lake")
                .contains("SQLState: 22000")
                .contains("does not exist");
    }

    @Test
    void badPropertyFailsBeforeAnyEngineStarts() {
        TestLakes.FileLake lake = TestLakes.file("doctor-typo").with("login_timeot", "5");
        Run r = doctor(lake.url(), lake.properties());
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .contains("FAILED at step: read the URL and properties")
                .contains("SQLState: 08001")
                .contains("login_timeout")
                .doesNotContain("start the engine");
    }
}
