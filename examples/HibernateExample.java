import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Hibernate ORM 7 on a lake through ducklake-jdbc, on the embedded default: a DuckDB-file catalog with its data
 * next to it. The persistence unit names only the URL: Hibernate finds the driver's DuckLake dialect itself.
 *
 *   mvn -q -Dmaven.test.skip=true package
 *   mvn -q -f examples/pom.xml dependency:build-classpath
 *   java -cp "driver/ducklake-jdbc-0.1.0-linux_amd64.jar:$(cat examples/target/examples.classpath)" examples/HibernateExample.java [DIR]
 *
 * Run it twice with the same DIR: hbm2ddl.auto=update leaves the existing tables as they are.
 */
public class HibernateExample {

    @Entity(name = "Customer")
    @Table(name = "customers")
    public static class Customer {
        @Id
        @GeneratedValue(strategy = GenerationType.UUID)
        UUID id;

        @Column(nullable = false)
        String name;

        String city;

        protected Customer() {}

        Customer(String name, String city) {
            this.name = name;
            this.city = city;
        }
    }

    @Entity(name = "Purchase")
    @Table(name = "purchases")
    public static class Purchase {
        @Id
        @GeneratedValue(strategy = GenerationType.UUID)
        UUID id;

        @ManyToOne(optional = false)
        Customer customer;

        @Column(precision = 12, scale = 2, nullable = false)
        BigDecimal amount;

        LocalDate day;

        protected Purchase() {}

        Purchase(Customer customer, String amount, LocalDate day) {
            this.customer = customer;
            this.amount = new BigDecimal(amount);
            this.day = day;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ducklake-hibernate");
        Files.createDirectories(dir);
        String url = "jdbc:ducklake:" + dir.resolve("catalog.ducklake");

        try (EntityManagerFactory emf = new HibernatePersistenceConfiguration("lake")
                .managedClasses(Customer.class, Purchase.class)
                .jdbcUrl(url)
                .property("hibernate.hbm2ddl.auto", "update")
                // Inserts of one flush go to the lake as one statement (one data file), not row by row.
                .property("hibernate.jdbc.batch_size", "100")
                // Only because this is a single-file program: java compiles it into a class loader of its own,
                // which Hibernate must be told about to find the entity classes by name.
                .property("hibernate.classLoaders", List.of(HibernateExample.class.getClassLoader()))
                .createEntityManagerFactory()) {
            System.out.println("dialect: "
                    + emf.unwrap(SessionFactoryImplementor.class)
                            .getJdbcServices()
                            .getDialect()
                            .getClass()
                            .getSimpleName());

            inTransaction(emf, em -> {
                Customer alice = new Customer("Alice", "Ghent");
                Customer bob = new Customer("Bob", "Antwerp");
                em.persist(alice);
                em.persist(bob);
                em.persist(new Purchase(alice, "12.50", LocalDate.of(2026, 1, 5)));
                em.persist(new Purchase(alice, "7.25", LocalDate.of(2026, 1, 9)));
                em.persist(new Purchase(bob, "30.00", LocalDate.of(2026, 2, 1)));
            });

            inTransaction(emf, em -> {
                List<Object[]> totals = em.createQuery(
                                "select c.name, count(p), sum(p.amount) from Purchase p join p.customer c"
                                        + " group by c.name order by c.name",
                                Object[].class)
                        .getResultList();
                for (Object[] row : totals) {
                    System.out.printf("%s: %d purchases, %s total%n", row[0], row[1], row[2]);
                }
            });

            inTransaction(emf, em -> {
                int moved = em.createQuery("update Customer c set c.city = :city where c.name = :name")
                        .setParameter("city", "Brussels")
                        .setParameter("name", "Bob")
                        .executeUpdate();
                System.out.println("moved: " + moved);
            });

            inTransaction(emf, em -> {
                List<String> page = em.createQuery(
                                "select c.name || ' (' || c.city || ')' from Customer c order by c.name", String.class)
                        .setMaxResults(10)
                        .getResultList();
                System.out.println("customers: " + page);
            });
        }
        System.out.println("lake catalog: " + dir.resolve("catalog.ducklake"));
    }

    private static void inTransaction(EntityManagerFactory emf, Consumer<EntityManager> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
