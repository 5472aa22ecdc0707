package org.ducklake.jdbc.wrapper;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.ducklake.jdbc.engine.CatalogReads;
import org.ducklake.jdbc.sql.MetadataSql;
import org.ducklake.jdbc.sql.MetadataSql.Column;
import org.ducklake.jdbc.sql.MetadataSql.Filter;

/**
 * The metadata handed to the user. Identity comes from the connection's {@link LakeContext} (the masked
 * URL, the catalog user, this driver's name and version), {@link #getConnection()} is our connection, and
 * every result set is a {@link LakeResultSet} whose statement is a {@link LakeStatement} of our
 * connection.
 *
 * <p><b>A curated catalog view.</b> The engine holds more than the lake: the in-memory home database
 * {@code memory}, {@code system}, {@code temp} and DuckLake's metadata catalog
 * {@code __ducklake_metadata_<alias>}. Database tools browse whatever {@code getCatalogs}/{@code getTables}
 * return, so by default every catalog-bearing answer (catalogs, schemas, tables, columns, functions,
 * procedures, keys, indexes, types) is scoped to the lake's catalog ({@link LakeContext#lakeCatalog()}):
 * a null catalog argument does not narrow the search (JDBC) but still only shows the lake; "" or another
 * catalog's name finds nothing. With {@code showAll} every catalog of the engine is answered for.
 *
 * <p>These answers come from our own queries on DuckDB's catalog functions ({@code duckdb_tables()},
 * {@code duckdb_columns()}, …), returning exactly the columns the JDBC javadoc specifies (DuckDB's driver
 * misses or misorders some and throws for others). Methods with nothing to report for a lake (privileges,
 * super tables, …) return empty result sets with the specified columns; none throws.
 * Everything else is forwarded to DuckDB, one plain method each.
 */
public class LakeDatabaseMetaData extends DatabaseMetaDataForwards {

    private final LakeConnection connection;
    /** DuckDB's metadata of the engine connection {@link #delegateEngine}: it runs its queries there. */
    private volatile DatabaseMetaData delegate;

    private volatile Connection delegateEngine;
    private final LakeContext info;
    /** Answer for every catalog of the engine instead of only the lake's. */
    private final boolean showAll;
    /** The engine's version, e.g. "v1.5.5"; read once. */
    private volatile String productVersion;

