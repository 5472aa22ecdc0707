package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * examples/TimeTravel.java on the self-contained jar, against PostgreSQL, with only the PG* variables set (the
 * data files in the example's default local directory).
 */
class TimeTravelIT {

    @Test
    void readsTheTableAsItWasAfterTheFirstInsert() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();

        ChildJvm.Result run = Example.onDriverJar("TimeTravel")
                .env(Example.localEnvironment(lake))
                .run(Duration.ofMinutes(3));

        assertThat(run.exit).as(run.output).isZero();
        Matcher at = Pattern.compile("AT \\(VERSION => (\\d+)\\): (.*)").matcher(run.output);
        assertThat(at.find()).as(run.output).isTrue();
        long firstInsert = Long.parseLong(at.group(1));
        assertThat(at.group(2).trim()).isEqualTo("apple 1.00, pear 1.50");
        assertThat(run.output)
                .contains("now: apple 1.20, plum 2.00")
                .contains("snapshot_version=" + firstInsert + ": apple 1.00, pear 1.50")
                .contains("snapshot_version=" + firstInsert + " refuses writes: ");
        // The table's creation, the insert, the update, the second insert and the delete: one snapshot each.
        List<Long> listed = new ArrayList<>();
        Matcher snapshot = Pattern.compile("snapshot (\\d+) at \\S+ \\S+: \\{").matcher(run.output);
        while (snapshot.find()) {
            listed.add(Long.parseLong(snapshot.group(1)));
        }
        assertThat(listed)
                .as(run.output)
                .containsExactly(firstInsert - 1, firstInsert, firstInsert + 1, firstInsert + 2, firstInsert + 3);

        // The small writes are inlined in the catalog (no data file), but the lake's data path is the local one.
        assertThat(Example.storedDataPathOf(lake))
                .startsWith(Example.localDataDirectory(lake).toString());
        try (Connection c = DriverManager.getConnection(lake.url(), Example.storedDataPath(lake));
                Statement s = c.createStatement()) {
            assertThat(prices(s, "prices")).containsExactly("apple 1.20", "plum 2.00");
            assertThat(prices(s, "prices AT (VERSION => " + firstInsert + ")"))
                    .containsExactly("apple 1.00", "pear 1.50");
            try (ResultSet rs = s.executeQuery("SELECT max(snapshot_id) FROM lake.snapshots()")) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("the read-only connection wrote nothing")
                        .isEqualTo(firstInsert + 3);
            }
        }
    }

    private static List<String> prices(Statement s, String from) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT item, price FROM " + from + " ORDER BY item")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getBigDecimal(2));
            }
        }
        return rows;
    }
}
