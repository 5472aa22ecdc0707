package org.ducklake.jdbc.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The self-contained platform jars in driver/, as a GUI tool or {@code java -cp} uses them. */
class PlatformJarsIT {
    private static final Duration CHILD_DEADLINE = Duration.ofMinutes(3);
    private static final List<String> EXTENSIONS =
            List.of("ducklake", "postgres_scanner", "httpfs", "sqlite_scanner", "mysql_scanner", "aws");
    private static final Path PROBE = Paths.get("src/test/java/org/ducklake/jdbc/distribution/JarProbe.java");

    /** This machine's platform jar, as the build names it (set by failsafe). */
    private static Path hostJar() {
        return Paths.get(System.getProperty("ducklake.test.driver.jar"));
    }

    private static String hostPlatform() {
        String name = hostJar().getFileName().toString();
        return name.substring(name.lastIndexOf('-') + 1, name.length() - ".jar".length());
    }

    private static Path jarFor(String platform) {
        String host = hostJar().getFileName().toString();
        return hostJar().resolveSibling(host.replace(hostPlatform() + ".jar", platform + ".jar"));
    }

    /**
     * The platforms this build made jars for (set by failsafe): the host's by default, all five with
     * -Pall-platforms, as CI builds.
     */
    static List<String> builtPlatforms() {
        return List.of(System.getProperty("ducklake.test.platforms").split(","));
    }

