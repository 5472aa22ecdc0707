package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Spring's JdbcTemplate and DataSourceTransactionManager over the driver's DataSource, on a real lake. */
class SpringTest {

    @Test
    void readOnlyTransactionRollbackAndErrorTranslation() {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        DuckLakeDataSource ds = new DuckLakeDataSource();
        ds.setUrl(lake.url());
        lake.properties().forEach((k, v) -> ds.setProperty((String) k, (String) v));
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        DataSourceTransactionManager tm = new DataSourceTransactionManager(ds);
        TransactionTemplate tx = new TransactionTemplate(tm);

        jdbc.execute("CREATE TABLE accounts (id INTEGER, balance BIGINT)");
        jdbc.update("INSERT INTO accounts VALUES (?, ?), (?, ?)", 1, 100, 2, 50);

        TransactionTemplate readOnly = new TransactionTemplate(tm);
        readOnly.setReadOnly(true);
        Long total = readOnly.execute(status -> jdbc.queryForObject("SELECT sum(balance) FROM accounts", Long.class));
        assertThat(total).isEqualTo(150L);

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    jdbc.update("UPDATE accounts SET balance = balance - 30 WHERE id = 1");
                    jdbc.update("UPDATE accounts SET balance = balance + 30 WHERE id = 2");
                    throw new IllegalStateException("abort the transfer");
                }))
                .hasMessage("abort the transfer");
        assertThat(jdbc.queryForList("SELECT balance FROM accounts ORDER BY id", Long.class))
                .containsExactly(100L, 50L);

        tx.executeWithoutResult(status -> jdbc.update("UPDATE accounts SET balance = balance - 30 WHERE id = 1"));
        assertThat(jdbc.queryForObject("SELECT balance FROM accounts WHERE id = 1", Long.class))
                .isEqualTo(70L);

        // SQLStates let Spring classify errors: a bad statement is a grammar error, not a generic one.
        assertThatThrownBy(() -> jdbc.queryForList("SELECT * FROM no_such_table"))
                .isInstanceOf(BadSqlGrammarException.class);
    }
}
