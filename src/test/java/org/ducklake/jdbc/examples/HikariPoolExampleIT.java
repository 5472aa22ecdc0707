package org.ducklake.jdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * examples/HikariPool.java with the command examples/README.md gives: the self-contained jar plus the tools' class
 * path that examples/pom.xml writes, against PostgreSQL, with only the PG* variables set, so the data files go to
 * the local directory the example takes by default.
 */
class HikariPoolExampleIT {

    @Test
    void fourThreadsWriteThroughAPoolOfFourWithLocalData() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();

        ChildJvm.Result run = Example.onDriverJarAndTools("HikariPool")
                .env(Example.localEnvironment(lake))
                .run(Duration.ofMinutes(3));

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output)
                .contains("worker 0 wrote 25 rows")
                .contains("worker 1 wrote 25 rows")
                .contains("worker 2 wrote 25 rows")
                .contains("worker 3 wrote 25 rows")
                .contains("pool: 4 connections, 0 in use, 4 idle");
        try (Connection c = DriverManager.getConnection(lake.url(), Example.storedDataPath(lake));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (worker, n)) FROM visits")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(100);
            assertThat(rs.getLong(2)).isEqualTo(100);
        }
        assertThat(Example.storedDataPathOf(lake))
                .startsWith(Example.localDataDirectory(lake).toString());
        assertThat(S3Server.get().bytesStored(TestLakes.BUCKET, lake.prefix)).isZero();
    }
}
