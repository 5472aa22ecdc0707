package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * A streamed result stays a stream while other statements of its connection run in auto-commit mode: it
 * keeps its engine connection and the others run on another of the same instance, so reading a large result
 * with a query per row keeps memory flat. In a transaction, which needs one engine connection, the stream is
 * moved into memory as before. Bound parameters, a pending batch and settings follow a statement to the
 * other engine connection.
 */
class StreamsStayStreamsTest {

    private static boolean streaming(ResultSet rs) throws SQLException {
        return rs.unwrap(LakeResultSet.class).streamsFromTheEngine();
    }

    @Test
    void aLookupPerRowLeavesTheOuterResultStreamingAndAnswersRight() throws Exception {
        TestLakes.FileLake lake = TestLakes.file();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE names AS SELECT range AS id, 'name ' || range AS name FROM range(50000)");
            try (PreparedStatement lookup = c.prepareStatement("SELECT name FROM names WHERE id = ?");
                    Statement outer = c.createStatement();
                    ResultSet rows = outer.executeQuery("SELECT id FROM names ORDER BY id")) {
                long read = 0;
                while (rows.next()) {
                    long id = rows.getLong(1);
                    if (id % 1000 == 0) {
                        lookup.setLong(1, id);
                        try (ResultSet one = lookup.executeQuery()) {
                            assertThat(one.next()).isTrue();
                            assertThat(one.getString(1)).isEqualTo("name " + id);
                        }
                        assertThat(streaming(rows))
                                .as("outer result at row " + id)
                                .isTrue();
                    }
                    read++;
                }
                assertThat(read).isEqualTo(50000);
            }
        }
    }

    @Test
    void parametersBoundBeforeTheOuterQueryAndAPendingBatchFollowTheStatement() throws Exception {
        TestLakes.FileLake lake = TestLakes.file();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (a BIGINT, b VARCHAR)");
            s.execute("INSERT INTO t SELECT range, 'v' || range FROM range(5000)");
            try (PreparedStatement lookup = c.prepareStatement("SELECT b FROM t WHERE a = ? AND b = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                lookup.setLong(1, 42);
                lookup.setString(2, "v42"); // bound while the lookup is on the first engine connection
                lookup.setMaxRows(1);
                insert.setLong(1, -1);
                insert.setString(2, "batched");
                insert.addBatch(); // pending on the first engine connection
                try (Statement outer = c.createStatement();
                        ResultSet rows = outer.executeQuery("SELECT a FROM t ORDER BY a")) {
                    assertThat(rows.next()).isTrue();
                    try (ResultSet one = lookup.executeQuery()) {
                        assertThat(one.next()).isTrue();
                        assertThat(one.getString(1)).isEqualTo("v42");
                    }
                    insert.setLong(1, -2);
                    insert.setString(2, "batched");
                    insert.addBatch();
                    assertThat(insert.executeBatch()).hasSize(2);
                    assertThat(streaming(rows)).isTrue();
                    long n = 1;
                    while (rows.next()) {
                        n++;
                    }
                    assertThat(n)
                            .as("the outer snapshot: rows before the batch")
                            .isEqualTo(5000);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t WHERE b = 'batched'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void inATransactionTheStreamIsMovedIntoMemory() throws Exception {
        TestLakes.FileLake lake = TestLakes.file();
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS a FROM range(10000)");
            c.setAutoCommit(false);
            try (Statement outer = c.createStatement();
                    ResultSet rows = outer.executeQuery("SELECT a FROM t ORDER BY a")) {
                assertThat(rows.next()).isTrue();
                s.execute("INSERT INTO t VALUES (-1)"); // same transaction, same engine connection
                assertThat(streaming(rows)).isFalse();
                long n = 1;
                while (rows.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(10000);
            }
            c.rollback();
        }
    }

    @Test
    void aSessionChangedBySqlMovesStreamsIntoMemory() throws Exception {
        TestLakes.FileLake lake = TestLakes.file();
        Properties p = lake.properties();
        p.setProperty("sql_access", "unrestricted");
        try (Connection c = DriverManager.getConnection(lake.url(), p);
                Statement s = c.createStatement()) {
            s.execute("SET VARIABLE v = 7"); // a fresh engine connection would not see it
            try (Statement outer = c.createStatement();
                    ResultSet rows = outer.executeQuery("SELECT range FROM range(10000)")) {
                assertThat(rows.next()).isTrue();
                try (ResultSet v = s.executeQuery("SELECT getvariable('v')")) {
                    v.next();
                    assertThat(v.getInt(1)).isEqualTo(7);
                }
                assertThat(streaming(rows)).isFalse();
            }
        }
    }

    /**
     * A million rows of about 100 bytes read with a lookup every 10,000 rows in a JVM of 64 MB: buffering the
     * rest of the result at the first lookup would need well over the heap.
     */
    @Test
    void aLargeReadWithLookupsFitsASmallHeap() throws Exception {
        TestLakes.FileLake lake = TestLakes.file();
        ChildJvm.Result r = ChildJvm.main(SmallHeapReader.class)
                .jvmOptions("-Xmx64m", "-XX:+UseSerialGC")
                .args(lake.url(), TestLakes.extensionDirectory())
                .run(Duration.ofMinutes(4));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("read 1000000 rows, 100 lookups");
    }

    /** The child of {@link #aLargeReadWithLookupsFitsASmallHeap}. */
    public static final class SmallHeapReader {
        public static void main(String[] args) throws Exception {
            Properties p = new Properties();
            p.setProperty("extension_directory", args[1]);
            try (Connection c = DriverManager.getConnection(args[0], p);
                    PreparedStatement lookup = c.prepareStatement("SELECT ? * 2");
                    Statement outer = c.createStatement();
                    ResultSet rows = outer.executeQuery(
                            "SELECT range AS id, repeat('x', 100) || range AS pad FROM range(1000000)")) {
                long read = 0;
                int lookups = 0;
                while (rows.next()) {
                    long id = rows.getLong(1);
                    if (id % 10000 == 0) {
                        lookup.setLong(1, id);
                        try (ResultSet one = lookup.executeQuery()) {
                            one.next();
                            if (one.getLong(1) != id * 2) {
                                throw new IllegalStateException("wrong lookup at " + id);
                            }
                        }
                        lookups++;
                    }
                    read++;
                }
                System.out.println("read " + read + " rows, " + lookups + " lookups");
            }
        }
    }
}
