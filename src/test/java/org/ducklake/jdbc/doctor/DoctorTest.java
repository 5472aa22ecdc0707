package org.ducklake.jdbc.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.ducklake.jdbc.Doctor;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * The connection doctor in-process: what it prints about the jar, a connect that works on each catalog kind,
 * each set-up step failing, with the step, SQLState and hint named and the secrets masked, and a missing lake
 * reported without anything being created (unless --create).
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

    private static Run doctor(String url, Properties p, String... more) {
        List<String> args = new ArrayList<>();
        args.add(url);
        for (Map.Entry<Object, Object> e : p.entrySet()) {
            args.add("--property");
            args.add(e.getKey() + "=" + e.getValue());
        }
        args.addAll(List.of(more));
        return doctor(args.toArray(new String[0]));
    }

    @Test
    void withoutUrlDescribesTheDriverAndEngine() {
        Run r = doctor();
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .contains("DuckLake JDBC 0.1.0")
                // Here duckdb_jdbc is a jar of its own on the class path, which names its version.
                .contains("duckdb_jdbc 1.5.5.1" + System.lineSeparator())
                .doesNotContain("duckdb_jdbc 0.1.0")
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
        assertThat(doctor("--create").exit).isEqualTo(2);
    }

    @Test
    void helpNamesEveryUrlFormAndOption() {
        Run r = doctor("--help");
        assertThat(r.exit).isZero();
        assertThat(r.output)
                .contains(
                        "Usage: java -jar ducklake-jdbc-0.1.0-<platform>.jar [URL] [--property key=value ...] [--create]")
                .contains("jdbc:ducklake:postgres:host=")
                .contains("jdbc:ducklake:mysql:host=")
                .contains("jdbc:ducklake:sqlite:/path/meta.sqlite")
                .contains("jdbc:ducklake:duckdb:/path/meta.ducklake")
                .contains("jdbc:ducklake:/path/meta.ducklake")
                .contains("jdbc:ducklake: --property profile=NAME")
                .contains("-p, --property key=value")
                .contains("--create ")
                .contains("-h, --help")
                .contains("3 no lake at the URL");
    }

    /** A lake made by an ordinary connect, so the doctor (which only looks) finds one. */
    private static <L extends TestLakes.Lake> L made(L lake) throws SQLException {
        lake.connect().close();
        return lake;
    }

    @Test
    void fileLakeConnectsAndListsEachStep() throws SQLException {
        TestLakes.FileLake lake = made(TestLakes.file("doctor-ok"));
        Run r = doctor(lake.url(), lake.properties());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .containsPattern("ok +\\d+ ms  read the URL and properties")
                .containsPattern("ok +\\d+ ms  start the engine")
                .containsPattern("ok +\\d+ ms  load extension ducklake")
                .containsPattern("ok +\\d+ ms  read the loaded extensions' versions")
                .containsPattern("\\n +ducklake \\w+")
                .containsPattern("ok +\\d+ ms  attach the lake")
                .contains("ATTACH IF NOT EXISTS 'ducklake:duckdb:")
                .containsPattern("ok +\\d+ ms  use the lake")
                .containsPattern("ok +\\d+ ms  first query")
                .contains("Connected in ")
                .contains("catalog lake");
    }

    @Test
    void postgresLakeWithS3ConnectsAndMasksSecrets() throws SQLException {
        TestLakes.PostgresLake lake = made(TestLakes.postgres());
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
                .contains("Check: Check the connection string's host, port and dbname, the user and password, and the "
                        + "server's pg_hba.conf")
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
                .contains("SQLState: 3D000")
                .contains("Hint: The catalog file " + lake.catalog()
                        + " does not exist, and this connect may not create a lake")
                .contains("does not exist")
                .contains("Check: Check the DuckDB file's path")
                .doesNotContain("pg_hba");
        assertThat(lake.directory()).isEmptyDirectory();
    }

    @Test
    void missingFileLakeIsReportedAndNotCreatedUnlessAsked() throws SQLException {
        TestLakes.FileLake lake = TestLakes.file("doctor-nolake");
        Run look = doctor(lake.url(), lake.properties());
        assertThat(look.exit).as(look.output).isEqualTo(3);
        assertThat(look.output)
                .containsPattern("ok +\\d+ ms  load extension ducklake")
                .contains("No lake at jdbc:ducklake:duckdb:" + lake.catalog() + " — a connect would create it.")
                .contains("Nothing was created")
                .doesNotContain("FAILED at step");
        // No catalog file (DuckDB's ATTACH would have made an empty one), no <catalog>.files directory.
        assertThat(lake.directory()).isEmptyDirectory();

        Run create =
                doctor(lake.url(), "--property", "extension_directory=" + TestLakes.extensionDirectory(), "--create");
        assertThat(create.exit).as(create.output).isZero();
        assertThat(create.output).contains("Connected in ");
        assertThat(lake.catalog()).isRegularFile();

        Run again = doctor(lake.url(), lake.properties());
        assertThat(again.exit).as(again.output).isZero();
        try (Connection c = lake.connect()) {
            assertThat(c.isValid(10)).isTrue();
        }
    }

    @Test
    void missingSqliteLakeIsReportedAndNotCreated() {
        Path dir = TestLakes.freshDirectory("doctor-nosqlite");
        Properties p = TestLakes.properties();
        p.setProperty("data_path", dir.resolve("data") + "/");
        Run look = doctor("jdbc:ducklake:sqlite:" + dir.resolve("meta.sqlite"), p);
        assertThat(look.exit).as(look.output).isEqualTo(3);
        assertThat(look.output)
                .containsPattern("ok +\\d+ ms  load extension sqlite_scanner")
                .contains("No lake at jdbc:ducklake:sqlite:" + dir.resolve("meta.sqlite"));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void missingPostgresLakeIsReportedAfterReachingTheCatalogAndNotCreated() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Run look = doctor(lake.url(), lake.properties());
        assertThat(look.exit).as(look.output).isEqualTo(3);
        assertThat(look.output)
                .containsPattern("ok +\\d+ ms  create the catalog secret")
                .containsPattern("ok +\\d+ ms  check access to data_path")
                .containsPattern("FAILED +\\d+ ms  attach the lake")
                .contains("No lake at jdbc:ducklake:postgres:host=127.0.0.1")
                .contains("a connect would create it")
                .doesNotContain(lake.password);
        assertThat(tablesIn(lake)).isEmpty();
        assertThat(S3Server.get().bytesStored(TestLakes.BUCKET, lake.prefix)).isZero();

        Run create = doctor(lake.url(), lake.properties(), "--create");
        assertThat(create.exit).as(create.output).isZero();
        assertThat(tablesIn(lake)).contains("public.ducklake_metadata", "public.ducklake_snapshot");
        assertThat(doctor(lake.url(), lake.properties()).exit).isZero();
    }

    @Test
    void missingLakeInAnotherMetadataSchemaIsReportedWithIt() throws Exception {
        TestLakes.PostgresLake lake = made(TestLakes.postgres());
        Properties p = lake.properties();
        p.setProperty("metadata_schema", "other_lake");
        Run look = doctor(lake.url(), p);
        assertThat(look.exit).as(look.output).isEqualTo(3);
        assertThat(look.output).contains("(metadata_schema other_lake) — a connect would create it.");
        assertThat(tablesIn(lake)).noneMatch(t -> t.startsWith("other_lake."));
    }

    @Test
    void aUrlThatAsksToCreateIsNotConnected() {
        TestLakes.FileLake lake = TestLakes.file("doctor-urlcreate");
        Run r = doctor(lake.url() + ";create_if_not_exists=true", lake.properties());
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output).contains("The URL sets create_if_not_exists=true").doesNotContain("start the engine");
        assertThat(lake.directory()).isEmptyDirectory();
    }

    @Test
    void anotherDataPathHintsTheDriversOverrideProperty() throws SQLException {
        TestLakes.FileLake lake = made(TestLakes.file("doctor-datapath").withLocalDataPath());
        TestLakes.FileLake moved = lake.with("data_path", lake.directory().resolve("elsewhere") + "/");
        String hint = "set override_data_path=true to use data_path for this connection";

        Run r = doctor(moved.url(), moved.properties());
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .contains("FAILED at step: attach the lake")
                .contains("Hint: ")
                .contains(hint);
        // The same hint on an ordinary connect, and the property it names works.
        assertThatThrownBy(moved::connect).isInstanceOf(SQLException.class).hasMessageContaining(hint);
        try (Connection c = moved.with("override_data_path", "true").connect()) {
            assertThat(c.isValid(10)).isTrue();
        }
    }

    @Test
    void aNewPostgresLakeWithoutDataPathHintsTheProperty() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.stringPropertyNames().stream()
                .filter(k -> k.equals("data_path") || k.startsWith("s3_"))
                .forEach(p::remove);
        Run r = doctor(lake.url(), p, "--create");
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .contains("FAILED at step: attach the lake")
                .contains("Hint: A new lake needs the data_path property");
    }

    /** Every table of the lake's PostgreSQL database outside the system schemas, as schema.table. */
    private static List<String> tablesIn(TestLakes.PostgresLake lake) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PostgresServer.get().connectAsSuperuser(lake.database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                        + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aSqliteCatalogInAMissingDirectoryGetsFileAdvice() {
        Path dir = TestLakes.freshDirectory("doctor-sqlite").resolve("absent");
        Run r = doctor("jdbc:ducklake:sqlite:" + dir.resolve("m.sqlite"), TestLakes.properties());
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output)
                .contains("FAILED at step: attach the lake")
                .contains("SQLState: 58030")
                .contains("Hint: The catalog file's directory " + dir
                        + " does not exist: create it or fix the catalog path")
                .contains("Check: Check the SQLite file's path")
                .doesNotContain("pg_hba")
                .doesNotContain("Hint: The catalog holds no lake");
        // The advice is about the directory, not about creating the lake.
        assertThat(r.output.lines().filter(l -> l.startsWith("Hint:") || l.startsWith("Check:")))
                .noneMatch(l -> l.contains("create_if_not_exists"));
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
