package org.ducklake.jdbc.hibernate;

import jakarta.persistence.TemporalType;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.Date;
import java.util.HexFormat;
import java.util.TimeZone;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.type.descriptor.DateTimeUtils;

/**
 * Literals in DuckDB's syntax where Hibernate's default differs: typed date, time and timestamp strings
 * ({@code timestamp '2026-01-02 03:04:05.123456'}, {@code timestamptz '…+02:00'} for values with an offset)
 * instead of JDBC escapes, which DuckDB does not parse, and {@code from_hex('…')} for bytes instead of
 * {@code X'…'}.
 */
final class DuckDbLiterals {
    private DuckDbLiterals() {}

    static void appendBinary(SqlAppender appender, byte[] bytes) {
        appender.appendSql("from_hex('");
        appender.appendSql(HexFormat.of().formatHex(bytes));
        appender.appendSql("')");
    }

    static void appendDateTime(
            SqlAppender appender,
            TemporalAccessor temporalAccessor,
            @SuppressWarnings("deprecation") TemporalType precision,
            TimeZone jdbcTimeZone) {
        boolean zoned = temporalAccessor.isSupported(ChronoField.OFFSET_SECONDS);
        switch (precision) {
            case DATE:
                appender.appendSql("date '");
                DateTimeUtils.appendAsDate(appender, temporalAccessor);
                break;
            case TIME:
                appender.appendSql(zoned ? "timetz '" : "time '");
                DateTimeUtils.appendAsTime(appender, temporalAccessor, zoned, jdbcTimeZone);
                break;
            case TIMESTAMP:
                appender.appendSql(zoned ? "timestamptz '" : "timestamp '");
                DateTimeUtils.appendAsTimestampWithMicros(appender, temporalAccessor, zoned, jdbcTimeZone);
                break;
            default:
                throw new IllegalArgumentException("unknown temporal precision " + precision);
        }
        appender.appendSql('\'');
    }

    static void appendDateTime(
            SqlAppender appender,
            Date date,
            @SuppressWarnings("deprecation") TemporalType precision,
            TimeZone jdbcTimeZone) {
        switch (precision) {
            case DATE:
                appender.appendSql("date '");
                DateTimeUtils.appendAsDate(appender, date);
                break;
            case TIME:
                appender.appendSql("time '");
                DateTimeUtils.appendAsLocalTime(appender, date);
                break;
            case TIMESTAMP:
                appender.appendSql("timestamp '");
                DateTimeUtils.appendAsTimestampWithMicros(appender, date, jdbcTimeZone);
                break;
            default:
                throw new IllegalArgumentException("unknown temporal precision " + precision);
        }
        appender.appendSql('\'');
    }

    static void appendDateTime(
            SqlAppender appender,
            Calendar calendar,
            @SuppressWarnings("deprecation") TemporalType precision,
            TimeZone jdbcTimeZone) {
        switch (precision) {
            case DATE:
                appender.appendSql("date '");
                DateTimeUtils.appendAsDate(appender, calendar);
                break;
            case TIME:
                appender.appendSql("time '");
                DateTimeUtils.appendAsLocalTime(appender, calendar);
                break;
            case TIMESTAMP:
                appender.appendSql("timestamp '");
                DateTimeUtils.appendAsTimestampWithMillis(appender, calendar, jdbcTimeZone);
                break;
            default:
                throw new IllegalArgumentException("unknown temporal precision " + precision);
        }
        appender.appendSql('\'');
    }
}
