package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quoted values come back from the engine exactly as given: no value can end the literal early. */
class SqlTextTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "it's",
                "'); DROP TABLE t; --",
                "back\\slash",
                "\"double\"",
                "new\nline",
                "ünïcødé",
                "''''",
                ""
            })
    void literalRoundTripsThroughDuckDb(String value) throws Exception {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT " + SqlText.literal(value) + " AS v, 1 AS " + SqlText.identifier(value + "x"))) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(value);
            assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo(value + "x");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\0b", "\0", "\0\0it's\0", "plain", ""})
    void anyTextCarriesANulThroughDuckDb(String value) throws Exception {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + MetadataSql.anyText(value) + " AS v, "
                        + MetadataSql.anyText(null) + " IS NULL AS n")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(value);
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }

    @Test
    void nulIsRefused() {
        assertThatThrownBy(() -> SqlText.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }
}
