package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streamed results (the default): the first rows arrive without the engine materializing the result, max
 * rows end the scan, and everything JDBC users rely on with several result sets keeps working, because an
 * open stream is moved aside (its rows kept in memory) before anything else runs on the connection. Runs on
 * a DuckDB-file lake and on a PostgreSQL-catalog lake with S3 data.
 */
class StreamingTest {
    /** Rows of the big table: enough that a materialized result is tens of megabytes in the engine. */
    private static final int BIG = 2_000_000;

    private static TestLakes.FileLake fileLake;

    @BeforeAll
    static void lakes() throws SQLException {
        fileLake = TestLakes.file("streaming");
        try (Connection c = fileLake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big AS SELECT range AS id, 'customer-' || range AS name, range * 0.5 AS v"
                    + " FROM range(" + BIG + ")");
            s.execute("CREATE TABLE small AS SELECT range AS id, 'n' || range AS name FROM range(5000)");
            s.execute("CREATE TABLE sink (id BIGINT, name VARCHAR)");
        }
    }

    private static Connection file() throws SQLException {
        return fileLake.connect();
    }

    private static Connection file(String key, String value) throws SQLException {
        return fileLake.with(key, value).connect();
    }

    /** Fails when the engine computes row 1,500,000: a stream that is closed after 200 rows never gets there. */
    private static final String FAILS_LATE =
            "SELECT CASE WHEN id < 1500000 THEN id ELSE error('computed row ' || id) END AS id, name FROM big";

    @Test
    void theFirstRowsArriveBeforeTheEngineComputedTheRest() throws SQLException {
        try (Connection c = file();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(FAILS_LATE)) {
                for (int i = 0; i < 200; i++) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong("id")).isEqualTo(i);
                }
            }
            // Read on, the stream reaches the failing row: next() throws rather than end the rows early
            // (DuckDB's own driver reports the failure as the end of the result).
            try (ResultSet rs = s.executeQuery(FAILS_LATE)) {
                assertThatThrownBy(() -> {
                            while (rs.next()) {
                                // read on
                            }
                        })
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("failed while its rows were being read");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM small")) { // the connection is fine
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(5000);
            }
        }
        // Materialized, the engine computes every row before the first is returned.
        try (Connection c = file("stream_results", "false");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery(FAILS_LATE)).hasMessageContaining("computed row ");
        }
    }

    @Test
    void maxRowsEndTheScanAndFreeTheConnection() throws SQLException {
        try (Connection c = file();
                Statement s = c.createStatement()) {
            s.setMaxRows(200);
            s.setFetchSize(200);
            try (ResultSet rs = s.executeQuery("SELECT * FROM big")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    assertThat(rs.getRow()).isEqualTo(n);
                }
                assertThat(n).isEqualTo(200);
                assertThat(rs.next()).isFalse();
                assertThat(rs.isClosed()).isFalse();
                // The stream was ended at the limit: the connection runs another query with nothing to move.
                try (Statement other = c.createStatement();
                        ResultSet count = other.executeQuery("SELECT count(*) FROM small")) {
                    count.next();
                    assertThat(count.getLong(1)).isEqualTo(5000);
                }
            }
        }
    }

    @Test
    void aStatementPerRowWhileReadingAStreamAutoCommit() throws SQLException {
        try (Connection c = file();
                Statement read = c.createStatement();
                PreparedStatement write = c.prepareStatement("INSERT INTO sink VALUES (?, ?)")) {
            read.execute("DELETE FROM sink");
            long sum = 0;
            int n = 0;
            try (ResultSet rs = read.executeQuery("SELECT id, name FROM small ORDER BY id")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (id % 1000 == 0) { // moves the stream aside: the rest is kept in memory
                        write.setLong(1, id);
                        write.setString(2, rs.getString(2));
                        write.executeUpdate();
                    }
                    assertThat(rs.getString("name")).isEqualTo("n" + id); // the current row survived the move
                    assertThat(rs.getRow()).isEqualTo(n + 1);
                    sum += id;
                    n++;
                }
            }
            assertThat(n).isEqualTo(5000);
            assertThat(sum).isEqualTo(4999L * 5000 / 2);
            try (ResultSet rs = read.executeQuery("SELECT count(*), sum(id) FROM sink")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(5);
                assertThat(rs.getLong(2)).isEqualTo(0 + 1000 + 2000 + 3000 + 4000);
            }
        }
    }

    @Test
    void aStreamSurvivesStatementsAndTheCommitOfItsTransaction() throws SQLException {
        try (Connection c = file();
                Statement read = c.createStatement();
                Statement write = c.createStatement()) {
            c.setAutoCommit(false);
            write.execute("DELETE FROM sink");
            try (ResultSet rs = read.executeQuery("SELECT id FROM small ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                write.execute("INSERT INTO sink VALUES (1, 'one')"); // inside the same transaction
                c.commit(); // result sets are held over commit
                long sum = rs.getLong(1);
                while (rs.next()) {
                    sum += rs.getLong(1);
                }
                assertThat(sum).isEqualTo(4999L * 5000 / 2);
            }
            try (ResultSet rs = write.executeQuery("SELECT count(*) FROM sink")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            write.execute("INSERT INTO sink VALUES (2, 'two')");
            try (ResultSet rs = read.executeQuery("SELECT id FROM small")) {
                rs.next();
                c.rollback(); // the rollback ends the stream's transaction too; its rows are kept
                int n = 1;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(5000);
            }
            try (ResultSet rs = write.executeQuery("SELECT count(*) FROM sink")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void interleavedResultSetsAndMetadataOnOneConnection() throws SQLException {
        try (Connection c = file();
                Statement s1 = c.createStatement();
                Statement s2 = c.createStatement();
                ResultSet a = s1.executeQuery("SELECT id FROM small ORDER BY id");
                ResultSet b = s2.executeQuery("SELECT id FROM small ORDER BY id DESC")) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                assertThat(a.next()).isTrue();
                assertThat(b.next()).isTrue();
                assertThat(a.getLong(1)).isEqualTo(i);
                assertThat(b.getLong(1)).isEqualTo(4999 - i);
                if (i == 10) {
                    try (ResultSet t = md.getTables(null, null, "%", null)) {
                        while (t.next()) {
                            tables.add(t.getString("TABLE_NAME"));
                            // a column query while the table list is open, as tools browse
                            try (ResultSet cols = md.getColumns(null, null, t.getString("TABLE_NAME"), "%")) {
                                assertThat(cols.next()).isTrue();
                            }
                        }
                    }
                }
            }
            assertThat(a.next()).isFalse();
            assertThat(b.next()).isFalse();
            assertThat(tables).contains("big", "small", "sink");
        }
    }

    @Test
    void scrollableResultSets() throws SQLException {
        try (Connection c = file();
                Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            assertThat(s.getResultSetType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
            assertThat(c.getMetaData().supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE))
                    .isTrue();
            s.setMaxRows(100);
            try (ResultSet rs = s.executeQuery("SELECT id, name FROM small ORDER BY id")) {
                assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
                assertThat(rs.isBeforeFirst()).isTrue();
                assertThat(rs.last()).isTrue();
                assertThat(rs.getRow()).isEqualTo(100);
                assertThat(rs.getLong(1)).isEqualTo(99);
                assertThat(rs.isLast()).isTrue();
                assertThat(rs.absolute(5)).isTrue();
                assertThat(rs.getString("name")).isEqualTo("n4");
                assertThat(rs.previous()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.relative(10)).isTrue();
                assertThat(rs.getRow()).isEqualTo(14);
                assertThat(rs.first()).isTrue();
                assertThat(rs.isFirst()).isTrue();
                rs.afterLast();
                assertThat(rs.isAfterLast()).isTrue();
                assertThat(rs.previous()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(99);
                assertThat(rs.absolute(-2)).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(98);
                assertThat(rs.absolute(101)).isFalse();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM small WHERE id < ? ORDER BY id",
                    ResultSet.TYPE_SCROLL_INSENSITIVE,
                    ResultSet.CONCUR_READ_ONLY)) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.last()).isTrue();
                    assertThat(rs.getRow()).isEqualTo(3);
                    rs.beforeFirst();
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(0);
                }
            }
        }
    }

    @Test
    void forwardOnlyResultsRefuseToGoBack() throws SQLException {
        try (Connection c = file();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM small ORDER BY id")) {
            assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThat(rs.getRow()).isZero();
            rs.next();
            assertThat(rs.isFirst()).isTrue();
            assertThatThrownBy(rs::previous).isInstanceOf(SQLException.class);
            try (Statement other = c.createStatement()) {
                other.execute("SELECT 1"); // moved aside: still forward-only
            }
            assertThat(rs.getRow()).isEqualTo(1);
            assertThat(rs.getLong(1)).isEqualTo(0);
            assertThatThrownBy(rs::first)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("24000"));
            assertThat(rs.next()).isTrue();
            assertThat(rs.getRow()).isEqualTo(2);
        }
    }

    @Test
    void valuesReadTheSameBeforeAndAfterAMove() throws SQLException {
        String query = "SELECT 42::INTEGER AS i, 9007199254740993::BIGINT AS b, 12.345::DECIMAL(18,3) AS d,"
                + " 1.5::DOUBLE AS f, 'héllo ✓' AS s, TRUE AS t, DATE '2024-02-29' AS dt,"
                + " TIMESTAMP '2024-02-29 12:34:56.789' AS ts, TIMESTAMPTZ '2024-02-29 12:34:56+02' AS tz,"
                + " TIME '01:02:03' AS tm, '\\xAA\\xBB'::BLOB AS bl, [1, 2, 3] AS l, {'a': 1, 'b': 'x'} AS st,"
                + " MAP {'k': 1} AS m, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'::UUID AS u, NULL::VARCHAR AS n,"
                + " [[1, 2], [3]] AS ll, range AS r FROM range(3)";
        List<List<String>> direct = new ArrayList<>();
        List<List<String>> moved = new ArrayList<>();
        try (Connection c = file();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) {
                    direct.add(readRow(rs));
                }
            }
            try (ResultSet rs = s.executeQuery(query);
                    Statement other = c.createStatement()) {
                while (rs.next()) {
                    other.execute("SELECT 1"); // every row is read after a move
                    moved.add(readRow(rs));
                }
            }
        }
        assertThat(moved).hasSize(3).isEqualTo(direct);
    }

    /** Every column through the getters tools use, as text for comparison. */
    private static List<String> readRow(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object o = rs.getObject(i);
            out.add(md.getColumnLabel(i) + ":" + rs.getString(i) + "|" + (o == null ? "null" : render(o)) + "|"
                    + rs.wasNull());
        }
        out.add(String.valueOf(rs.getInt("i"))
                + rs.getLong("b")
                + rs.getBigDecimal("d")
                + rs.getDouble("f")
                + rs.getBoolean("t")
                + rs.getDate("dt")
                + rs.getTimestamp("ts")
                + rs.getTimestamp("tz").getTime()
                + rs.getTime("tm")
                + java.util.Arrays.toString(rs.getBytes("bl")));
        Object[] list = (Object[]) rs.getArray("l").getArray();
        out.add(java.util.Arrays.toString(list));
        out.add(String.valueOf(rs.getObject("d", BigDecimal.class)));
        return out;
    }

    private static String render(Object o) throws SQLException {
        if (o instanceof java.sql.Array) {
            Object[] items = (Object[]) ((java.sql.Array) o).getArray();
            List<String> parts = new ArrayList<>();
            for (Object item : items) {
                parts.add(item == null ? "null" : render(item));
            }
            return "array" + parts;
        }
        if (o instanceof java.sql.Struct) {
            List<String> parts = new ArrayList<>();
            for (Object item : ((java.sql.Struct) o).getAttributes()) {
                parts.add(String.valueOf(item));
            }
            return "struct" + parts;
        }
        if (o instanceof java.sql.Blob) {
            java.sql.Blob b = (java.sql.Blob) o;
            return "blob" + java.util.Arrays.toString(b.getBytes(1, (int) b.length()));
        }
        return o.getClass().getSimpleName() + "=" + o;
    }

    @Test
    void materializedResultsWhenStreamingIsOff() throws SQLException {
        try (Connection c = file("stream_results", "false");
                Statement s1 = c.createStatement();
                Statement s2 = c.createStatement();
                ResultSet a = s1.executeQuery("SELECT id FROM small ORDER BY id")) {
            a.next();
            try (ResultSet b = s2.executeQuery("SELECT count(*) FROM small")) {
                b.next();
                assertThat(b.getLong(1)).isEqualTo(5000);
            }
            int n = 1;
            while (a.next()) {
                n++;
            }
            assertThat(n).isEqualTo(5000);
        }
    }

    @Test
    void onAPostgresCatalogLakeWithS3Data() throws SQLException {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        try (Connection c = lake.connect();
                Statement s = c.createStatement();
                Statement w = c.createStatement()) {
            s.execute("CREATE TABLE big AS SELECT range AS id, 'customer-' || range AS name FROM range(300000)");
            s.execute("CREATE TABLE log (id BIGINT)");
            s.setMaxRows(200);
            try (ResultSet rs = s.executeQuery("SELECT * FROM big")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(200);
            }
            s.setMaxRows(0);
            c.setAutoCommit(false);
            long sum = 0;
            try (ResultSet rs = s.executeQuery("SELECT id FROM big ORDER BY id")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (id % 100_000 == 0) {
                        w.execute("INSERT INTO log VALUES (" + id + ")");
                    }
                    sum += id;
                }
            }
            c.commit();
            assertThat(sum).isEqualTo(299_999L * 300_000 / 2);
            try (ResultSet rs = w.executeQuery("SELECT count(*) FROM log")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
        }
    }
}
