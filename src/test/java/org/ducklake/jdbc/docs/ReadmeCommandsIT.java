package org.ducklake.jdbc.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * README's commands run as written. Every {@code sh} block of README.md runs, in README's order, with bash in a
 * fresh clone of the checked-out commit (so the newcomer's situation: nothing built yet, warm Maven and pip
 * caches), and must succeed and print what README says it prints. The one block it does not run is the test
 * command, which is the build running this test; {@code .ci/run} must run that block as written.
 *
 * <p>The clone is of {@code HEAD}: uncommitted changes to README are not seen (CI runs on a committed tree). On a
 * machine that is not linux_amd64, the platform in jar names is this machine's.
 */
class ReadmeCommandsIT {

    static final String TEST_COMMAND = "mvn -B -ntp -Pall-platforms verify";
    static final long BLOCK_TIMEOUT_MINUTES = 15;

    /** The {@code ```sh} blocks of a Markdown file, each as its text. */
    static List<String> shellBlocks(Path markdown) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (block == null && line.equals("```sh")) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        assertThat(block).as("an unterminated sh block in " + markdown).isNull();
        return blocks;
    }

    private static String hostPlatform() {
        String name = Paths.get(System.getProperty("ducklake.test.driver.jar"))
                .getFileName()
                .toString();
        return name.substring(name.lastIndexOf('-') + 1, name.length() - ".jar".length());
    }

    private static String run(Path dir, String script, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-eo", "pipefail", "-c", script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(BLOCK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("README block did not end within " + BLOCK_TIMEOUT_MINUTES + " min:\n" + script
                    + "\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as("exit code of README block:\n%s\noutput:\n%s", script, output)
                .isZero();
        return output;
    }

    @Test
    void everyCommandInReadmeRunsAsWritten() throws Exception {
        Path readme = Paths.get("README.md").toAbsolutePath();
        List<String> blocks = shellBlocks(readme);
        assertThat(blocks).as("sh blocks in README").hasSizeGreaterThanOrEqualTo(4);
        assertThat(blocks).as("README gives the test command").contains(TEST_COMMAND + "\n");
        assertThat(Files.readAllLines(Paths.get(".ci/run")))
                .as(".ci/run runs README's test command")
                .contains(TEST_COMMAND);

        Path work = TestLakes.freshDirectory("readme-commands");
        Path clone = work.resolve("ducklake-jdbc");
        Path cloneLog = work.resolve("clone.log");
        run(Paths.get("").toAbsolutePath(), "git clone -q . '" + clone + "'", cloneLog);

        String platform = hostPlatform();
        int ran = 0;
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i);
            if (block.equals(TEST_COMMAND + "\n")) {
                continue;
            }
            String script = block.replace("linux_amd64", platform);
            if (File.pathSeparatorChar != ':') {
                script = script.replace(".jar:", ".jar" + File.pathSeparator);
            }
            long started = System.nanoTime();
            String output = run(clone, script, work.resolve("block-" + i + ".log"));
            System.out.printf(
                    "README block %d ran in %.1f s:%n%s%n", i, (System.nanoTime() - started) / 1e9, block.trim());
            ran++;
            if (block.contains("examples/Quickstart.java")) {
                assertThat(output)
                        .contains("(1, 'Alice', 'alice@example.com', ")
                        .contains("(2, 'Bob', 'bob@example.com', ");
            }
            if (block.contains("sqlline.SqlLine")) {
                assertThat(output).contains("Alice").contains("Bob");
            }
            if (block.contains("java -jar driver/")) {
                assertThat(output).contains("DuckLake JDBC 0.1.0").contains("v1.5.5 ducklake");
            }
            if (block.contains(" install")) {
                Path local = Paths.get(
                        System.getProperty("user.home"),
                        ".m2",
                        "repository",
                        "org",
                        "ducklake",
                        "ducklake-jdbc",
                        "0.1.0");
                assertThat(local.resolve("ducklake-jdbc-0.1.0.jar")).exists();
                assertThat(local.resolve("ducklake-jdbc-0.1.0-extensions-" + platform + ".jar"))
                        .exists();
            }
        }
        assertThat(ran).isEqualTo(blocks.size() - 1);
    }
}
