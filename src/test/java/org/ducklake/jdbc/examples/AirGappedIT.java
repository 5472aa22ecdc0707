package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * The connection guide's example (examples/PostgresS3.java) in a fresh JVM that has nothing but the self-contained
 * jar: on its class path only the jar, an empty home directory (HOME and user.home) and temporary directory, no
 * extension_directory or extension_repository, an environment holding only the lake's settings, and a network
 * namespace where nothing but the test's PostgreSQL and S3 ports on loopback can be reached
 * (src/test/python/loopback_only.py). The extensions must come out of the jar into the empty home's
 * ~/.duckdb/extensions, and nothing else may be needed or left.
 */
class AirGappedIT {
    private static final Path LAUNCHER = Paths.get("src", "test", "python", "loopback_only.py");
    /** An address outside the machine: in the namespace, connecting to it must fail at once. */
    private static final String OUTSIDE = "1.1.1.1:443";
    /** How long the launcher lets the example run; this test waits a little longer for the launcher. */
    private static final int LAUNCHER_TIMEOUT_SECONDS = 240;

    private static final int NO_NAMESPACE = 3;

    @Test
    void theGuidesExampleRunsWithOnlyTheJarAndLoopback() throws Exception {
        Path jar = Example.driverJar();
        TestLakes.PostgresLake lake = TestLakes.postgres();
        int pgPort = PostgresServer.get().port();
        int s3Port = Integer.parseInt(S3Server.get().endpoint().replaceFirst(".*:", ""));
        Path root = TestLakes.freshDirectory("air-gapped");
        Path home = Files.createDirectories(root.resolve("home"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path workDir = Files.createDirectories(root.resolve("work"));
        Path output = root.resolve("output.txt");

        int exit;
        // Listens on the host's loopback but is not forwarded: the namespace's loopback is another one.
        try (ServerSocket hostOnly = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> command = new ArrayList<>(List.of(
                    python(),
                    LAUNCHER.toAbsolutePath().toString(),
                    "--timeout",
                    String.valueOf(LAUNCHER_TIMEOUT_SECONDS),
                    "--forward",
                    String.valueOf(pgPort),
                    "--forward",
                    String.valueOf(s3Port),
                    "--probe",
                    OUTSIDE,
                    "--probe",
                    "127.0.0.1:" + hostOnly.getLocalPort(),
                    "--"));
            command.addAll(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Duser.home=" + home,
                    "-Djava.io.tmpdir=" + tmp,
                    "-cp",
                    jar.toString(),
                    Example.source("PostgresS3").toString()));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(output.toFile());
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("HOME", home.toString());
            env.put("TMPDIR", tmp.toString());
            env.put("PATH", "/usr/bin:/bin");
            env.put("LANG", "C.UTF-8");
            env.putAll(Example.environment(lake));
            Process launcher = pb.start();
            if (!launcher.waitFor(LAUNCHER_TIMEOUT_SECONDS + 60, TimeUnit.SECONDS)) {
                launcher.destroy(); // the launcher kills the example on SIGTERM
                if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
                    launcher.destroyForcibly();
                }
                fail("the launcher did not end in time; output:\n" + read(output));
            }
            exit = launcher.exitValue();
        }
        String out = read(output);
        if (exit == NO_NAMESPACE) {
            fail("no network namespace could be made on this machine (root, or unprivileged user namespaces, are "
                    + "needed), so the air-gapped run cannot be checked:\n" + out);
        }
        assertThat(exit).as(out).isZero();

        // Only loopback: nothing outside, and of the host's loopback only the forwarded ports.
        assertThat(out).as(out).containsPattern("(?m)^interfaces: lo$");
        Matcher outside = Pattern.compile("probe " + Pattern.quote(OUTSIDE) + ": (.*) after (\\d+) ms")
                .matcher(out);
        assertThat(outside.find()).as(out).isTrue();
        assertThat(outside.group(1)).isEqualTo("Network is unreachable");
        assertThat(Long.parseLong(outside.group(2))).as("failed at once").isLessThan(1000);
        assertThat(out).containsPattern("probe 127\\.0\\.0\\.1:\\d+: Connection refused after");

        PostgresS3IT.assertGuidesCustomers(out, lake);
        assertThat(PostgresS3IT.customers(lake)).containsExactly("1 Alice alice@example.com", "2 Bob bob@example.com");

        // The extensions came out of the jar (extracted into the user's cache in the empty home) into the
        // empty home's extension directory.
        Path versionDir = home.resolve(".duckdb").resolve("extensions").resolve("v1.5.5");
        List<Path> platforms = list(versionDir);
        assertThat(platforms).as("one platform directory under " + versionDir).hasSize(1);
        Path platform = platforms.get(0);
        for (String name : new String[] {"ducklake", "httpfs", "postgres_scanner"}) {
            Path file = platform.resolve(name + ".duckdb_extension");
            assertThat(file).isRegularFile();
            String info = new String(Files.readAllBytes(Paths.get(file + ".info")), StandardCharsets.ISO_8859_1);
            assertThat(info)
                    .as("where " + name + " was installed from")
                    .contains(home.resolve(".cache/ducklake-jdbc/extensions").toString());
        }
        // ... and nothing else came to the home directory: the installed extensions and their extracted copies.
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> home.relativize(p).toString())
                            .collect(Collectors.toList()))
                    .allMatch(p -> p.startsWith(".duckdb/extensions/v1.5.5/" + platform.getFileName() + "/")
                            || p.matches("\\.cache/ducklake-jdbc/extensions/[0-9a-f]{16}/v1\\.5\\.5/"
                                    + platform.getFileName() + "/[a-z_]+\\.duckdb_extension"));
        }
    }

    /** The interpreter python3 names here (a version manager's shim needs the real HOME, which the run hides). */
    private static String python() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python3 (3.9 or later) is needed: " + out).isZero();
        return out;
    }

    private static List<Path> list(Path dir) throws IOException {
        assertThat(dir).isDirectory();
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.collect(Collectors.toList());
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    }
}
