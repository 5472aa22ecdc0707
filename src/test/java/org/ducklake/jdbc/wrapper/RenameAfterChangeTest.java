package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table changed and then renamed in one transaction corrupts a DuckLake catalog for good (DuckDB 1.5.5,
 * duckdb/ducklake#1332: every later attach fails with "Column with name id already exists!"). The driver
 * refuses the rename before it reaches the engine; the lake stays readable, and the transaction usable.
 */
class RenameAfterChangeTest {
    private TestLakes.FileLake lake;

    @BeforeEach
    void lake() throws SQLException {
        lake = TestLakes.file("rename");
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER, v VARCHAR)");
            s.execute("INSERT INTO t VALUES (1, 'a')");
        }
    }

    private Connection connect() throws SQLException {
        return lake.connect();
    }

    /** The lake as a new engine reads it: each table with its columns. */
    private List<String> tablesOfAFreshEngine() throws SQLException {
        // stream_results differs: another engine instance, which attaches the catalog again
        TestLakes.FileLake other = lake.with("stream_results", "false");
        List<String> tables = new ArrayList<>();
        try (Connection c = other.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name || '(' || string_agg(column_name, ',' ORDER BY"
                        + " ordinal_position) || ')' FROM information_schema.columns WHERE table_catalog ="
                        + " current_database() GROUP BY table_name ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    @Test
    void aRenameAfterAChangeInOneTransactionIsRefusedAndTheTransactionGoesOn() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER TABLE t ADD COLUMN c INTEGER");
            assertThatThrownBy(() -> s.execute("ALTER TABLE main.T RENAME TO t2"))
                    .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("Renaming table t after changing it in the same transaction is refused")
                    .hasMessageContaining("ducklake#1332");
            s.execute("INSERT INTO t VALUES (2, 'b', 3)");
            c.commit();
            s.execute("ALTER TABLE t RENAME TO t2"); // in a transaction of its own: fine
            c.commit();
        }
        assertThat(tablesOfAFreshEngine()).containsExactly("t2(id,v,c)");
    }

    @Test
    void commentsAndEveryKindOfAlterCountAsChanges() throws SQLException {
        String[] changes = {
            "COMMENT ON TABLE t IS 'x'",
            "COMMENT ON COLUMN t.v IS 'x'",
            "ALTER TABLE t RENAME COLUMN v TO w",
            "ALTER TABLE t DROP COLUMN v",
            "ALTER TABLE IF EXISTS t ALTER COLUMN v SET DEFAULT 'z'",
            "ALTER TABLE t SET PARTITIONED BY (id)",
        };
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String change : changes) {
                s.execute(change);
                assertThatThrownBy(() -> s.execute("ALTER TABLE t RENAME TO t2"))
                        .as(change)
                        .hasMessageContaining("ducklake#1332");
                c.rollback();
            }
        }
        assertThat(tablesOfAFreshEngine()).containsExactly("t(id,v)");
    }

    @Test
    void oneTextABatchOrAPreparedRenameAreCheckedToo() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("ALTER TABLE t ADD COLUMN c INTEGER; ALTER TABLE t RENAME TO t2"))
                    .hasMessageContaining("ducklake#1332");
            s.addBatch("ALTER TABLE t ADD COLUMN c INTEGER");
            s.addBatch("ALTER TABLE t RENAME TO t2");
            assertThatThrownBy(s::executeBatch).hasMessageContaining("ducklake#1332");
            s.addBatch("ALTER TABLE t ADD COLUMN c INTEGER");
            s.clearBatch();
            s.addBatch("ALTER TABLE t RENAME TO t2");
            assertThat(s.executeBatch()).hasSize(1);

            c.setAutoCommit(false);
            s.execute("ALTER TABLE t2 ADD COLUMN c INTEGER");
            try (PreparedStatement rename = c.prepareStatement("ALTER TABLE t2 RENAME TO t3")) {
                assertThatThrownBy(rename::execute).hasMessageContaining("ducklake#1332");
                c.commit();
                rename.execute();
                c.commit();
            }
        }
        assertThat(tablesOfAFreshEngine()).containsExactly("t3(id,v,c)");
    }

    @Test
    void whatDoesNotCorruptIsNotRefused() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE other (x INTEGER)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO t VALUES (2, 'b')");
            s.execute("ALTER TABLE t RENAME TO t2"); // data changes do not count
            s.execute("ALTER TABLE t2 ADD COLUMN c INTEGER"); // a change after the rename is fine
            s.execute("ALTER TABLE other RENAME TO o2"); // another table
            s.execute("SELECT 'ALTER TABLE t2 ADD COLUMN z INTEGER' -- ALTER TABLE t2 RENAME TO t3");
            c.commit();
            s.execute("ALTER TABLE t2 RENAME TO t3"); // the change was committed before
            c.commit();
        }
        assertThat(tablesOfAFreshEngine()).containsExactly("o2(x)", "t3(id,v,c)");
    }
}