    /**
     * @param showAll true: metadata answers cover every catalog of the engine ({@code memory}, {@code system},
     *                {@code temp}, DuckLake's metadata catalog), as DuckDB's driver does; false (the default):
     *                only the lake's catalog
     */
    LakeDatabaseMetaData(LakeConnection connection, DatabaseMetaData delegate, LakeContext info, boolean showAll) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.delegateEngine = connection.engine();
        this.info = Objects.requireNonNull(info, "info");
        this.showAll = showAll;
    }

    /** Whether this metadata answers for every catalog of the engine rather than only the lake. */
    public boolean showsAllCatalogs() {
        return showAll;
    }

    /** DuckDB's metadata, which answers the plain questions (see DatabaseMetaDataForwards). */
    @Override
    DatabaseMetaData delegate() throws SQLException {
        Connection engine = connection.engine();
        if (engine != delegateEngine) { // the connection's calls moved to another engine connection
            delegate = engine.getMetaData();
            delegateEngine = engine;
        }
        return delegate;
    }

    @Override
    DatabaseMetaData wrapped() {
        return delegate;
    }

    /** A forwarded call runs serialized with the connection's other calls: DuckDB answers some with a query. */
    @Override
    <T> T call(EngineCall<T> work) throws SQLException {
        return connection.calls().serialized(() -> {
            connection.rawConnection(); // open, in the lake, the live stream claimed
            return work.run();
        });
    }

    /** DuckDB's metadata leads to DuckDB's connection: once unwrapped, the engine connection is not reused. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (!iface.isInstance(this)) {
            connection.sessionLeftTheDriver();
        }
        return super.unwrap(iface);
    }

    /** Delegate errors are translated by the connection (see {@link LakeConnection#error}). */
    @Override
    SQLException error(SQLException e) {
        return connection.error(e);
    }

    /**
     * Wraps a metadata result set. DuckDB answers metadata through an internal prepared statement that closes
     * when its result set closes; that statement is wrapped as a {@link LakeStatement} tracked by our
     * connection and closed along with the result set, so {@code rs.getStatement().getConnection()} is our
     * connection and nothing of DuckDB's leaks out.
     */
    private ResultSet wrap(ResultSet raw) throws SQLException {
        if (raw == null) {
            return null;
        }
        try {
            Statement rawStatement = raw.getStatement();
            if (rawStatement == null) {
                // No statement to wrap: stand in a statement of our own that closes with the result set.
                rawStatement = connection.rawConnection().createStatement();
            }
            LakeStatement owner = connection.track(new LakeStatement(connection, rawStatement, null));
            return owner.adoptClosingWith(raw);
        } catch (SQLException e) {
            SQLException failure = error(e);
            try {
                raw.close();
            } catch (SQLException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    /**
     * Runs one of our metadata queries on DuckDB's connection and wraps the result like DuckDB's own metadata
     * answers: the statement becomes a {@link LakeStatement} of our connection that closes with the result
     * set. The query is a plain statement with its values written in ({@link Filter}): in auto-commit that is
     * one DuckLake transaction, one read of the catalog's snapshot, where prepare and execute would be two.
     * On a catalog server in auto-commit mode it runs in the instance's shared read window instead
     * ({@code metadata_window}, see CatalogReads), so a tool's browse shares one read of the catalog.
     */
    private ResultSet query(String sql) throws SQLException {
        // Only the lake's objects: the shared reads' engine connection has none of this connection's TEMP ones.
        ResultSet shared = showAll ? null : connection.readCatalog(sql);
        return shared != null ? shared : local(sql);
    }

    /**
     * As {@link #query}, always on this connection (for answers that read nothing of the lake's catalog too),
     * bounded by the network timeout.
     */
    private ResultSet local(String sql) throws SQLException {
        return connection.underEngineLockBounded(() -> runQuery(sql));
    }

    private ResultSet runQuery(String sql) throws SQLException {
        Statement statement;
        boolean transactionBefore = connection.inTransaction();
        try {
            statement = connection.rawConnection().createStatement();
        } catch (SQLException e) {
            connection.afterFailedExecution(transactionBefore, e);
            throw error(e);
        }
        try {
            return wrap(statement.executeQuery(sql));
        } catch (SQLException | RuntimeException e) {
            try {
                statement.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof SQLException) {
                connection.afterFailedExecution(transactionBefore, (SQLException) e);
                throw error((SQLException) e);
            }
            throw e;
        }
    }

    /** An empty answer with the given columns. */
    private ResultSet empty(List<Column> columns) throws SQLException {
        return local(MetadataSql.empty(columns));
    }

    /**
     * A filter that keeps the rows of the catalog asked for: the lake's only (unless showing all), and of
     * that only the given catalog when one is given (null: not narrowed; "": nothing, no object lacks one).
     */
    private Filter catalogFilter(String catalogColumn, String catalog) {
        Filter filter = new Filter();
        if (!showAll) {
            filter.equal(catalogColumn, info.lakeCatalog());
        }
        return filter.equal(catalogColumn, catalog);
    }

    // ---- java.sql.DatabaseMetaData ----

    @Override
    public String getURL() throws SQLException {
        return info.maskedUrl();
    }

    @Override
    public String getUserName() throws SQLException {
        return info.userName();
    }

    /*
     * DuckDB answers these with a query on the engine connection, which would end a stream still open on
     * it: the stream is moved aside first (see LakeConnection).
     */

    @Override
    public String getSQLKeywords() throws SQLException {
        connection.rawConnection();
        return super.getSQLKeywords();
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        connection.rawConnection();
        return super.getNumericFunctions();
    }

    @Override
    public String getStringFunctions() throws SQLException {
        connection.rawConnection();
        return super.getStringFunctions();
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        connection.rawConnection();
        return super.getSystemFunctions();
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        connection.rawConnection();
        return super.getTimeDateFunctions();
    }

    /** The engine's version as DuckDB prints it, e.g. {@code v1.5.5}; read once per metadata object. */
    @Override
    public String getDatabaseProductVersion() throws SQLException {
        String version = productVersion;
        if (version == null) {
            try {
                // DuckDB asks the engine: a call of the connection, the live stream claimed first.
                version = call(() -> delegate().getDatabaseProductVersion());
            } catch (SQLException e) {
                throw error(e);
            }
            productVersion = version;
        }
        return version;
    }

    /**
     * The number at {@code index} of a version such as {@code v1.5.5} or {@code 1.5.0-dev123}; 0 when it
     * has none.
     */
    static int versionNumber(String version, int index) {
        if (version == null) {
            return 0;
        }
        String[] parts = version.replaceFirst("^[^0-9]*", "").split("\\.");
        if (index >= parts.length) {
            return 0;
        }
        String digits = parts[index].replaceFirst("[^0-9].*$", "");
        try {
            return digits.isEmpty() ? 0 : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String getDriverName() throws SQLException {
        return info.driverName();
    }

    @Override
    public String getDriverVersion() throws SQLException {
        return info.driverVersion();
    }

    @Override
    public int getDriverMajorVersion() {
        return info.driverMajorVersion();
    }

    @Override
    public int getDriverMinorVersion() {
        return info.driverMinorVersion();
    }

    /** DuckDB's transactions are snapshot isolated (no dirty, non-repeatable or phantom reads). */
    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        return Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        return true;
    }

    /**
     * Every JDBC level is accepted by {@link LakeConnection#setTransactionIsolation} and met: snapshot
     * isolation is at least as strict as each of them. TRANSACTION_NONE is not supported.
     */
    @Override
    public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
        switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED:
            case Connection.TRANSACTION_READ_COMMITTED:
            case Connection.TRANSACTION_REPEATABLE_READ:
            case Connection.TRANSACTION_SERIALIZABLE:
                return true;
            default:
                return false;
        }
    }

    /** DuckDB has no stored procedures (its functions and macros are answered by getFunctions). */
    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        return empty(MetadataSql.PROCEDURES);
    }

    @Override
    public ResultSet getProcedureColumns(
            String catalog, String schemaPattern, String procedureNamePattern, String columnNamePattern)
            throws SQLException {
        return empty(MetadataSql.PROCEDURE_COLUMNS);
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        Filter filter = catalogFilter("TABLE_CAT", catalog)
                .like("TABLE_SCHEM", schemaPattern)
                .like("TABLE_NAME", tableNamePattern)
                .in("TABLE_TYPE", types);
        String rest = filter.sql() + " ORDER BY \"TABLE_TYPE\", \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\"";
        if (!showAll) {
            // In the shared read: without duckdb_tables() each time, whose statistics cost two round trips a table.
            ResultSet shared = connection.readCatalog(
                    w -> w.query(MetadataSql.selectLakeTables(tableComments(w)) + rest, LakeConnection::inMemory));
            if (shared != null) {
                return shared;
            }
        }
        return local(MetadataSql.SELECT_TABLES + rest);
    }

    /**
     * The lake's table comments in the window's read of the catalog: read from {@code duckdb_tables()} again only
     * when the lake's tables are other catalog entries than at the last read (see MetadataSql#LAKE_TABLE_OIDS),
     * and kept by the instance's shared reads across windows.
     */
    @SuppressWarnings("unchecked")
    private List<String[]> tableComments(CatalogReads.Window w) throws SQLException {
        String lake = MetadataSql.literal(info.lakeCatalog());
        String entries = w.query(MetadataSql.LAKE_TABLE_OIDS + lake, rs -> rs.next() ? rs.getString(1) : null);
        Object kept = entries == null ? null : w.remembered("table comments", entries);
        if (kept != null) {
            return (List<String[]>) kept;
        }
        List<String[]> comments = w.query(MetadataSql.LAKE_TABLE_COMMENTS + lake, rs -> {
            List<String[]> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
            return rows;
        });
        if (entries != null) {
            w.remember("table comments", entries, List.copyOf(comments));
        }
        return comments;
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    /** The lake's catalog (every attached database when showing all), e.g. {@code lake}. */
    @Override
    public ResultSet getCatalogs() throws SQLException {
        Filter filter = catalogFilter("TABLE_CAT", null);
        return query(MetadataSql.SELECT_CATALOGS + filter.sql() + " ORDER BY \"TABLE_CAT\"");
    }

    /** TABLE and VIEW: what a lake holds (and, when showing all, the engine's temporary and system kinds). */
    @Override
    public ResultSet getTableTypes() throws SQLException {
        List<String> types = showAll
                ? Arrays.asList("LOCAL TEMPORARY", "SYSTEM TABLE", "SYSTEM VIEW", "TABLE", "VIEW")
                : Arrays.asList("TABLE", "VIEW");
        List<List<String>> rows = new ArrayList<>();
        for (String type : types) {
            rows.add(Collections.singletonList(MetadataSql.literal(type)));
        }
        return local(MetadataSql.values(MetadataSql.TABLE_TYPES, rows) + " ORDER BY \"TABLE_TYPE\"");
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        Filter filter = catalogFilter("TABLE_CAT", catalog)
                .like("TABLE_SCHEM", schemaPattern)
                .like("TABLE_NAME", tableNamePattern)
                .like("COLUMN_NAME", columnNamePattern);
        return query(MetadataSql.SELECT_COLUMNS + filter.sql()
                + " ORDER BY \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"ORDINAL_POSITION\"");
    }

    /** DuckLake has no privileges of its own (access is the catalog database's and the object store's). */
    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        return empty(MetadataSql.COLUMN_PRIVILEGES);
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return empty(MetadataSql.TABLE_PRIVILEGES);
    }

    /**
     * DuckLake's row id, {@code rowid}, for a base table of the lake: a BIGINT pseudo column that identifies
     * one row for the session whatever scope is asked (DuckLake gives a row its id when it is inserted and keeps
     * it when the row moves between files: UPDATE, merging adjacent files, rewriting files with deletes), so
     * {@code UPDATE t SET c = ? WHERE rowid = ?} changes exactly that row. Empty for a view (its rowid is not a
     * table row's), a table with a column of its own named rowid (which hides the row id), and any table
     * outside the lake (DuckDB's own tables renumber their rows when they compact). Table is a name, not a
     * pattern; without one there is no single table to answer for.
     */
    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        if (table == null) {
            return empty(MetadataSql.ROW_IDENTIFIER);
        }
        Filter filter = lakeTables(catalog).equal("TABLE_SCHEM", schema).equal("TABLE_NAME", table);
        // one row even when a null schema finds the name in several schemas: the row id is the same column
        return query(MetadataSql.SELECT_ROW_ID + filter.sql() + " LIMIT 1");
    }

    /** The lake's tables (whether showing all catalogs or not: only the lake's row ids are stable), of the given catalog. */
    private Filter lakeTables(String catalog) {
        return new Filter().equal("TABLE_CAT", info.lakeCatalog()).equal("TABLE_CAT", catalog);
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return empty(MetadataSql.ROW_IDENTIFIER);
    }

    /**
     * Whether an answer about keys or indexes can be given without asking the engine: scoped to the lake it
     * is always empty (DuckLake has no primary, unique or foreign keys and no indexes), while DuckDB's
     * {@code duckdb_constraints()} and {@code duckdb_indexes()} open a catalog transaction on every attached
     * database to find that out, a handful of round trips to a PostgreSQL catalog per call, which a tool
     * browsing a schema makes for every table.
     */
    private boolean noKeysOrIndexes() {
        return !showAll;
    }

    /**
     * From {@code duckdb_constraints()} when showing all catalogs; empty for the lake (DuckLake has no primary
     * keys), without a catalog round trip. As JDBC specifies, schema and table are names, not patterns ("%"
     * finds a table named "%"); a null table does not narrow the search.
     */
    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        if (noKeysOrIndexes()) {
            return empty(MetadataSql.PRIMARY_KEYS);
        }
        Filter filter =
                catalogFilter("TABLE_CAT", catalog).equal("TABLE_SCHEM", schema).equal("TABLE_NAME", table);
        return query(MetadataSql.SELECT_PRIMARY_KEYS + filter.sql() + " ORDER BY \"COLUMN_NAME\"");
    }

    /** Empty for a lake table (DuckLake has no foreign keys); table is a name, as for getPrimaryKeys. */
    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return keys(null, null, null, catalog, schema, table, true);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return keys(catalog, schema, table, null, null, null, false);
    }

    @Override
    public ResultSet getCrossReference(
            String parentCatalog,
            String parentSchema,
            String parentTable,
            String foreignCatalog,
            String foreignSchema,
            String foreignTable)
            throws SQLException {
        return keys(parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable, false);
    }

    /**
     * Foreign keys from {@code duckdb_constraints()} when showing all catalogs (none in the lake), one row per column, with the unique constraint they
     * reference; null arguments do not narrow. Imported keys are ordered by the referenced (PK) table,
     * exported keys and cross references by the referencing (FK) table, as JDBC specifies.
     */
    private ResultSet keys(
            String pkCatalog,
            String pkSchema,
            String pkTable,
            String fkCatalog,
            String fkSchema,
            String fkTable,
            boolean orderByPkTable)
            throws SQLException {
        if (noKeysOrIndexes()) {
            return empty(MetadataSql.KEYS);
        }
        Filter filter = catalogFilter("FKTABLE_CAT", fkCatalog);
        if (!showAll) {
            filter.equal("PKTABLE_CAT", info.lakeCatalog());
        }
        filter.equal("PKTABLE_CAT", pkCatalog)
                .equal("PKTABLE_SCHEM", pkSchema)
                .equal("PKTABLE_NAME", pkTable)
                .equal("FKTABLE_SCHEM", fkSchema)
                .equal("FKTABLE_NAME", fkTable);
        String order = orderByPkTable
                ? "\"PKTABLE_CAT\", \"PKTABLE_SCHEM\", \"PKTABLE_NAME\", \"KEY_SEQ\""
                : "\"FKTABLE_CAT\", \"FKTABLE_SCHEM\", \"FKTABLE_NAME\", \"KEY_SEQ\"";
        return query(MetadataSql.SELECT_KEYS + filter.sql() + " ORDER BY " + order);
    }

    /** The types a lake column can have, with JDBC's columns; DATA_TYPE as DuckDB's ResultSetMetaData reports. */
    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return local(MetadataSql.SELECT_TYPE_INFO);
    }

    /**
     * From {@code duckdb_indexes()} when showing all catalogs, one row per indexed column or expression; empty
     * for the lake (DuckLake has no indexes), without a catalog round trip. Table is a name, as for
     * getPrimaryKeys.
     */
    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        if (noKeysOrIndexes()) {
            return empty(MetadataSql.INDEX_INFO);
        }
        Filter filter =
                catalogFilter("TABLE_CAT", catalog).equal("TABLE_SCHEM", schema).equal("TABLE_NAME", table);
        if (unique) {
            filter.where("NOT \"NON_UNIQUE\"");
        }
        return query(MetadataSql.SELECT_INDEXES + filter.sql()
                + " ORDER BY \"NON_UNIQUE\", \"INDEX_NAME\", \"ORDINAL_POSITION\"");
    }

    /** Forward-only results stream; scrollable ones are read into memory (see LakeConnection). */
    @Override
    public boolean supportsResultSetType(int type) throws SQLException {
        return type == ResultSet.TYPE_FORWARD_ONLY || type == ResultSet.TYPE_SCROLL_INSENSITIVE;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
        return concurrency == ResultSet.CONCUR_READ_ONLY && supportsResultSetType(type);
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) throws SQLException {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int type) throws SQLException {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int type) throws SQLException {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) throws SQLException {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int type) throws SQLException {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int type) throws SQLException {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int type) throws SQLException {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int type) throws SQLException {
        return false;
    }

    @Override
    public boolean insertsAreDetected(int type) throws SQLException {
        return false;
    }

    /** DuckDB's answer, scoped: asked with catalog "" DuckDB finds nothing (with the same columns). */
    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        String scoped =
                showAll ? catalog : catalog == null || catalog.equals(info.lakeCatalog()) ? info.lakeCatalog() : "";
        try {
            connection.rawConnection(); // moves a live stream aside before DuckDB's query
            return wrap(connection.underEngineLock(
                    () -> delegate().getUDTs(scoped, schemaPattern, typeNamePattern, types)));
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection;
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return empty(MetadataSql.SUPER_TYPES);
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return empty(MetadataSql.SUPER_TABLES);
    }

    @Override
    public ResultSet getAttributes(
            String catalog, String schemaPattern, String typeNamePattern, String attributeNamePattern)
            throws SQLException {
        return empty(MetadataSql.ATTRIBUTES);
    }

    /** Result sets stay open over commit (see {@link LakeConnection#getHoldability()}). */
    @Override
    public boolean supportsResultSetHoldability(int holdability) throws SQLException {
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    // Quirk.VERSION_REPORTED_AS_1_0
    /** Parsed from the engine's version (DuckDB's driver reports 1.0 whatever the engine). */
    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        return versionNumber(getDatabaseProductVersion(), 0);
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        return versionNumber(getDatabaseProductVersion(), 1);
    }

    /** The JDBC version of Java 11's java.sql, which the wrappers implement in full: 4.3. */
    @Override
    public int getJDBCMajorVersion() throws SQLException {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        return 3;
    }

    @Override
    public int getSQLStateType() throws SQLException {
        // Every error the driver raises carries a SQL:2003 / PostgreSQL-style SQLState (see SqlErrors).
        return sqlStateSQL;
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        return false;
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        Filter filter = catalogFilter("TABLE_CATALOG", catalog).like("TABLE_SCHEM", schemaPattern);
        return query(MetadataSql.SELECT_SCHEMAS + filter.sql() + " ORDER BY \"TABLE_CATALOG\", \"TABLE_SCHEM\"");
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        return false;
    }

    /**
     * The standard client info names; the connection keeps any name and value
     * ({@link LakeConnection#setClientInfo(String, String)}), so there is no length limit to report.
     */
    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return local(MetadataSql.SELECT_CLIENT_INFO);
    }

    /**
     * From {@code duckdb_functions()}: in the lake, its macros (DuckDB's built-in functions live in the
     * {@code system} catalog, listed only when showing all). One row per overload, told apart by
     * SPECIFIC_NAME, e.g. {@code twice(x)} or {@code abs(INTEGER)}.
     */
    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        Filter filter = catalogFilter("FUNCTION_CAT", catalog)
                .like("FUNCTION_SCHEM", schemaPattern)
                .like("FUNCTION_NAME", functionNamePattern);
        return query(MetadataSql.SELECT_FUNCTIONS
                + filter.sql()
                + " ORDER BY \"FUNCTION_CAT\", \"FUNCTION_SCHEM\", \"FUNCTION_NAME\", \"SPECIFIC_NAME\"");
    }

    /**
     * The parameters of the functions getFunctions lists (type ANY for an untyped macro parameter), and their
     * return value where DuckDB knows its type (ORDINAL_POSITION 0).
     */
    @Override
    public ResultSet getFunctionColumns(
            String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern)
            throws SQLException {
        Filter filter = catalogFilter("FUNCTION_CAT", catalog)
                .like("FUNCTION_SCHEM", schemaPattern)
                .like("FUNCTION_NAME", functionNamePattern)
                .like("COLUMN_NAME", columnNamePattern);
        return query(MetadataSql.SELECT_FUNCTION_COLUMNS
                + filter.sql() + " ORDER BY \"FUNCTION_CAT\", \"FUNCTION_SCHEM\", \"FUNCTION_NAME\", "
                + "\"SPECIFIC_NAME\", \"ORDINAL_POSITION\"");
    }

    /** The row id of each base table of the lake (see {@link #getBestRowIdentifier}). */
    @Override
    public ResultSet getPseudoColumns(
            String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        Filter filter = lakeTables(catalog)
                .like("TABLE_SCHEM", schemaPattern)
                .like("TABLE_NAME", tableNamePattern)
                .like("COLUMN_NAME", columnNamePattern);
        return query(MetadataSql.SELECT_ROW_ID_PSEUDO_COLUMNS
                + filter.sql()
                + " ORDER BY \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"COLUMN_NAME\"");
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        return false;
    }

    // ---- java.lang.Object: identity equality (Object's own, never the delegate's), and a toString with
    // nothing from the delegate (its text may carry secrets) ----

    @Override
    public String toString() {
        return "LakeDatabaseMetaData[" + info.maskedUrl() + "]";
    }
}
