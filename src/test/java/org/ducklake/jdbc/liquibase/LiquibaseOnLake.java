package org.ducklake.jdbc.liquibase;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * Liquibase's Java API on one connection to a lake: {@link #run} executes a command (its text output returned),
 * the other methods read the lake's real tables through a connection of their own.
 */
final class LiquibaseOnLake implements AutoCloseable {
    static {
        // No test may reach out: Liquibase would otherwise fetch its analytics settings from the vendor's server.
        System.setProperty("liquibase.analytics.enabled", "false");
    }

    final String url;
    final Properties properties;
    final Connection connection;
    final Database database;

    private LiquibaseOnLake(String url, Properties properties) throws Exception {
        this.url = url;
        this.properties = properties;
        this.connection = DriverManager.getConnection(url, properties);
        this.database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
    }

    /** A fresh PostgreSQL-catalog lake with S3 data. */
    static LiquibaseOnLake postgres() throws Exception {
        TestLakes.PostgresLake lake = TestLakes.postgres();
        return new LiquibaseOnLake(lake.url(), lake.properties());
    }

    /** Runs a Liquibase command on this lake's connection, changelogs read from the test class path. */
    String run(String command, Object... namesAndValues) throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return run(command, database, args);
    }

    /** Runs a command with the given arguments; a {@code database} argument is added unless one is given. */
    static String run(String command, Database database, Map<String, Object> args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Scope.child(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(), () -> {
            CommandScope scope = new CommandScope(command).setOutput(out);
            if (database != null && !args.containsKey("url")) {
                scope.addArgumentValue("database", database);
            }
            args.forEach(scope::addArgumentValue);
            scope.execute();
        });
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The lake's tables and views in its current schema, by name. */
    List<String> relations() throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables"
                + " WHERE table_catalog = current_database() AND table_schema = current_schema() ORDER BY table_name");
    }

    List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, properties);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    @Override
    public void close() throws Exception {
        database.close();
    }
}
