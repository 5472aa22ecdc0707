package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ducklake.jdbc.wrapper.LakeQueries.files;
import static org.ducklake.jdbc.wrapper.LakeQueries.scalar;
import static org.ducklake.jdbc.wrapper.LakeQueries.sql;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.ducklake.jdbc.DuckLakeConnection;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consecutive executeBatch calls of one prepared INSERT in one transaction are written together, as one
 * INSERT … SELECT and so one data file, when anything else needs the connection; JDBC's semantics hold: the
 * update counts, errors by the next call or the commit naming the batch, rollback, reads of the transaction.
 * On a real PostgreSQL-catalog lake with S3 data. A table's data files are counted with ducklake_list_files; a
 * batch of more rows than DuckLake inlines (10) written on its own is a file of its own.
 */
class CoalescedBatchTest {
    private static TestLakes.PostgresLake lake;

    @BeforeAll
    static void lake() {
        lake = TestLakes.postgres();
    }

    private static Connection connect(boolean coalesce) throws SQLException {
        Properties p = lake.properties();
        p.setProperty("batch_coalesce", String.valueOf(coalesce));
        return DriverManager.getConnection(lake.url(), p);
    }

    private static long stages(Connection c) throws SQLException {
        return scalar(c, "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp'");
    }

    /** One executeBatch of {@code rows} rows (id, name) starting at {@code from}. */
    private static int[] batch(PreparedStatement ps, int from, int rows) throws SQLException {
        for (int i = from; i < from + rows; i++) {
            ps.setLong(1, i);
            ps.setString(2, "row " + i);
            ps.addBatch();
        }
        return ps.executeBatch();
    }

