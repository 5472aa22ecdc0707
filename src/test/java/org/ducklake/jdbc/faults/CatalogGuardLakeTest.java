package org.ducklake.jdbc.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * The catalog guard (see CatalogGuard) on a real lake: the failure paths it adds. Maintenance that drops the
 * cached schemas is refused next to another connection's uncommitted schema change and runs once that commits;
 * a schema change stuck on a frozen catalog holds up other statements only up to their own bound, and the lake
 * works again once the catalog answers.
 */
class CatalogGuardLakeTest {
    private static final long MARGIN_MS = 4000;

    @Test
    void maintenanceWaitsForAnotherConnectionsUncommittedSchemaChange() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection changer = lake.connect();
                Connection keeper = lake.connect();
                Statement c = changer.createStatement();
                Statement k = keeper.createStatement()) {
            k.execute("CREATE TABLE t (i INTEGER)");
            for (int i = 0; i < 5; i++) {
                k.execute("INSERT INTO t VALUES (" + i + ")"); // small inserts: inlined in the catalog
            }
            changer.setAutoCommit(false);
            c.execute("CREATE TABLE x (i INTEGER)");
            c.execute("COMMENT ON TABLE x IS 'pending'");

            String flush = "CALL ducklake_flush_inlined_data('" + keeper.getCatalog() + "')";
            SQLException refused = catchThrowableOfType(SQLException.class, () -> k.execute(flush));
            assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo("55P03");
            assertThat(refused.getMessage()).contains("uncommitted schema changes");
            // Refused before it ran: the connection goes on, reads and writes as before.
            assertThat(FaultsTest.count(k, "SELECT count(*) FROM t")).isEqualTo(5);
            k.execute("INSERT INTO t VALUES (5)");

            // With a query timeout it waits for the other transaction instead.
            k.setQueryTimeout(60);
            CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> {
                try {
                    k.execute(flush);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1000);
            assertThat(flushed).as("waits for the open schema change").isNotDone();
            c.execute("INSERT INTO x VALUES (1)"); // the changer's transaction goes on meanwhile
            changer.commit();
            flushed.get(60, TimeUnit.SECONDS);

            assertThat(FaultsTest.count(k, "SELECT count(*) FROM t")).isEqualTo(6);
            assertThat(FaultsTest.count(k, "SELECT count(*) FROM x")).isEqualTo(1);
            assertThat(FaultsTest.count(
                            k,
                            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'x'" + " AND comment = 'pending'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aSchemaChangeStuckOnAFrozenCatalogHoldsOthersUpOnlyToTheirBound() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection setup = lake.connect();
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS n FROM range(10)");
        }
        Connection changer = lake.connect();
        Connection reader = lake.connect();
        try (Statement c = changer.createStatement();
                Statement r = reader.createStatement()) {
            assertThat(FaultsTest.count(c, "SELECT count(*) FROM t")).isEqualTo(10);
            assertThat(FaultsTest.count(r, "SELECT count(*) FROM t")).isEqualTo(10);
            PostgresServer.get().freeze();
            try {
                c.setQueryTimeout(2);
                long start = System.nanoTime();
                SQLException stuck =
                        catchThrowableOfType(SQLException.class, () -> c.execute("CREATE TABLE y (i INTEGER)"));
                assertThat(millisSince(start))
                        .as("schema change with a query timeout of 2 s")
                        .isLessThan(2000 + MARGIN_MS);
                assertThat(stuck.getSQLState()).as(stuck.getMessage()).isEqualTo("57014");

                // The abandoned CREATE still holds the guard (the engine has not let it go), so the reader's
                // statement waits for it: at most its own bound, then 57014, and the reader is not abandoned.
                r.setQueryTimeout(2);
                start = System.nanoTime();
                SQLException held = catchThrowableOfType(SQLException.class, () -> r.execute("SELECT 1"));
                assertThat(millisSince(start))
                        .as("reader with a query timeout of 2 s")
                        .isLessThan(2000 + MARGIN_MS);
                assertThat(held.getSQLState()).as(held.getMessage()).isEqualTo("57014");
                assertThat(held.getMessage()).contains("a change of the lake's catalog runs alone");
            } finally {
                PostgresServer.get().thaw();
            }
            // Once the catalog answers, the stuck CREATE ends and lets go: the reader works again, the changer
            // stays abandoned (08006), and the CREATE committed whole or not at all.
            r.setQueryTimeout(60);
            assertThat(FaultsTest.count(r, "SELECT count(*) FROM t")).isEqualTo(10);
            SQLException abandoned = catchThrowableOfType(SQLException.class, () -> c.execute("SELECT 1"));
            assertThat(abandoned.getSQLState()).isEqualTo("08006");
            long y = FaultsTest.count(r, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'y'");
            assertThat(y).isBetween(0L, 1L);
            r.execute(y == 1 ? "DROP TABLE y" : "CREATE TABLE y (i INTEGER)"); // schema changes go on
        } finally {
            changer.close();
            reader.close();
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
