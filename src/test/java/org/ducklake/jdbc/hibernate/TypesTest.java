package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ducklake.jdbc.hibernate.HibernateLakes.columnTypes;
import static org.ducklake.jdbc.hibernate.HibernateLakes.fromTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.inTransaction;
import static org.ducklake.jdbc.hibernate.HibernateLakes.rows;

import jakarta.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.ducklake.jdbc.DuckLakeDataSource;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every commonly mapped Java type, written by Hibernate to a lake, read back by Hibernate, and read raw from the
 * lake: the column types DuckLake holds and the values as DuckDB sees them. The engine runs in a time zone far
 * from the JVM's (UTC here) and with a 45-minute offset, so a value shifted by a zone conversion shows. (The zone is
 * set with SET GLOBAL on a connection held open for the class, which keeps the lake's engine and its setting.)
 */
class TypesTest {
    private static final String ENGINE_ZONE = "Asia/Kathmandu";

    private static DuckLakeDataSource ds;
    private static Connection engineHolder;
    private static EntityManagerFactory emf;

    @BeforeAll
    static void start() throws SQLException {
        ds = HibernateLakes.dataSource(TestLakes.postgres());
        engineHolder = ds.getConnection();
        try (Statement s = engineHolder.createStatement()) {
            s.execute("SET GLOBAL TimeZone = '" + ENGINE_ZONE + "'");
        }
        emf = HibernateLakes.unit(ds, "create", TypeSample.class).createEntityManagerFactory();
    }

    @AfterAll
    static void stop() throws SQLException {
        if (emf != null) {
            emf.close();
        }
        if (engineHolder != null) {
            engineHolder.close();
        }
    }

    @Test
    void theEngineRunsInAnotherZone() {
        assertThat(HibernateLakes.value(ds, "SELECT current_setting('TimeZone')"))
                .isEqualTo(ENGINE_ZONE);
    }

