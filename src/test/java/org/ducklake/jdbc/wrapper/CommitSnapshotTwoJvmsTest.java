package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.ChildLake;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs write into one PostgreSQL-catalog lake at once: each commit's lastCommitSnapshot is the snapshot
 * that added that commit's row, never the other JVM's, although the snapshots interleave.
 */
class CommitSnapshotTwoJvmsTest {
    private static final int ROUNDS = 30;

    @Test
    void eachJvmSeesItsOwnSnapshots() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        String table = "two_jvms";
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INTEGER NOT NULL)");
        }
        Map<String, String> env = ChildLake.environment(lake);
        env.put("DL_TABLE", table);
        env.put("DL_ROUNDS", String.valueOf(ROUNDS));
        List<ChildJvm.Running> children = new ArrayList<>();
        List<String> output = new ArrayList<>();
        try {
            for (int j = 0; j < 2; j++) {
                children.add(ChildJvm.main(CommitSnapshotChild.class)
                        .named("snapshot writer " + j)
                        .small()
                        .env(env)
                        .env("DL_BASE", String.valueOf(100_000 + j * 10_000)) // six digits, none part of another
                        .start());
            }
            for (ChildJvm.Running child : children) {
                ChildJvm.Result r = child.awaitExit(Duration.ofMinutes(3));
                assertThat(r.exit).as(r.output).isZero();
                output.add(r.output);
            }
        } finally {
            for (ChildJvm.Running child : children) {
                if (child.isAlive()) {
                    child.kill();
                }
            }
        }
        int checked = 0;
        try (Connection c = lake.connect()) {
            for (String text : output) {
                for (String line : text.split("\n")) {
                    if (!line.startsWith("id=")) {
                        continue;
                    }
                    String[] parts = line.trim().split(" ");
                    String id = parts[0].substring(3);
                    long snapshot = Long.parseLong(parts[1].substring("snapshot=".length()));
                    assertThat(snapshot).as(line).isPositive();
                    assertThat(at(c, table, snapshot)).as(line).contains(id);
                    assertThat(at(c, table, snapshot - 1)).as(line).doesNotContain(id);
                    checked++;
                }
            }
        }
        assertThat(checked).as(String.join("\n", output)).isGreaterThan(ROUNDS);
    }

    private static String at(Connection c, String table, long version) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(list(id ORDER BY id)::VARCHAR, '[]') FROM " + table
                        + " AT (VERSION => " + version + ")")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
