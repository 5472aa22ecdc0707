package org.ducklake.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.ducklake.jdbc.sql.SqlText;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/**
 * The engine fact that keeps the driver planning each prepared execution again (see FreshPlans): DuckLake's
 * schema copies live in DuckDB's object cache, which any statement of the engine that reaches the memory limit
 * empties, on whichever connection it runs. The driver cannot see that happen, so it cannot tell when a kept
 * plan still points at a live copy. Raw duckdb_jdbc, so that nothing of the driver is in the way.
 */
class ObjectCacheEvictionTest {

    @Test
    void aStatementOutOfMemoryOnAnotherConnectionEmptiesTheObjectCache() throws Exception {
        Path dir = TestLakes.freshDirectory("object-cache-");
        Path repository = Paths.get("target/extensions/repository").toAbsolutePath();
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET extension_directory = "
                    + SqlText.literal(dir.resolve("extensions").toString()));
            s.execute("INSTALL ducklake FROM " + SqlText.literal(repository.toString()));
            s.execute("LOAD ducklake");
            s.execute("ATTACH " + SqlText.literal("ducklake:" + dir.resolve("meta.ducklake")) + " AS lake (DATA_PATH "
                    + SqlText.literal(dir.resolve("data") + "/") + ")");
            s.execute("USE lake");
            s.execute("CREATE TABLE t AS SELECT range AS id FROM range(10)");
            assertThat(count(s)).isEqualTo(10); // loads the schema version into the object cache
            assertThat(objectCacheBytes(c)).isPositive();
            try (Connection other = c.duplicate()) {
                try (Statement o = other.createStatement()) {
                    o.execute("SET memory_limit = '64MB'");
                    o.execute("SET temp_directory = ''");
                }
                assertThatThrownBy(() -> {
                            try (Statement o = other.createStatement()) {
                                o.execute(
                                        "CREATE TEMP TABLE big AS SELECT range AS a, range AS b FROM range(30000000)");
                            }
                        })
                        .hasMessageContaining("Out of Memory");
                try (Statement o = other.createStatement()) {
                    o.execute("SET memory_limit = '2GB'");
                }
            }
            assertThat(objectCacheBytes(c)).isZero();
            assertThat(count(s)).isEqualTo(10); // a new copy of the schema
            assertThat(objectCacheBytes(c)).isPositive();
        }
    }

    private static long count(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long objectCacheBytes(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT memory_usage_bytes FROM system.main.duckdb_memory()" + " WHERE tag = 'OBJECT_CACHE'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
