package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ducklake.jdbc.hibernate.HibernateLakes.fromTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.inTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.rows;
import static org.ducklake.jdbc.hibernate.HibernateLakes.value;

import jakarta.persistence.EntityManagerFactory;
import java.time.LocalDate;
import java.util.List;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.hibernate.Shop.Customer;
import org.ducklake.jdbc.hibernate.Shop.Purchase;
import org.ducklake.jdbc.hibernate.Shop.Status;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hibernate on a PostgreSQL-catalog lake with S3 data: one session factory for the class. */
class ShopTest {
    private static DuckLakeDataSource ds;
    private static EntityManagerFactory emf;

    @BeforeAll
    static void start() {
        ds = HibernateLakes.dataSource(TestLakes.postgres());
        emf = HibernateLakes.unit(ds, "create", Customer.class, Purchase.class).createEntityManagerFactory();
    }

    @AfterAll
    static void stop() {
        if (emf != null) {
            emf.close();
        }
    }

    @Test
    void dialectIsFoundFromTheConnection() {
        assertThat(emf.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect())
                .isInstanceOf(DuckLakeDialect.class);
    }

    @Test
    void persistFindQueryUpdateDelete() {
        Long id = fromTransaction(emf, em -> {
            Customer c = new Customer("Alice", "Ghent", 3);
            em.persist(c);
            em.persist(new Purchase(c, "12.50", LocalDate.of(2026, 1, 2), Status.PAID));
            return c.id;
        });
        assertThat(rows(ds, "SELECT name, city, visits, version FROM customers WHERE id = ?", id))
                .singleElement()
                .satisfies(r -> assertThat(r).containsEntry("name", "Alice").containsEntry("visits", "3"));

        inTransaction(emf, em -> {
            Customer c = em.find(Customer.class, id);
            assertThat(c.name).isEqualTo("Alice");
            List<Purchase> purchases = em.createQuery(
                            "select p from Purchase p join p.customer c where c.name = :n", Purchase.class)
                    .setParameter("n", "Alice")
                    .getResultList();
            assertThat(purchases)
                    .singleElement()
                    .satisfies(p -> assertThat(p.amount).isEqualByComparingTo("12.5"));
            c.city = "Antwerp";
        });
        assertThat(value(ds, "SELECT city FROM customers WHERE id = ?", id)).isEqualTo("Antwerp");
        inTransaction(emf, em -> {
            em.createQuery("delete from Purchase").executeUpdate();
            em.remove(em.find(Customer.class, id));
        });
        assertThat(value(ds, "SELECT count(*) FROM customers WHERE id = ?", id)).isEqualTo("0");
    }
}
