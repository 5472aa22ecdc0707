package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-table metadata answers a tool asks for (getColumns, getBestRowIdentifier, getPseudoColumns) on a
 * PostgreSQL catalog, for names that are hard to write into SQL, and always current: a table created in the
 * connection's open transaction is there, one another engine dropped is gone. With metadata_window=0, so every
 * call reads the catalog anew; MetadataWindowTest covers calls that share a read.
 */
class MetadataCurrencyTest {

    private static TestLakes.PostgresLake lake;
    private static Connection connection;

    @BeforeAll
    static void openLake() throws Exception {
        lake = TestLakes.postgres();
        Properties p = lake.properties();
        p.setProperty("metadata_window", "0");
        connection = DriverManager.getConnection(lake.url(), p);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE SCHEMA \"s_1\"");
            s.execute("CREATE SCHEMA sx1");
            s.execute("CREATE TABLE \"s_1\".\"a_b\" (id INTEGER, \"it's\" VARCHAR)");
            s.execute("CREATE TABLE \"s_1\".axb (other INTEGER)");
            s.execute("CREATE TABLE sx1.\"a_b\" (elsewhere INTEGER)");
            s.execute("CREATE TABLE \"s_1\".\"it's %\" (q INTEGER)");
            s.execute("CREATE VIEW \"s_1\".v AS SELECT id FROM \"s_1\".\"a_b\"");
        }
    }

    @AfterAll
    static void closeLake() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    private static List<String> column(ResultSet rs, String name) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet r = rs) {
            while (r.next()) {
                values.add(r.getString(name));
            }
        }
        return values;
    }

    private static List<String> qualifiedColumns(ResultSet rs) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet r = rs) {
            while (r.next()) {
                values.add(r.getString("TABLE_SCHEM") + "." + r.getString("TABLE_NAME") + "."
                        + r.getString("COLUMN_NAME"));
            }
        }
        return values;
    }

    @Test
    void likeMetacharactersAndQuotesInNamesAreTakenAsWritten() throws Exception {
        DatabaseMetaData md = connection.getMetaData();
        // escaped patterns find only the table with the underscore, not axb nor sx1's table
        assertThat(qualifiedColumns(md.getColumns(null, "s\\_1", "a\\_b", "%")))
                .containsExactly("s_1.a_b.id", "s_1.a_b.it's");
        // unescaped, _ matches any one character: both schemas, both tables
        assertThat(qualifiedColumns(md.getColumns(null, "s_1", "a_b", "%")))
                .containsExactly("s_1.a_b.id", "s_1.a_b.it's", "s_1.axb.other", "sx1.a_b.elsewhere");
        assertThat(qualifiedColumns(md.getColumns(null, "s\\_1", "a\\_b", "it's")))
                .containsExactly("s_1.a_b.it's");
        assertThat(qualifiedColumns(md.getColumns(null, "s\\_1", "it's \\%", "%")))
                .containsExactly("s_1.it's %.q");
        // getBestRowIdentifier takes names, not patterns
        assertThat(column(
                        md.getBestRowIdentifier(null, "s_1", "a_b", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .containsExactly("rowid");
        assertThat(column(
                        md.getBestRowIdentifier(null, "s%", "a_b", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .isEmpty();
        assertThat(column(
                        md.getBestRowIdentifier(null, "s_1", "a%", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .isEmpty();
        assertThat(column(
                        md.getBestRowIdentifier(null, "s_1", "it's %", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .containsExactly("rowid");
        assertThat(qualifiedColumns(md.getPseudoColumns(null, "s\\_1", "a\\_b", "%")))
                .containsExactly("s_1.a_b.rowid");
        assertThat(qualifiedColumns(md.getPseudoColumns(null, "%", "a_b", "%")))
                .containsExactly("s_1.a_b.rowid", "s_1.axb.rowid", "sx1.a_b.rowid");
        // a NUL names nothing (no literal can carry it): an empty answer, not an error
        assertThat(qualifiedColumns(md.getColumns(null, "s_1", "a\0b", "%"))).isEmpty();
        assertThat(column(
                        md.getBestRowIdentifier(null, "s_1", "a\0b", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .isEmpty();
        assertThat(column(md.getTables(null, "s_1", "%", new String[] {"VIEW", "x\0"}), "TABLE_NAME"))
                .containsExactly("v");
    }

    @Test
    void aNullSchemaSearchesEverySchemaAndAViewHasNoRowId() throws Exception {
        DatabaseMetaData md = connection.getMetaData();
        assertThat(column(
                        md.getBestRowIdentifier(null, null, "a_b", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .as("one row though two schemas hold a_b")
                .containsExactly("rowid");
        assertThat(qualifiedColumns(md.getColumns(null, null, "a\\_b", "%")))
                .containsExactly("s_1.a_b.id", "s_1.a_b.it's", "sx1.a_b.elsewhere");
        assertThat(qualifiedColumns(md.getColumns(null, "s\\_1", "v", "%"))).containsExactly("s_1.v.id");
        assertThat(column(
                        md.getBestRowIdentifier(null, "s_1", "v", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .isEmpty();
        assertThat(qualifiedColumns(md.getPseudoColumns(null, "s\\_1", "v", "%")))
                .isEmpty();
    }

    @Test
    void aTableCreatedInTheOpenTransactionIsThereAndGoneAfterRollback() throws Exception {
        DatabaseMetaData md = connection.getMetaData();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"s_1\".fresh (x BIGINT, y VARCHAR)");
            assertThat(qualifiedColumns(md.getColumns(null, "s\\_1", "fresh", "%")))
                    .containsExactly("s_1.fresh.x", "s_1.fresh.y");
            assertThat(column(
                            md.getBestRowIdentifier(null, "s_1", "fresh", DatabaseMetaData.bestRowSession, true),
                            "COLUMN_NAME"))
                    .containsExactly("rowid");
            assertThat(qualifiedColumns(md.getPseudoColumns(null, "s\\_1", "fresh", "%")))
                    .containsExactly("s_1.fresh.rowid");
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        assertThat(qualifiedColumns(md.getColumns(null, "s\\_1", "fresh", "%"))).isEmpty();
        assertThat(column(
                        md.getBestRowIdentifier(null, "s_1", "fresh", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .isEmpty();
    }

    @Test
    void aTableAnotherEngineDroppedIsGoneAtOnce() throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"s_1\".doomed (x INTEGER)");
        }
        DatabaseMetaData md = connection.getMetaData();
        assertThat(qualifiedColumns(md.getColumns(null, "s\\_1", "doomed", "%")))
                .containsExactly("s_1.doomed.x");
        assertThat(column(
                        md.getBestRowIdentifier(null, "s_1", "doomed", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .containsExactly("rowid");
        // stream_results differs: another engine instance, which attaches the catalog as another process would
        Properties other = lake.properties();
        other.setProperty("stream_results", "false");
        try (Connection c = DriverManager.getConnection(lake.url(), other);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE \"s_1\".doomed");
        }
        assertThat(qualifiedColumns(md.getColumns(null, "s\\_1", "doomed", "%")))
                .isEmpty();
        assertThat(column(
                        md.getBestRowIdentifier(null, "s_1", "doomed", DatabaseMetaData.bestRowSession, true),
                        "COLUMN_NAME"))
                .isEmpty();
        assertThat(qualifiedColumns(md.getPseudoColumns(null, "s\\_1", "doomed", "%")))
                .isEmpty();
    }
}