    @Test
    void twoHundredBatchesOfAThousandRowsInOneTransactionMakeOneFile() throws Exception {
        try (Connection c = connect(true);
                Connection other = connect(true)) {
            sql(c, "CREATE TABLE spark_like (id BIGINT, name VARCHAR)");
            c.setAutoCommit(false);
            List<int[]> counts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO spark_like VALUES (?, ?)")) {
                for (int b = 0; b < 200; b++) {
                    counts.add(batch(ps, b * 1000, 1000));
                }
            }
            assertThat(scalar(other, "SELECT count(*) FROM spark_like"))
                    .as("nothing committed yet")
                    .isZero();
            c.commit();
            assertThat(counts)
                    .hasSize(200)
                    .allSatisfy(a -> assertThat(a).hasSize(1000).containsOnly(1));
            assertThat(scalar(other, "SELECT count(*) FROM spark_like")).isEqualTo(200_000);
            assertThat(scalar(other, "SELECT count(DISTINCT id) FROM spark_like WHERE name = 'row ' || id"))
                    .isEqualTo(200_000);
            assertThat(files(other, "spark_like"))
                    .as("data files of 200 batches")
                    .isBetween(1L, 2L);
            assertThat(stages(c)).as("no stage left").isZero();
        }
    }

    @Test
    void atMostAMillionRowsWaitTheBatchThatReachesThatIsWrittenAtOnce() throws Exception {
        assertThat(CoalescedBatch.MAX_ROWS).isEqualTo(1_000_000);
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE capped (id BIGINT, name VARCHAR)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO capped VALUES (?, ?)")) {
                for (int b = 0; b < 11; b++) { // the 10th batch reaches the limit; the 11th starts a new stage
                    assertThat(batch(ps, b * 100_000, 100_000)).hasSize(100_000);
                }
            }
            c.commit();
            assertThat(scalar(c, "SELECT count(*) FROM capped")).isEqualTo(1_100_000);
            assertThat(scalar(c, "SELECT count(DISTINCT id) FROM capped")).isEqualTo(1_100_000);
            assertThat(files(c, "capped"))
                    .as("one file for the first million rows, one for the rest")
                    .isEqualTo(2);
        }
    }

    @Test
    void aStatementPreparedPerBatchFromTheSameTextJoinsAsSpringBatchUpdateDoes() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE per_call (id BIGINT, name VARCHAR)");
            c.setAutoCommit(false);
            for (int b = 0; b < 5; b++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO per_call VALUES (?, ?)")) {
                    assertThat(batch(ps, b * 100, 100)).hasSize(100).containsOnly(1);
                }
            }
            c.commit();
            assertThat(scalar(c, "SELECT count(*) FROM per_call")).isEqualTo(500);
            assertThat(files(c, "per_call")).isEqualTo(1);
        }
    }

    @Test
    void aReadInTheTransactionSeesTheStagedRowsAndEveryStatementWritesThemFirst() throws Exception {
        try (Connection c = connect(true);
                Connection other = connect(true)) {
            sql(c, "CREATE TABLE read_back (id BIGINT, name VARCHAR)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO read_back VALUES (?, ?)")) {
                batch(ps, 0, 50);
                batch(ps, 50, 50);
                assertThat(scalar(c, "SELECT count(*) FROM read_back"))
                        .as("read in the transaction")
                        .isEqualTo(100);
                // the same statement run on its own, not as a batch, comes after the staged rows
                ps.setLong(1, 1000);
                ps.setString(2, "single");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                batch(ps, 100, 50);
                assertThat(scalar(c, "SELECT count(*) FROM read_back")).isEqualTo(151);
                assertThat(scalar(c, "SELECT count(*) FROM read_back WHERE id = 1000 AND name = 'single'"))
                        .isEqualTo(1);
            }
            assertThat(scalar(other, "SELECT count(*) FROM read_back")).isZero();
            c.commit();
            assertThat(scalar(other, "SELECT count(*) FROM read_back")).isEqualTo(151);
        }
    }

    @Test
    void rollbackDiscardsTheStagedRowsAndTheConnectionGoesOn() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE discarded (id BIGINT, name VARCHAR)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO discarded VALUES (?, ?)")) {
                batch(ps, 0, 30);
                c.rollback();
                assertThat(stages(c)).isZero();
                assertThat(scalar(c, "SELECT count(*) FROM discarded")).isZero();

                batch(ps, 0, 30);
                sql(c, "ROLLBACK");
                assertThat(scalar(c, "SELECT count(*) FROM discarded"))
                        .as("discarded by ROLLBACK as SQL")
                        .isZero();

                batch(ps, 0, 30);
                sql(c, "ABORT");
                batch(ps, 100, 30);
                c.commit();
            }
            assertThat(scalar(c, "SELECT count(*) FROM discarded")).isEqualTo(30);
            assertThat(scalar(c, "SELECT min(id) FROM discarded")).isEqualTo(100);
        }
    }

    @Test
    void closingWithStagedRowsStoresNothingAndLeavesNoStageForTheNextConnection() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE closed_early (id BIGINT, name VARCHAR)");
        }
        for (int round = 0; round < 3; round++) {
            try (Connection c = connect(true)) {
                assertThat(stages(c))
                        .as("no stage in a new connection's session")
                        .isZero();
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO closed_early VALUES (?, ?)")) {
                    batch(ps, 0, 30);
                }
            }
        }
        try (Connection c = connect(true)) {
            assertThat(scalar(c, "SELECT count(*) FROM closed_early")).isZero();
        }
    }

    @Test
    void aRowTheTableRefusesFailsTheNextStatementNamingTheBatchAndTheTransactionCannotCommit() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE refused (id INTEGER, name VARCHAR)");
            sql(c, "INSERT INTO refused VALUES (-1, 'kept')");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO refused (id, name) VALUES (?, ?)")) {
                batch(ps, 0, 20);
                for (int i = 0; i < 20; i++) {
                    ps.setLong(1, i == 7 ? 5_000_000_000L : 100 + i); // the first batch's type, too big for INTEGER
                    ps.setString(2, "x");
                    ps.addBatch();
                }
                assertThat(ps.executeBatch())
                        .as("counted when staged")
                        .hasSize(20)
                        .containsOnly(1);
            }
            BatchUpdateException next =
                    catchThrowableOfType(() -> scalar(c, "SELECT count(*) FROM refused"), BatchUpdateException.class);
            assertThat(next.getMessage())
                    .contains("40 rows staged by 2 executeBatch calls of INSERT INTO refused")
                    .contains("5000000000")
                    .contains("roll it back");
            assertThat(next.getSQLState()).startsWith("22");
            assertThat(next.getLargeUpdateCounts()).isEmpty();
            assertThat((Throwable) next.getNextException()).isNotNull();

            SQLException again = catchThrowableOfType(() -> sql(c, "SELECT 1"), SQLException.class);
            assertThat(again.getSQLState()).isEqualTo("25P02");

            SQLException commit = catchThrowableOfType(c::commit, SQLException.class);
            assertThat((Throwable) commit).isInstanceOf(BatchUpdateException.class);
            assertThat(commit.getSQLState()).isEqualTo("40000");
            assertThat(commit.getMessage()).contains("rolled back, not committed");

            assertThat(scalar(c, "SELECT count(*) FROM refused"))
                    .as("nothing stored")
                    .isEqualTo(1);
            assertThat(stages(c)).isZero();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO refused (id, name) VALUES (?, ?)")) {
                batch(ps, 0, 20);
            }
            c.commit();
            assertThat(scalar(c, "SELECT count(*) FROM refused"))
                    .as("the next transaction")
                    .isEqualTo(21);
        }
    }

    @Test
    void aRowTheTableRefusesFailsTheCommitWhichRollsBack() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE refused_at_commit (id INTEGER NOT NULL, name VARCHAR)");
            c.setAutoCommit(false);
            sql(c, "INSERT INTO refused_at_commit VALUES (-1, 'in the same transaction')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO refused_at_commit VALUES (?, ?)")) {
                batch(ps, 0, 20);
                for (int i = 0; i < 20; i++) {
                    if (i == 3) {
                        ps.setNull(1, Types.INTEGER);
                    } else {
                        ps.setInt(1, 100 + i);
                    }
                    ps.setString(2, "x");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            BatchUpdateException commit = catchThrowableOfType(c::commit, BatchUpdateException.class);
            assertThat(commit.getSQLState()).isEqualTo("23502");
            assertThat(commit.getMessage())
                    .contains("40 rows staged by 2 executeBatch calls of INSERT INTO refused_at_commit VALUES (…)")
                    .contains("rolled back, not committed");
            assertThat(scalar(c, "SELECT count(*) FROM refused_at_commit"))
                    .as("nothing stored")
                    .isZero();
            assertThat(stages(c)).isZero();
            sql(c, "INSERT INTO refused_at_commit VALUES (1, 'next')");
            c.commit();
            assertThat(scalar(c, "SELECT count(*) FROM refused_at_commit")).isEqualTo(1);
        }
    }

    @Test
    void theErrorNamingTheBatchMasksTheLakesSecretsWrittenIntoTheInsert() throws Exception {
        // The message names the INSERT as written up to VALUES (comments are gone by then): a column whose
        // name is the catalog's password is the way a secret reaches that text.
        String password = lake.properties().getProperty("password");
        assertThat(password).isNotBlank().doesNotContain("\"");
        String column = "\"" + password + "\"";
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE masked (id INTEGER, " + column + " VARCHAR)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO masked (id, " + column + ") VALUES (?, ?)")) {
                for (int i = 0; i < 20; i++) {
                    ps.setLong(1, i == 7 ? 5_000_000_000L : i);
                    ps.setString(2, "x");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            BatchUpdateException commit = catchThrowableOfType(c::commit, BatchUpdateException.class);
            assertThat(commit.getMessage()).contains("20 rows staged by 1 executeBatch call of INSERT INTO masked");
            StringBuilder all = new StringBuilder();
            for (Throwable t = commit; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            all.append(commit.getNextException().getMessage());
            assertThat(all.toString()).doesNotContain(password);
            assertThat(scalar(c, "SELECT count(*) FROM masked")).isZero();
        }
    }

    @Test
    void aRollbackToASavepointDoesNotLoseTheStagedRows() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE savepointed (id BIGINT, name VARCHAR)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO savepointed VALUES (?, ?)")) {
                batch(ps, 0, 20);
                // Read as one ROLLBACK statement, so the rows are not written before it. DuckDB does not parse
                // it: the transaction goes on, and so do the staged rows.
                SQLException refused =
                        catchThrowableOfType(() -> sql(c, "ROLLBACK TO SAVEPOINT sp"), SQLException.class);
                assertThat(refused.getSQLState()).isEqualTo("42601");
                batch(ps, 20, 20);
            }
            c.commit();
            assertThat(scalar(c, "SELECT count(*) FROM savepointed")).isEqualTo(40);
            assertThat(files(c, "savepointed")).isEqualTo(1);
        }
    }

    @Test
    void columnsOfNullsAndNarrowerIntegersTakeTheLaterBatchesTypes() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE widened (id BIGINT, note VARCHAR, n INTEGER)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO widened VALUES (?, ?, ?)")) {
                for (int i = 0; i < 20; i++) { // INTEGER ids, every note NULL, every n NULL
                    ps.setInt(1, i);
                    ps.setNull(2, Types.VARCHAR);
                    ps.setNull(3, Types.INTEGER);
                    ps.addBatch();
                }
                ps.executeBatch();
                for (int i = 20; i < 40; i++) { // BIGINT ids beyond INTEGER, notes, n as SMALLINT
                    ps.setLong(1, 5_000_000_000L + i);
                    ps.setString(2, "note " + i);
                    ps.setShort(3, (short) i);
                    ps.addBatch();
                }
                ps.executeBatch();
                for (int i = 40; i < 60; i++) { // notes NULL again, n as INTEGER
                    ps.setInt(1, i);
                    ps.setNull(2, Types.VARCHAR);
                    ps.setInt(3, 100_000 + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            assertThat(files(c, "widened")).isEqualTo(1);
            assertThat(scalar(c, "SELECT count(*) FROM widened")).isEqualTo(60);
            assertThat(scalar(
                            c,
                            "SELECT count(*) FROM widened WHERE id > 5000000000 AND note = 'note ' || (id -"
                                    + " 5000000000) AND n = id - 5000000000"))
                    .isEqualTo(20);
            assertThat(scalar(c, "SELECT sum(n) FROM widened WHERE id BETWEEN 40 AND 59"))
                    .isEqualTo(20 * 100_000 + (40 + 59) * 10);
            assertThat(scalar(c, "SELECT count(*) FROM widened WHERE id < 20 AND note IS NULL AND n IS NULL"))
                    .isEqualTo(20);
        }
    }

    @Test
    void batchesOfTwoTablesInTurnAreEachWrittenBeforeTheOther() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE TABLE turn_a (id BIGINT, name VARCHAR)");
            sql(c, "CREATE TABLE turn_b (id BIGINT, name VARCHAR)");
            c.setAutoCommit(false);
            try (PreparedStatement a = c.prepareStatement("INSERT INTO turn_a VALUES (?, ?)");
                    PreparedStatement b = c.prepareStatement("INSERT INTO turn_b VALUES (?, ?)")) {
                batch(a, 0, 20);
                batch(a, 20, 20);
                batch(b, 0, 20);
                batch(a, 40, 20);
            }
            c.commit();
            assertThat(scalar(c, "SELECT count(*) FROM turn_a")).isEqualTo(60);
            assertThat(scalar(c, "SELECT count(*) FROM turn_b")).isEqualTo(20);
            assertThat(files(c, "turn_a"))
                    .as("written twice: before turn_b's batch, at commit")
                    .isEqualTo(2);
        }
    }

    @Test
    void theStagedRowsGoWhereTheirInsertNamedTheTableWhenTheSchemaChanges() throws Exception {
        try (Connection c = connect(true)) {
            sql(c, "CREATE SCHEMA IF NOT EXISTS other_schema");
            sql(c, "CREATE TABLE main.moved (id BIGINT, name VARCHAR)");
            sql(c, "CREATE TABLE other_schema.moved (id BIGINT, name VARCHAR)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO moved VALUES (?, ?)")) {
                batch(ps, 0, 20);
                c.setSchema("other_schema");
                batch(ps, 100, 20); // prepared in main, runs in other_schema now, as DuckDB's plan would
            }
            c.commit();
            c.setSchema("main");
            assertThat(scalar(c, "SELECT count(*) FROM main.moved WHERE id < 100"))
                    .isEqualTo(20);
            assertThat(scalar(c, "SELECT count(*) FROM other_schema.moved WHERE id < 100"))
                    .isZero();
        }
    }

    @Test
    void switchingAutoCommitOnWritesAndCommitsTheStagedRows() throws Exception {
        try (Connection c = connect(true);
                Connection other = connect(true)) {
            sql(c, "CREATE TABLE switched (id BIGINT, name VARCHAR)");
            long before = ((DuckLakeConnection) c.unwrap(DuckLakeConnection.class)).lastCommitSnapshot();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO switched VALUES (?, ?)")) {
                batch(ps, 0, 20);
                batch(ps, 20, 20);
            }
            c.setAutoCommit(true);
            assertThat(scalar(other, "SELECT count(*) FROM switched")).isEqualTo(40);
            long after = c.unwrap(DuckLakeConnection.class).lastCommitSnapshot();
            assertThat(after).as("the commit's snapshot").isGreaterThan(before);
            assertThat(files(other, "switched")).isEqualTo(1);
        }
    }

    @Test
    void withBatchCoalesceOffEachBatchIsWrittenAndFailsWhenItRuns() throws Exception {
        try (Connection c = connect(false)) {
            sql(c, "CREATE TABLE one_each (id INTEGER, name VARCHAR)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO one_each VALUES (?, ?)")) {
                batch(ps, 0, 20);
                batch(ps, 20, 20);
                batch(ps, 40, 20);
                c.commit();
                assertThat(files(c, "one_each")).isEqualTo(3);
                for (int i = 0; i < 20; i++) {
                    ps.setString(1, i == 7 ? "seven" : String.valueOf(i));
                    ps.setString(2, "x");
                    ps.addBatch();
                }
                assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class);
            }
            c.rollback();
            assertThat(scalar(c, "SELECT count(*) FROM one_each")).isEqualTo(60);
        }
    }

    @Test
    void inAutoCommitModeEachBatchIsItsOwnTransaction() throws Exception {
        try (Connection c = connect(true);
                Connection other = connect(true)) {
            sql(c, "CREATE TABLE auto_each (id BIGINT, name VARCHAR)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO auto_each VALUES (?, ?)")) {
                batch(ps, 0, 20);
                assertThat(scalar(other, "SELECT count(*) FROM auto_each")).isEqualTo(20);
                batch(ps, 20, 20);
            }
            assertThat(scalar(other, "SELECT count(*) FROM auto_each")).isEqualTo(40);
            assertThat(files(other, "auto_each")).isEqualTo(2);
        }
    }
}
