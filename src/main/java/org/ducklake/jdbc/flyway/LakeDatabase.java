package org.ducklake.jdbc.flyway;

import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.database.base.Schema;
import org.flywaydb.core.internal.database.base.Table;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;

/**
 * A DuckLake lake as Flyway sees it. The lake is the connection's catalog ({@code current_database()}); every
 * catalog query is limited to it, never DuckDB's own {@code memory}, {@code system} or {@code temp} catalogs.
 */
final class LakeDatabase extends Database<LakeFlywayConnection> {

    LakeDatabase(
            Configuration configuration,
            JdbcConnectionFactory jdbcConnectionFactory,
            StatementInterceptor statementInterceptor) {
        super(configuration, jdbcConnectionFactory, statementInterceptor);
    }

    @Override
    protected LakeFlywayConnection doGetConnection(java.sql.Connection connection) {
        return new LakeFlywayConnection(this, connection);
    }

    /** DuckLake 0.3, the catalog format this driver attaches, needs DuckDB 1.3 or later. */
    @Override
    public void ensureSupported(Configuration configuration) {
        ensureDatabaseIsRecentEnough("1.3");
    }

    /** DuckLake commits DDL and data of one transaction together, or neither. */
    @Override
    public boolean supportsDdlTransactions() {
        return true;
    }

    /**
     * Flyway's history lock and the migration share one connection, hence one DuckLake transaction: the lock
     * (see {@link LakeTable#doLock}), the migration's statements and its history row commit together or not at
     * all. With two connections the migration would commit on its own before the history row, and a lock that
     * only conflicts at commit could not keep a concurrent migrate from applying it again.
     */
    @Override
    public boolean useSingleConnection() {
        return true;
    }

    @Override
    public String getBooleanTrue() {
        return "TRUE";
    }

    @Override
    public String getBooleanFalse() {
        return "FALSE";
    }

    @Override
    public String doQuote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    protected String getEscapedQuote() {
        return "\"\"";
    }

    @Override
    public boolean catalogIsSchema() {
        return false;
    }

    @Override
    protected String doGetCatalog() throws SQLException {
        return getMainConnection().getJdbcTemplate().queryForString("SELECT current_database()");
    }

    /** The catalog login, else the OS user: {@code installed_by} is NOT NULL and a file lake has no login. */
    @Override
    protected String doGetCurrentUser() throws SQLException {
        String user = jdbcMetaData.getUserName();
        return user == null || user.isEmpty() ? System.getProperty("user.name", "flyway") : user;
    }

    /**
     * The history table as DuckLake accepts it: no primary key and no index (DuckLake has neither), and no
     * non-literal default: {@code installed_on} is set by the insert instead (see {@link #getInsertStatement}).
     */
    @Override
    public String getRawCreateScript(Table table, boolean baseline) {
        String create = "CREATE TABLE " + table + " (\n"
                + "    " + quote("installed_rank") + " INTEGER NOT NULL,\n"
                + "    " + quote("version") + " VARCHAR,\n"
                + "    " + quote("description") + " VARCHAR NOT NULL,\n"
                + "    " + quote("type") + " VARCHAR NOT NULL,\n"
                + "    " + quote("script") + " VARCHAR NOT NULL,\n"
                + "    " + quote("checksum") + " INTEGER,\n"
                + "    " + quote("installed_by") + " VARCHAR NOT NULL,\n"
                + "    " + quote("installed_on") + " TIMESTAMP NOT NULL,\n"
                + "    " + quote("execution_time") + " INTEGER NOT NULL,\n"
                + "    " + quote("success") + " BOOLEAN NOT NULL\n"
                + ");\n";
        return baseline ? create + getBaselineStatement(table) + ";\n" : create;
    }

    /** Flyway's insert plus {@code installed_on}, in the session's time zone like a default of now() would be. */
    @Override
    public String getInsertStatement(Table table) {
        return "INSERT INTO " + table + " ("
                + String.join(
                        ", ",
                        quote("installed_rank"),
                        quote("version"),
                        quote("description"),
                        quote("type"),
                        quote("script"),
                        quote("checksum"),
                        quote("installed_by"),
                        quote("execution_time"),
                        quote("success"),
                        quote("installed_on"))
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp())";
    }

    @Override
    public Schema<?, ?>[] getAllSchemas() {
        try {
            List<String> names = getMainConnection()
                    .getJdbcTemplate()
                    .queryForStringList("SELECT schema_name FROM information_schema.schemata"
                            + " WHERE catalog_name = current_database() ORDER BY schema_name");
            return names.stream()
                    .map(name -> getMainConnection().getSchema(name))
                    .toArray(Schema<?, ?>[]::new);
        } catch (SQLException e) {
            throw new org.flywaydb.core.internal.exception.FlywaySqlException("Unable to list the lake's schemas", e);
        }
    }
}
