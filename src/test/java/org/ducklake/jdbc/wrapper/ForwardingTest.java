package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wrappers against a real in-memory DuckDB: forwarding, back references, closing, errors, state. */
class ForwardingTest {

    /** A metadata query under test. */
    private interface MetadataCall {
        ResultSet call(DatabaseMetaData md) throws SQLException;
    }

    private final AtomicInteger onCloseRuns = new AtomicInteger();
    private Connection raw;
    private LakeConnection conn;

    @BeforeEach
    void open() throws SQLException {
        raw = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        conn = InMemoryConnections.wrap(raw, onCloseRuns::incrementAndGet);
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    // ---- back references ----

    @Test
    void statementAndResultSetLeadBackToOurObjects() throws SQLException {
        Statement stmt = conn.createStatement();
        assertThat(stmt).isInstanceOf(LakeStatement.class);
        assertThat(stmt.getConnection()).isSameAs(conn);

        ResultSet rs = stmt.executeQuery("SELECT 42 AS answer");
        assertThat(rs).isInstanceOf(LakeResultSet.class);
        assertThat(rs.getStatement()).isSameAs(stmt);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt("answer")).isEqualTo(42);
        assertThat(rs.next()).isFalse();

        assertThat(stmt.execute("SELECT 'x' AS s")).isTrue();
        ResultSet current = stmt.getResultSet();
        assertThat(current).isInstanceOf(LakeResultSet.class);
        assertThat(current.getStatement()).isSameAs(stmt);
        assertThat(current.next()).isTrue();
        assertThat(current.getString("s")).isEqualTo("x");
        assertThat(rs.isClosed())
                .as("executing again closed the previous result set")
                .isTrue();
    }

    @Test
    void preparedStatementResultSetLeadsBackToIt() throws SQLException {
        PreparedStatement ps = conn.prepareStatement("SELECT CAST(? AS INTEGER) + 1");
        assertThat(ps).isInstanceOf(LakePreparedStatement.class);
        assertThat(ps.getConnection()).isSameAs(conn);
        ps.setInt(1, 41);
        ResultSet rs = ps.executeQuery();
        assertThat(rs).isInstanceOf(LakeResultSet.class);
        assertThat(rs.getStatement()).isSameAs(ps);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);

