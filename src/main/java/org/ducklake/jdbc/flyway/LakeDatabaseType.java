package org.ducklake.jdbc.flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.regex.Pattern;
import org.ducklake.jdbc.DuckLakeDriver;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.wrapper.LakeConnection;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/**
 * Flyway's database plugin for {@code jdbc:ducklake:} URLs, found through
 * {@code META-INF/services/org.flywaydb.core.extensibility.Plugin}.
 *
 * <p>Flyway picks its plugin by URL before it consults {@code flyway.driver}, so without this type a plain
 * {@code jdbc:ducklake:} URL fails with "No Flyway database plugin found". Handed a DataSource, Flyway picks by
 * product name ("DuckDB"): this type claims only connections of this driver, ahead of the community DuckDB
 * module (higher priority), whose clean drops with CASCADE (which DuckLake refuses) and whose catalog queries
 * are not limited to the lake.
 */
public final class LakeDatabaseType extends BaseDatabaseType {
    /**
     * Values of sensitive keys in a URL (a DSN's {@code password=…}, {@code ;s3_secret_access_key=…}), by the
     * words LakeConfig.isSensitiveKey goes by, for Flyway's URL redaction: Flyway hides the whole URL unless
     * FLYWAY_DO_NOT_REDACT_URL is set, and then hides what these patterns' first group matches.
     */
    static final Pattern SENSITIVE_VALUE =
            Pattern.compile("(?i)(?:[a-z0-9_]*(?:password|passwd|secret|token)[a-z0-9_]*|[a-z0-9_]*_key)\\s*=\\s*"
                    + "('(?:[^'\\\\]|\\\\.)*'|[^\\s;]+)");

    @Override
    public String getName() {
        return "DuckLake";
    }

    @Override
    public int getPriority() {
        return 10;
    }

    @Override
    public int getNullType() {
        return Types.NULL;
    }

    @Override
    public boolean handlesJDBCUrl(String url) {
        return LakeConfig.acceptsUrl(url);
    }

    @Override
    public List<Pattern> getJDBCCredentialsPatterns() {
        return List.of(SENSITIVE_VALUE);
    }

    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        return DuckLakeDriver.class.getName();
    }

    @Override
    public boolean handlesDatabaseProductNameAndVersion(
            String productName, String productVersion, Connection connection) {
        return productName.startsWith("DuckDB") && isLakeConnection(connection);
    }

    /** A connection of this driver, also behind a pool's or a framework's proxy. */
    private static boolean isLakeConnection(Connection connection) {
        try {
            return connection.isWrapperFor(LakeConnection.class)
                    || LakeConfig.acceptsUrl(connection.getMetaData().getURL());
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public Database<?> createDatabase(
            Configuration configuration,
            JdbcConnectionFactory jdbcConnectionFactory,
            StatementInterceptor statementInterceptor) {
        return new LakeDatabase(configuration, jdbcConnectionFactory, statementInterceptor);
    }

    @Override
    public Parser createParser(
            Configuration configuration, ResourceProvider resourceProvider, ParsingContext parsingContext) {
        return new LakeScriptParser(configuration, parsingContext);
    }
}
