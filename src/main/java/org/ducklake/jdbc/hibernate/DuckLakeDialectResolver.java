package org.ducklake.jdbc.hibernate;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Chooses {@link DuckLakeDialect} for a ducklake-jdbc connection, so a persistence unit needs only the URL (or a
 * {@code DuckLakeDataSource}). Hibernate finds it through {@code META-INF/services/}{@link DialectResolver}: its
 * {@code DialectResolverInitiator} loads every such service and asks them before its built-in resolver.
 *
 * <p>The connection reports DuckDB as its product, which DuckDB's own driver does too; what tells a lake apart is
 * the driver name and the URL ({@code jdbc:ducklake:}). Without JDBC metadata at start-up (Hibernate's
 * {@code hibernate.boot.allow_jdbc_metadata_access=false}) the configured URL decides.
 */
public final class DuckLakeDialectResolver implements DialectResolver {
    private static final long serialVersionUID = 1L;

    /** What ducklake-jdbc's {@code DatabaseMetaData.getDriverName()} returns. */
    static final String DRIVER_NAME = "DuckLake JDBC";

    static final String URL_PREFIX = "jdbc:ducklake:";

    private static final String[] URL_SETTINGS = {
        "jakarta.persistence.jdbc.url", "hibernate.connection.url", "javax.persistence.jdbc.url"
    };

    @Override
    public Dialect resolveDialect(DialectResolutionInfo info) {
        return isDuckLake(info) ? new DuckLakeDialect(info) : null;
    }

    static boolean isDuckLake(DialectResolutionInfo info) {
        if (DRIVER_NAME.equals(info.getDriverName())) {
            return true;
        }
        DatabaseMetaData metaData = info.getDatabaseMetadata();
        if (metaData != null) {
            try {
                String url = metaData.getURL();
                return url != null && url.startsWith(URL_PREFIX);
            } catch (SQLException e) {
                return false;
            }
        }
        for (String setting : URL_SETTINGS) {
            Object url = info.getConfigurationValues().get(setting);
            if (url instanceof String && ((String) url).startsWith(URL_PREFIX)) {
                return true;
            }
        }
        return false;
    }
}
