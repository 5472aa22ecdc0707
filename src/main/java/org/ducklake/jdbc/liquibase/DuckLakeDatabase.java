package org.ducklake.jdbc.liquibase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import liquibase.CatalogAndSchema;
import liquibase.Scope;
import liquibase.database.AbstractJdbcDatabase;
import liquibase.database.DatabaseConnection;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.structure.DatabaseObject;
import liquibase.structure.core.ForeignKey;
import liquibase.structure.core.Index;
import liquibase.structure.core.PrimaryKey;
import liquibase.structure.core.Sequence;
import liquibase.structure.core.UniqueConstraint;

/**
 * Liquibase's view of a DuckLake lake reached through this driver ({@code jdbc:ducklake:} URLs). The engine is
 * DuckDB, whose SQL is close to PostgreSQL's, but a lake has no primary, unique or foreign keys, no indexes and
 * no sequences: this class says so to Liquibase, which then neither snapshots nor emits them (the changes that
 * would need them are refused with a message naming the change set, see {@link RefusedStatementGenerator}).
 *
 * <p>Chosen only for connections of this driver (product name {@code DuckDB} and a {@code jdbc:ducklake:} URL),
 * at a priority above any other plugin that might claim DuckDB, and it names this driver as the default for
 * {@code jdbc:ducklake:} URLs so that {@code liquibase update --url=jdbc:ducklake:…} needs no {@code --driver}.
 */
public class DuckLakeDatabase extends AbstractJdbcDatabase {
    /** What {@link java.sql.DatabaseMetaData#getDatabaseProductName()} of this driver answers. */
    public static final String PRODUCT_NAME = "DuckDB";

    public static final String SHORT_NAME = "ducklake";
    static final String URL_PREFIX = "jdbc:ducklake:";
    static final String DRIVER_CLASS = "org.ducklake.jdbc.DuckLakeDriver";

    /**
     * Above Liquibase's own databases (PRIORITY_DATABASE) and any other DuckDB plugin, which would use that too:
     * this class only ever claims connections of this driver, so winning costs nobody else a connection.
     */
    static final int PRIORITY = PRIORITY_DATABASE + 100;

    public DuckLakeDatabase() {
        // DATEEXECUTED and the lock's LOCKGRANTED are TIMESTAMP (without time zone) columns.
        setCurrentDateTimeFunction("current_localtimestamp()");
        // Unquoted names keep the case they are written in (and match case-insensitively).
        unquotedObjectsAreUppercased = null;
        // Types that take no size: DuckDB reports a bit width as their COLUMN_SIZE (BIGINT 64), which a snapshot
        // would otherwise turn into BIGINT(64), a type DuckDB does not parse.
        unmodifiableDataTypes.addAll(Arrays.asList(
                "tinyint",
                "smallint",
                "integer",
                "bigint",
                "hugeint",
                "utinyint",
                "usmallint",
                "uinteger",
                "ubigint",
                "uhugeint",
                "float",
                "double",
                "boolean",
                "date",
                "time",
                "timestamp",
                "timestamp with time zone",
                "timestamp_s",
                "timestamp_ms",
                "timestamp_ns",
                "time with time zone",
                "interval",
                "uuid",
                "blob",
                "varchar",
                "json",
                "bit"));
    }

    @Override
    public String getShortName() {
        return SHORT_NAME;
    }

    @Override
    public String getDisplayName() {
        return "DuckLake";
    }

    @Override
    protected String getDefaultDatabaseProductName() {
        return PRODUCT_NAME;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public Integer getDefaultPort() {
        return null;
    }

    @Override
    public String getDefaultDriver(String url) {
        return isLakeUrl(url) ? DRIVER_CLASS : null;
    }

    @Override
    public boolean isCorrectDatabaseImplementation(DatabaseConnection connection) throws DatabaseException {
        return PRODUCT_NAME.equals(connection.getDatabaseProductName()) && isLakeUrl(connection.getURL());
    }

    static boolean isLakeUrl(String url) {
        return url != null && url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length());
    }

    /** A DuckDB-file catalog needs neither; a PostgreSQL or MySQL catalog takes them as driver properties. */
    @Override
    public boolean requiresUsername() {
        return false;
    }

    @Override
    public boolean requiresPassword() {
        return false;
    }

    @Override
    public void setConnection(DatabaseConnection connection) {
        super.setConnection(connection);
        if (connection instanceof JdbcConnection) {
            addReservedWords(reservedWords(((JdbcConnection) connection).getUnderlyingConnection()));
        }
    }

    /** DuckDB's reserved keywords, which Liquibase must quote when they are used as names. */
    private static List<String> reservedWords(Connection connection) {
        List<String> words = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'")) {
            while (rs.next()) {
                words.add(rs.getString(1).toUpperCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            Scope.getCurrentScope()
                    .getLog(DuckLakeDatabase.class)
                    .fine("Could not read DuckDB's reserved words; names are quoted only when needed otherwise", e);
        }
        return words;
    }

    /**
     * The lake's current schema ({@code main} unless changed), from the connection rather than Liquibase's
     * default {@code call current_schema}, which DuckDB does not parse.
     */
    @Override
    protected String getConnectionSchemaName() {
        DatabaseConnection connection = getConnection();
        if (!(connection instanceof JdbcConnection)) {
            return super.getConnectionSchemaName();
        }
        try {
            return ((JdbcConnection) connection).getUnderlyingConnection().getSchema();
        } catch (SQLException e) {
            Scope.getCurrentScope().getLog(DuckLakeDatabase.class).info("Could not read the current schema", e);
            return null;
        }
    }

    /** DuckDB keeps the case names are written in, schemas and catalogs included. */
    @Override
    public CatalogAndSchema.CatalogAndSchemaCase getSchemaAndCatalogCase() {
        return CatalogAndSchema.CatalogAndSchemaCase.ORIGINAL_CASE;
    }

    /** Names are written lake-qualified ({@code "lake"."main".t}): nothing lands in DuckDB's own catalogs. */
    @Override
    public boolean supportsCatalogInObjectName(Class<? extends DatabaseObject> type) {
        return true;
    }

    /** What a lake holds: tables, columns, views and schemas; no keys, indexes or sequences. */
    @Override
    public boolean supports(Class<? extends DatabaseObject> type) {
        if (PrimaryKey.class.isAssignableFrom(type)
                || UniqueConstraint.class.isAssignableFrom(type)
                || ForeignKey.class.isAssignableFrom(type)
                || Index.class.isAssignableFrom(type)
                || Sequence.class.isAssignableFrom(type)) {
            return false;
        }
        return super.supports(type);
    }

    @Override
    public boolean supportsSequences() {
        return false;
    }

    @Override
    public boolean supportsAutoIncrement() {
        return false;
    }

    @Override
    public boolean supportsInitiallyDeferrableColumns() {
        return false;
    }

    @Override
    public boolean supportsTablespaces() {
        return false;
    }

    /** DuckLake refuses {@code DROP … CASCADE}; there are no dependent keys to cascade to anyway. */
    @Override
    public boolean supportsDropTableCascadeConstraints() {
        return false;
    }

    @Override
    public boolean supportsRestrictForeignKeys() {
        return false;
    }

    @Override
    public boolean supportsForeignKeyDisable() {
        return false;
    }

    @Override
    public boolean supportsPrimaryKeyNames() {
        return false;
    }

    @Override
    public boolean supportsNotNullConstraintNames() {
        return false;
    }

    /** DuckDB runs DDL inside transactions: a change set commits as one DuckLake snapshot. */
    @Override
    public boolean supportsDDLInTransaction() {
        return true;
    }
}
