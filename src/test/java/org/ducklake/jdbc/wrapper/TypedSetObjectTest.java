package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** setObject with a target type for the values DuckDB's driver refuses with one (java.time, byte[], UUID). */
class TypedSetObjectTest {

    @Test
    void javaTimeBinaryAndUuidValuesWithTheirTargetTypes() throws SQLException {
        TestLakes.FileLake lake = TestLakes.file("typed-set").with("TimeZone", "UTC");
        UUID id = UUID.randomUUID();
        Instant instant = Instant.parse("2026-01-02T03:04:05.123456Z");
        try (Connection c = lake.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE v (d DATE, t TIME, tz TIMESTAMPTZ, z TIMESTAMPTZ, b BLOB, u UUID, n DATE)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, LocalDate.of(2026, 1, 2), Types.DATE);
                ps.setObject(2, LocalTime.of(10, 11, 12, 345_678_000), Types.TIME);
                ps.setObject(
                        3,
                        ZonedDateTime.ofInstant(instant, ZoneId.of("Asia/Kathmandu")),
                        JDBCType.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(4, instant, Types.TIMESTAMP_WITH_TIMEZONE, 0);
                ps.setObject(5, new byte[] {1, 2, 3}, Types.VARBINARY);
                ps.setObject(6, id, Types.OTHER);
                ps.setObject(7, null, Types.DATE);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM v")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(LocalDate.of(2026, 1, 2));
                assertThat(rs.getObject(2, LocalTime.class)).isEqualTo(LocalTime.of(10, 11, 12, 345_678_000));
                assertThat(rs.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(instant);
                assertThat(rs.getObject(4, OffsetDateTime.class).toInstant()).isEqualTo(instant);
                assertThat(rs.getBytes(5)).containsExactly(1, 2, 3);
                assertThat(rs.getObject(6)).isEqualTo(id);
                assertThat(rs.getObject(7)).isNull();
            }
        }
    }
}
