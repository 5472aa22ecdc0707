package org.ducklake.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;
import org.ducklake.jdbc.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog guard's rules on their own (the engine-level effect is checked by SchemaChangesUnderLoadTest):
 * statements run side by side, a catalog change runs alone, and a change that drops the cached schemas does
 * not run next to another connection's uncommitted schema change.
 */
class CatalogGuardTest {
    private final CatalogGuard guard = new CatalogGuard();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Object a = "connection a";
    private final Object b = "connection b";
    private final Object c = "connection c";

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void statementsRunSideBySide() throws Exception {
        CatalogGuard.Hold first = guard.enter(a, CatalogEffect.NONE, 0);
        CatalogGuard.Hold second = guard.enter(b, CatalogEffect.NONE, 100);
        first.release(false);
        second.release(false);
    }

    @Test
    void aCatalogChangeWaitsForRunningStatementsAndNoneStartsWhileItWaitsOrRuns() throws Exception {
        CatalogGuard.Hold reading = guard.enter(a, CatalogEffect.NONE, 0);
        AtomicBoolean changing = new AtomicBoolean();
        Future<CatalogGuard.Hold> change = threads.submit(() -> {
            CatalogGuard.Hold h = guard.enter(b, CatalogEffect.CHANGES_SCHEMA, 0);
            changing.set(true);
            return h;
        });
        Await.until(
                Duration.ofSeconds(10),
                "the change waits",
                () -> guard.toString().contains("waiting alone 1"));
        assertThat(changing).isFalse();
        // A new statement does not overtake the waiting change; the running one's own nested call does.
        Future<CatalogGuard.Hold> later = threads.submit(() -> guard.enter(c, CatalogEffect.NONE, 0));
        CatalogGuard.Hold nested = guard.enter(a, CatalogEffect.NONE, 0);
        nested.release(false);
        assertThat(waits(later)).isTrue();

        reading.release(false);
        CatalogGuard.Hold alone = change.get(10, TimeUnit.SECONDS);
        assertThat(changing).isTrue();
        assertThat(waits(later)).isTrue(); // still: the change runs
        CatalogGuard.Hold inside = guard.enter(b, CatalogEffect.NONE, 0); // the change's own nested call
        inside.release(true);
        alone.release(true);
        later.get(10, TimeUnit.SECONDS).release(false);
    }

    @Test
    void aBoundedWaitEndsWith57014AndHoldsNothing() throws Exception {
        CatalogGuard.Hold reading = guard.enter(a, CatalogEffect.NONE, 0);
        long start = System.nanoTime();
        assertThatThrownBy(() -> guard.enter(b, CatalogEffect.CHANGES_SCHEMA, 300))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Timed out after 300 ms")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // The failed wait left nothing behind: another statement starts at once.
        guard.enter(c, CatalogEffect.NONE, 100).release(false);
        reading.release(false);
        guard.enter(b, CatalogEffect.CHANGES_SCHEMA, 100).release(false);
    }

    @Test
    void cachedSchemasAreNotDroppedUnderAnotherConnectionsOpenSchemaChange() throws Exception {
        guard.enter(a, CatalogEffect.CHANGES_SCHEMA, 0).release(true); // a's transaction stays open
        assertThat(guard.holdsOpenChanges(a)).isTrue();
        // Without a bound: refused at once, nothing sent.
        assertThatThrownBy(() -> guard.enter(b, CatalogEffect.DROPS_CACHED_SCHEMAS, 0))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("uncommitted schema changes")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03"));
        // Plain statements and other schema changes go on meanwhile.
        guard.enter(c, CatalogEffect.NONE, 100).release(false);
        guard.enter(c, CatalogEffect.CHANGES_SCHEMA, 100).release(false);
        // With a bound it waits for a's transaction to end.
        Future<CatalogGuard.Hold> drop =
                threads.submit(() -> guard.enter(b, CatalogEffect.DROPS_CACHED_SCHEMAS, 10_000));
        assertThat(waits(drop)).isTrue();
        // Meanwhile the open transaction's connection, and others, run statements: its COMMIT ends the wait.
        guard.enter(c, CatalogEffect.NONE, 100).release(false);
        guard.enter(a, CatalogEffect.NONE, 100).release(true);
        assertThat(drop).isNotDone();
        guard.enter(a, CatalogEffect.NONE, 100).release(false); // the COMMIT
        CatalogGuard.Hold dropping = drop.get(10, TimeUnit.SECONDS);
        dropping.release(true); // b's maintenance transaction stays open
        guard.transactionEnded(a);
        // Now a schema change of another connection is refused until b's transaction ends.
        assertThatThrownBy(() -> guard.enter(a, CatalogEffect.CHANGES_SCHEMA, 0))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("drop DuckLake's cached schemas")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03"));
        guard.enter(b, CatalogEffect.CHANGES_SCHEMA, 0).release(false); // its own, and its transaction ends
        assertThat(guard.holdsOpenChanges(b)).isFalse();
        guard.enter(a, CatalogEffect.CHANGES_SCHEMA, 0).release(false);
    }

    @Test
    void aStatementAfterTheTransactionEndedForgetsItsChanges() throws Exception {
        guard.enter(a, CatalogEffect.CHANGES_SCHEMA, 0).release(true);
        guard.enter(a, CatalogEffect.NONE, 0).release(false); // e.g. a COMMIT run as SQL
        assertThat(guard.holdsOpenChanges(a)).isFalse();
        guard.enter(b, CatalogEffect.DROPS_CACHED_SCHEMAS, 0).release(false);
    }

    @Test
    void aCallWhoseCallerGaveUpNeverStarts() throws Exception {
        CatalogGuard.Hold hold = guard.enter(a, CatalogEffect.CHANGES_SCHEMA, 0);
        AtomicBoolean ran = new AtomicBoolean();
        SqlWork<Void> call = hold.around(
                () -> {
                    ran.set(true);
                    return null;
                },
                () -> false);
        hold.releaseUnlessStarted(() -> false);
        assertThatThrownBy(call::run).isInstanceOf(SQLException.class).hasMessageContaining("before it started");
        assertThat(ran).isFalse();
        guard.enter(b, CatalogEffect.CHANGES_SCHEMA, 100).release(false); // released once, by the caller
    }

    /** Whether the future is still waiting half a second later. */
    private static boolean waits(Future<?> f) throws InterruptedException {
        Thread.sleep(500);
        return !f.isDone();
    }
}