    private static TypeSample full() {
        TypeSample s = new TypeSample();
        s.id = 1L;
        s.text = "naïve 'quoted' \"text\" ✓";
        s.flag = true;
        s.maybe = false;
        s.tiny = -7;
        s.small = 30_000;
        s.normal = 2_000_000_000;
        s.big = Long.MAX_VALUE - 1;
        s.single = 1.5f;
        s.twice = Math.PI;
        s.money = new BigDecimal("1234567890123456.1234");
        s.huge = new BigInteger("123456789012345678901234567890");
        s.letter = 'x';
        s.day = LocalDate.of(2026, 2, 28);
        s.clock = LocalTime.of(13, 14, 15, 123_456_000);
        // A wall-clock time that does not exist in many zones (spring-forward gap): must be stored as written.
        s.moment = LocalDateTime.of(2026, 3, 29, 2, 30, 0, 123_456_000);
        s.offsetMoment = OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 123_456_000, ZoneOffset.ofHoursMinutes(5, 30));
        s.zonedMoment = ZonedDateTime.of(2026, 11, 1, 1, 30, 0, 0, ZoneId.of("America/New_York"));
        s.instant = Instant.parse("2026-07-01T12:00:00.654321Z");
        s.elapsed = Duration.ofMillis(90_061_001);
        s.uuid = UUID.fromString("0b9e3a2c-1d4f-4e5a-9b8c-7d6e5f4a3b2c");
        s.bytes = new byte[] {0, 1, 2, (byte) 255};
        s.blob = new byte[100_000];
        new Random(42).nextBytes(s.blob);
        s.clob = "lob text ".repeat(2_000);
        s.ordinalSize = TypeSample.Size.LARGE;
        s.namedSize = TypeSample.Size.MEDIUM;
        s.attributes = Map.of("a", 1, "b", "two");
        return s;
    }

    @Test
    void everyTypeRoundTripsThroughTheLake() {
        TypeSample written = full();
        TypeSample empty = new TypeSample();
        empty.id = 2L;
        inTransaction(emf, em -> {
            em.persist(written);
            em.persist(empty);
        });

        TypeSample read = fromTransaction(emf, em -> em.find(TypeSample.class, 1L));
        assertThat(read)
                .usingRecursiveComparison()
                .ignoringFields("offsetMoment", "zonedMoment")
                .isEqualTo(written);
        // The lake keeps instants, not offsets: the zoned values come back as the same instant.
        assertThat(read.offsetMoment.toInstant()).isEqualTo(written.offsetMoment.toInstant());
        assertThat(read.zonedMoment.toInstant()).isEqualTo(written.zonedMoment.toInstant());

        TypeSample nulls = fromTransaction(emf, em -> em.find(TypeSample.class, 2L));
        assertThat(nulls).usingRecursiveComparison().isEqualTo(empty);
    }

    /** Hibernate's own java.time binding (setObject with a target type) works as well. */
    @Test
    void directJavaTimeBindingRoundTrips() {
        TypeSample written = full();
        written.id = 10L;
        try (EntityManagerFactory direct = HibernateLakes.unit(ds, "none", TypeSample.class)
                .property("hibernate.type.java_time_use_direct_jdbc", "true")
                .createEntityManagerFactory()) {
            inTransaction(direct, em -> em.persist(written));
            TypeSample read = fromTransaction(direct, em -> em.find(TypeSample.class, 10L));
            assertThat(read)
                    .usingRecursiveComparison()
                    .ignoringFields("offsetMoment", "zonedMoment")
                    .isEqualTo(written);
            assertThat(read.offsetMoment.toInstant()).isEqualTo(written.offsetMoment.toInstant());
            assertThat(read.zonedMoment.toInstant()).isEqualTo(written.zonedMoment.toInstant());
        }
    }

    @Test
    void columnsHaveDuckDbTypes() {
        assertThat(columnTypes(ds, "type_samples"))
                .containsAllEntriesOf(Map.ofEntries(
                        Map.entry("id", "BIGINT"),
                        Map.entry("text", "VARCHAR"),
                        Map.entry("flag", "BOOLEAN"),
                        Map.entry("maybe", "BOOLEAN"),
                        Map.entry("tiny", "TINYINT"),
                        Map.entry("small", "SMALLINT"),
                        Map.entry("normal", "INTEGER"),
                        Map.entry("big", "BIGINT"),
                        Map.entry("single", "FLOAT"),
                        Map.entry("twice", "DOUBLE"),
                        Map.entry("money", "DECIMAL(20,4)"),
                        Map.entry("huge", "DECIMAL(38,0)"),
                        Map.entry("letter", "VARCHAR"),
                        Map.entry("day", "DATE"),
                        Map.entry("clock", "TIME"),
                        Map.entry("moment", "TIMESTAMP"),
                        Map.entry("offsetMoment", "TIMESTAMP WITH TIME ZONE"),
                        Map.entry("zonedMoment", "TIMESTAMP WITH TIME ZONE"),
                        Map.entry("instant", "TIMESTAMP WITH TIME ZONE"),
                        Map.entry("elapsed", "DECIMAL(21,0)"),
                        Map.entry("uuid", "UUID"),
                        Map.entry("bytes", "BLOB"),
                        Map.entry("blob", "BLOB"),
                        Map.entry("clob", "VARCHAR"),
                        Map.entry("ordinalSize", "TINYINT"),
                        Map.entry("namedSize", "VARCHAR"),
                        Map.entry("attributes", "JSON")))
                .hasSize(27);
    }

    @Test
    void theLakeHoldsTheValuesAsWritten() {
        TypeSample s = full();
        s.id = 3L;
        inTransaction(emf, em -> em.persist(s));
        Map<String, String> raw = rows(
                        ds,
                        "SELECT CAST(moment AS VARCHAR) AS moment, epoch_us(instant) AS instant,"
                                + " epoch_us(offsetMoment) AS offset_moment, epoch_us(zonedMoment) AS zoned_moment,"
                                + " CAST(day AS VARCHAR) AS day, CAST(clock AS VARCHAR) AS clock,"
                                + " CAST(uuid AS VARCHAR) AS uuid, hex(bytes) AS bytes, octet_length(blob) AS blob_length,"
                                + " CAST(money AS VARCHAR) AS money, CAST(huge AS VARCHAR) AS huge,"
                                + " ordinalSize, namedSize, attributes->>'$.b' AS b, text"
                                + " FROM type_samples WHERE id = 3")
                .get(0);
        assertThat(raw)
                .containsEntry("moment", "2026-03-29 02:30:00.123456")
                .containsEntry("instant", Long.toString(micros(s.instant)))
                .containsEntry("offset_moment", Long.toString(micros(s.offsetMoment.toInstant())))
                .containsEntry("zoned_moment", Long.toString(micros(s.zonedMoment.toInstant())))
                .containsEntry("day", "2026-02-28")
                .containsEntry("clock", "13:14:15.123456")
                .containsEntry("uuid", s.uuid.toString())
                .containsEntry("bytes", HexFormat.of().withUpperCase().formatHex(s.bytes))
                .containsEntry("blob_length", "100000")
                .containsEntry("money", "1234567890123456.1234")
                .containsEntry("huge", "123456789012345678901234567890")
                .containsEntry("ordinalSize", "2")
                .containsEntry("namedSize", "MEDIUM")
                .containsEntry("b", "two")
                .containsEntry("text", s.text);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
