package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ducklake.jdbc.hibernate.HibernateLakes.fromTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.inTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.rows;
import static org.ducklake.jdbc.hibernate.HibernateLakes.value;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.hibernate.Shop.Customer;
import org.ducklake.jdbc.hibernate.Shop.Purchase;
import org.ducklake.jdbc.hibernate.Shop.Status;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate on a PostgreSQL-catalog lake with S3 data, one session factory for the class: persist, find, HQL,
 * pagination, bulk statements, rollback and locking, each checked against the lake's rows. The seeded customers
 * live in Ghent, Antwerp, Brussels and nowhere (Eve); tests that change rows use cities of their own.
 */
class ShopTest {
    /** The SQL Hibernate sent, so tests can see how a query was rendered. */
    private static final List<String> SQL = new CopyOnWriteArrayList<>();

    private static DuckLakeDataSource ds;
    private static EntityManagerFactory emf;

    @BeforeAll
    static void start() {
        ds = HibernateLakes.dataSource(TestLakes.postgres());
        emf = HibernateLakes.unit(ds, "create", Customer.class, Purchase.class)
                .property("hibernate.session_factory.statement_inspector", (StatementInspector) sql -> {
                    SQL.add(sql);
                    return sql;
                })
                .property("hibernate.generate_statistics", "true")
                .createEntityManagerFactory();
        inTransaction(emf, em -> {
            Customer alice = new Customer("Alice", "Ghent", 3);
            Customer bob = new Customer("Bob", "Antwerp", 5);
            Customer dave = new Customer("Dave", "Brussels", 8);
            em.persist(alice);
            em.persist(bob);
            em.persist(new Customer("Carol", "Ghent", 1));
            em.persist(dave);
            em.persist(new Customer("Eve", null, 0));
            em.persist(new Purchase(alice, "10.00", LocalDate.of(2026, 1, 5), Status.PAID));
            em.persist(new Purchase(alice, "20.50", LocalDate.of(2026, 1, 10), Status.OPEN));
            em.persist(new Purchase(bob, "5.25", LocalDate.of(2026, 2, 1), Status.PAID));
            em.persist(new Purchase(dave, "100.00", LocalDate.of(2026, 3, 1), Status.CANCELLED));
        });
    }

    @AfterAll
    static void stop() {
        if (emf != null) {
            emf.close();
        }
    }

    private static final String SEEDED = "(c.city in ('Ghent', 'Antwerp', 'Brussels') or c.name = 'Eve')";

    @Test
    void dialectIsFoundFromTheConnection() {
        assertThat(emf.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect())
                .isInstanceOf(DuckLakeDialect.class);
    }

    @Test
    void schemaHasNoKeysOrSequences() {
        assertThat(rows(
                        ds,
                        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
                                + " ORDER BY table_name"))
                .extracting(r -> r.get("table_name"))
                .containsExactly("customers", "customers_SEQ", "purchases");
        assertThat(value(
                        ds,
                        "SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database()"
                                + " AND constraint_type <> 'NOT NULL'"))
                .isEqualTo("0");
        assertThat(HibernateLakes.columnTypes(ds, "purchases"))
                .containsEntry("id", "UUID")
                .containsEntry("amount", "DECIMAL(12,2)")
                .containsEntry("customer_id", "BIGINT");
    }

    @Test
    void persistFindQueryUpdateDelete() {
        Long id = fromTransaction(emf, em -> {
            Customer c = new Customer("Zed", "Lier", 3);
            em.persist(c);
            em.persist(new Purchase(c, "12.50", LocalDate.of(2026, 1, 2), Status.PAID));
            return c.id;
        });
        assertThat(rows(ds, "SELECT name, city, visits, version FROM customers WHERE id = ?", id))
                .containsExactly(Map.of("name", "Zed", "city", "Lier", "visits", "3", "version", "0"));
        assertThat(value(ds, "SELECT CAST(amount AS VARCHAR) FROM purchases WHERE customer_id = ?", id))
                .isEqualTo("12.50");

        inTransaction(emf, em -> {
            Customer c = em.find(Customer.class, id);
            assertThat(c.name).isEqualTo("Zed");
            List<Purchase> purchases = em.createQuery(
                            "select p from Purchase p join p.customer c where c.city = :city", Purchase.class)
                    .setParameter("city", "Lier")
                    .getResultList();
            assertThat(purchases)
                    .singleElement()
                    .satisfies(p -> assertThat(p.amount).isEqualByComparingTo("12.5"));
            c.city = "Mechelen";
        });
        assertThat(rows(ds, "SELECT city, version FROM customers WHERE id = ?", id))
                .containsExactly(Map.of("city", "Mechelen", "version", "1"));

        // A detached copy merged back: the version it carries is checked and moves on.
        Customer detached = fromTransaction(emf, em -> em.find(Customer.class, id));
        detached.visits = 4;
        inTransaction(emf, em -> em.merge(detached));
        assertThat(rows(ds, "SELECT visits, version FROM customers WHERE id = ?", id))
                .containsExactly(Map.of("visits", "4", "version", "2"));

        inTransaction(emf, em -> {
            em.createQuery("delete from Purchase p where p.customer.id = :id")
                    .setParameter("id", id)
                    .executeUpdate();
            em.remove(em.find(Customer.class, id));
        });
        assertThat(value(ds, "SELECT count(*) FROM customers WHERE id = ?", id)).isEqualTo("0");
        assertThat(value(ds, "SELECT count(*) FROM purchases WHERE customer_id = ?", id))
                .isEqualTo("0");
    }

