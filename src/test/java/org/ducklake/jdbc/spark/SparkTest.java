package org.ducklake.jdbc.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ducklake.jdbc.testsupport.DriverClassPath;
import org.ducklake.jdbc.testsupport.PythonPackages;
import org.ducklake.jdbc.testsupport.PythonScript;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.ducklake.jdbc.testsupport.TestLakes.Lake;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PySpark 4.3 (installed with pip on first use) in local mode, with the driver on its class path, writes a lake
 * through Spark's {@code jdbc} data source and reads it back; what Spark wrote is then read through the driver
 * itself. Spark's JVM, Spark's session and the engine each run in another time zone.
 */
class SparkTest {
    static final String PYSPARK_VERSION = "4.3.0";
    private static final String DIALECT = DuckLakeSparkDialect.class.getName();
    private static final long DEADLINE_SECONDS = 300;

    static Stream<Lake> lakes() {
        return Stream.of(TestLakes.file(), TestLakes.postgres());
    }

    @ParameterizedTest
    @MethodSource("lakes")
    void sparkWritesAndReadsTheLake(Lake lake) throws Exception {
        Path pyspark = PythonPackages.installed("pyspark-" + PYSPARK_VERSION, "pyspark", "pyspark==" + PYSPARK_VERSION);
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            // The test's own table: a BIGINT id where Spark would make INTEGER, and a column Spark does not write,
            // whose default shows the rows went into this table and not into one Spark made again.
            s.execute("CREATE TABLE spark_kept (id BIGINT, flag BOOLEAN, b TINYINT, s SMALLINT, d18 DECIMAL(18,4),"
                    + " d38 DECIMAL(38,10), ts TIMESTAMPTZ, ntz TIMESTAMP, day DATE, name VARCHAR, bin BLOB,"
                    + " note VARCHAR DEFAULT 'made by hand')");
            s.execute("INSERT INTO spark_kept (id, name) VALUES (100, 'old row')");
            s.execute("CREATE TABLE engine_types (t TINYINT, ut UTINYINT, us USMALLINT, ui UINTEGER, ub UBIGINT,"
                    + " h HUGEINT, u UUID, l INTEGER[], st STRUCT(a INTEGER, b VARCHAR))");
            s.execute("INSERT INTO engine_types VALUES (-1, 255, 65535, 4294967295, 18446744073709551615,"
                    + " 12345678901234567890123456789012345678, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', [1, 2, 3],"
                    + " {'a': 1, 'b': 'x'})");
        }

        Map<String, Object> spark = runSpark(lake, pyspark);

        assertThat(spark.get("dialect_found")).isEqualTo(DIALECT);
        assertThat(spark.get("dialect_registered")).isEqualTo(DIALECT);
        assertThat(pairs(spark.get("schema")))
                .containsExactly(
                        "id int",
                        "flag boolean",
                        "b tinyint",
                        "s smallint",
                        "d18 decimal(18,4)",
                        "d38 decimal(38,10)",
                        "ts timestamp",
                        "ntz timestamp_ntz",
                        "day date",
                        "name string",
                        "bin binary");
        Map<String, Object> first = row(spark.get("rows"), 0);
        assertThat(first.get("ts")).isEqualTo(1_710_074_096_123_456L);
        assertThat(first.get("ntz")).isEqualTo("2024-03-10T12:34:56.123456");
        assertThat(first.get("d38")).isEqualTo("1234567890123456789012345678.0123456789");
        assertThat(first.get("d18")).isEqualTo("12345678901234.5678");
        assertThat(first.get("bin")).isEqualTo("0001ff");
        assertThat(first.get("b")).isEqualTo(-128);
        assertThat(first.get("flag")).isEqualTo(true);
        Map<String, Object> second = row(spark.get("rows"), 1);
        assertThat(second.get("ts")).isEqualTo(-1);
        assertThat(second.get("ntz")).isEqualTo("1900-01-01T00:00:00.000001");
        assertThat(new java.math.BigDecimal((String) second.get("d38"))).isEqualByComparingTo("-0.0000000001");
        assertThat(row(spark.get("rows"), 2)).containsEntry("flag", null).containsEntry("ts", null);

