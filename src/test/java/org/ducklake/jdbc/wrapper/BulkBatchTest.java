package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ducklake.jdbc.wrapper.LakeQueries.files;
import static org.ducklake.jdbc.wrapper.LakeQueries.scalar;
import static org.ducklake.jdbc.wrapper.LakeQueries.sql;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.duckdb.DuckDBPreparedStatement;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch of a prepared INSERT … VALUES written in one statement through a staging table: the rows
 * stored are the ones the row-by-row path stores for the same calls, the batch makes one data file, is all
 * or nothing, joins an open transaction, and statements or values it cannot stage run row by row. On a
 * real PostgreSQL-catalog lake with S3 data, with the default sql_access=lake.
 *
 * <p>Which path a batch took shows in the lake: a staged batch of more rows than DuckLake inlines (10) is
 * one data file; the row path inlines each single-row insert into the catalog and writes no file.
 */
class BulkBatchTest {
    private static TestLakes.PostgresLake lake;

    @BeforeAll
    static void lake() {
        lake = TestLakes.postgres();
    }

    private static Connection connect(boolean bulk) throws SQLException {
        Properties p = lake.properties();
        p.setProperty("bulk_batch", String.valueOf(bulk));
        return DriverManager.getConnection(lake.url(), p);
    }

    /**
     * How many of a table's rows are in its data files, read from DuckLake's metadata (which sql_access=lake
     * keeps from SQL, so on a connection without it); rows inlined into the catalog are not counted.
     */
    private static long rowsInDataFiles(String table) throws SQLException {
        Properties p = lake.properties();
        p.setProperty("sql_access", "unrestricted");
        try (Connection c = DriverManager.getConnection(lake.url(), p)) {
            return scalar(
                    c,
                    "SELECT coalesce(sum(f.record_count), 0) FROM __ducklake_metadata_lake.ducklake_data_file f"
                            + " JOIN __ducklake_metadata_lake.ducklake_table t USING (table_id)"
                            + " WHERE t.table_name = '" + table + "' AND f.end_snapshot IS NULL"
                            + " AND t.end_snapshot IS NULL");
        }
    }

