package org.ducklake.jdbc.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import org.junit.jupiter.api.Test;

/**
 * The change log lock under DuckLake's optimistic concurrency: two processes both see the lock row free and
 * both update it; the first commit wins and the second fails with a conflict, which must read as "locked by
 * someone else" (wait and retry), not as an error.
 */
class DuckLakeLockServiceTest {

    @Test
    void aLockUpdateThatLosesTheCommitRaceWaitsInsteadOfFailing() throws Exception {
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres();
                Connection rival = DriverManager.getConnection(lake.url, lake.properties)) {
            LockService first = LockServiceFactory.getInstance().getLockService(lake.database);
            assertThat(first).isInstanceOf(DuckLakeLockService.class);
            assertThat(first.acquireLock()).isTrue(); // creates the lock table with its row
            first.releaseLock();

            // Liquibase on a connection whose next commit is preceded by the rival's own lock update and commit:
            // the rival took the lock after Liquibase read it free and before Liquibase's commit.
            AtomicReference<Runnable> beforeCommit = new AtomicReference<>();
            Connection raced = commitHook(DriverManager.getConnection(lake.url, lake.properties), beforeCommit);
            Database racedDatabase =
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(raced));
            LockService loser = LockServiceFactory.getInstance().getLockService(racedDatabase);
            beforeCommit.set(() -> lock(rival, "rival"));

            assertThat(loser.acquireLock()).isFalse();
            assertThat(loser.hasChangeLogLock()).isFalse();
            assertThat(lake.strings("SELECT LOCKED || ' ' || LOCKEDBY FROM DATABASECHANGELOGLOCK"))
                    .containsExactly("true rival");

            // The rival releases; the next attempt takes the lock.
            try (Statement s = rival.createStatement()) {
                s.executeUpdate("UPDATE DATABASECHANGELOGLOCK SET LOCKED = FALSE, LOCKEDBY = NULL WHERE ID = 1");
            }
            assertThat(loser.acquireLock()).isTrue();
            assertThat(lake.strings("SELECT LOCKED FROM DATABASECHANGELOGLOCK")).containsExactly("true");
            loser.releaseLock();
            assertThat(lake.strings("SELECT LOCKED FROM DATABASECHANGELOGLOCK")).containsExactly("false");
            racedDatabase.close();
        }
    }

    @Test
    void onlyATransactionRollbackCountsAsALostRace() {
        assertThat(LostRace.to(new liquibase.exception.LockException(new SQLException("conflict", "40001"))))
                .isTrue();
        assertThat(LostRace.to(new liquibase.exception.LockException(new SQLException("no such table", "42P01"))))
                .isFalse();
    }

    /** Takes the lock as another process would, in one committed transaction. */
    private static void lock(Connection rival, String by) {
        try (Statement s = rival.createStatement()) {
            int rows = s.executeUpdate("UPDATE DATABASECHANGELOGLOCK SET LOCKED = TRUE, LOCKEDBY = '" + by
                    + "' WHERE ID = 1 AND LOCKED = FALSE");
            assertThat(rows).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connection, with a hook run (once) before its next commit. */
    private static Connection commitHook(Connection connection, AtomicReference<Runnable> beforeCommit) {
        return (Connection) Proxy.newProxyInstance(
                DuckLakeLockServiceTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, args) -> {
                    if (m.getName().equals("commit")) {
                        Runnable hook = beforeCommit.getAndSet(null);
                        if (hook != null) {
                            hook.run();
                        }
                    }
                    try {
                        return m.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
