package org.ducklake.jdbc.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import liquibase.database.AbstractJdbcDatabase;
import liquibase.database.Database;
import liquibase.database.DatabaseConnection;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import org.junit.jupiter.api.Test;

/** How Liquibase comes to use {@link DuckLakeDatabase}: by URL for the driver, by connection for the database. */
class DuckLakeDatabaseTest {

    @Test
    void theDriverIsFoundFromTheUrl() {
        DatabaseFactory factory = DatabaseFactory.getInstance();
        assertThat(factory.findDefaultDriver("jdbc:ducklake:postgres:host=h dbname=lake"))
                .isEqualTo("org.ducklake.jdbc.DuckLakeDriver");
        assertThat(factory.findDefaultDriver("JDBC:DuckLake:/data/meta.ducklake"))
                .isEqualTo("org.ducklake.jdbc.DuckLakeDriver");
        assertThat(new DuckLakeDatabase().getDefaultDriver("jdbc:duckdb:/data/x.db"))
                .isNull();
    }

    /**
     * Another plugin claiming every "DuckDB" connection at the usual database priority loses ours, and keeps
     * DuckDB's own (non-lake) connections.
     */
    @Test
    void oursWinsLakeConnectionsAndLeavesOtherDuckDbConnectionsAlone() throws Exception {
        DatabaseFactory factory = DatabaseFactory.getInstance();
        factory.register(new OtherDuckDbPlugin());
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres();
                Connection plain = DriverManager.getConnection("jdbc:duckdb:")) {
            Database forLake = factory.findCorrectDatabaseImplementation(new JdbcConnection(lake.connection));
            assertThat(forLake).isInstanceOf(DuckLakeDatabase.class);
            assertThat(forLake.getDatabaseProductName()).isEqualTo("DuckDB");

            Database forPlain = factory.findCorrectDatabaseImplementation(new JdbcConnection(plain));
            assertThat(forPlain).isInstanceOf(OtherDuckDbPlugin.class);
        } finally {
            DatabaseFactory.reset(); // forget the stand-in plugin
        }
    }

    /** What a DuckDB plugin of Liquibase would look like: it claims the product name at PRIORITY_DATABASE. */
    public static final class OtherDuckDbPlugin extends AbstractJdbcDatabase {
        @Override
        public int getPriority() {
            return PRIORITY_DATABASE;
        }

        @Override
        public boolean isCorrectDatabaseImplementation(DatabaseConnection conn) throws DatabaseException {
            return "DuckDB".equals(conn.getDatabaseProductName());
        }

        @Override
        public String getDefaultDriver(String url) {
            return url.startsWith("jdbc:duckdb:") ? "org.duckdb.DuckDBDriver" : null;
        }

        @Override
        public String getShortName() {
            return "duckdb";
        }

        @Override
        protected String getDefaultDatabaseProductName() {
            return "DuckDB";
        }

        @Override
        public Integer getDefaultPort() {
            return null;
        }

        @Override
        public boolean supportsInitiallyDeferrableColumns() {
            return false;
        }

        @Override
        public boolean supportsTablespaces() {
            return false;
        }
    }
}