        assertThat(spark.get("partitions")).isEqualTo(4);
        assertThat(spark.get("partition_sizes").toString()).isEqualTo("[5, 5, 5, 5]");
        assertThat(spark.get("partitioned_ids").toString()).isEqualTo(range(1, 20));
        assertThat(spark.get("predicate_partitions")).isEqualTo(2);
        assertThat(spark.get("predicate_count")).isEqualTo(20);
        assertThat(spark.get("filter_ids").toString()).isEqualTo(range(10, 19));
        assertThat((String) spark.get("filter_pushed"))
                .contains("GreaterThan(id,2)")
                .contains("StringStartsWith(name,row 1)");
        assertThat(spark.get("ts_filter_ids").toString()).isEqualTo("[1]");
        assertThat((String) spark.get("ts_filter_pushed")).contains("EqualTo(ts,");
        assertThat(spark.get("ntz_filter_ids").toString()).isEqualTo("[1]");
        assertThat((String) spark.get("ntz_filter_pushed")).contains("EqualTo(ntz,2024-03-10T12:34:56.123456)");
        assertThat(spark.get("limit_ids").toString()).isEqualTo("[1, 2]");
        assertThat(pairs(spark.get("engine_schema")))
                .containsExactly(
                        "t tinyint",
                        "ut smallint",
                        "us int",
                        "ui bigint",
                        "ub decimal(20,0)",
                        "h decimal(38,0)",
                        "u string",
                        "l string",
                        "st string");
        List<?> engineRow = (List<?>) spark.get("engine_row");
        assertThat(engineRow.get(4)).isEqualTo("18446744073709551615");
        assertThat(engineRow.get(5)).isEqualTo("12345678901234567890123456789012345678");
        assertThat(engineRow.get(6)).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(engineRow.get(7)).isEqualTo("[1, 2, 3]");
        assertThat(engineRow.get(8)).isEqualTo("{'a': 1, 'b': x}");

        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            assertThat(columnTypes(s, "spark_created"))
                    .containsExactly(
                            "id INTEGER",
                            "flag BOOLEAN",
                            "b TINYINT",
                            "s SMALLINT",
                            "d18 DECIMAL(18,4)",
                            "d38 DECIMAL(38,10)",
                            "ts TIMESTAMP WITH TIME ZONE",
                            "ntz TIMESTAMP",
                            "day DATE",
                            "name VARCHAR",
                            "bin BLOB");
            assertThat(values(s, "spark_created"))
                    .containsExactly(
                            "1|true|-128|-32768|12345678901234.5678|1234567890123456789012345678.0123456789"
                                    + "|1710074096123456|2024-03-10 12:34:56.123456|2024-02-29|h\u00e9llo \"q\" 'x'"
                                    + "|0001ff",
                            "2|false|127|32767|-0.0001|-0.0000000001|-1|1900-01-01 00:00:00.000001|1970-01-01||",
                            "3|null|null|null|null|null|null|null|null|null|null");
            try (ResultSet rs = s.executeQuery("SELECT count(*), min(id), max(id), count(DISTINCT ts),"
                    + " sum(s) FROM spark_created WHERE id >= 4")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(17);
                assertThat(rs.getLong(2)).isEqualTo(4);
                assertThat(rs.getLong(3)).isEqualTo(20);
                assertThat(rs.getLong(4)).isEqualTo(17);
                assertThat(rs.getLong(5)).isEqualTo(IntStream.rangeClosed(4, 20).sum() * 100L);
            }
            // 20 batches of 1,000 rows in one transaction: one data file, not 20.
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), min(id), max(id),"
                    + " count(*) FILTER (WHERE name = 'row ' || id) FROM spark_batches")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(20_000);
                assertThat(rs.getLong(2)).isEqualTo(20_000);
                assertThat(rs.getLong(3)).isZero();
                assertThat(rs.getLong(4)).isEqualTo(19_999);
                assertThat(rs.getLong(5)).isEqualTo(20_000);
            }
            String catalog;
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                catalog = rs.getString(1);
            }
            try (ResultSet rs =
                    s.executeQuery("SELECT count(*) FROM ducklake_list_files('" + catalog + "', 'spark_batches')")) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("data files of 20 batches in one transaction")
                        .isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT epoch_us(ts) FROM spark_zoned")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1_710_074_096_123_456L);
            }
            // Overwritten with truncate=true: the same table (its types, its extra column's default), new rows only.
            assertThat(columnTypes(s, "spark_kept")).startsWith("id BIGINT").endsWith("note VARCHAR");
            assertThat(values(s, "spark_kept"))
                    .containsExactly(
                            "1|true|-128|-32768|12345678901234.5678|1234567890123456789012345678.0123456789"
                                    + "|1710074096123456|2024-03-10 12:34:56.123456|2024-02-29|h\u00e9llo \"q\" 'x'"
                                    + "|0001ff|made by hand",
                            "2|false|127|32767|-0.0001|-0.0000000001|-1|1900-01-01 00:00:00.000001|1970-01-01||"
                                    + "|made by hand",
                            "3|null|null|null|null|null|null|null|null|null|null|made by hand");
        }
    }

    /** Runs src/test/python/spark_lake.py on the lake; its RESULT lines by key. */
    private static Map<String, Object> runSpark(Lake lake, Path pyspark) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", lake.url());
        Map<String, String> props = new LinkedHashMap<>();
        Properties p = lake.properties();
        for (String key : p.stringPropertyNames()) {
            props.put(key, p.getProperty(key));
        }
        config.put("properties", props);
        config.put("classpath", String.join(File.pathSeparator, DriverClassPath.entries()));
        config.put("jvm_zone", "Asia/Kolkata");
        config.put("session_zone", "America/Los_Angeles");
        config.put("created", "spark_created");
        config.put("kept", "spark_kept");
        config.put("zoned", "spark_zoned");
        config.put("batches", "spark_batches");
        config.put("engine_types", "engine_types");
        return PythonScript.named("spark_lake.py")
                .env("PYSPARK_PYTHON", PythonPackages.python())
                .env("SPARK_LOCAL_IP", "127.0.0.1")
                .env("TZ", "UTC") // the engine's default zone
                .run(pyspark, config, DEADLINE_SECONDS);
    }

    private static List<String> pairs(Object fields) {
        List<String> out = new ArrayList<>();
        for (Object f : (List<?>) fields) {
            out.add(((List<?>) f).get(0) + " " + ((List<?>) f).get(1));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(Object rows, int index) {
        return (Map<String, Object>) ((List<?>) rows).get(index);
    }

    private static String range(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static List<String> columnTypes(Statement s, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_catalog = current_database() AND table_name = '" + table
                + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    /** The rows with id < 100, as the engine writes each value (the instant of ts in microseconds). */
    private static List<String> values(Statement s, String table) throws SQLException {
        boolean note = table.equals("spark_kept");
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT id, flag, b, s, d18::VARCHAR, d38::VARCHAR, epoch_us(ts),"
                + " ntz::VARCHAR, day::VARCHAR, name, lower(hex(bin))" + (note ? ", note" : "") + " FROM " + table
                + " WHERE id < 4 ORDER BY id")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.append(i > 1 ? "|" : "").append(v == null ? "null" : v.toString());
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
