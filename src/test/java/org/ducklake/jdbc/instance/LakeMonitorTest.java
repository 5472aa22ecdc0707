package org.ducklake.jdbc.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.ducklake.jdbc.DuckLakeMXBean;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Each lake instance is visible in the platform MBean server while it is open, under a name and with
 * attributes that hold no secret; its counts move with commits, conflicts and connections.
 */
class LakeMonitorTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private static Set<ObjectName> lakes() throws Exception {
        return SERVER.queryNames(new ObjectName("org.ducklake.jdbc:type=Lake,*"), null);
    }

    private static Connection engine(TestLakes.PostgresLake lake, int threads) throws SQLException {
        Properties p = lake.properties();
        p.setProperty("threads", String.valueOf(threads));
        return DriverManager.getConnection(lake.url(), p);
    }

    @Test
    void aPostgresLakeIsNamedCountedAndGoneWhenClosed() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        ObjectName name = new ObjectName("org.ducklake.jdbc:type=Lake,name="
                + ObjectName.quote(
                        "lake@postgres:host=127.0.0.1 port=" + lake.url().replaceAll(".*port=(\\d+).*", "$1")
                                + " dbname=" + lake.database + " user=" + lake.user));
        ObjectName second = new ObjectName(name + ",instance=2");
        try (Connection c1 = engine(lake, 1);
                Connection c2 = engine(lake, 2)) {
            assertThat(SERVER.isRegistered(name)).as("%s in %s", name, lakes()).isTrue();
            assertThat(SERVER.isRegistered(second))
                    .as("the same lake on another engine")
                    .isTrue();
            DuckLakeMXBean view = JMX.newMXBeanProxy(SERVER, name, DuckLakeMXBean.class);
            assertThat(view.getAlias()).isEqualTo("lake");
            assertThat(view.getCatalogType()).isEqualTo("postgres");
            assertThat(view.getOpenConnections()).isEqualTo(1);
            try (Connection more = engine(lake, 1)) {
                assertThat(view.getOpenConnections()).isEqualTo(2);
            }
            assertThat(view.getOpenConnections()).isEqualTo(1);

            try (Statement s = c1.createStatement()) {
                s.execute("CREATE TABLE counter (v BIGINT)");
                s.execute("INSERT INTO counter VALUES (0)");
            }
            long commits = view.getCommits();
            try (Statement s = c1.createStatement()) {
                s.executeUpdate("UPDATE counter SET v = v + 1");
            }
            assertThat(view.getCommits()).as("one auto-commit write").isEqualTo(commits + 1);
            assertThat(view.isMaintenanceEnabled())
                    .as("maintenance is off by default")
                    .isFalse();
            assertThat(view.getMaintenanceLastResult()).contains("maintenance=off");
            assertThat(view.getMaintenanceRuns()).isZero();
            assertThat(view.getMaintenanceLastRun()).isEmpty();

            // A conflict: both engines update the row, c1 commits first.
            long conflicts = view.getCommitConflicts();
            DuckLakeMXBean other = JMX.newMXBeanProxy(SERVER, second, DuckLakeMXBean.class);
            long otherConflicts = other.getCommitConflicts();
            c1.setAutoCommit(false);
            c2.setAutoCommit(false);
            try (Statement s1 = c1.createStatement();
                    Statement s2 = c2.createStatement()) {
                s1.executeUpdate("UPDATE counter SET v = v + 1");
                s2.executeUpdate("UPDATE counter SET v = v + 1");
            }
            c1.commit();
            SQLException failed = catchThrowableOfType(SQLException.class, c2::commit);
            assertThat(failed.getSQLState()).isEqualTo("40001");
            assertThat(other.getCommitConflicts()).isEqualTo(otherConflicts + 1);
            assertThat(view.getCommitConflicts()).isEqualTo(conflicts);
            assertThat(view.getStatementsRunning()).isZero();

            // No secret in any name or value.
            for (ObjectName n : lakes()) {
                assertThat(n.toString()).doesNotContain(lake.password).doesNotContain("secret");
                for (MBeanAttributeInfo a : SERVER.getMBeanInfo(n).getAttributes()) {
                    String value = String.valueOf(SERVER.getAttribute(n, a.getName()));
                    assertThat(value)
                            .as(a.getName())
                            .doesNotContain(lake.password)
                            .doesNotContain(org.ducklake.jdbc.testsupport.S3Server.SECRET_KEY)
                            .doesNotContain(org.ducklake.jdbc.testsupport.S3Server.ACCESS_KEY);
                }
            }
        }
        assertThat(SERVER.isRegistered(name))
                .as("unregistered when the instance closed")
                .isFalse();
        assertThat(SERVER.isRegistered(second)).isFalse();
    }

    @Test
    void quotingKeepsAnyCatalogPathAName() throws Exception {
        ObjectName name = LakeMonitor.baseName("a,b=c", "duckdb:/tmp/x:y\"*?,=.ducklake");
        assertThat(name.getKeyProperty("type")).isEqualTo("Lake");
        assertThat(ObjectName.unquote(name.getKeyProperty("name"))).isEqualTo("a,b=c@duckdb:/tmp/x:y\"*?,=.ducklake");
    }

    @Test
    void aFileLakeIsUnregisteredAfterItsIdleTimeout() throws Exception {
        TestLakes.FileLake lake = TestLakes.file().with("instance_idle_timeout", "1");
        ObjectName name =
                new ObjectName("org.ducklake.jdbc:type=Lake,name=" + ObjectName.quote("lake@duckdb:" + lake.catalog()));
        try (Connection c = lake.connect()) {
            assertThat(SERVER.isRegistered(name)).as("%s in %s", name, lakes()).isTrue();
            DuckLakeMXBean view = JMX.newMXBeanProxy(SERVER, name, DuckLakeMXBean.class);
            assertThat(view.getIdleTimeoutSeconds()).isEqualTo(1);
        }
        assertThat(SERVER.isRegistered(name)).as("open during the idle timeout").isTrue();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (SERVER.isRegistered(name) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(SERVER.isRegistered(name)).as("gone after the idle timeout").isFalse();
    }
}
