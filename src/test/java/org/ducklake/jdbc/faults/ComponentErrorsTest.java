package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.ducklake.jdbc.testsupport.Await;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.Processes;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * SQLStates that retry logic can trust: whenever the catalog database or the object store could not be
 * reached the state is 08xxx (a transient connection exception), whatever DuckDB's prefix says, and the
 * message names the component that failed.
 */
class ComponentErrorsTest {

    @Test
    void theCatalogLostInsideATransactionIsAConnectionErrorAndLeavesAUsableConnection() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (n INTEGER)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO t VALUES (1)");
            PostgresServer.get().stopServer();
            PostgresServer.get().startServer(); // restarted while the transaction was open
            SQLException e = catchThrowableOfType(SQLException.class, c::commit);
            assertThat((Throwable) e)
                    .as("the commit cannot succeed: its catalog connection is gone")
                    .isNotNull();
            assertThat(e.getSQLState()).as(e.getMessage()).startsWith("08");
            assertThat((Throwable) e).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(e.getMessage()).as("names the component").contains("catalog database");

            c.rollback(); // nothing left to roll back: no error
            c.setAutoCommit(true);
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM t"))
                    .as("the lost transaction left nothing")
                    .isZero();
            s.execute("INSERT INTO t VALUES (2)");
            assertThat(FaultsTest.count(s, "SELECT count(*) FROM t")).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableObjectStoreOnConnectSaysSo() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("s3_endpoint", "127.0.0.1:" + Processes.freePort());
        SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(lake.url(), p));
        assertThat(e.getSQLState()).as(e.getMessage()).startsWith("08");
        assertThat(e.getMessage()).contains("object store").doesNotContain("catalog database");
    }

    @Test
    void anObjectStoreHostThatDoesNotResolveCannotBeReached() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("s3_endpoint", "no-such-host.invalid:9000");
        SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(lake.url(), p));
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("08006");
        assertThat(e.getMessage())
                .startsWith("Cannot reach the object store (data_path, s3_endpoint): ")
                .contains("no-such-host.invalid")
                .doesNotContain(lake.password)
                .doesNotContain(S3Server.SECRET_KEY);
    }

    @Test
    void theObjectStoreLostMidQueryIsAConnectionError() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(1000)");
            S3Server.get().stopServer();
            SQLException e;
            try {
                e = catchThrowableOfType(SQLException.class, () -> FaultsTest.count(s, "SELECT sum(n) FROM t"));
            } finally {
                S3Server.get().startServer();
            }
            assertThat(e.getSQLState()).as(e.getMessage()).startsWith("08");
            assertThat(e.getMessage()).contains("object store");
            assertThat(FaultsTest.count(s, "SELECT sum(n) FROM t")).isEqualTo(499500);
        }
    }

    /** A statement's own postgres_scan or ATTACH of another server is not the lake's catalog failing. */
    @Test
    void anotherServerNamedByAStatementIsNotCalledTheCatalog() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("sql_access", "unrestricted");
        int closed = Processes.freePort();
        try (Connection c = DriverManager.getConnection(lake.url(), p);
                Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(
                    SQLException.class,
                    () -> s.execute("SELECT * FROM postgres_scan('host=127.0.0.1 port=" + closed
                            + " dbname=x user=u', 'public', 't')"));
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("08006");
            assertThat(e.getMessage())
                    .startsWith("Cannot reach the database server the statement names: ")
                    .contains("Connection refused")
                    .doesNotContain("catalog database");

            e = catchThrowableOfType(
                    SQLException.class,
                    () -> s.execute("ATTACH 'host=127.0.0.1 port=" + closed + " dbname=x' AS other (TYPE postgres)"));
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("08006");
            assertThat(e.getMessage()).startsWith("Cannot reach the database server the statement names: ");

            // The same server as the catalog, another database and login: still not the catalog.
            e = catchThrowableOfType(
                    SQLException.class,
                    () -> s.execute("SELECT * FROM postgres_scan('host=127.0.0.1 port="
                            + PostgresServer.get().port()
                            + " dbname=postgres user=postgres password=not-it', 'public', 't')"));
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28P01");
            assertThat(e.getMessage())
                    .startsWith("Authentication to the database server the statement names failed: ")
                    .doesNotContain("catalog database")
                    .doesNotContain(lake.password);
        }
    }

    @Test
    void aDuckDbFileCatalogHeldByAnotherProcessNamesTheWayOut() throws Exception {
        Path dir = TestLakes.freshDirectory("locked");
        String url = "jdbc:ducklake:" + dir.resolve("meta.ducklake");
        ChildJvm.Running holder = ChildJvm.main(CatalogHolder.class)
                .small()
                .env("DL_URL", url)
                .env("DL_EXT_DIR", TestLakes.extensionDirectory())
                .outputTo(dir.resolve("holder.log"))
                .start();
        try {
            Path held = dir.resolve("held");
            Await.until(
                    Duration.ofSeconds(60),
                    "the holder has the catalog open, or has ended",
                    () -> Files.exists(held) || !holder.isAlive());
            assertThat(held).as("the other process holds the catalog").exists();
            Properties p = TestLakes.properties();
            SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, p));
            assertThat(e.getMessage())
                    .contains("another process")
                    .contains("one process")
                    .contains("PostgreSQL")
                    .contains(String.valueOf(holder.pid()));
        } finally {
            holder.kill();
        }
    }

    /** Holds a DuckDB-file catalog open until killed (bounded: it exits after 120 s). */
    public static final class CatalogHolder {
        public static void main(String[] args) throws Exception {
            Properties p = new Properties();
            p.setProperty("extension_directory", System.getenv("DL_EXT_DIR"));
            try (Connection c = DriverManager.getConnection(System.getenv("DL_URL"), p)) {
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)");
                String url = System.getenv("DL_URL");
                Files.createFile(
                        Paths.get(url.substring("jdbc:ducklake:".length())).resolveSibling("held"));
                Thread.sleep(120_000);
            }
        }
    }
}
