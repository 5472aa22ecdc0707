package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * SQLLine as a separate process with nothing but SQLLine and the self-contained driver jar from driver/
 * on its class path, the way a user runs it.
 */
class SqlLineIT {

    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Run sqlline(String url, String script) throws Exception {
        Path dir = TestLakes.freshDirectory("sqlline");
        Path file = dir.resolve("script.sql");
        Files.write(file, script.getBytes(StandardCharsets.UTF_8));
        String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("ducklake.test.sqlline.jar") + java.io.File.pathSeparator
                + System.getProperty("ducklake.test.driver.jar");
        List<String> cmd = new ArrayList<>(Arrays.asList(javaBin, "-cp", cp, "sqlline.SqlLine", "-u", url, "-n", "", "-p", "",
                "-d", "org.ducklake.jdbc.DuckLakeDriver", "--outputformat=csv", "-f", file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sqlline did not finish");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void tablesQueryAndAFailingStatement() throws Exception {
        assertThat(Paths.get(System.getProperty("ducklake.test.driver.jar"))).exists();
        Path lake = TestLakes.freshDirectory("sqlline-lake");
        String url = "jdbc:ducklake:" + lake.resolve("m.ducklake") + ";extension_directory=" + TestLakes.extensionDirectory();
        Run ok = sqlline(url, "CREATE TABLE customers (id INTEGER, name VARCHAR);\n"
                + "INSERT INTO customers VALUES (1, 'Alice'), (2, 'Bob');\n"
                + "!tables\n"
                + "SELECT id, name FROM customers ORDER BY id;\n");
        assertThat(ok.exit).as(ok.output).isZero();
        assertThat(ok.output).contains("'customers'").contains("'1','Alice'").contains("'2','Bob'");

        Run bad = sqlline(url, "SELECT * FROM no_such_table;\n");
        assertThat(bad.exit).as(bad.output).isNotZero();
        List<String> errors = new ArrayList<>();
        for (String line : bad.output.split("\n")) {
            if (line.startsWith("Error:")) {
                errors.add(line);
            }
        }
        assertThat(errors).as(bad.output).hasSize(1);
        assertThat(errors.get(0)).contains("Table with name no_such_table does not exist");
        assertThat(bad.output).contains("(state=42P01");
        assertThat(bad.output).doesNotContain("Statement was closed");
    }
}