    @Test
    void rollbackLeavesNothingInTheLake() {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(new Customer("Ghost", "Nowhere", 1));
            em.flush();
            assertThat(em.createQuery("select count(c) from Customer c where c.city = 'Nowhere'", Long.class)
                            .getSingleResult())
                    .isEqualTo(1L);
            em.getTransaction().rollback();
        } finally {
            em.close();
        }
        assertThatThrownBy(() -> inTransaction(emf, tx -> {
                    tx.persist(new Customer("Ghost", "Nowhere", 2));
                    tx.flush();
                    throw new IllegalStateException("abort");
                }))
                .hasMessage("abort");
        assertThat(value(ds, "SELECT count(*) FROM customers WHERE city = 'Nowhere'"))
                .isEqualTo("0");
    }

    @Test
    void whereOrderByLikeInBetween() {
        List<String> names = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select c.name from Customer c where " + SEEDED
                                        + " and (c.visits between 1 and 5 and c.name like 'A%'"
                                        + " or c.name in ('Dave', 'Eve') or c.name ilike 'c%')"
                                        + " order by c.name desc",
                                String.class)
                        .getResultList());
        assertThat(names).containsExactly("Eve", "Dave", "Carol", "Alice");
    }

    @Test
    void groupByCountSumAndNullsLast() {
        List<Tuple> perCity = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select c.city, count(c), sum(c.visits) from Customer c where " + SEEDED
                                        + " group by c.city order by c.city nulls last",
                                Tuple.class)
                        .getResultList());
        assertThat(perCity)
                .extracting(t -> t.get(0) + ":" + t.get(1) + ":" + t.get(2))
                .containsExactly("Antwerp:1:5", "Brussels:1:8", "Ghent:2:4", "null:1:0");
    }

    @Test
    void joinsOnAssociationsAndEntityJoins() {
        List<Tuple> paid = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select c.name, sum(p.amount) from Purchase p join p.customer c"
                                        + " where p.status = :status group by c.name order by c.name",
                                Tuple.class)
                        .setParameter("status", Status.PAID)
                        .getResultList());
        assertThat(paid)
                .extracting(t -> t.get(0) + "=" + ((BigDecimal) t.get(1)).toPlainString())
                .containsExactly("Alice=10.00", "Bob=5.25");

        // An ad-hoc entity join and a left join: the lake has no foreign key, the association is Hibernate's.
        List<Tuple> counts = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select c.name, count(p) from Customer c left join Purchase p on p.customer = c"
                                        + " where " + SEEDED + " group by c.name order by c.name",
                                Tuple.class)
                        .getResultList());
        assertThat(counts)
                .extracting(t -> t.get(0) + ":" + t.get(1))
                .containsExactly("Alice:2", "Bob:1", "Carol:0", "Dave:1", "Eve:0");

        List<String> withBigPurchases = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select c.name from Customer c where exists (select 1 from Purchase p"
                                        + " where p.customer = c and p.amount > 15) order by c.name",
                                String.class)
                        .getResultList());
        assertThat(withBigPurchases).containsExactly("Alice", "Dave");
    }

    @Test
    void paginationIsLimitOffset() {
        SQL.clear();
        List<String> page = fromTransaction(
                emf,
                em -> em.createQuery("select c.name from Customer c where " + SEEDED + " order by c.name", String.class)
                        .setFirstResult(1)
                        .setMaxResults(2)
                        .getResultList());
        assertThat(page).containsExactly("Bob", "Carol");
        assertThat(SQL).anySatisfy(sql -> assertThat(sql).endsWith(" limit ? offset ?"));

        List<String> first = fromTransaction(
                emf,
                em -> em.createQuery("select c.name from Customer c where " + SEEDED + " order by c.name", String.class)
                        .setMaxResults(1)
                        .getResultList());
        assertThat(first).containsExactly("Alice");

        // A native query is paged by the dialect's limit handler.
        List<?> nativePage = fromTransaction(
                emf,
                em -> em.createNativeQuery(
                                "select name from customers where city in ('Ghent', 'Antwerp', 'Brussels')"
                                        + " order by name",
                                String.class)
                        .setFirstResult(2)
                        .setMaxResults(1)
                        .getResultList());
        assertThat(nativePage.toArray()).containsExactly("Carol");
    }

    @Test
    void stringAndNumberFunctions() {
        Tuple t = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select upper(c.name), lower(c.name), length(c.name), concat(c.name, '-', c.city),"
                                        + " substring(c.name, 2, 2), locate('o', c.name), trim(' ' || c.name || ' '),"
                                        + " coalesce(c.city, 'none'), cast(c.visits as String), mod(c.visits, 3),"
                                        + " abs(-c.visits), c.visits / 2, lpad(c.name, 5, '*'), left(c.name, 2),"
                                        + " replace(c.name, 'o', '0'),"
                                        + " case when c.visits > 4 then 'often' else 'rarely' end"
                                        + " from Customer c where c.name = 'Bob'",
                                Tuple.class)
                        .getSingleResult());
        assertThat(t.toArray())
                .containsExactly(
                        "BOB",
                        "bob",
                        3,
                        "Bob-Antwerp",
                        "ob",
                        2,
                        "Bob",
                        "Antwerp",
                        "5",
                        2,
                        5,
                        2,
                        "**Bob",
                        "Bo",
                        "B0b",
                        "often");

        String ghent = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select listagg(c.name, ',') within group (order by c.name) from Customer c"
                                        + " where c.city = 'Ghent'",
                                String.class)
                        .getSingleResult());
        assertThat(ghent).isEqualTo("Alice,Carol");
    }

    @Test
    void dateFunctionsAndCurrentTime() {
        Tuple t = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select year(p.day), month(p.day), day(p.day), extract(day of week from p.day),"
                                        + " p.day + 2 day, p.day - 1 month, format(p.day as 'yyyy/MM/dd'),"
                                        + " timestampdiff(day, p.day, :later)"
                                        + " from Purchase p where p.amount = 5.25",
                                Tuple.class)
                        .setParameter("later", LocalDate.of(2026, 3, 1))
                        .getSingleResult());
        // 2026-02-01 is a Sunday, day 1 of the week in Hibernate's numbering.
        assertThat(t.toArray())
                .containsExactly(2026, 2, 1, 1, LocalDate.of(2026, 2, 3), LocalDate.of(2026, 1, 1), "2026/02/01", 28L);

        Tuple now = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select instant, local datetime, current_date from Customer c where c.name = 'Bob'",
                                Tuple.class)
                        .getSingleResult());
        assertThat(now.get(0, Instant.class)).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(now.get(1, LocalDateTime.class)).isCloseTo(LocalDateTime.now(), within(1, ChronoUnit.MINUTES));
        assertThat(now.get(2)).isNotNull();

        Long recent = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select count(p) from Purchase p where p.day < current_date"
                                        + " and p.day between :from and :to",
                                Long.class)
                        .setParameter("from", LocalDate.of(2026, 1, 1))
                        .setParameter("to", LocalDate.of(2026, 1, 31))
                        .getSingleResult());
        assertThat(recent).isEqualTo(2L);

        // Date and timestamp literals are rendered in DuckDB's syntax (date '…', timestamp '…').
        SQL.clear();
        Long fromFebruary = fromTransaction(
                emf,
                em -> em.createQuery(
                                "select count(p) from Purchase p where p.day >= {2026-02-01}"
                                        + " and cast(p.day as LocalDateTime) < {2026-03-01 00:00:01}",
                                Long.class)
                        .getSingleResult());
        assertThat(fromFebruary).isEqualTo(2L);
        assertThat(SQL)
                .anySatisfy(sql ->
                        assertThat(sql).contains("date '2026-02-01'").contains("timestamp '2026-03-01 00:00:01"));
    }

    @Test
    void bulkUpdateAndDelete() {
        Statistics statistics = emf.unwrap(SessionFactoryImplementor.class).getStatistics();
        long prepared = statistics.getPrepareStatementCount();
        inTransaction(emf, em -> {
            em.persist(new Customer("Bulk1", "Leuven", 1));
            em.persist(new Customer("Bulk2", "Leuven", 2));
            em.persist(new Customer("Bulk3", "Hasselt", 3));
        });
        // hibernate.jdbc.batch_size (set by HibernateLakes.unit): three inserts are one prepared statement,
        // executed as one batch, which the driver writes as one INSERT.
        assertThat(statistics.getPrepareStatementCount() - prepared).isEqualTo(1);
        int updated = fromTransaction(
                emf,
                em -> em.createQuery("update Customer c set c.visits = c.visits + 10 where c.city = :city")
                        .setParameter("city", "Leuven")
                        .executeUpdate());
        assertThat(updated).isEqualTo(2);
        assertThat(rows(ds, "SELECT name, visits FROM customers WHERE city IN ('Leuven', 'Hasselt') ORDER BY name"))
                .extracting(r -> r.get("name") + "=" + r.get("visits"))
                .containsExactly("Bulk1=11", "Bulk2=12", "Bulk3=3");

        int deleted = fromTransaction(
                emf,
                em -> em.createQuery("delete from Customer c where c.city in ('Leuven', 'Hasselt') and c.visits > 5")
                        .executeUpdate());
        assertThat(deleted).isEqualTo(2);
        assertThat(rows(ds, "SELECT name FROM customers WHERE city IN ('Leuven', 'Hasselt')"))
                .extracting(r -> r.get("name"))
                .containsExactly("Bulk3");
    }

    @Test
    void pessimisticLocksAreRefusedNotIgnored() {
        Long bob = fromTransaction(
                emf,
                em -> em.createQuery("select c.id from Customer c where c.name = 'Bob'", Long.class)
                        .getSingleResult());

        assertThatThrownBy(() -> inTransaction(emf, em -> em.find(Customer.class, bob, LockModeType.PESSIMISTIC_WRITE)))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("DuckLake has no row locks")
                .hasMessageContaining("PESSIMISTIC_WRITE");
        assertThatThrownBy(() -> inTransaction(
                        emf,
                        em -> em.createQuery("select c from Customer c where c.city = 'Ghent'", Customer.class)
                                .setLockMode(LockModeType.PESSIMISTIC_READ)
                                .getResultList()))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("DuckLake has no row locks");
        assertThatThrownBy(() -> inTransaction(emf, em -> {
                    Customer c = em.find(Customer.class, bob);
                    em.lock(c, LockModeType.PESSIMISTIC_WRITE);
                }))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("DuckLake has no row locks");
        assertThatThrownBy(() -> inTransaction(emf, em -> {
                    Customer c = em.find(Customer.class, bob);
                    em.refresh(c, LockModeType.PESSIMISTIC_WRITE);
                }))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("DuckLake has no row locks");
    }

    @Test
    void optimisticLockingHoldsUnderConcurrentUpdates() {
        Long id = fromTransaction(emf, em -> {
            Customer c = new Customer("Racer", "Genk", 0);
            em.persist(c);
            return c.id;
        });
        // OPTIMISTIC_FORCE_INCREMENT works: it is a version check and update, no row lock.
        inTransaction(emf, em -> em.lock(em.find(Customer.class, id), LockModeType.OPTIMISTIC_FORCE_INCREMENT));
        assertThat(value(ds, "SELECT version FROM customers WHERE id = ?", id)).isEqualTo("1");

        EntityManager first = emf.createEntityManager();
        EntityManager second = emf.createEntityManager();
        try {
            first.getTransaction().begin();
            second.getTransaction().begin();
            first.find(Customer.class, id).visits = 1;
            second.find(Customer.class, id).visits = 2;
            first.getTransaction().commit();
            // The second saw the row before the first committed: whether its update finds the old version gone
            // or DuckLake finds the two commits in conflict, it must not overwrite the first.
            assertThatThrownBy(() -> second.getTransaction().commit())
                    .isInstanceOf(PersistenceException.class)
                    .satisfies(e -> assertThat(staleOrConflict(e))
                            .as("cause chain of %s", e)
                            .isTrue());
        } finally {
            if (second.getTransaction().isActive()) {
                second.getTransaction().rollback();
            }
            first.close();
            second.close();
        }
        assertThat(rows(ds, "SELECT visits, version FROM customers WHERE id = ?", id))
                .containsExactly(Map.of("visits", "1", "version", "2"));
    }

    /** A stale version seen by Hibernate, or a commit conflict reported by DuckLake (SQLState 40001). */
    private static boolean staleOrConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.hibernate.StaleStateException
                    || t instanceof java.sql.SQLException
                            && "40001".equals(((java.sql.SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
