package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** examples/PostgresS3.java (the connection guide's example) on the self-contained jar, against PostgreSQL and S3. */
class PostgresS3IT {

    @Test
    void createsInsertsAndQueriesTheGuidesCustomersWithTheirDataOnS3() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();

        ChildJvm.Result run =
                Example.onDriverJar("PostgresS3").env(Example.environment(lake)).run(Duration.ofMinutes(3));

        assertThat(run.exit).as(run.output).isZero();
        assertGuidesCustomers(run.output, lake);
        assertThat(customers(lake)).containsExactly("1 Alice alice@example.com", "2 Bob bob@example.com");
    }

    @Test
    void withoutS3VariablesKeepsTheDataInALocalDirectory() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();

        ChildJvm.Result run = Example.onDriverJar("PostgresS3")
                .env(Example.localEnvironment(lake))
                .run(Duration.ofMinutes(3));

        assertThat(run.exit).as(run.output).isZero();
        Path local = Example.localDataDirectory(lake);
        assertThat(run.output).contains("data file: " + local.toAbsolutePath());
        assertThat(Example.parquetFiles(local)).hasSize(1);
        try (Connection c = DriverManager.getConnection(lake.url(), Example.storedDataPath(lake));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    /** What the example prints, and the Parquet file it names is in the bucket. */
    static void assertGuidesCustomers(String output, TestLakes.PostgresLake lake) throws Exception {
        assertThat(output).containsPattern("\\(1, 'Alice', 'alice@example.com', \\d{4}-\\d\\d-\\d\\d [0-9:.]+\\)");
        assertThat(output).containsPattern("\\(2, 'Bob', 'bob@example.com', \\d{4}-\\d\\d-\\d\\d [0-9:.]+\\)");
        String prefix = "data file: " + lake.dataPath();
        List<String> files = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(prefix)) {
                files.add(line.substring("data file: s3://".length() + TestLakes.BUCKET.length() + 1)
                        .trim());
            }
        }
        assertThat(files).as(output).hasSize(1);
        assertThat(files.get(0)).endsWith(".parquet");
        assertThat(S3Server.get().objects(TestLakes.BUCKET)).contains(files.get(0));
    }

    /** The customers table read back through the driver in this JVM. */
    static List<String> customers(TestLakes.PostgresLake lake) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = lake.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, name, email FROM customers ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }
}