        ps.setInt(1, 1);
        assertThat(ps.execute()).isTrue();
        assertThat(ps.getResultSet().getStatement()).isSameAs(ps);
    }

    @Test
    void callableStatementIsAPreparedStatementWithoutOutParameters() throws SQLException {
        CallableStatement cs = conn.prepareCall("SELECT CAST(? AS INTEGER) * 2");
        assertThat(cs).isInstanceOf(LakeCallableStatement.class);
        assertThat(cs.getConnection()).isSameAs(conn);
        cs.setInt(1, 21);
        ResultSet rs = cs.executeQuery();
        assertThat(rs.getStatement()).isSameAs(cs);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);

        assertThatThrownBy(() -> cs.registerOutParameter(1, Types.INTEGER))
                .isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> cs.getInt(1)).isInstanceOf(SQLFeatureNotSupportedException.class);
        // The SQL has no $p parameter: the named setter says so (named parameters: see DbApiTest).
        assertThatThrownBy(() -> cs.setInt("p", 1))
                .isInstanceOf(SQLSyntaxErrorException.class)
                .hasMessageContaining("No parameter named p");
    }

    @Test
    void metadataLeadsBackToOurConnection() throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        assertThat(md).isInstanceOf(LakeDatabaseMetaData.class);
        assertThat(md.getConnection()).isSameAs(conn);
        assertThat(md.getTables(null, null, "%", null).getStatement().getConnection())
                .isSameAs(conn);
    }

    @Test
    void everyMetadataResultSetIsWrappedAndOwnedByOurStatement() throws SQLException {
        try (Statement stmt = conn.createStatement()) {
            stmt.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY, name VARCHAR)");
            stmt.execute("CREATE TABLE child(id INTEGER, parent_id INTEGER REFERENCES parent(id))");
            stmt.execute("CREATE INDEX child_parent ON child(parent_id)");
            stmt.execute("CREATE MACRO twice(x) AS x * 2");
        }
        int before = conn.openStatementCount();
        DatabaseMetaData md = conn.getMetaData();

        // name -> the call, and the column whose values are collected to check the answer is DuckDB's
        Map<String, MetadataCall> calls = new LinkedHashMap<>();
        Map<String, String> column = new LinkedHashMap<>();
        calls.put("getTables", m -> m.getTables(null, null, "%", null));
        column.put("getTables", "TABLE_NAME");
        calls.put("getColumns", m -> m.getColumns(null, null, "%", "%"));
        column.put("getColumns", "COLUMN_NAME");
        calls.put("getSchemas", DatabaseMetaData::getSchemas);
        column.put("getSchemas", "TABLE_SCHEM");
        calls.put("getCatalogs", DatabaseMetaData::getCatalogs);
        column.put("getCatalogs", "TABLE_CAT");
        calls.put("getTypeInfo", DatabaseMetaData::getTypeInfo);
        column.put("getTypeInfo", "TYPE_NAME");
        calls.put("getPrimaryKeys", m -> m.getPrimaryKeys(null, null, "%"));
        column.put("getPrimaryKeys", "TABLE_NAME");
        calls.put("getImportedKeys", m -> m.getImportedKeys(null, null, "%"));
        column.put("getImportedKeys", "PKTABLE_NAME");
        calls.put("getIndexInfo", m -> m.getIndexInfo(null, null, "%", false, false));
        column.put("getIndexInfo", "INDEX_NAME");
        calls.put("getProcedures", m -> m.getProcedures(null, null, "%"));
        column.put("getProcedures", "PROCEDURE_NAME");
        calls.put("getFunctions", m -> m.getFunctions(null, null, "%"));
        column.put("getFunctions", "FUNCTION_NAME");

        List<String> unsupported = new ArrayList<>();
        Map<String, List<String>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, MetadataCall> call : calls.entrySet()) {
            String name = call.getKey();
            ResultSet rs;
            try {
                rs = call.getValue().call(md);
            } catch (SQLFeatureNotSupportedException e) {
                unsupported.add(name);
                continue;
            }
            assertThat(rs).as(name).isInstanceOf(LakeResultSet.class);
            Statement owner = rs.getStatement();
            assertThat(owner).as(name).isInstanceOf(LakeStatement.class);
            assertThat(owner.getConnection()).as(name).isSameAs(conn);
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(column.get(name)));
            }
            answers.put(name, values);
            rs.close();
            assertThat(owner.isClosed())
                    .as(name + ": its statement closes with it")
                    .isTrue();
        }
        // DuckDB 1.5.5.1 supports all ten; if a later version drops one, the others are still checked.
        assertThat(unsupported).as("metadata methods DuckDB refuses").isEmpty();
        assertThat(conn.openStatementCount())
                .as("no metadata statement lingers")
                .isEqualTo(before);

        // The wrapped answers are DuckDB's real answers.
        assertThat(answers.get("getTables")).contains("parent", "child");
        assertThat(answers.get("getColumns")).contains("id", "name", "parent_id");
        assertThat(answers.get("getSchemas")).contains("main");
        assertThat(answers.get("getCatalogs")).contains("memory");
        assertThat(answers.get("getTypeInfo")).contains("INTEGER", "VARCHAR");
        // Keys and indexes: a lake has none, so they are answered from DuckDB's catalog only when showing
        // every catalog (the scoped answer is empty without asking); this in-memory "lake" has some.
        md = new LakeDatabaseMetaData(conn, raw.getMetaData(), InMemoryConnections.CONTEXT, true);
        // getPrimaryKeys/getImportedKeys/getIndexInfo take a table name, not a pattern: DuckDB finds
        // nothing for "%", so their answers are checked with the table's name.
        try (ResultSet rs = md.getIndexInfo(null, null, "child", false, false)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("INDEX_NAME")).isEqualTo("child_parent");
        }
        try (ResultSet rs = md.getPrimaryKeys(null, null, "parent")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("COLUMN_NAME")).isEqualTo("id");
            assertThat(rs.getStatement().getConnection()).isSameAs(conn);
        }
        try (ResultSet rs = md.getImportedKeys(null, null, "child")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("PKTABLE_NAME")).isEqualTo("parent");
            assertThat(rs.getString("FKCOLUMN_NAME")).isEqualTo("parent_id");
        }
        assertThat(conn.openStatementCount()).isEqualTo(before);
        assertThat(answers.get("getFunctions")).contains("twice");
    }

    // ---- unwrap ----

    @Test
    void unwrapReachesDuckDbAndTheAppenderWorks() throws SQLException {
        assertThat(conn.isWrapperFor(DuckDBConnection.class)).isTrue();
        assertThat(conn.isWrapperFor(LakeConnection.class)).isTrue();
        assertThat(conn.unwrap(Connection.class)).isSameAs(conn);
        DuckDBConnection duck = conn.unwrap(DuckDBConnection.class);
        assertThat(duck).isSameAs(raw);

        try (Statement stmt = conn.createStatement()) {
            stmt.execute("CREATE TABLE appended(i INTEGER, s VARCHAR)");
            try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "appended")) {
                for (int i = 1; i <= 3; i++) {
                    appender.beginRow().append(i).append("row " + i).endRow();
                }
            }
            try (ResultSet rs = stmt.executeQuery("SELECT count(*), sum(i) FROM appended")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.getLong(2)).isEqualTo(6);
            }
            ResultSet rs = stmt.executeQuery("SELECT 1");
            assertThat(rs.unwrap(DuckDBResultSet.class)).isNotNull();
            assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
        }
    }

    // ---- closing ----

    @Test
    void closingTheConnectionClosesItsChildrenAndRunsOnCloseOnce() throws SQLException {
        Statement stmt = conn.createStatement();
        ResultSet rs = stmt.executeQuery("SELECT * FROM range(10)");
        PreparedStatement ps = conn.prepareStatement("SELECT ?");
        ps.setInt(1, 1);
        ResultSet prs = ps.executeQuery();
        ResultSet mdRs = conn.getMetaData().getTables(null, null, "%", null);
        Statement mdOwner = mdRs.getStatement();
        assertThat(onCloseRuns).hasValue(0);

        conn.close();

        assertThat(conn.isClosed()).isTrue();
        assertThat(raw.isClosed()).isTrue();
        for (AutoCloseable child : List.<AutoCloseable>of(stmt, rs, ps, prs, mdRs, mdOwner)) {
            assertThat(isClosed(child)).as(child.toString()).isTrue();
        }
        assertThat(onCloseRuns).hasValue(1);
        conn.close();
        assertThat(onCloseRuns).as("close is idempotent").hasValue(1);
    }

    @Test
    void onCloseRunsOnceAfterTheDelegateClosedEvenWhenItFails() throws SQLException {
        Connection otherRaw = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        AtomicInteger runs = new AtomicInteger();
        List<Boolean> delegateClosedWhenRun = new ArrayList<>();
        LakeConnection failing = new LakeConnection(
                otherRaw,
                InMemoryConnections.CONTEXT,
                InMemoryConnections.link(() -> {
                    runs.incrementAndGet();
                    try {
                        delegateClosedWhenRun.add(otherRaw.isClosed());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("release failed");
                }),
                true);
        Statement stmt = failing.createStatement();

        SQLException e = catchThrowableOfType(SQLException.class, failing::close);
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("release failed");
        assertThat(runs).hasValue(1);
        assertThat(delegateClosedWhenRun).containsExactly(true);
        assertThat(stmt.isClosed()).isTrue();
        assertThat(failing.isClosed()).isTrue();
        failing.close();
        assertThat(runs).as("not again").hasValue(1);
    }

    @Test
    void closingAStatementClosesItsResultSetAndLeavesTheConnection() throws SQLException {
        Statement stmt = conn.createStatement();
        ResultSet rs = stmt.executeQuery("SELECT 1");
        assertThat(conn.openStatementCount()).isEqualTo(1);
        stmt.close();
        assertThat(rs.isClosed()).isTrue();
        assertThat(stmt.isClosed()).isTrue();
        assertThat(conn.openStatementCount()).isZero();
        stmt.close(); // idempotent
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsLastResultSet() throws SQLException {
        Statement stmt = conn.createStatement();
        stmt.closeOnCompletion();
        assertThat(stmt.isCloseOnCompletion()).isTrue();
        ResultSet first = stmt.executeQuery("SELECT 1");
        ResultSet second = stmt.executeQuery("SELECT 2"); // closes the first, but not the statement
        assertThat(first.isClosed()).isTrue();
        assertThat(stmt.isClosed()).isFalse();
        second.close();
        assertThat(stmt.isClosed()).isTrue();
        assertThat(conn.openStatementCount()).isZero();
    }

    @Test
    void methodsOnClosedObjectsThrow() throws SQLException {
        Statement stmt = conn.createStatement();
        ResultSet rs = stmt.executeQuery("SELECT 1");
        rs.close();
        assertClosedError(rs::next, "55000");
        assertClosedError(() -> rs.getInt(1), "55000");
        assertClosedError(rs::getStatement, "55000");
        stmt.close();
        assertClosedError(() -> stmt.executeQuery("SELECT 1"), "55000");
        assertClosedError(stmt::getConnection, "55000");
        assertClosedError(() -> stmt.enquoteLiteral("x"), "55000");
        assertThat(stmt.unwrap(Statement.class)).isSameAs(stmt);

        conn.close();
        assertClosedError(conn::createStatement, "08003");
        assertClosedError(() -> conn.prepareStatement("SELECT 1"), "08003");
        assertClosedError(() -> conn.prepareCall("SELECT 1"), "08003");
        assertClosedError(conn::getMetaData, "08003");
        assertClosedError(conn::getAutoCommit, "08003");
        assertClosedError(conn::commit, "08003");
        assertClosedError(conn::getSchema, "08003");
        assertClosedError(() -> conn.nativeSQL("SELECT 1"), "08003");
        assertClosedError(conn::isReadOnly, "08003");
        assertClosedError(conn::getTransactionIsolation, "08003");
        assertClosedError(conn::getClientInfo, "08003");
        assertClosedError(() -> conn.setClientInfo("ApplicationName", "x"), "08003");
        assertClosedError(conn::beginRequest, "08003");
        // still allowed on a closed connection
        assertThat(conn.isClosed()).isTrue();
        assertThat(conn.isValid(0)).isFalse();
        assertThat(conn.unwrap(DuckDBConnection.class)).isSameAs(raw);
        assertThat(conn.isWrapperFor(DuckDBConnection.class)).isTrue();
        conn.close();
    }

    // ---- errors ----

    @Test
    void aStatementStaysUsableAfterAFailedExecute() throws SQLException {
        Statement stmt = conn.createStatement();
        stmt.setMaxRows(3); // DuckDB 1.5.5.1 ignores max rows and fetch size, but honours the query timeout
        stmt.setFetchSize(100);
        stmt.setQueryTimeout(30);
        Statement firstDelegate = stmt.unwrap(DuckDBPreparedStatement.class);
        assertThatThrownBy(() -> stmt.execute("SELEC 1")).isInstanceOf(SQLException.class);
        assertThat(firstDelegate.isClosed())
                .as("DuckDB closed its statement after the failure")
                .isTrue();
        assertThat(stmt.isClosed()).isFalse();

        List<Long> rows = new ArrayList<>();
        try (ResultSet rs = stmt.executeQuery("SELECT * FROM range(3)")) {
            assertThat(rs.getStatement()).isSameAs(stmt);
            while (rs.next()) {
                rows.add(rs.getLong(1));
            }
        }
        assertThat(rows).containsExactly(0L, 1L, 2L);
        assertThat(stmt.unwrap(DuckDBPreparedStatement.class)).isNotSameAs(firstDelegate);
        assertThat(stmt.getQueryTimeout())
                .as("carried over to the new delegate")
                .isEqualTo(30);

        // and again: a second failure, a second recovery
        assertThatThrownBy(() -> stmt.executeUpdate("INSERT INTO no_such_table VALUES (1)"))
                .isInstanceOf(SQLException.class);
        assertThat(stmt.execute("CREATE TABLE recovered(i INTEGER)")).isFalse();
        assertThat(stmt.executeUpdate("INSERT INTO recovered VALUES (1), (2)")).isEqualTo(2);
        assertThat(conn.openStatementCount()).isEqualTo(1);
    }

    @Test
    void aPreparedStatementIsPreparedAgainAfterAFailedExecute() throws SQLException {
        PreparedStatement ps = conn.prepareStatement("SELECT CAST(? AS INTEGER)");
        ps.setString(1, "not a number");
        assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class);
        ps.setString(1, "12");
        try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.getStatement()).isSameAs(ps);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(12);
        }
    }

    @Test
    void errorsCarryAStateAndTheOriginalException() throws SQLException {
        Statement stmt = conn.createStatement();
        SQLException syntax = catchThrowableOfType(SQLException.class, () -> stmt.execute("SELEC 1"));
        assertThat(syntax.getSQLState()).isEqualTo("42601");
        assertThat(syntax.getCause()).isInstanceOf(SQLException.class);
        assertThat(syntax.getCause().getClass().getName()).isEqualTo("java.sql.SQLException");
        assertThat(((SQLException) syntax.getCause()).getSQLState())
                .as("DuckDB's own, untranslated")
                .isNull();
        assertThat(syntax.getCause().getMessage()).contains("Parser Error");

        SQLException missing =
                catchThrowableOfType(SQLException.class, () -> stmt.executeQuery("SELECT * FROM no_such_table"));
        assertThat(missing.getSQLState()).isEqualTo("42P01");
        assertThat(missing.getCause()).isInstanceOf(SQLException.class);

        SQLException prepare = catchThrowableOfType(SQLException.class, () -> conn.prepareStatement("SELEC 1"));
        assertThat(prepare.getSQLState()).isNotNull();
        assertThat(prepare.getCause()).isInstanceOf(SQLException.class);
    }

    // ---- identity ----

    @Test
    void metadataReportsTheSessionNotTheEngine() throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        assertThat(md.getURL())
                .isEqualTo(InMemoryConnections.CONTEXT.maskedUrl())
                .isEqualTo("jdbc:ducklake:test");
        assertThat(md.getUserName()).isEqualTo("alice");
        assertThat(md.getDriverName()).isEqualTo("DuckLake JDBC");
        assertThat(md.getDriverVersion()).isEqualTo("0.1.0");
        assertThat(md.getDriverMajorVersion()).isZero();
        assertThat(md.getDriverMinorVersion()).isEqualTo(1);
        assertThat(md.getDatabaseProductName())
                .as("everything else is DuckDB's")
                .isEqualTo("DuckDB");
    }

    @Test
    void toStringNeverShowsTheDelegate() throws SQLException {
        Statement stmt = conn.createStatement();
        ResultSet rs = stmt.executeQuery("SELECT 1");
        assertThat(conn.toString())
                .isEqualTo("LakeConnection[jdbc:ducklake:test]")
                .doesNotContain(raw.toString());
        assertThat(stmt.toString())
                .startsWith("LakeStatement@")
                .doesNotContain(stmt.unwrap(DuckDBPreparedStatement.class).toString());
        assertThat(rs.toString())
                .startsWith("LakeResultSet@")
                .doesNotContain(rs.unwrap(DuckDBResultSet.class).toString());
        for (Object o : List.of(conn, stmt, rs, conn.getMetaData())) {
            assertThat(o.toString()).doesNotContain("org.duckdb");
        }
    }

    @Test
    void equalityIsIdentity() throws SQLException {
        LakeConnection other = InMemoryConnections.wrap(raw, () -> {});
        assertThat(conn).isEqualTo(conn).isNotEqualTo(other);
        assertThat(conn.hashCode()).isEqualTo(System.identityHashCode(conn));
    }

    // ---- connection state ----

    @Test
    void connectionStateRoundTripsWithoutTouchingTheEngine() throws SQLException {
        assertThat(conn.isReadOnly()).isFalse();
        conn.setReadOnly(true);
        assertThat(conn.isReadOnly()).isTrue();
        conn.setReadOnly(false);
        assertThat(conn.isReadOnly()).isFalse();

        assertThat(conn.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        assertThat(conn.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        SQLException none = catchThrowableOfType(
                SQLException.class, () -> conn.setTransactionIsolation(Connection.TRANSACTION_NONE));
        assertThat(none.getSQLState()).isEqualTo("22023");
        assertThat(conn.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);

        assertThat(conn.getHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);
        conn.setHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT);
        assertThat(conn.getHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);

        conn.setClientInfo("ApplicationName", "DBeaver");
        assertThat(conn.getClientInfo("ApplicationName")).isEqualTo("DBeaver");
        Properties copy = conn.getClientInfo();
        assertThat(copy).containsEntry("ApplicationName", "DBeaver");
        copy.setProperty("ApplicationName", "changed");
        assertThat(conn.getClientInfo("ApplicationName"))
                .as("getClientInfo() is a copy")
                .isEqualTo("DBeaver");
        Properties replacement = new Properties();
        replacement.setProperty("ClientUser", "bob");
        conn.setClientInfo(replacement);
        assertThat(conn.getClientInfo("ClientUser")).isEqualTo("bob");
        assertThat(conn.getClientInfo("ApplicationName")).isNull();

        Executor inline = Runnable::run;
        assertThat(conn.getNetworkTimeout()).isZero();
        conn.setNetworkTimeout(inline, 1234);
        assertThat(conn.getNetworkTimeout()).isEqualTo(1234);

        assertThat(conn.isValid(1)).isTrue();
        assertThat(onCloseRuns).hasValue(0);
    }

    @Test
    void catalogAndSchemaGoThroughTheEngine() throws SQLException {
        assertThat(conn.getCatalog()).isEqualTo("memory");
        assertThat(conn.getSchema()).isEqualTo("main");
        try (Statement stmt = conn.createStatement()) {
            stmt.execute("CREATE SCHEMA other");
        }
        conn.setSchema("other");
        assertThat(conn.getSchema()).isEqualTo("other");
        try (Statement stmt = conn.createStatement();
                ResultSet rs = stmt.executeQuery("SELECT current_schema()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("setSchema ran USE in the engine").isEqualTo("other");
        }
        conn.setCatalog("memory");
        assertThat(conn.getCatalog()).isEqualTo("memory");
    }

    @Test
    void abortClosesTheConnectionOnTheExecutor() throws SQLException {
        assertThatThrownBy(() -> conn.abort(null)).isInstanceOf(SQLException.class);
        assertThat(conn.isClosed()).isFalse();
        List<Runnable> queued = new ArrayList<>();
        Statement stmt = conn.createStatement();
        conn.abort(queued::add);
        assertThat(conn.isClosed()).as("marked closed at once").isTrue();
        assertThat(queued).hasSize(1);
        assertThat(onCloseRuns).hasValue(0);
        queued.get(0).run();
        assertThat(stmt.isClosed()).isTrue();
        assertThat(raw.isClosed()).isTrue();
        assertThat(onCloseRuns).hasValue(1);
        conn.abort(Runnable::run); // no-op once closed
        conn.close();
        assertThat(onCloseRuns).hasValue(1);
    }

    // ---- helpers ----

    private static boolean isClosed(AutoCloseable c) throws SQLException {
        if (c instanceof Statement) {
            return ((Statement) c).isClosed();
        }
        return ((ResultSet) c).isClosed();
    }

    private static void assertClosedError(ThrowingCallable call, String state) {
        SQLException e = catchThrowableOfType(SQLException.class, call);
        assertThat((Throwable) e).as("expected a closed error").isNotNull();
        assertThat(e.getSQLState()).isEqualTo(state);
        assertThat(e.getMessage()).contains("closed");
    }
}
