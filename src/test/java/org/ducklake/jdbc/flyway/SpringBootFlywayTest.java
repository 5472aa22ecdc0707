package org.ducklake.jdbc.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spring Boot's Flyway auto-configuration over a {@code spring.datasource.url=jdbc:ducklake:…}: the application
 * migrates the lake at start-up, with nothing but properties.
 */
class SpringBootFlywayTest {

    @Configuration
    @EnableAutoConfiguration
    static class App {}

    @Test
    void migratesTheLakeAtStartUp() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        Path scripts = TestLakes.freshDirectory("boot-flyway");
        Files.write(
                scripts.resolve("V1__customers.sql"),
                "CREATE TABLE customers (id INTEGER, name VARCHAR);\nINSERT INTO customers VALUES (1, 'Alice');\n"
                        .getBytes(StandardCharsets.UTF_8));

        List<String> properties = new ArrayList<>();
        properties.add("spring.datasource.url=" + lake.url());
        properties.add("spring.datasource.driver-class-name=org.ducklake.jdbc.DuckLakeDriver");
        properties.add("spring.datasource.username=" + lake.user);
        properties.add("spring.datasource.password=" + lake.password);
        lake.properties().forEach((k, v) -> {
            if (!k.equals("user") && !k.equals("password")) {
                properties.add("spring.datasource.hikari.data-source-properties." + k + "=" + v);
            }
        });
        properties.add("spring.flyway.locations=filesystem:" + scripts);

        SpringApplication app = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(properties.toArray(new String[0]))
                .build();
        try (ConfigurableApplicationContext context = app.run()) {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
            assertThat(jdbc.queryForList("SELECT name FROM customers", String.class))
                    .containsExactly("Alice");
            assertThat(jdbc.queryForList("SELECT version || ':' || success FROM flyway_schema_history", String.class))
                    .containsExactly("1:true");
        }
    }
}
