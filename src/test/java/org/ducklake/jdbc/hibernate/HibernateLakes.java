package org.ducklake.jdbc.hibernate;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/** Hibernate over the driver's DataSource on a test lake, and the lake's rows read back with plain JDBC. */
final class HibernateLakes {
    private HibernateLakes() {}

    /**
     * The driver's DataSource for a PostgreSQL-catalog lake with S3 data. Without a pool Hibernate closes its
     * connection after each transaction, and the lake's engine would close with the last one and start again
     * (seconds) for the next: the engine is kept for a while instead, as a pool would keep it.
     */
    static DuckLakeDataSource dataSource(TestLakes.PostgresLake lake) {
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl(lake.url());
        lake.properties().forEach((k, v) -> ds.setProperty((String) k, (String) v));
        ds.setProperty("instance_idle_timeout", "20s");
        return ds;
    }

    /**
     * A persistence unit with nothing but the data source, {@code hibernate.hbm2ddl.auto}, the batch size the README
     * recommends and the entities: the dialect is found, not named.
     */
    static HibernatePersistenceConfiguration unit(DataSource ds, String hbm2ddlAuto, Class<?>... entities) {
        return new HibernatePersistenceConfiguration("lake")
                .managedClasses(entities)
                .property("hibernate.connection.datasource", ds)
                .property("hibernate.hbm2ddl.auto", hbm2ddlAuto)
                .property("hibernate.jdbc.batch_size", "50")
                // A DDL statement the lake refuses fails the test instead of being logged and skipped.
                .property("hibernate.hbm2ddl.halt_on_error", "true");
    }

    static void inTransaction(EntityManagerFactory emf, Consumer<EntityManager> work) {
        fromTransaction(emf, em -> {
            work.accept(em);
            return null;
        });
    }

    static <T> T fromTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** The rows of a query as column label to value text ({@code getString}), read without Hibernate. */
    static List<Map<String, String>> rows(DataSource ds, String sql, Object... parameters) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, String>> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The one value of a one-row, one-column query. */
    static String value(DataSource ds, String sql, Object... parameters) {
        List<Map<String, String>> rows = rows(ds, sql, parameters);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException(sql + " returned " + rows);
        }
        return rows.get(0).values().iterator().next();
    }

    /** Column name to DuckDB type, as the lake's catalog has the table. */
    static Map<String, String> columnTypes(DataSource ds, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, String> row : rows(
                ds,
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = current_database()"
                        + " AND table_name = ? ORDER BY ordinal_position",
                table)) {
            types.put(row.get("column_name"), row.get("data_type"));
        }
        return types;
    }
}
