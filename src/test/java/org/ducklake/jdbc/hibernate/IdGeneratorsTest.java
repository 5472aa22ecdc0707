package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ducklake.jdbc.hibernate.HibernateLakes.inTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.value;

import jakarta.persistence.EntityManagerFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.hibernate.Tickets.IdentityTicket;
import org.ducklake.jdbc.hibernate.Tickets.TableTicket;
import org.ducklake.jdbc.hibernate.Tickets.Ticket;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** Which id generators work on a lake, and that the one emulating sequences never hands out an id twice. */
class IdGeneratorsTest {

    @Test
    void identityAndTableGeneratorsAreRefusedAtStartUp() {
        DuckLakeDataSource ds = HibernateLakes.dataSource(TestLakes.postgres());
        assertThatThrownBy(() -> HibernateLakes.unit(ds, "create", IdentityTicket.class)
                        .createEntityManagerFactory()
                        .close())
                .rootCause()
                .hasMessageContaining("IdentityTicket: DuckLake has no identity columns and no sequences")
                .hasMessageContaining("GenerationType.SEQUENCE or AUTO");
        assertThatThrownBy(() -> HibernateLakes.unit(ds, "create", TableTicket.class)
                        .createEntityManagerFactory()
                        .close())
                .hasMessageContaining("DuckLake has no row locks")
                .hasMessageContaining("GenerationType.TABLE");
    }

    /**
     * Two session factories (as two application instances would be) and two threads each, persisting tickets whose
     * ids come one at a time from the sequence table. Allocations that collide fail with DuckLake's commit conflict
     * (40001); none may succeed with an id another writer also got.
     */
    @Test
    void sequenceTableNeverHandsOutAnIdTwice() throws Exception {
        DuckLakeDataSource ds = HibernateLakes.dataSource(TestLakes.postgres());
        List<Long> stored = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
        try (EntityManagerFactory first =
                        HibernateLakes.unit(ds, "create", Ticket.class).createEntityManagerFactory();
                EntityManagerFactory second =
                        HibernateLakes.unit(ds, "none", Ticket.class).createEntityManagerFactory()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                EntityManagerFactory emf = w % 2 == 0 ? first : second;
                String writer = "writer-" + w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        try {
                            Ticket t = new Ticket(writer);
                            inTransaction(emf, em -> em.persist(t));
                            ids.add(t.id);
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
        }
        stored.add(Long.valueOf(value(ds, "SELECT count(*) FROM tickets")));
        stored.add(Long.valueOf(value(ds, "SELECT count(DISTINCT id) FROM tickets")));
        assertThat(stored).containsExactly((long) ids.size(), (long) ids.size());
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(0);
        System.out.printf("%d tickets stored, %d persists failed%n", ids.size(), failures.size());
        assertThat(failures).allSatisfy(e -> assertThat(sqlState(e)).as("%s", e).isEqualTo("40001"));
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
                return ((SQLException) t).getSQLState();
            }
        }
        return null;
    }
}
