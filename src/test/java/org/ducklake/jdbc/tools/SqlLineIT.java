package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * SQLLine as a separate process with nothing but SQLLine and the self-contained driver jar from driver/
 * on its class path, the way a user runs it.
 */
class SqlLineIT {

    /** SQLLine running a script: nothing but SQLLine and the driver jar on its class path, stdin /dev/null. */
    private static ChildJvm.Result sqlline(String url, String script) throws Exception {
        Path dir = TestLakes.freshDirectory("sqlline");
        Path file = dir.resolve("script.sql");
        Files.write(file, script.getBytes(StandardCharsets.UTF_8));
        String cp = System.getProperty("ducklake.test.sqlline.jar")
                + File.pathSeparator
                + System.getProperty("ducklake.test.driver.jar");
        return ChildJvm.main("sqlline.SqlLine", cp)
                .args(
                        "-u",
                        url,
                        "-n",
                        "",
                        "-p",
                        "",
                        "-d",
                        "org.ducklake.jdbc.DuckLakeDriver",
                        "--outputformat=csv",
                        "-f",
                        file.toString())
                .run(Duration.ofSeconds(120));
    }

    @Test
    void tablesQueryAndAFailingStatement() throws Exception {
        assertThat(Paths.get(System.getProperty("ducklake.test.driver.jar"))).exists();
        String url = TestLakes.file("sqlline-lake").urlWithProperties();
        ChildJvm.Result ok = sqlline(
                url,
                "CREATE TABLE customers (id INTEGER, name VARCHAR);\n"
                        + "INSERT INTO customers VALUES (1, 'Alice'), (2, 'Bob');\n"
                        + "!tables\n"
                        + "SELECT id, name FROM customers ORDER BY id;\n");
        assertThat(ok.exit).as(ok.output).isZero();
        assertThat(ok.output).contains("'customers'").contains("'1','Alice'").contains("'2','Bob'");

        ChildJvm.Result bad = sqlline(url, "SELECT * FROM no_such_table;\n");
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
