package org.ducklake.jdbc.hibernate.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.hibernate.DuckLakeDialect;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Data JPA over Hibernate over the driver's DataSource, plain Spring (no Boot): a repository with derived
 * and annotated queries, and a transactional service whose failure rolls back on the lake. The dialect is not
 * configured anywhere.
 */
class SpringDataJpaTest {
    private static AnnotationConfigApplicationContext context;
    private static AccountRepository accounts;
    private static JdbcTemplate jdbc;

    @Configuration
    @EnableJpaRepositories(basePackageClasses = AccountRepository.class)
    @EnableTransactionManagement
    static class LakeConfig {
        @Bean
        DataSource dataSource() {
            DuckLakeDataSource ds = new DuckLakeDataSource();
            TestLakes.PostgresLake lake = TestLakes.postgres();
            ds.setUrl(lake.url());
            lake.properties().forEach((k, v) -> ds.setProperty((String) k, (String) v));
            ds.setProperty("instance_idle_timeout", "20s");
            return ds;
        }

        @Bean
        LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource) {
            LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
            factory.setDataSource(dataSource);
            factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
            factory.setPackagesToScan(Account.class.getPackageName());
            factory.setJpaPropertyMap(Map.of("hibernate.hbm2ddl.auto", "create"));
            return factory;
        }

        @Bean
        PlatformTransactionManager transactionManager(EntityManagerFactory emf) {
            return new JpaTransactionManager(emf);
        }

        @Bean
        Teller teller(AccountRepository accounts) {
            return new Teller(accounts);
        }
    }

    @BeforeAll
    static void start() {
        context = new AnnotationConfigApplicationContext(LakeConfig.class);
        accounts = context.getBean(AccountRepository.class);
        jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theDialectWasFound() {
        assertThat(context.getBean(EntityManagerFactory.class)
                        .unwrap(SessionFactoryImplementor.class)
                        .getJdbcServices()
                        .getDialect())
                .isInstanceOf(DuckLakeDialect.class);
    }

    @Test
    void saveFindDerivedQueriesAndDelete() {
        Account saved = accounts.save(new Account("ann", "100.00"));
        accounts.save(new Account("ann", "250.00"));
        accounts.save(new Account("ben", "5.00"));
        assertThat(saved.getId()).isNotNull();
        assertThat(jdbc.queryForObject(
                        "SELECT CAST(balance AS VARCHAR) FROM accounts WHERE id = ?", String.class, saved.getId()))
                .isEqualTo("100.00");

        assertThat(accounts.findById(saved.getId()))
                .get()
                .extracting(Account::getOwner)
                .isEqualTo("ann");
        assertThat(accounts.findByOwnerOrderByBalanceDesc("ann"))
                .extracting(a -> a.getBalance().toPlainString())
                .containsExactly("250.00", "100.00");
        assertThat(accounts.countByBalanceGreaterThan(new BigDecimal("50"))).isEqualTo(2);
        Page<Account> page = accounts.findByOwnerStartingWith("a", PageRequest.of(1, 1, Sort.by("balance")));
        assertThat(page.getTotalElements()).isEqualTo(2);
        assertThat(page.getContent())
                .extracting(a -> a.getBalance().toPlainString())
                .containsExactly("250.00");

        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        Integer updated = tx.execute(s -> accounts.depositToAll("ben", new BigDecimal("1.50")));
        assertThat(updated).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT CAST(balance AS VARCHAR) FROM accounts WHERE owner = 'ben'", String.class))
                .isEqualTo("6.50");

        accounts.deleteById(saved.getId());
        assertThat(accounts.findById(saved.getId())).isEmpty();
        List<String> owners = jdbc.queryForList(
                "SELECT owner FROM accounts WHERE owner IN ('ann', 'ben') ORDER BY balance", String.class);
        assertThat(owners).containsExactly("ben", "ann");
        accounts.deleteAll(accounts.findByOwnerOrderByBalanceDesc("ben"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM accounts WHERE owner = 'ben'", Long.class))
                .isZero();
    }

    @Test
    void transactionalServiceRollsBackOnTheLake() {
        Teller teller = context.getBean(Teller.class);
        UUID from = accounts.save(new Account("carl", "30.00")).getId();
        UUID to = accounts.save(new Account("dora", "0.00")).getId();

        teller.transfer(from, to, new BigDecimal("20.00"));
        assertThatThrownBy(() -> teller.transfer(from, to, new BigDecimal("20.00")))
                .hasMessage("overdraft");

        assertThat(jdbc.queryForList(
                        "SELECT owner || '=' || CAST(balance AS VARCHAR) FROM accounts WHERE id IN (?, ?) ORDER BY owner",
                        String.class,
                        from,
                        to))
                .containsExactly("carl=10.00", "dora=20.00");
    }
}
