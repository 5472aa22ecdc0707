package org.ducklake.jdbc.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translator's text rules, on engine texts recorded from real failures. */
class SqlErrorsTest {

    @Test
    void aCatalogQueryThatFailedWithoutAReasonLostItsConnection() {
        // PostgreSQL restarted inside an open transaction: postgres_scanner's libpq has no text left.
        SQLException e = SqlErrors.NO_SECRETS.translate(
                new SQLException("TransactionContext Error: Failed to commit: Failed to execute query \"ROLLBACK\": "));
        assertThat(e.getSQLState()).isEqualTo("08006");
        assertThat((Throwable) e).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(e.getMessage()).startsWith("Cannot reach the catalog database: TransactionContext Error");
        // With libpq's reason the rule is the reason's.
        assertThat(SqlErrors.stateOf("Failed to execute query \"SELECT 1\": ERROR:  permission denied for table x"))
                .isNotEqualTo("08006");
    }

    @Test
    void theComponentThatFailedIsNamed() {
        SQLException s3 = SqlErrors.NO_SECRETS.translate(new SQLException(
                "IO Error: Could not connect to server error for HTTP GET to 'http://127.0.0.1:1/b/x.parquet'"));
        assertThat(s3.getSQLState()).isEqualTo("08006");
        assertThat(s3.getMessage()).startsWith("Cannot reach the object store");
        SQLException pg = SqlErrors.NO_SECRETS.translate(new SQLException(
                "IO Error: Failed to execute query \"BEGIN\": server closed the connection unexpectedly"));
        assertThat(pg.getSQLState()).isEqualTo("08006");
        assertThat(pg.getMessage()).startsWith("Cannot reach the catalog database");
    }

    @Test
    void aConnectFailureNamingAnotherServerGetsNoCatalogHint() {
        SqlErrors lake = SqlErrors.of(List.of(), dsn -> dsn.contains("port=5432"));
        SQLException other = lake.translate(new SQLException("IO Error: Unable to connect to Postgres at \"host=h "
                + "port=6000 dbname=x\": connection to server at \"h\", port 6000 failed: Connection refused"));
        assertThat(other.getSQLState()).isEqualTo("08006");
        assertThat(other.getMessage()).startsWith("Cannot reach the database server the statement names: IO Error");
        SQLException own = lake.translate(new SQLException("IO Error: Unable to connect to Postgres at \"host=h "
                + "port=5432 dbname=x\": connection to server at \"h\", port 5432 failed: Connection refused"));
        assertThat(own.getMessage()).startsWith("Cannot reach the catalog database: IO Error");
        SQLException mysql = lake.translate(
                new SQLException(
                        "IO Error: Failed to connect to MySQL database with "
                                + "parameters \"host=h port=3306 database=d user=u\": Access denied for user 'u'@'h' (using password: YES)"));
        assertThat(mysql.getSQLState()).isEqualTo("28000");
        assertThat(mysql.getMessage()).startsWith("Authentication to the database server the statement names failed");
    }

    @Test
    void theServerAnsweringIsNotAnUnreachableServer() {
        assertThat(SqlErrors.stateOf("IO Error: Unable to connect to Postgres at \"host=h\": connection to server at "
                        + "\"h\", port 1 failed: fe_sendauth: no password supplied"))
                .isEqualTo("28000");
        assertThat(SqlErrors.stateOf("IO Error: Unable to connect to Postgres at \"host=h\": connection to server at "
                        + "\"h\", port 1 failed: FATAL:  no pg_hba.conf entry for host \"1.2.3.4\", user \"u\""))
                .isEqualTo("28000");
        assertThat(SqlErrors.stateOf("IO Error: Failed to connect to MySQL database with parameters \"host=h\": "
                        + "Access denied for user 'u'@'h' (using password: NO)"))
                .isEqualTo("28000");
    }

    @Test
    void whatTheLogsShowOfAFailureHasTheSecretsMasked() {
        SqlErrors lake = SqlErrors.of(List.of("s3cr3t"));
        java.sql.SQLException failure = new java.sql.SQLException(
                "IO Error: Unable to connect to Postgres at \"host=h password=s3cr3t\"",
                "08001",
                new RuntimeException("password=s3cr3t"));
        assertThat(lake.forLog(failure))
                .startsWith("SQLException: ")
                .contains("Unable to connect to Postgres")
                .doesNotContain("s3cr3t");
        assertThat(lake.forLog(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void quotedValuesAreCappedAndSecretsMasked() {
        String text = "Conversion Error: Could not convert string '" + "y".repeat(5000) + "' to INT32, key 's3cr3t'";
        String shown = SqlErrors.of(List.of("s3cr3t")).readable(text);
        assertThat(shown)
                .contains("'" + "y".repeat(64) + "… (5000 characters)'")
                .contains("'****'")
                .doesNotContain("s3cr3t")
                .hasSizeLessThan(300);
        String endless = "Parser Error: " + "z ".repeat(10_000);
        assertThat(SqlErrors.NO_SECRETS.readable(endless))
                .hasSizeLessThanOrEqualTo(SqlErrors.MESSAGE_LIMIT)
                .startsWith("Parser Error: z z")
                .contains(" characters left out) … ")
                .endsWith("z z ");
    }

    @Test
    void aCauseAndNextExceptionWithHugeMessagesAreReplacedByBoundedCopies() {
        SQLException next = new SQLException("n".repeat(50_000), "22P02");
        SQLException duck = new SQLException("IO Error: " + "d".repeat(50_000));
        duck.initCause(new IllegalStateException("i".repeat(50_000)));
        duck.setNextException(next);
        SQLException e = SqlErrors.create("Setting up failed: " + "x".repeat(50_000), "58030", duck);
        int n = 0;
        for (Throwable t = e; t != null; t = t.getCause(), n++) {
            assertThat(t.getMessage()).hasSizeLessThanOrEqualTo(SqlErrors.MESSAGE_LIMIT);
        }
        assertThat(n).isEqualTo(3);
        SQLException cause = (SQLException) e.getCause();
        assertThat(cause.getMessage()).startsWith("IO Error: ddd").contains("characters left out");
        assertThat(cause.getStackTrace()).isEqualTo(duck.getStackTrace());
        assertThat(cause.getNextException().getSQLState()).isEqualTo("22P02");
        assertThat(cause.getNextException().getMessage()).hasSizeLessThanOrEqualTo(SqlErrors.MESSAGE_LIMIT);
        assertThat(cause.getCause().toString()).startsWith("java.lang.IllegalStateException: iii");
        // Within the bound, the cause is kept as it is.
        SQLException small = new SQLException("IO Error: short");
        assertThat((Throwable) SqlErrors.create("x", "58030", small).getCause()).isSameAs(small);
    }
}
