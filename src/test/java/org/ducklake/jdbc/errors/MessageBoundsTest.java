package org.ducklake.jdbc.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message bound ({@link SqlErrors#MESSAGE_LIMIT} characters) holds on every path: connect-time errors (a huge property value, property name or URL,
 * on a DuckDB-file lake and on a PostgreSQL lake), statement errors (a statement of a million characters),
 * and in every exception reached through getCause() and getNextException(). A huge password never shows.
 */
class MessageBoundsTest {
    private static final int HUGE = 100_000;
    /** A password no message may show, nor any long piece of it. */
    private static final String PASSWORD = "Canary-Pw-" + "p".repeat(HUGE);

    private static final String[] HUGE_PROPERTIES = {
        "user", "password", "extension_directory", "data_path", "alias", "metadata_schema", "unknown"
    };

    static Stream<Arguments> connectCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String catalog : new String[] {"duckdb", "postgres"}) {
            for (String property : HUGE_PROPERTIES) {
                b.add(Arguments.of(catalog, property));
            }
            b.add(Arguments.of(catalog, "url"));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}: huge {1}")
    @MethodSource("connectCases")
    void connectErrorsAreBounded(String catalog, String what) throws Exception {
        String url;
        Properties p;
        if (catalog.equals("postgres")) {
            TestLakes.PostgresLake lake = TestLakes.postgres();
            url = lake.url();
            p = lake.properties();
        } else {
            TestLakes.FileLake lake = TestLakes.file("bounds").withLocalDataPath();
            url = lake.url();
            p = lake.properties();
        }
        String huge = "v".repeat(HUGE);
        switch (what) {
            case "password":
                p.setProperty("password", PASSWORD);
                break;
            case "unknown":
                p.setProperty("no_such_property_" + huge, "x");
                break;
            case "url":
                url = url + (catalog.equals("postgres") ? " application_name=" + huge : huge);
                // The URL carries the password too: it must be masked there as well.
                url = url + ";password=" + PASSWORD;
                p.remove("password");
                break;
            case "data_path":
                p.setProperty(what, (catalog.equals("postgres") ? "s3://" + TestLakes.BUCKET + "/" : "/tmp/") + huge);
                break;
            default:
                p.setProperty(what, huge);
        }
        String target = url;
        SQLException e = catchThrowableOfType(
                SQLException.class, () -> DriverManager.getConnection(target, p).close());
        // A file catalog has no login (user and password are not used), and a long metadata_schema is a
        // name PostgreSQL and DuckDB accept: those connects may succeed. Every other one fails.
        boolean mayConnect = what.equals("metadata_schema")
                || (catalog.equals("duckdb") && (what.equals("user") || what.equals("password")));
        if (e == null) {
            assertThat(mayConnect)
                    .as("a connect with a %d-character %s fails", HUGE, what)
                    .isTrue();
            return;
        }
        assertBounded(e, PASSWORD, p.getProperty("password", PASSWORD));
        if (catalog.equals("postgres") && what.equals("user")) {
            // PostgreSQL drops a login packet over 10,000 bytes without an answer; libpq then says "server
            // closed the connection unexpectedly". The server was reached and refused this login, so it is
            // not "Cannot reach the catalog database" (08006, transient: retry logic would try again forever).
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("08004");
            assertThat(e.getMessage()).startsWith("The catalog database refused the login");
            assertThat((Throwable) e).isInstanceOf(java.sql.SQLNonTransientConnectionException.class);
        }
    }

    @Test
    void aStatementOfAMillionCharactersFailsWithABoundedMessageOnADuckDbFileLake() throws Exception {
        try (Connection c = TestLakes.file("bounds-sql").withLocalDataPath().connect()) {
            hugeStatementsFail(c, ""); // a file lake has no password
        }
    }

    @Test
    void aStatementOfAMillionCharactersFailsWithABoundedMessageOnAPostgresLake() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = lake.connect()) {
            hugeStatementsFail(c, lake.password);
        }
    }

    private static void hugeStatementsFail(Connection c, String password) throws SQLException {
        String million = "w".repeat(1_000_000);
        String quoted = password.replace("'", "''");
        String[] statements = {
            "SELECT " + million, // unknown column, its name echoed
            "SELEC '" + million + "'", // syntax error, the statement echoed
            "SELECT '" + million + "'::INTEGER", // a value the engine cannot convert
            "SELECT 1 FROM " + million, // unknown table
            "SELECT '" + quoted + million + "'::INTEGER", // the password inside a huge value
            "SELECT '" + million + quoted + "'::INTEGER" // the password at the end of a huge value
        };
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                assertBounded(catchThrowableOfType(SQLException.class, () -> s.execute(sql)), password);
                assertBounded(
                        catchThrowableOfType(
                                SQLException.class,
                                () -> c.prepareStatement(sql).execute()),
                        password);
            }
            // A batch: the failure arrives as a BatchUpdateException with next exceptions.
            s.addBatch("CREATE TABLE IF NOT EXISTS ok (x INTEGER)");
            s.addBatch(statements[0]);
            assertBounded(catchThrowableOfType(SQLException.class, s::executeBatch), password);
            s.clearBatch();
            s.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?::INTEGER)")) {
                ps.setString(1, million);
                ps.addBatch();
                ps.setString(1, password + million);
                ps.addBatch();
                assertBounded(catchThrowableOfType(SQLException.class, ps::executeBatch), password);
            }
            assertThat(s.execute("SELECT 1"))
                    .as("the connection is still usable")
                    .isTrue();
        }
    }

    /** Every exception reached through getCause() and getNextException(): bounded, stated, no password. */
    static void assertBounded(SQLException top, String... secrets) {
        assertThat((Throwable) top).as("the statement should fail").isNotNull();
        assertThat(top.getSQLState()).as("state of %s", top).isNotNull();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(top);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            String m = t.getMessage();
            System.out.printf(
                    "  %s %s len=%d%n",
                    t.getClass().getName(),
                    t instanceof SQLException ? ((SQLException) t).getSQLState() : "-",
                    m == null ? -1 : m.length());
            if (m != null) {
                assertThat(m.length())
                        .as("%s: %.300s…", t.getClass().getName(), m)
                        .isLessThanOrEqualTo(SqlErrors.MESSAGE_LIMIT);
                for (String secret : secrets) {
                    if (!secret.isEmpty()) {
                        assertThat(m).doesNotContain(secret.substring(0, Math.min(24, secret.length())));
                    }
                }
            }
            assertThat(String.valueOf(t).length()).isLessThanOrEqualTo(SqlErrors.MESSAGE_LIMIT + 200);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.add(s);
            }
            if (t instanceof SQLException) {
                SQLException next = ((SQLException) t).getNextException();
                if (next != null) {
                    // A next exception is one the caller handles as an error of its own: it has a state.
                    assertThat(next.getSQLState()).as("state of next %s", next).isNotNull();
                    todo.add(next);
                }
            }
        }
        System.out.printf(
                "%s %s: %s%n",
                top.getClass().getSimpleName(),
                top.getSQLState(),
                top.getMessage().replaceAll("(.)\\1{19,}", "$1$1$1…"));
    }
}
