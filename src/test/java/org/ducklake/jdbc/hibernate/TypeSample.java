package org.ducklake.jdbc.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One column of each Java type an entity commonly maps, with an assigned id. */
@Entity(name = "TypeSample")
@Table(name = "type_samples")
class TypeSample {
    enum Size {
        SMALL,
        MEDIUM,
        LARGE
    }

    @Id
    Long id;

    String text;
    boolean flag;
    Boolean maybe;
    byte tiny;
    short small;
    int normal;
    long big;
    float single;
    double twice;

    @Column(precision = 20, scale = 4)
    BigDecimal money;

    BigInteger huge;
    Character letter;
    LocalDate day;
    LocalTime clock;
    LocalDateTime moment;
    OffsetDateTime offsetMoment;
    ZonedDateTime zonedMoment;
    Instant instant;
    Duration elapsed;
    UUID uuid;
    byte[] bytes;

    @Lob
    byte[] blob;

    @Lob
    String clob;

    @Enumerated(EnumType.ORDINAL)
    Size ordinalSize;

    @Enumerated(EnumType.STRING)
    Size namedSize;

    @JdbcTypeCode(SqlTypes.JSON)
    Map<String, Object> attributes;
}