    @ParameterizedTest
    @MethodSource("builtPlatforms")
    void eachJarCarriesItsOwnPlatformOnlyWithinOneHundredMegabytes(String platform) throws IOException {
        Path jar = jarFor(platform);
        assertThat(Files.size(jar)).as(jar + " size").isLessThanOrEqualTo(100_000_000L);
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Collections.list(zip.entries()).forEach(e -> names.add(e.getName()));
            String nativeLibrary = "libduckdb_java.so_" + (platform.startsWith("osx") ? "osx_universal" : platform);
            assertThat(names.stream().filter(n -> n.startsWith("libduckdb_java")))
                    .containsExactly(nativeLibrary);

            String prefix = "org/ducklake/jdbc/extensions/";
            assertThat(names.stream().filter(n -> n.startsWith(prefix) && n.endsWith(".duckdb_extension")))
                    .containsExactlyInAnyOrderElementsOf(EXTENSIONS.stream()
                            .map(e -> prefix + "v1.5.5/" + platform + "/" + e + ".duckdb_extension")
                            .toList());
            assertThat(names.stream().filter(n -> n.startsWith(prefix) && n.endsWith(".properties")))
                    .containsExactly(prefix + platform + ".properties");
            assertThat(read(zip, "org/ducklake/jdbc/driver-jar.properties").getProperty("platform"))
                    .isEqualTo(platform);

            // Typesafe Config is relocated; the services of both drivers are merged, not one dropped.
            assertThat(names).noneMatch(n -> n.startsWith("com/typesafe/"));
            assertThat(names).contains("org/ducklake/jdbc/shaded/config/ConfigFactory.class");
            String drivers = text(zip, "META-INF/services/java.sql.Driver");
            assertThat(drivers.lines().map(String::trim).filter(l -> !l.isEmpty()))
                    .containsExactlyInAnyOrder("org.ducklake.jdbc.DuckLakeDriver", "org.duckdb.DuckDBDriver");
            assertThat(text(zip, "META-INF/services/org.flywaydb.core.extensibility.Plugin"))
                    .contains("org.ducklake.jdbc.flyway.LakeDatabaseType");
            // The Spark dialect is in the jar, Spark and Scala (provided by Spark) are not.
            assertThat(text(zip, "META-INF/services/org.apache.spark.sql.jdbc.JdbcDialect"))
                    .contains("org.ducklake.jdbc.spark.DuckLakeSparkDialect");
            assertThat(names).contains("org/ducklake/jdbc/spark/DuckLakeSparkDialect.class");
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/"));
        }
    }

    @Test
    void duckdbsOwnUrlWorksFromTheSameJar() throws Exception {
        ChildJvm.Result r = probe(hostJar(), "duckdb").run(CHILD_DEADLINE);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("duckdb answered 42 through org.duckdb.DuckDBDriver");
    }

    @Test
    void aJarForAnotherPlatformRefusesToConnectAndNamesTheRightOne() throws Exception {
        String other = hostPlatform().equals("osx_arm64") ? "linux_amd64" : "osx_arm64";
        assumeTrue(builtPlatforms().contains(other), "needs another platform's jar: build with -Pall-platforms");
        Path dir = TestLakes.freshDirectory("wrong-platform");
        ChildJvm.Result r = probe(
                        jarFor(other),
                        "lake",
                        dir.toString(),
                        dir.resolve("ext").toString())
                .run(CHILD_DEADLINE);
        assertThat(r.exit).as(r.output).isEqualTo(3);
        assertThat(r.output)
                .contains("sqlstate 08001: This driver jar (ducklake-jdbc-")
                .contains("-" + other + ".jar) is built for " + other)
                .contains("use " + jarFor(hostPlatform()).getFileName() + " instead.");
        assertThat(dir.resolve("m.ducklake")).doesNotExist();
    }

    /**
     * A fresh home: the first JVM extracts the bundled extensions into the user's cache and installs them; a
     * second JVM with another empty extension directory installs them from the same cache without extracting
     * them again. Prints both connect times (measured, not asserted).
     */
    @Test
    void extensionsAreExtractedOnceAndASecondJvmReusesTheCache() throws Exception {
        Path home = TestLakes.freshDirectory("home");
        Path dir = TestLakes.freshDirectory("cache-reuse");
        ChildJvm.Result first = probe(
                        hostJar(), "lake", dir.toString(), dir.resolve("ext-1").toString())
                .env("HOME", home.toString())
                .jvmOptions("-Duser.home=" + home)
                .run(CHILD_DEADLINE);
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output).contains("lake rows 1");
        Path cache = home.resolve(".cache/ducklake-jdbc/extensions");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(cache)) {
            files = walk.filter(p -> p.toString().endsWith(".duckdb_extension"))
                    .sorted()
                    .toList();
        }
        assertThat(files.stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("ducklake.duckdb_extension");
        List<Object> before = new ArrayList<>();
        for (Path f : files) {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            before.add(a.fileKey() + "@" + a.lastModifiedTime());
        }

        ChildJvm.Result second = probe(
                        hostJar(), "lake", dir.toString(), dir.resolve("ext-2").toString())
                .env("HOME", home.toString())
                .jvmOptions("-Duser.home=" + home)
                .run(CHILD_DEADLINE);
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output).contains("lake rows 2");
        List<Object> after = new ArrayList<>();
        for (Path f : files) {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            after.add(a.fileKey() + "@" + a.lastModifiedTime());
        }
        assertThat(after).isEqualTo(before);
        assertThat(dir.resolve("ext-2/v1.5.5/" + hostPlatform() + "/ducklake.duckdb_extension"))
                .exists();
        System.out.println(
                "first JVM " + line(first.output, "connect-ms") + ", second JVM " + line(second.output, "connect-ms"));
    }

    private static ChildJvm probe(Path jar, String... args) {
        return ChildJvm.main(PROBE.toAbsolutePath().toString(), jar.toString())
                .named("JarProbe " + jar.getFileName())
                .args(args);
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix + " ?");
    }

    private static Properties read(ZipFile zip, String name) throws IOException {
        Properties p = new Properties();
        ZipEntry e = zip.getEntry(name);
        assertThat(e).as(name).isNotNull();
        p.load(zip.getInputStream(e));
        return p;
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        assertThat(e).as(name).isNotNull();
        return new String(zip.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
