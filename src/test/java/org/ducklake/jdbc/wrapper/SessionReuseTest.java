package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An engine connection handed to the next connect never carries the previous connection's session. The
 * instance of a lake hands the engine connection of a closed JDBC connection to the next connect (see
 * LakeInstance); whatever the closed connection did to its session (current database or schema, a setting, a
 * variable, a prepared statement, a temporary object), through whichever way of sending SQL (Statement,
 * PreparedStatement, a batch, DuckDB's own statement or connection reached through unwrap), and however the
 * statement is hidden (after a harmless statement in one text, after comments, in odd case), the next
 * connection sees a fresh session in the lake. In both sql_access modes; where lake mode refuses the statement,
 * the refusal is what it must do. On a DuckDB-file lake.
 *
 * <p>Each case opens connection 1 right after the previous case's connection 2 took its engine connection out
 * of reuse (by unwrapping it), so connection 1 gets a fresh engine connection, and connection 2 gets connection
 * 1's if the driver hands it on (the newest spare is taken first).
 */
class SessionReuseTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** A lake per mode: two engines (the modes differ in configuration) cannot open one DuckDB-file catalog. */
    private static final Map<Mode, TestLakes.FileLake> LAKES = new EnumMap<>(Mode.class);
    /**
     * Per mode, DuckDB's connection of a JDBC connection kept open between cases: it keeps the instance open, and
     * the lookups run on it (unwrapped, it is never handed on).
     */
    private static final Map<Mode, Connection> KEEPERS = new EnumMap<>(Mode.class);

    private static String defaultTimeZone;

    enum Mode {
        LAKE,
        UNRESTRICTED
    }

    /** A kind of session state, how a statement sets it, and whether lake mode refuses that statement. */
    enum State {
        USE_MEMORY("USE memory", true),
        USE_OTHER_SCHEMA("USE lake.other", false),
        SEARCH_PATH("SET search_path = 'lake.other'", true),
        SET_SCHEMA("SET schema = 'other'", true),
        TIME_ZONE("SET TimeZone = 'Asia/Tokyo'", false),
        SESSION_TIME_ZONE("SET SESSION TimeZone = 'Asia/Tokyo'", false),
        VARIABLE("SET VARIABLE x = 1", false),
        PREPARED_STATEMENT("PREPARE p AS SELECT 1", false),
        TEMP_TABLE("CREATE TEMP TABLE tt AS SELECT 1 AS a", false),
        TEMP_VIEW("CREATE TEMP VIEW tv AS SELECT 1 AS a", false),
        TEMP_MACRO("CREATE TEMP MACRO tm() AS 1", false),
        TEMP_FUNCTION("CREATE TEMP FUNCTION tf() AS 1", false),
        ATTACH("ATTACH ':memory:' AS extra_%d", true);

        final String sql;
        final boolean refusedInLakeMode;

        State(String sql, boolean refusedInLakeMode) {
            this.sql = sql;
            this.refusedInLakeMode = refusedInLakeMode;
        }

        String sql() {
            return sql.contains("%d") ? String.format(Locale.ROOT, sql, COUNTER.incrementAndGet()) : sql;
        }

        boolean movesTheDefaultSchema() {
            return this == USE_MEMORY || this == USE_OTHER_SCHEMA || this == SEARCH_PATH || this == SET_SCHEMA;
        }
    }

    /** A way of sending SQL on a JDBC connection. */
    enum Sender {
        STATEMENT(true) {
            @Override
            void send(Connection c, String sql) throws SQLException {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }
        },
        PREPARED_STATEMENT(true) {
            @Override
            void send(Connection c, String sql) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.execute();
                }
            }
        },
        STATEMENT_BATCH(true) {
            @Override
            void send(Connection c, String sql) throws SQLException {
                try (Statement s = c.createStatement()) {
                    s.addBatch(sql);
                    s.executeBatch();
                }
            }
        },
        UNWRAPPED_STATEMENT(false) {
            @Override
            void send(Connection c, String sql) throws SQLException {
                try (Statement s = c.createStatement()) {
                    s.unwrap(DuckDBPreparedStatement.class).execute(sql);
                }
            }
        },
        UNWRAPPED_PREPARED_STATEMENT(true) {
            @Override
            void send(Connection c, String sql) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.unwrap(DuckDBPreparedStatement.class).execute();
                }
            }
        },
        UNWRAPPED_CONNECTION(false) {
            @Override
            void send(Connection c, String sql) throws SQLException {
                try (Statement s = c.unwrap(DuckDBConnection.class).createStatement()) {
                    s.execute(sql);
                }
            }
        };

        /**
         * Whether the text passes the driver's lake-mode check: when it is prepared or run through the driver (the
         * unwrapped ones run on DuckDB's objects, trusted code).
         */
        final boolean checked;

        Sender(boolean checked) {
            this.checked = checked;
        }

        abstract void send(Connection c, String sql) throws SQLException;
    }

    /** How the statement is written. */
    enum Form {
        PLAIN(sql -> sql),
        AFTER_A_HARMLESS_STATEMENT(sql -> "SELECT 1; " + sql),
        AFTER_COMMENTS_IN_ODD_CASE(sql -> "/* set up */ -- the session\n \t " + oddCase(sql));

        final UnaryOperator<String> write;

        Form(UnaryOperator<String> write) {
            this.write = write;
        }

        /** The first word in alternating case: SET becomes sEt. */
        private static String oddCase(String sql) {
            int end = sql.indexOf(' ');
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < end; i++) {
                char ch = sql.charAt(i);
                b.append(i % 2 == 0 ? Character.toLowerCase(ch) : Character.toUpperCase(ch));
            }
            return b + sql.substring(end);
        }
    }

    @BeforeAll
    static void lakes() throws SQLException {
        for (Mode mode : Mode.values()) {
            LAKES.put(
                    mode,
                    TestLakes.file("session-reuse")
                            .with("sql_access", mode.name().toLowerCase(Locale.ROOT)));
            Connection keeper = connect(mode);
            KEEPERS.put(mode, keeper);
            try (Statement s = keeper.unwrap(DuckDBConnection.class).createStatement()) {
                s.execute("CREATE TABLE t AS SELECT range AS id FROM range(10)");
                s.execute("CREATE SCHEMA other");
                s.execute("CREATE TABLE other.t AS SELECT 42 AS id");
            }
        }
        defaultTimeZone = single(KEEPERS.get(Mode.UNRESTRICTED), "SELECT current_setting('TimeZone')");
        assertThat(defaultTimeZone).isNotEqualTo("Asia/Tokyo");
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection keeper : KEEPERS.values()) {
            keeper.close();
        }
    }

    private static Connection connect(Mode mode) throws SQLException {
        return LAKES.get(mode).connect();
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    static Stream<Arguments> cases() {
        return Arrays.stream(Mode.values())
                .flatMap(mode -> Arrays.stream(State.values())
                        .flatMap(state -> Arrays.stream(Sender.values())
                                .flatMap(sender -> Arrays.stream(Form.values())
                                        .map(form -> Arguments.of(mode, state, sender, form)))));
    }

    @Test
    void anUntouchedSessionIsHandedToTheNextConnect() throws SQLException {
        // The premise of the cases below: without a session change, connection 2 runs on connection 1's engine
        // connection.
        long first;
        try (Connection c1 = connect(Mode.UNRESTRICTED)) {
            first = Long.parseLong(single(c1, "SELECT current_connection_id()"));
            single(c1, "SELECT count(*) FROM t");
        }
        try (Connection c2 = connect(Mode.UNRESTRICTED)) {
            assertThat(Long.parseLong(single(c2, "SELECT current_connection_id()")))
                    .isEqualTo(first);
            c2.unwrap(DuckDBConnection.class); // out of reuse, as every case leaves it
        }
    }

    @ParameterizedTest(name = "{0}: {1} via {2}, {3}")
    @MethodSource("cases")
    void theNextConnectionSeesAFreshSession(Mode mode, State state, Sender sender, Form form) throws Exception {
        String sql = form.write.apply(state.sql());
        boolean refused = mode == Mode.LAKE && sender.checked && state.refusedInLakeMode;
        long first;
        try (Connection c1 = connect(mode)) {
            first = Long.parseLong(single(c1, "SELECT current_connection_id()"));
            if (refused) {
                assertThatThrownBy(() -> sender.send(c1, sql))
                        .as("lake mode refuses " + sql)
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                                .as(e.getMessage())
                                .isEqualTo("42501"));
            } else {
                sender.send(c1, sql);
            }
        }
        try (Connection c2 = connect(mode)) {
            String made = null;
            if (state.movesTheDefaultSchema()) {
                made = "made_" + COUNTER.incrementAndGet();
                try (Statement s = c2.createStatement()) {
                    s.execute("CREATE TABLE " + made + " (i INTEGER)");
                }
            }
            // Read the session through DuckDB's own connection: past lake mode's checks, and the engine
            // connection is then never handed on (it ends with c2).
            DuckDBConnection duck = c2.unwrap(DuckDBConnection.class);
            assertFreshSession(duck);
            if (state == State.ATTACH && !refused) {
                // ATTACH is engine-wide in DuckDB: every connection sees the database. The connection that
                // ran it must not be handed on all the same.
                assertThat(Long.parseLong(single(duck, "SELECT current_connection_id()")))
                        .as("the engine connection that ran ATTACH is not handed on")
                        .isNotEqualTo(first);
            }
            if (made != null) {
                assertThat(single(
                                KEEPERS.get(mode).unwrap(DuckDBConnection.class),
                                "SELECT string_agg(database_name || '.' || schema_name, ',') FROM duckdb_tables()"
                                        + " WHERE table_name = '" + made + "'"))
                        .as("a CREATE TABLE of the next connection goes to the lake's main schema")
                        .isEqualTo("lake.main");
            }
        }
    }

    /** The session of a new connection: in lake.main, default settings, no variable, prepared or temp object. */
    private static void assertFreshSession(Connection duck) throws SQLException {
        assertThat(single(duck, "SELECT current_database() || '.' || current_schema()"))
                .isEqualTo("lake.main");
        assertThat(single(duck, "SELECT current_setting('search_path')")).doesNotContain("other");
        assertThat(single(duck, "SELECT count(*) FROM t"))
                .as("t is lake.main.t")
                .isEqualTo("10");
        assertThat(single(duck, "SELECT current_setting('TimeZone')")).isEqualTo(defaultTimeZone);
        assertThat(single(duck, "SELECT getvariable('x') IS NULL")).isEqualTo("true");
        assertThat(single(duck, "SELECT count(*) FROM duckdb_tables() WHERE temporary"))
                .isEqualTo("0");
        assertThat(single(duck, "SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal"))
                .isEqualTo("0");
        assertThat(single(duck, "SELECT count(*) FROM duckdb_functions() WHERE function_name IN ('tm', 'tf')"))
                .isEqualTo("0");
        assertThatThrownBy(() -> single(duck, "EXECUTE p"))
                .as("no prepared statement p")
                .isInstanceOf(SQLException.class);
    }
}
