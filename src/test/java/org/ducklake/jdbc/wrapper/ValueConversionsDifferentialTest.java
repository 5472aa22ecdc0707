package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every getter on every type a DuckLake table stores, read three ways from the same lake table: from the
 * live stream, from the same result moved aside into memory (another statement ran on the connection after
 * the first row), and from a scrollable result (read into memory at execution). The three must answer alike:
 * the same value, or the same exception class and SQLState, and the same {@code wasNull}.
 */
class ValueConversionsDifferentialTest {

    /** A type, and its rows: typical, extremes, then NULL (the last row of every column). */
    private record Column(String type, List<String> values) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("BOOLEAN", List.of("true", "false", "true")),
            new Column("TINYINT", List.of("7", "-128", "127")),
            new Column("SMALLINT", List.of("0", "-32768", "32767")),
            new Column("INTEGER", List.of("1", "-2147483648", "2147483647")),
            new Column("BIGINT", List.of("42", "-9223372036854775808", "9223372036854775807")),
            new Column("HUGEINT", List.of("2", "-170141183460469231731687303715884105728", "12345678901234567890123")),
            new Column("UTINYINT", List.of("1", "0", "255")),
            new Column("USMALLINT", List.of("1", "0", "65535")),
            new Column("UINTEGER", List.of("0", "1", "4294967295")),
            new Column("UBIGINT", List.of("3", "0", "18446744073709551615")),
            new Column("FLOAT", List.of("1.5", "'-inf'::FLOAT", "'nan'::FLOAT")),
            new Column("DOUBLE", List.of("0.1", "-1.7976931348623157e308", "'inf'::DOUBLE")),
            new Column("DECIMAL(4,1)", List.of("12.5", "-999.9", "0")),
            new Column("DECIMAL(9,4)", List.of("3.1416", "-99999.9999", "1")),
            new Column("DECIMAL(18,6)", List.of("123456.789012", "-999999999999.999999", "0.000001")),
            new Column("DECIMAL(38,10)", List.of("1.5", "-9999999999999999999999999999.9999999999", "2")),
            new Column("VARCHAR", List.of("'hello'", "''", "'true'")),
            new Column("VARCHAR", List.of("'42'", "'2024-01-02'", "'1'")),
            new Column("BLOB", List.of("'\\xDE\\xAD'::BLOB", "''::BLOB", "'abc'::BLOB")),
            new Column("DATE", List.of("DATE '2024-02-29'", "DATE '1970-01-01'", "DATE '0001-01-01'")),
            new Column("TIME", List.of("TIME '13:14:15.123456'", "TIME '00:00:00'", "TIME '23:59:59.999999'")),
            new Column("TIMETZ", List.of("TIMETZ '13:14:15+02'", "TIMETZ '00:00:00+00'", "TIMETZ '23:59:59-05:30'")),
            new Column(
                    "TIMESTAMP",
                    List.of(
                            "TIMESTAMP '2024-02-29 13:14:15.123456'",
                            "TIMESTAMP '1969-12-31 23:59:59'",
                            "TIMESTAMP '2262-04-11 00:00:00'")),
            new Column(
                    "TIMESTAMP_S", List.of("TIMESTAMP_S '2024-02-29 13:14:15'", "TIMESTAMP_S '1900-01-01 00:00:00'")),
            new Column("TIMESTAMP_MS", List.of("TIMESTAMP_MS '2024-02-29 13:14:15.123'")),
            new Column("TIMESTAMP_NS", List.of("TIMESTAMP_NS '2024-02-29 13:14:15.123456789'")),
            new Column(
                    "TIMESTAMPTZ",
                    List.of("TIMESTAMPTZ '2024-02-29 13:14:15.5+00'", "TIMESTAMPTZ '1969-07-20 20:17:40+03'")),
            new Column("INTERVAL", List.of("INTERVAL 1 DAY", "INTERVAL '1 year 2 months 3 seconds'")),
            new Column(
                    "UUID",
                    List.of(
                            "'6b17a4ea-1b5e-4b47-9d63-0b5b6e0b1a59'",
                            "'00000000-0000-0000-0000-000000000000'",
                            "'ffffffff-ffff-ffff-ffff-ffffffffffff'")),
            new Column("JSON", List.of("'{\"a\": 1}'", "'[1, 2]'", "'\"text\"'", "'true'", "'3'")),
            new Column("INTEGER[]", List.of("[1, 2, NULL]", "[]")),
            new Column("VARCHAR[]", List.of("['a', 'b']")),
            new Column("STRUCT(a INTEGER, b VARCHAR)", List.of("{'a': 1, 'b': 'x'}", "{'a': NULL, 'b': NULL}")),
            new Column("MAP(VARCHAR, INTEGER)", List.of("MAP {'k': 1, 'l': 2}", "MAP {}")),
            new Column("INTEGER[][]", List.of("[[1], [2, 3]]")),
            new Column("STRUCT(d DATE, l INTEGER[])", List.of("{'d': DATE '2024-01-02', 'l': [1]}")));

    /** Types a DuckLake table might not take: tried, and left out when the lake refuses them. */
    private static final List<Column> MAYBE = List.of(
            new Column("UHUGEINT", List.of("5", "340282366920938463463374607431768211455")),
            new Column("UNION(i INTEGER, s VARCHAR)", List.of("1::UNION(i INTEGER, s VARCHAR)")),
            new Column("INTEGER[3]", List.of("[1, 2, 3]")),
            new Column("VARIANT", List.of("1::VARIANT")),
            new Column("BIT", List.of("'0101'::BIT")),
            new Column("TIME_NS", List.of("'12:00:00.000000001'::TIME_NS")));

    private static final Class<?>[] CLASSES = {
        String.class,
        Boolean.class,
        Byte.class,
        Short.class,
        Integer.class,
        Long.class,
        Float.class,
        Double.class,
        BigDecimal.class,
        BigInteger.class,
        byte[].class,
        LocalDate.class,
        LocalTime.class,
        LocalDateTime.class,
        OffsetDateTime.class,
        OffsetTime.class,
        java.time.ZonedDateTime.class,
        Instant.class,
        UUID.class,
        java.sql.Date.class,
        java.sql.Time.class,
        java.sql.Timestamp.class,
        Array.class,
        Blob.class,
        Object.class
    };

    private static final Calendar CALENDAR = Calendar.getInstance(TimeZone.getTimeZone("Asia/Kathmandu"));

    /** A lake holding table t: the columns it took, in table order (column c{i} is stored.get(i)). */
    private record Lake(String url, Properties props, List<Column> stored, int rows) {}

    private static Lake lake;

    @BeforeAll
    static void fileLake() throws SQLException {
        TestLakes.FileLake file = TestLakes.file("values");
        lake = fill(file.url(), file.properties(), Map.of());
    }

    /** Creates table t in the lake: a column per type the lake takes, a row per value, NULLs after. */
    private static Lake fill(String url, Properties props, Map<String, List<String>> otherValues) throws SQLException {
        List<Column> all = new ArrayList<>();
        for (Column column : COLUMNS) {
            all.add(new Column(column.type(), otherValues.getOrDefault(column.type(), column.values())));
        }
        for (Column column : MAYBE) {
            all.add(new Column(column.type(), otherValues.getOrDefault(column.type(), column.values())));
        }
        List<Column> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, props);
                Statement s = c.createStatement()) {
            for (Column column : all) {
                try {
                    s.execute("CREATE TABLE probe (v " + column.type() + ")");
                    s.execute("DROP TABLE probe");
                    stored.add(column);
                } catch (SQLException refused) {
                    assertThat(MAYBE)
                            .as("a DuckLake table refused " + column.type())
                            .contains(column);
                }
            }
            int rows =
                    stored.stream().mapToInt(col -> col.values().size()).max().orElseThrow() + 1;
            StringBuilder create = new StringBuilder("CREATE TABLE t (id INTEGER");
            for (int i = 0; i < stored.size(); i++) {
                create.append(", c").append(i).append(' ').append(stored.get(i).type());
            }
            s.execute(create.append(')').toString());
            for (int r = 0; r < rows; r++) {
                StringBuilder insert = new StringBuilder("INSERT INTO t VALUES (").append(r);
                for (Column column : stored) {
                    // each column: its values, then NULL for the rows beyond them
                    insert.append(", (")
                            .append(r < column.values().size() ? column.values().get(r) : "NULL")
                            .append(")::")
                            .append(column.type());
                }
                s.execute(insert.append(')').toString());
            }
            return new Lake(url, props, List.copyOf(stored), rows);
        }
    }

    @Test
    void theLakeStoresEveryCoreType() {
        assertThat(lake.stored()).containsAll(COLUMNS);
    }

    @Test
    void movedAsideAndScrollableResultsAnswerAsTheLiveStream() throws Exception {
        compare(lake, "value");
    }

    /** The same on a PostgreSQL catalog with S3 data. */
    @Test
    void onAPostgresCatalogLakeWithS3Data() throws Exception {
        TestLakes.PostgresLake pg = TestLakes.postgres();
        // Its rows go to Parquet files (not inlined into the catalog), where DuckLake 1.5.5 writes HUGEINT and
        // UHUGEINT as DOUBLE: 12345678901234567890123 reads back as 12345678901234567741440, and the extremes
        // do not read back at all (out of range for INT128), so smaller ones here.
        Lake onPostgres = fill(
                pg.url(),
                pg.properties(),
                Map.of(
                        "HUGEINT", List.of("2", "-1267650600228229401496703205376", "12345678901234567890123"),
                        "UHUGEINT", List.of("5", "1267650600228229401496703205376")));
        assertThat(onPostgres.stored().stream().map(Column::type))
                .containsAll(COLUMNS.stream().map(Column::type).toList());
        compare(onPostgres, "value-postgres");
    }

    private static void compare(Lake lake, String report) throws Exception {
        String url = lake.url();
        Properties props = lake.props();
        Map<String, String> live;
        Map<String, String> moved;
        Map<String, String> scrolled;
        try (Connection c = DriverManager.getConnection(url, props)) {
            live = read(lake, c.createStatement(), null);
        }
        try (Connection c = DriverManager.getConnection(url, props)) {
            moved = read(lake, c.createStatement(), c);
        }
        try (Connection c = DriverManager.getConnection(url, props)) {
            scrolled =
                    read(lake, c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY), null);
        }
        assertThat(moved.keySet()).isEqualTo(live.keySet());
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : live.entrySet()) {
            if (!e.getValue().equals(moved.get(e.getKey()))) {
                differences.add(
                        "moved aside  " + e.getKey() + ": live " + e.getValue() + " / " + moved.get(e.getKey()));
            }
            if (!e.getValue().equals(scrolled.get(e.getKey()))) {
                differences.add(
                        "scrollable   " + e.getKey() + ": live " + e.getValue() + " / " + scrolled.get(e.getKey()));
            }
        }
        java.nio.file.Files.write(TestLakes.work().resolve(report + "-differences.txt"), differences);
        java.nio.file.Files.write(
                TestLakes.work().resolve(report + "-live.txt"),
                live.entrySet().stream()
                        .map(e -> e.getKey() + " => " + e.getValue())
                        .toList());
        System.out.println("value conversions: stored "
                + lake.stored().stream().map(Column::type).toList());
        System.out.println("value conversions: " + live.size() + " cases per path, " + differences.size() + " differ");
        assertThat(differences).as(live.size() + " cases per path").isEmpty();
        // getColumnClassName names a class of getObject's values, on every path
        assertThat(live.keySet()).noneMatch(k -> k.endsWith("getObject's class"));
        assertThat(scrolled.keySet()).isEqualTo(live.keySet());
    }

    /** JDBC 4.3 Table B-3: DATE, TIME and TIMESTAMP are java.sql.Date, Time and Timestamp; JSON is text. */
    @Test
    void getObjectAnswersJdbcClasses() throws SQLException {
        Map<String, Class<?>> expected = new LinkedHashMap<>();
        expected.put("DATE", java.sql.Date.class);
        expected.put("TIME", java.sql.Time.class);
        expected.put("TIMESTAMP", java.sql.Timestamp.class);
        expected.put("TIMESTAMP_S", java.sql.Timestamp.class);
        expected.put("TIMESTAMP_NS", java.sql.Timestamp.class);
        expected.put("TIMESTAMPTZ", OffsetDateTime.class);
        expected.put("TIMETZ", OffsetTime.class);
        expected.put("JSON", String.class);
        expected.put("BLOB", Blob.class);
        for (int scroll : new int[] {ResultSet.TYPE_FORWARD_ONLY, ResultSet.TYPE_SCROLL_INSENSITIVE}) {
            for (boolean move : new boolean[] {false, true}) {
                try (Connection c = DriverManager.getConnection(lake.url(), lake.props());
                        Statement s = c.createStatement(scroll, ResultSet.CONCUR_READ_ONLY);
                        ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY id")) {
                    assertThat(rs.next()).isTrue();
                    if (move) {
                        try (Statement other = c.createStatement()) {
                            other.execute("SELECT 2");
                        }
                    }
                    for (Map.Entry<String, Class<?>> e : expected.entrySet()) {
                        int col = lake.stored()
                                        .indexOf(COLUMNS.stream()
                                                .filter(k -> k.type().equals(e.getKey()))
                                                .findFirst()
                                                .orElseThrow())
                                + 2;
                        assertThat(rs.getObject(col)).as(e.getKey()).isInstanceOf(e.getValue());
                        assertThat(rs.getMetaData().getColumnClassName(col))
                                .as(e.getKey())
                                .isEqualTo(e.getValue().getName());
                    }
                    assertThat(rs.getObject(col("TIME"), java.time.LocalTime.class))
                            .isEqualTo(LocalTime.parse("13:14:15.123456"));
                    assertThat(rs.getTime(col("TIME")).toString()).isEqualTo("13:14:15");
                    assertThat(rs.getTime(col("TIME")).getTime() % 1000).isEqualTo(123);
                    assertThat(rs.getObject(col("DATE"))).isEqualTo(java.sql.Date.valueOf("2024-02-29"));
                    assertThat(rs.getBoolean(col("TINYINT"))).isTrue(); // 7: not zero
                    assertThat(rs.getObject(col("TIMESTAMPTZ"), java.time.ZonedDateTime.class)
                                    .toInstant())
                            .isEqualTo(Instant.parse("2024-02-29T13:14:15.5Z"));
                    try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT * FROM t")) {
                        assertThat(ps.getMetaData().getColumnClassName(col("DATE")))
                                .isEqualTo("java.sql.Date");
                    }
                }
            }
        }
    }

    private static int col(String type) {
        for (int i = 0; i < lake.stored().size(); i++) {
            if (lake.stored().get(i).type().equals(type)) {
                return i + 2;
            }
        }
        throw new AssertionError(type);
    }

    /** Reads every getter of every column and row, in order; {@code mover} runs a statement after the first row. */
    private static Map<String, String> read(Lake lake, Statement statement, Connection mover) throws Exception {
        List<Column> stored = lake.stored();
        Map<String, String> out = new LinkedHashMap<>();
        try (statement;
                ResultSet rs = statement.executeQuery("SELECT * FROM t ORDER BY id")) {
            ResultSetMetaData meta = rs.getMetaData();
            int row = 0;
            while (rs.next()) {
                if (row == 0 && mover != null) {
                    try (Statement other = mover.createStatement()) {
                        other.execute("SELECT 1");
                    }
                }
                for (int i = 0; i < stored.size(); i++) {
                    int col = i + 2;
                    String at = stored.get(i).type() + " (c" + i + ") row " + row + " ";
                    for (Map.Entry<String, Getter> g : GETTERS.entrySet()) {
                        out.put(at + g.getKey(), outcome(rs, col, g.getValue()));
                    }
                    for (Class<?> k : CLASSES) {
                        out.put(
                                at + "getObject(" + k.getSimpleName() + ")",
                                outcome(rs, col, (r, n) -> r.getObject(n, k)));
                    }
                    out.put(at + "getObject(label)", outcome(rs, col, (r, n) -> r.getObject("c" + (n - 2))));
                    out.put(at + "getString(label)", outcome(rs, col, (r, n) -> r.getString("c" + (n - 2))));
                    out.put(at + "getLong(label)", outcome(rs, col, (r, n) -> r.getLong("c" + (n - 2))));
                    out.put(at + "getBoolean(label)", outcome(rs, col, (r, n) -> r.getBoolean("c" + (n - 2))));
                    out.put(at + "getTimestamp(label)", outcome(rs, col, (r, n) -> r.getTimestamp("c" + (n - 2))));
                    out.put(
                            at + "columnClassName",
                            meta.getColumnClassName(col) + " " + meta.getColumnTypeName(col) + " "
                                    + meta.getColumnType(col));
                }
                row++;
            }
            assertThat(row).isEqualTo(lake.rows());
        }
        return out;
    }

    @FunctionalInterface
    private interface Getter {
        Object get(ResultSet rs, int column) throws Exception;
    }

    private static final Map<String, Getter> GETTERS = new LinkedHashMap<>();

    static {
        GETTERS.put("getObject", ResultSet::getObject);
        GETTERS.put("getString", ResultSet::getString);
        GETTERS.put("getNString", ResultSet::getNString);
        GETTERS.put("getBoolean", ResultSet::getBoolean);
        GETTERS.put("getByte", ResultSet::getByte);
        GETTERS.put("getShort", ResultSet::getShort);
        GETTERS.put("getInt", ResultSet::getInt);
        GETTERS.put("getLong", ResultSet::getLong);
        GETTERS.put("getFloat", ResultSet::getFloat);
        GETTERS.put("getDouble", ResultSet::getDouble);
        GETTERS.put("getBigDecimal", ResultSet::getBigDecimal);
        GETTERS.put("getBigDecimal(scale 2)", (rs, n) -> rs.getBigDecimal(n, 2));
        GETTERS.put("getBytes", ResultSet::getBytes);
        GETTERS.put("getDate", ResultSet::getDate);
        GETTERS.put("getDate(cal)", (rs, n) -> rs.getDate(n, CALENDAR));
        GETTERS.put("getTime", ResultSet::getTime);
        GETTERS.put("getTime(cal)", (rs, n) -> rs.getTime(n, CALENDAR));
        GETTERS.put("getTimestamp", ResultSet::getTimestamp);
        GETTERS.put("getTimestamp(cal)", (rs, n) -> rs.getTimestamp(n, CALENDAR));
        GETTERS.put("getArray", ResultSet::getArray);
        GETTERS.put("getBlob", ResultSet::getBlob);
        GETTERS.put("getClob", ResultSet::getClob);
        GETTERS.put("getBinaryStream", ResultSet::getBinaryStream);
        GETTERS.put("getCharacterStream", ResultSet::getCharacterStream);
        GETTERS.put("getAsciiStream", ResultSet::getAsciiStream);
        GETTERS.put("getURL", ResultSet::getURL);
        GETTERS.put("getObject(map)", (rs, n) -> rs.getObject(n, Map.of()));
    }

    /** The getter's answer as text: the value (kind and content), or the exception's class and SQLState. */
    private static String outcome(ResultSet rs, int column, Getter getter) throws SQLException {
        String answer;
        try {
            answer = describe(getter.get(rs, column));
        } catch (SQLException e) {
            answer = "threw " + e.getClass().getSimpleName() + " " + e.getSQLState();
        } catch (Exception e) {
            answer = "threw " + e.getClass().getName();
        }
        return answer + (rs.wasNull() ? " (wasNull)" : "");
    }

    /** A value as text that two equal answers share: the JDBC kind for interface types, the class otherwise. */
    static String describe(Object v) throws Exception {
        if (v == null) {
            return "null";
        }
        if (v instanceof Array a) {
            return "Array<" + a.getBaseTypeName() + "," + a.getBaseType() + ">" + describeAll((Object[]) a.getArray())
                    + " " + a;
        }
        if (v instanceof Struct s) {
            return "Struct<" + s.getSQLTypeName() + ">" + describeAll(s.getAttributes()) + " " + s;
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("Map{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(describe(e.getKey()))
                        .append('=')
                        .append(describe(e.getValue()))
                        .append(", ");
            }
            return b.append('}').toString();
        }
        if (v instanceof Blob blob) {
            return "Blob" + Arrays.toString(blob.getBytes(1, (int) blob.length()));
        }
        if (v instanceof Clob clob) {
            return "Clob:" + clob.getSubString(1, (int) clob.length());
        }
        if (v instanceof byte[] bytes) {
            return "byte[]" + Arrays.toString(bytes);
        }
        if (v instanceof Object[] array) {
            return "Object[]" + describeAll(array);
        }
        if (v instanceof InputStream in) {
            return "InputStream" + Arrays.toString(in.readAllBytes());
        }
        if (v instanceof Reader reader) {
            StringBuilder b = new StringBuilder("Reader:");
            char[] buf = new char[256];
            for (int n; (n = reader.read(buf)) > 0; ) {
                b.append(buf, 0, n);
            }
            return b.toString();
        }
        if (v instanceof java.util.Date d) {
            return v.getClass().getName() + ":" + v + "@" + d.getTime();
        }
        return v.getClass().getName() + ":" + v;
    }

    private static String describeAll(Object[] values) throws Exception {
        List<String> parts = new ArrayList<>();
        for (Object o : values) {
            parts.add(describe(o));
        }
        return parts.toString();
    }
}
