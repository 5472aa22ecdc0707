package org.ducklake.jdbc.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** {@code java -jar} on the self-contained platform jar, the way a user runs the doctor. */
class DoctorIT {

    private static Path jar() {
        Path jar = Paths.get(System.getProperty("ducklake.test.driver.jar"));
        assertThat(jar).exists();
        return jar;
    }

    @Test
    void describesTheJar() throws Exception {
        ChildJvm.Result r = ChildJvm.jar(jar()).run(Duration.ofSeconds(120));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output)
                .contains("DuckLake JDBC 0.1.0")
                // DuckDB's classes are inside this jar, whose manifest is the driver's: the version is the one
                // the driver was built with, not the jar's 0.1.0.
                .contains("duckdb_jdbc 1.5.5.1 (inside this jar)")
                .doesNotContain("duckdb_jdbc 0.1.0")
                .contains("Jar built for: linux_amd64")
                .contains("Bundled extensions (linux_amd64): ")
                .contains("v1.5.5 ducklake")
                .doesNotContain("Bundled extensions (osx_arm64)")
                .containsPattern("DuckDB: v1\\.5\\.\\d+ \\(");

        ChildJvm.Result viaClassPath =
                ChildJvm.main("org.ducklake.jdbc.Doctor", jar().toString()).run(Duration.ofSeconds(120));
        assertThat(viaClassPath.exit).as(viaClassPath.output).isZero();
        assertThat(viaClassPath.output).contains("Jar built for: linux_amd64");
    }

    @Test
    void looksAtAMissingFileLakeCreatesItWhenAskedAndFailsWhenItMayNotBeCreated() throws Exception {
        Path dir = TestLakes.freshDirectory("doctor-it");
        ChildJvm.Result look = ChildJvm.jar(jar())
                .args(
                        "jdbc:ducklake:" + dir.resolve("m.ducklake"),
                        "--property",
                        "extension_directory=" + TestLakes.extensionDirectory())
                .run(Duration.ofSeconds(120));
        assertThat(look.exit).as(look.output).isEqualTo(3);
        assertThat(look.output).contains("No lake at jdbc:ducklake:duckdb:" + dir.resolve("m.ducklake"));
        assertThat(dir).isEmptyDirectory();

        ChildJvm.Result ok = ChildJvm.jar(jar())
                .args(
                        "jdbc:ducklake:" + dir.resolve("m.ducklake"),
                        "--property",
                        "extension_directory=" + TestLakes.extensionDirectory(),
                        "--create")
                .run(Duration.ofSeconds(120));
        assertThat(ok.exit).as(ok.output).isZero();
        assertThat(ok.output).containsPattern("ok +\\d+ ms  attach the lake").contains("Connected in ");
        assertThat(dir.resolve("m.ducklake")).isRegularFile();

        ChildJvm.Result bad = ChildJvm.jar(jar())
                .args(
                        "jdbc:ducklake:" + dir.resolve("missing.ducklake"),
                        "--property",
                        "extension_directory=" + TestLakes.extensionDirectory(),
                        "--property",
                        "create_if_not_exists=false")
                .run(Duration.ofSeconds(120));
        assertThat(bad.exit).as(bad.output).isEqualTo(1);
        assertThat(bad.output).contains("FAILED at step: attach the lake").contains("SQLState: 3D000");
    }
}
