package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ducklake.jdbc.DuckLakeDriver;
import org.ducklake.jdbc.hibernate.Tickets.Ticket;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.hibernate.engine.jdbc.dialect.spi.DatabaseMetaDataDialectResolutionInfoAdapter;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;

/** How Hibernate comes to the dialect: the service registration, the connection's metadata, the URL alone. */
class DuckLakeDialectResolverTest {

    private static String fileLakeUrl() {
        return TestLakes.file("hibernate-resolver").urlWithProperties();
    }

    @Test
    void hibernateFindsTheResolverAsAService() {
        List<String> types = ServiceLoader.load(DialectResolver.class).stream()
                .map(p -> p.type().getName())
                .collect(Collectors.toList());
        assertThat(types).contains(DuckLakeDialectResolver.class.getName());
    }

    @Test
    void claimsLakeConnectionsAndLeavesPlainDuckDbAlone() throws SQLException {
        DuckLakeDialectResolver resolver = new DuckLakeDialectResolver();
        try (Connection lake = DriverManager.getConnection(fileLakeUrl())) {
            assertThat(lake.getMetaData().getDatabaseProductName()).isEqualTo("DuckDB");
            assertThat(lake.getMetaData().getDriverName()).isEqualTo(DuckLakeDialectResolver.DRIVER_NAME);
            assertThat(resolver.resolveDialect(new DatabaseMetaDataDialectResolutionInfoAdapter(lake.getMetaData())))
                    .isInstanceOf(DuckLakeDialect.class)
                    .satisfies(d -> assertThat(d.getVersion().getMajor()).isEqualTo(1));
        }
        // DuckDB's own driver reports the same product: it is not a lake, and the dialect is not for it.
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            assertThat(duckdb.getMetaData().getDatabaseProductName()).isEqualTo("DuckDB");
            assertThat(resolver.resolveDialect(new DatabaseMetaDataDialectResolutionInfoAdapter(duckdb.getMetaData())))
                    .isNull();
        }
    }

    /** The embedded default with nothing but {@code jakarta.persistence.jdbc.url}: Hibernate's own pool. */
    @Test
    void theUrlIsEnough() {
        try (EntityManagerFactory emf = new HibernatePersistenceConfiguration("lake")
                .managedClass(Ticket.class)
                .jdbcUrl(fileLakeUrl())
                .property("hibernate.hbm2ddl.auto", "create")
                .createEntityManagerFactory()) {
            assertThat(emf.unwrap(SessionFactoryImplementor.class)
                            .getJdbcServices()
                            .getDialect())
                    .isInstanceOf(DuckLakeDialect.class);
            HibernateLakes.inTransaction(emf, em -> em.persist(new Ticket("url")));
            List<String> writers = HibernateLakes.fromTransaction(
                    emf,
                    em -> em.createQuery("select t.writer from Ticket t", String.class)
                            .getResultList());
            assertThat(writers).containsExactly("url");
        }
    }

    /** A PostgreSQL-catalog lake by URL, the driver's other properties passed as hibernate.connection.*. */
    @Test
    void urlAndDriverPropertiesForAPostgresLake() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        HibernatePersistenceConfiguration unit = new HibernatePersistenceConfiguration("lake")
                .managedClass(Ticket.class)
                .jdbcUrl(lake.url())
                .jdbcCredentials(lake.user, lake.password)
                .property("hibernate.hbm2ddl.auto", "create");
        lake.properties().forEach((k, v) -> {
            if (!k.equals("user") && !k.equals("password")) {
                unit.property("hibernate.connection." + k, v);
            }
        });
        try (EntityManagerFactory emf = unit.createEntityManagerFactory()) {
            HibernateLakes.inTransaction(emf, em -> em.persist(new Ticket("postgres")));
            List<String> writers = HibernateLakes.fromTransaction(
                    emf,
                    em -> em.createQuery("select t.writer from Ticket t", String.class)
                            .getResultList());
            assertThat(writers).containsExactly("postgres");
        }
    }

    /**
     * Without JDBC metadata at start-up Hibernate asks the resolvers only when the product is named, and then with
     * the configuration: the URL tells the lake from plain DuckDB.
     */
    @Test
    void theUrlDecidesWithoutMetadataAccess() {
        try (EntityManagerFactory emf = new HibernatePersistenceConfiguration("lake")
                .managedClass(Ticket.class)
                .jdbcUrl(fileLakeUrl())
                .property("hibernate.boot.allow_jdbc_metadata_access", "false")
                .property("jakarta.persistence.database-product-name", "DuckDB")
                .createEntityManagerFactory()) {
            assertThat(emf.unwrap(SessionFactoryImplementor.class)
                            .getJdbcServices()
                            .getDialect())
                    .isInstanceOf(DuckLakeDialect.class);
        }
    }

    /** Naming the dialect works too, e.g. where nothing may connect at start-up. */
    @Test
    void theDialectCanBeNamed() {
        try (EntityManagerFactory emf = new HibernatePersistenceConfiguration("lake")
                .managedClass(Ticket.class)
                .jdbcUrl(fileLakeUrl())
                .property("hibernate.boot.allow_jdbc_metadata_access", "false")
                .property("hibernate.dialect", DuckLakeDialect.class.getName())
                .createEntityManagerFactory()) {
            assertThat(emf.unwrap(SessionFactoryImplementor.class)
                            .getJdbcServices()
                            .getDialect())
                    .isInstanceOf(DuckLakeDialect.class);
        }
    }

    /** The driver runs without Hibernate: no class outside this package refers to it. */
    @Test
    void nothingElseInTheDriverRefersToHibernate() throws IOException, URISyntaxException {
        Path classes = Paths.get(DuckLakeDriver.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path plugin = classes.resolve("org/ducklake/jdbc/hibernate");
        List<Path> referring;
        try (Stream<Path> files = Files.walk(classes)) {
            referring = files.filter(f -> f.toString().endsWith(".class") && !f.startsWith(plugin))
                    .filter(f -> mentionsHibernate(f))
                    .collect(Collectors.toList());
        }
        assertThat(referring).isEmpty();
        assertThat(classes.resolve("META-INF/services/org.hibernate.engine.jdbc.dialect.spi.DialectResolver"))
                .hasContent(DuckLakeDialectResolver.class.getName());
    }

    private static boolean mentionsHibernate(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("org/hibernate/");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
