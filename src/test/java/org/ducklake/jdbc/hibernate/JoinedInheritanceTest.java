package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ducklake.jdbc.hibernate.HibernateLakes.fromTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.inTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.rows;
import static org.ducklake.jdbc.hibernate.HibernateLakes.value;

import jakarta.persistence.EntityManagerFactory;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.hibernate.Fleet.Truck;
import org.ducklake.jdbc.hibernate.Fleet.Vehicle;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * Bulk HQL on an entity that spans two tables: Hibernate collects the ids in a helper table first, which must be
 * a DuckDB temporary table of the connection, not a table in the lake.
 */
class JoinedInheritanceTest {

    @Test
    void bulkUpdateAndDeleteAcrossTablesUseTemporaryTables() {
        DuckLakeDataSource ds = HibernateLakes.dataSource(TestLakes.postgres());
        try (EntityManagerFactory emf =
                HibernateLakes.unit(ds, "create", Vehicle.class, Truck.class).createEntityManagerFactory()) {
            inTransaction(emf, em -> {
                em.persist(new Vehicle(1L, "ann"));
                em.persist(new Truck(2L, "ann", 2));
                em.persist(new Truck(3L, "ben", 3));
            });
            int updated = fromTransaction(
                    emf,
                    em -> em.createQuery("update Truck t set t.axles = t.axles + 1, t.owner = 'fleet'"
                                    + " where t.owner = 'ann'")
                            .executeUpdate());
            assertThat(updated).isEqualTo(1);
            assertThat(rows(ds, "SELECT v.id, v.owner, t.axles FROM vehicles v JOIN trucks t USING (id) ORDER BY id"))
                    .extracting(r -> r.get("id") + ":" + r.get("owner") + ":" + r.get("axles"))
                    .containsExactly("2:fleet:3", "3:ben:3");

            int deleted = fromTransaction(
                    emf,
                    em -> em.createQuery("delete from Truck t where t.axles = 3")
                            .executeUpdate());
            assertThat(deleted).isEqualTo(2);
            assertThat(value(ds, "SELECT count(*) FROM vehicles")).isEqualTo("1");
            assertThat(value(ds, "SELECT count(*) FROM trucks")).isEqualTo("0");
            assertThat(rows(
                            ds,
                            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
                                    + " ORDER BY table_name"))
                    .extracting(r -> r.get("table_name"))
                    .containsExactly("trucks", "vehicles");
        }
    }
}