    /** Rows in one table and not the other, both ways, duplicates and NULLs counted. */
    private static void assertSameRows(Connection c, String a, String b) throws SQLException {
        assertThat(scalar(c, "SELECT count(*) FROM " + a)).isEqualTo(scalar(c, "SELECT count(*) FROM " + b));
        assertThat(scalar(c, "SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b + ")"))
                .as("rows of %s missing from %s", a, b)
                .isZero();
        assertThat(scalar(c, "SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + ")"))
                .as("rows of %s missing from %s", b, a)
                .isZero();
    }

    /** One batch of calls, made on the statement of a connection. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Runs the same calls through the staged path into {@code table}_fast and the row path into {@code table}_row. */
    private static void bothWays(String ddl, String table, String insert, Binder binder) throws SQLException {
        try (Connection fast = connect(true);
                Connection row = connect(false)) {
            sql(fast, "CREATE TABLE " + table + "_fast " + ddl);
            sql(fast, "CREATE TABLE " + table + "_row " + ddl);
            for (Connection c : List.of(fast, row)) {
                String target = table + (c == fast ? "_fast" : "_row");
                try (PreparedStatement ps = c.prepareStatement(insert.replace("$T", target))) {
                    binder.bind(ps);
                    int[] counts = ps.executeBatch();
                    assertThat(counts).containsOnly(1);
                }
            }
            assertThat(files(fast, table + "_fast"))
                    .as("the staged batch is one file")
                    .isEqualTo(1);
            assertThat(files(fast, table + "_row"))
                    .as("the row path inlines every row")
                    .isZero();
            assertSameRows(fast, table + "_fast", table + "_row");
        }
    }

    @Test
    void hundredThousandRowsInOneTransactionMakeAtMostTwoFilesAndInlineNothing() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE big (id BIGINT, s VARCHAR, d DOUBLE, ts TIMESTAMP, m DECIMAL(18,2), n VARCHAR)");
            c.setAutoCommit(false);
            LocalDateTime base = LocalDateTime.of(2026, 1, 1, 0, 0);
            List<int[]> results = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO big VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 100_000; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, "name-" + i);
                    ps.setDouble(3, i * 0.5);
                    ps.setTimestamp(4, Timestamp.valueOf(base.plusSeconds(i)));
                    ps.setBigDecimal(5, BigDecimal.valueOf(i, 2));
                    if (i % 3 == 0) {
                        ps.setNull(6, Types.VARCHAR);
                    } else {
                        ps.setString(6, "n" + i);
                    }
                    ps.addBatch();
                    if ((i + 1) % 50_000 == 0) {
                        results.add(ps.executeBatch());
                    }
                }
            }
            c.commit();
            assertThat(results).hasSize(2);
            for (int[] counts : results) {
                assertThat(counts).hasSize(50_000).containsOnly(1);
            }
            assertThat(scalar(c, "SELECT count(*) FROM big")).isEqualTo(100_000);
            assertThat(scalar(c, "SELECT count(*) FROM big WHERE n IS NULL")).isEqualTo(33_334);
            assertThat(scalar(c, "SELECT sum(m * 100)::BIGINT FROM big")).isEqualTo(99_999L * 100_000 / 2);
            assertThat(scalar(c, "SELECT count(*) FROM big WHERE ts = TIMESTAMP '2026-01-01' + id * INTERVAL 1 SECOND"))
                    .isEqualTo(100_000);
            assertThat(files(c, "big")).as("data files for 100k rows").isBetween(1L, 2L);
            assertThat(rowsInDataFiles("big"))
                    .as("rows in data files: none inlined")
                    .isEqualTo(100_000);
        }
    }

    @Test
    void storedValuesEqualTheRowPathForEveryType() throws Exception {
        String ddl = "(id INTEGER, b BOOLEAN, ti TINYINT, si SMALLINT, bi BIGINT, f FLOAT, d DOUBLE,"
                + " m DECIMAL(18,2), m38 DECIMAL(38,10), s VARCHAR, bl BLOB, u UUID, dt DATE, tm TIME,"
                + " ts TIMESTAMP, tz TIMESTAMPTZ)";
        String big = "ü€𝄞-".repeat(1 << 18); // 1 MB and more in UTF-8
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        bothWays(ddl, "types", "INSERT INTO $T VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            for (int i = 0; i < 16; i++) {
                ps.setInt(1, i);
                if (i % 4 == 3) { // every column NULL, both ways of saying so
                    for (int p = 2; p <= 16; p++) {
                        if (p % 2 == 0) {
                            ps.setNull(p, Types.OTHER);
                        } else {
                            ps.setObject(p, null);
                        }
                    }
                    ps.addBatch();
                    continue;
                }
                ps.setBoolean(2, i % 2 == 0);
                ps.setByte(3, (byte) -i);
                ps.setShort(4, (short) (i * 1000));
                ps.setLong(5, Long.MAX_VALUE - i);
                ps.setFloat(6, i / 3f);
                ps.setDouble(7, i / 7d);
                // scale beyond the column's (rounded by the cast), and scales that differ by row
                ps.setBigDecimal(8, new BigDecimal(i % 2 == 0 ? "12.345" : "-0.5").add(BigDecimal.valueOf(i)));
                ps.setBigDecimal(9, new BigDecimal("12345678901234567890.0123456789").negate());
                ps.setString(10, i == 0 ? big : "naïve café 東京 " + i + " 'quoted' \"double\"");
                ps.setBytes(11, i == 0 ? bytes : new byte[] {0, (byte) i, (byte) 0xff});
                ps.setObject(12, new UUID(i * 0x1234567890abcdefL, ~i));
                if (i % 2 == 0) {
                    ps.setDate(
                            13, java.sql.Date.valueOf(LocalDate.of(1969, 12, 31).plusDays(i)));
                    ps.setTime(14, java.sql.Time.valueOf(LocalTime.of(23, 59, 58)));
                    Timestamp ts =
                            Timestamp.valueOf(LocalDateTime.of(1900, 1, 1, 0, 0).plusYears(i * 10));
                    ts.setNanos(123_456_000);
                    ps.setTimestamp(15, ts);
                } else {
                    ps.setObject(13, LocalDate.of(2262, 4, 11).minusDays(i));
                    ps.setObject(14, LocalTime.of(1, 2, 3, 456_789_000));
                    ps.setObject(15, LocalDateTime.of(2026, 5, 26, 12, 0).plusNanos(i * 1000L));
                }
                ps.setObject(16, OffsetDateTime.of(2026, 5, 26, 12, 0, i, 0, ZoneOffset.ofHours(i - 8)));
                ps.addBatch();
            }
        });
        try (Connection c = connect(true);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT s, bl, m, u FROM types_fast WHERE id = 0")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(big);
            assertThat(rs.getString(1).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1 << 20);
            assertThat(rs.getBytes(2)).isEqualTo(bytes);
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("12.35");
            assertThat(rs.getObject(4)).isEqualTo(new UUID(0, ~0));
        }
    }

    @Test
    void valuesAreCastToTheirColumnsAsTheRowPathCastsParameters() throws Exception {
        bothWays(
                "(id INTEGER, i INTEGER, dt DATE, d DOUBLE, m DECIMAL(10,3), s VARCHAR, b BOOLEAN, ts TIMESTAMP)",
                "casts",
                "INSERT INTO $T VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> {
                    for (int i = 0; i < 12; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, String.valueOf(i * 11)); // a String for an INTEGER
                        ps.setString(3, "2026-02-" + (10 + i)); // a String for a DATE
                        ps.setLong(4, Long.MAX_VALUE - i); // a Long for a DOUBLE
                        ps.setInt(5, i * 1000); // an Integer for a DECIMAL
                        ps.setDouble(6, i + 0.25); // a Double for a VARCHAR
                        ps.setInt(7, i % 2); // an Integer for a BOOLEAN
                        ps.setString(8, "2026-05-26 01:02:03.5"); // a String for a TIMESTAMP
                        ps.addBatch();
                    }
                });
        try (Connection c = connect(true)) {
            assertThat(scalar(c, "SELECT i FROM casts_fast WHERE id = 3")).isEqualTo(33);
        }
    }

    @Test
    void columnListsLiteralsNumberedParametersAndDefaults() throws Exception {
        String ddl = "(id INTEGER, note VARCHAR DEFAULT 'none', k INTEGER DEFAULT 42, s VARCHAR)";
        bothWays(ddl, "cols", "INSERT INTO $T (s, id) VALUES (?, ?)", ps -> {
            for (int i = 0; i < 12; i++) {
                ps.setString(1, "s" + i);
                ps.setInt(2, i);
                ps.addBatch();
            }
        });
        bothWays(ddl, "numbered", "INSERT INTO $T (id, s, k, note) VALUES ($2, $1, -7, 'it''s')", ps -> {
            for (int i = 0; i < 12; i++) {
                ps.setString(1, "s" + i);
                ps.setInt(2, i);
                ps.addBatch();
            }
        });
        try (Connection c = connect(true);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, note, k, s FROM cols_fast WHERE id = 5")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("none");
            assertThat(rs.getInt(3)).isEqualTo(42);
            assertThat(rs.getString(4)).isEqualTo("s5");
            assertThat(scalar(c, "SELECT count(*) FROM numbered_fast WHERE k = -7 AND note = 'it''s'"))
                    .isEqualTo(12);
        }
    }

    @Test
    void integersOfDifferentWidthsAcrossRowsWidenAndOtherMixesRunRowByRow() throws Exception {
        bothWays("(id INTEGER, v BIGINT)", "widen", "INSERT INTO $T VALUES (?, ?)", ps -> {
            for (int i = 0; i < 12; i++) {
                ps.setInt(1, i);
                Object[] widths = {i, (long) i << 33, (short) i};
                ps.setObject(2, widths[i % 3]);
                ps.addBatch();
            }
        });
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE mixed (id INTEGER, v BIGINT)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mixed VALUES (?, ?)")) {
                for (int i = 0; i < 12; i++) {
                    ps.setInt(1, i);
                    if (i % 3 == 0) {
                        ps.setInt(2, i);
                    } else if (i % 3 == 1) {
                        ps.setLong(2, i);
                    } else {
                        ps.setString(2, String.valueOf(i));
                    }
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(12).containsOnly(1);
            }
            assertThat(scalar(c, "SELECT sum(v) FROM mixed")).isEqualTo(66);
            assertThat(files(c, "mixed"))
                    .as("Integer, Long and String for one column: row by row")
                    .isZero();
        }
    }

    @Test
    void aRowTheEngineRefusesFailsTheWholeBatchInAutoCommitMode() throws Exception {
        try (Connection c = connect(true);
                Connection row = connect(false)) {
            sql(c, "CREATE TABLE refused (id INTEGER, v INTEGER)");
            String rowPathState;
            try (PreparedStatement ps = row.prepareStatement("INSERT INTO refused VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "abc");
                rowPathState = catchThrowableOfType(SQLException.class, ps::executeUpdate)
                        .getSQLState();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO refused VALUES (?, ?)")) {
                for (int i = 0; i < 20; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, i == 17 ? "abc" : String.valueOf(i));
                    ps.addBatch();
                }
                BatchUpdateException e = catchThrowableOfType(BatchUpdateException.class, ps::executeBatch);
                assertThat((Throwable) e).isNotNull();
                assertThat(e.getSQLState()).startsWith("22").isEqualTo(rowPathState);
                assertThat(e.getMessage()).contains("abc");
                assertThat(e.getUpdateCounts()).isEmpty();
                assertThat(e.getLargeUpdateCounts()).isEmpty();
                assertThat(e.getCause()).isInstanceOf(SQLDataException.class);
                assertThat((Throwable) e.getNextException()).isSameAs(e.getCause());
                assertThat(scalar(c, "SELECT count(*) FROM refused"))
                        .as("nothing half-written")
                        .isZero();
                assertThat(c.unwrap(LakeConnection.class).inTransaction()).isFalse();

                // the statement is usable after the failure, and the failed rows are gone
                for (int i = 0; i < 12; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, String.valueOf(i));
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(12).containsOnly(1);
                ps.setInt(1, 100);
                ps.setInt(2, 100);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(scalar(c, "SELECT count(*) FROM refused")).isEqualTo(13);
            assertThat(files(c, "refused")).isEqualTo(1);

            // the row path fails the same way: BatchUpdateException, same SQLState, nothing stored
            try (PreparedStatement ps = row.prepareStatement("INSERT INTO refused VALUES (?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setInt(1, 1000 + i);
                    ps.setString(2, i == 2 ? "abc" : "1");
                    ps.addBatch();
                }
                BatchUpdateException e = catchThrowableOfType(BatchUpdateException.class, ps::executeBatch);
                assertThat(e.getSQLState()).isEqualTo(rowPathState);
                assertThat(e.getUpdateCounts()).isEmpty();
            }
            assertThat(scalar(c, "SELECT count(*) FROM refused")).isEqualTo(13);
        }
    }

    @Test
    void aNotNullViolationFailsTheBatchWith23502() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE not_null (id INTEGER NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO not_null VALUES (?)")) {
                for (int i = 0; i < 12; i++) {
                    ps.setObject(1, i == 5 ? null : i);
                    ps.addBatch();
                }
                BatchUpdateException e = catchThrowableOfType(BatchUpdateException.class, ps::executeBatch);
                assertThat(e.getSQLState()).isEqualTo("23502");
            }
            assertThat(scalar(c, "SELECT count(*) FROM not_null")).isZero();
        }
    }

    @Test
    void inManualCommitModeTheBatchJoinsTheTransaction() throws Exception {
        try (Connection c = connect(true);
                Connection other = connect(true)) {
            sql(c, "CREATE TABLE manual (id INTEGER)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO manual VALUES (?)")) {
                for (int i = 0; i < 20; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(20);
                assertThat(scalar(c, "SELECT count(*) FROM manual")).isEqualTo(20);
                assertThat(scalar(other, "SELECT count(*) FROM manual"))
                        .as("not committed")
                        .isZero();
                c.rollback();
                assertThat(scalar(c, "SELECT count(*) FROM manual"))
                        .as("rolled back")
                        .isZero();

                for (int i = 0; i < 20; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                ps.executeBatch();
                sql(c, "INSERT INTO manual VALUES (-1)");
                c.commit();
            }
            assertThat(scalar(other, "SELECT count(*) FROM manual")).isEqualTo(21);
            assertThat(scalar(other, "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'"))
                    .as("no stage left behind")
                    .isZero();
            assertThat(scalar(c, "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'"))
                    .as("no stage left behind")
                    .isZero();

            // a failing batch inside a transaction: the transaction cannot commit any of it. The batch is
            // staged until the next call (see CoalescedBatchTest), here the commit, which fails and rolls back.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO manual VALUES (?)")) {
                for (int i = 0; i < 12; i++) {
                    ps.setString(1, i == 4 ? "x" : String.valueOf(i + 100));
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(12);
            }
            assertThatThrownBy(c::commit).isInstanceOf(BatchUpdateException.class);
            assertThat(scalar(c, "SELECT count(*) FROM manual")).isEqualTo(21);
        }
    }

    @Test
    void clearBatchClearParametersReuseEmptyAndLargeBatches() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE reuse (id INTEGER, s VARCHAR)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reuse VALUES (?, ?)")) {
                assertThat(ps.executeBatch()).isEmpty();
                for (int i = 0; i < 5; i++) {
                    ps.setInt(1, -i);
                    ps.setString(2, "dropped");
                    ps.addBatch();
                }
                ps.clearBatch();
                ps.setInt(1, 999);
                ps.setString(2, "cleared");
                ps.clearParameters();
                for (int i = 0; i < 12; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "kept");
                    ps.addBatch();
                }
                assertThat(ps.executeLargeBatch()).hasSize(12).containsOnly(1L);
                assertThat(ps.executeBatch())
                        .as("the batch is empty after it ran")
                        .isEmpty();
                ps.setInt(1, 50);
                ps.setString(2, "single");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                for (int i = 0; i < 12; i++) {
                    ps.setInt(1, 100 + i);
                    ps.setString(2, "again");
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(12).containsOnly(1);
            }
            assertThat(scalar(c, "SELECT count(*) FROM reuse WHERE s = 'kept'")).isEqualTo(12);
            assertThat(scalar(c, "SELECT count(*) FROM reuse WHERE s IN ('dropped', 'cleared')"))
                    .isZero();
            assertThat(scalar(c, "SELECT count(*) FROM reuse")).isEqualTo(25);
            assertThat(files(c, "reuse")).isEqualTo(2);
        }
    }

    @Test
    void statementsAndValuesThatCannotBeStagedRunRowByRow() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE fallback (id INTEGER, s VARCHAR)");
            String[] statements = {
                "INSERT INTO fallback VALUES (?, ? || '!')", // an expression
                "INSERT INTO fallback VALUES (?, ?), (-1, 'x')", // two rows
                "INSERT INTO fallback (id, s) VALUES (?, CAST(? AS VARCHAR))",
                "WITH x AS (SELECT 1) INSERT INTO fallback VALUES (?, ?)",
            };
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < 12; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "v");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            // values bound through setters the stage does not record
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fallback VALUES (?, ?)")) {
                for (int i = 0; i < 12; i++) {
                    ps.setInt(1, i);
                    if (i == 7) {
                        ps.setCharacterStream(2, new StringReader("streamed"));
                    } else {
                        ps.setObject(2, i, Types.VARCHAR);
                    }
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(12).containsOnly(1);
            }
            assertThat(scalar(c, "SELECT count(*) FROM fallback WHERE s = 'streamed'"))
                    .isEqualTo(1);
            assertThat(files(c, "fallback")).as("every batch ran row by row").isZero();
            assertThat(scalar(c, "SELECT count(*) FROM fallback")).isEqualTo(4 * 12 + 12 + 12);
        }
    }

    @Test
    void aValueTypeTheRowPathRefusesFailsTheSameWay() throws Exception {
        try (Connection c = connect(true);
                Connection row = connect(false)) {
            sql(c, "CREATE TABLE instants (id INTEGER, tz TIMESTAMPTZ)");
            String[] states = new String[2];
            int k = 0;
            for (Connection conn : List.of(c, row)) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO instants VALUES (?, ?)")) {
                    for (int i = 0; i < 12; i++) {
                        ps.setInt(1, i);
                        ps.setObject(2, Instant.ofEpochSecond(i));
                        ps.addBatch();
                    }
                    SQLException e = catchThrowableOfType(SQLException.class, ps::executeBatch);
                    states[k++] = e == null ? "ok" : e.getClass().getName() + " " + e.getSQLState();
                }
            }
            assertThat(states[0]).isEqualTo(states[1]);
        }
    }

    @Test
    void unwrappingDuckDbsStatementKeepsItsBatchesRowByRow() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE unwrapped (id INTEGER)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO unwrapped VALUES (?)")) {
                DuckDBPreparedStatement raw = ps.unwrap(DuckDBPreparedStatement.class);
                for (int i = 0; i < 12; i++) {
                    raw.setObject(1, i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(12);
            }
            assertThat(scalar(c, "SELECT sum(id) FROM unwrapped")).isEqualTo(66);
            assertThat(files(c, "unwrapped")).isZero();
        }
    }

    @Test
    void namedParametersOfACallableStatementAreStaged() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE called (id INTEGER, s VARCHAR)");
            try (CallableStatement cs = c.prepareCall("INSERT INTO called VALUES ($id, $s)")) {
                for (int i = 0; i < 12; i++) {
                    cs.setInt("id", i);
                    cs.setString("s", "c" + i);
                    cs.addBatch();
                }
                assertThat(cs.executeBatch()).hasSize(12).containsOnly(1);
            }
            assertThat(scalar(c, "SELECT count(*) FROM called WHERE s = 'c' || id"))
                    .isEqualTo(12);
            assertThat(files(c, "called")).isEqualTo(1);
        }
    }

    @Test
    void statementBatchesOfMixedSqlStillWork() throws Exception {
        try (Connection c = connect(true);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE mixed_sql (id INTEGER)");
            s.addBatch("INSERT INTO mixed_sql VALUES (1)");
            s.addBatch("INSERT INTO mixed_sql VALUES (2), (3)");
            s.addBatch("UPDATE mixed_sql SET id = id + 10 WHERE id > 1");
            s.addBatch("DELETE FROM mixed_sql WHERE id = 1");
            assertThat(s.executeBatch()).containsExactly(1, 2, 2, 1);
            assertThat(scalar(c, "SELECT sum(id) FROM mixed_sql")).isEqualTo(25);
        }
    }

    @Test
    void sqlAccessLakeStillChecksTheStatementAtPrepare() throws Exception {
        try (Connection c = connect(true)) {
            assertThat(scalar(c, "SELECT current_setting('lock_configuration')::INTEGER"))
                    .isEqualTo(1);
            assertThat(scalar(c, "SELECT current_setting('enable_external_access')::INTEGER"))
                    .isZero();
            assertThatThrownBy(() -> c.prepareStatement(
                            "INSERT INTO __ducklake_metadata_lake.main.ducklake_metadata VALUES (?, ?, ?, ?)"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }
}
