package org.ducklake.jdbc.wrapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Calendar;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.rowset.serial.SerialClob;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * The driver's one set of value conversions: what each getter answers for a value of a column, given the
 * value DuckDB's {@code getObject} returned (or the copy {@link BufferedRows} kept of it) and the column's
 * {@link ColumnKind}. Every result path uses it: rows kept in memory (moved aside, scrollable) for every
 * getter, and the live stream for the getters whose DuckDB answer is not already the same (see
 * {@link ConvertingResultSet}). A {@code raw} of null is SQL NULL: the getter's null answer.
 *
 * <p>Where DuckDB's own getters disagree with JDBC the rule here is JDBC's: getObject on DATE and TIME gives
 * {@link Date} and {@link Time}, on JSON a String; getBoolean on numbers is "not zero"; numbers, dates and
 * booleans convert as JDBC's Table B-6 allows; a value that cannot convert is an SQLException (22000, or
 * 22P02 for text that does not parse), never a runtime exception.
 */
final class ColumnValues {
    private ColumnValues() {}

    /** getObject: DuckDB's value, with JDBC's classes for DATE, TIME and JSON. */
    static Object object(Object raw, ColumnKind kind) {
        if (raw == null) {
            return null;
        }
        switch (kind) {
            case DATE:
                return raw instanceof LocalDate ? Date.valueOf((LocalDate) raw) : raw;
            case TIME:
                return raw instanceof LocalTime ? time((LocalTime) raw) : raw;
            case JSON:
                return raw.toString();
            default:
                return raw;
        }
    }

    /** A java.sql.Time of a time of day, to the millisecond (Time.valueOf drops the fraction). */
    private static Time time(LocalTime t) {
        return new Time(Time.valueOf(t).getTime() + t.getNano() / 1_000_000);
    }

    static boolean toBoolean(Object raw, ColumnKind kind) throws SQLException {
        if (raw == null) {
            return false;
        }
        if (raw instanceof Boolean) {
            return (Boolean) raw;
        }
        if (raw instanceof Number) {
            Number n = (Number) raw;
            if (n instanceof Double || n instanceof Float) {
                return n.doubleValue() != 0;
            }
            return decimal(n).signum() != 0;
        }
        if (kind == ColumnKind.TEXT || kind == ColumnKind.JSON || raw instanceof String) {
            String s = raw.toString().trim().toLowerCase(Locale.ROOT);
            switch (s) {
                case "true":
                case "t":
                case "1":
                case "yes":
                case "y":
                case "on":
                    return true;
                case "false":
                case "f":
                case "0":
                case "no":
                case "n":
                case "off":
                    return false;
                default:
                    throw unparsable(raw, "boolean", null);
            }
        }
        throw conversion(raw, "boolean");
    }

    /** The value as a number for the numeric getters: numbers, booleans (1, 0) and text that parses. */
    private static Number number(Object raw, ColumnKind kind, String target) throws SQLException {
        if (raw instanceof Number) {
            return (Number) raw;
        }
        if (raw instanceof Boolean) {
            return ((Boolean) raw) ? 1 : 0;
        }
        if (kind == ColumnKind.TEXT || kind == ColumnKind.JSON || raw instanceof String) {
            try {
                return new BigDecimal(raw.toString().trim());
            } catch (NumberFormatException e) {
                throw unparsable(raw, target, e);
            }
        }
        throw conversion(raw, target);
    }

    static byte toByte(Object raw, ColumnKind kind) throws SQLException {
        return raw == null ? 0 : number(raw, kind, "byte").byteValue();
    }

    static short toShort(Object raw, ColumnKind kind) throws SQLException {
        return raw == null ? 0 : number(raw, kind, "short").shortValue();
    }

    static int toInt(Object raw, ColumnKind kind) throws SQLException {
        return raw == null ? 0 : number(raw, kind, "int").intValue();
    }

    static long toLong(Object raw, ColumnKind kind) throws SQLException {
        return raw == null ? 0 : number(raw, kind, "long").longValue();
    }

    /** 0 for SQL NULL, as JDBC says (DuckDB's own getFloat answers NaN). */
    static float toFloat(Object raw, ColumnKind kind) throws SQLException {
        return raw == null ? 0 : number(raw, kind, "float").floatValue();
    }

    /** 0 for SQL NULL, as JDBC says (DuckDB's own getDouble answers NaN). */
    static double toDouble(Object raw, ColumnKind kind) throws SQLException {
        return raw == null ? 0 : number(raw, kind, "double").doubleValue();
    }

    static BigDecimal toBigDecimal(Object raw, ColumnKind kind) throws SQLException {
        if (raw == null) {
            return null;
        }
        Number n = number(raw, kind, "BigDecimal");
        try {
            return decimal(n);
        } catch (NumberFormatException e) { // NaN, infinities
            throw SqlErrors.create(
                    "Cannot convert " + n + " to BigDecimal: it is not a finite number",
                    SqlState.NUMERIC_OUT_OF_RANGE,
                    e);
        }
    }

    static BigDecimal toBigDecimal(Object raw, ColumnKind kind, int scale) throws SQLException {
        BigDecimal d = toBigDecimal(raw, kind);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof BigInteger) {
            return new BigDecimal((BigInteger) n);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    static byte[] toBytes(Object raw) throws SQLException {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Blob) {
            Blob b = (Blob) raw;
            return b.getBytes(1, (int) b.length());
        }
        if (raw instanceof byte[]) {
            return ((byte[]) raw).clone();
        }
        throw conversion(raw, "byte[]");
    }

    /** A zone for a Calendar argument: the JVM's when none. */
    private static ZoneId zone(Calendar cal) {
        return cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    }

    /** The value as a date and time without zone (TIMESTAMPTZ: its wall time in {@code zone}). */
    private static LocalDateTime localDateTime(Object raw, ZoneId zone, String target) throws SQLException {
        if (raw instanceof Timestamp) {
            return ((Timestamp) raw).toLocalDateTime();
        }
        if (raw instanceof LocalDateTime) {
            return (LocalDateTime) raw;
        }
        if (raw instanceof OffsetDateTime) {
            return ((OffsetDateTime) raw).atZoneSameInstant(zone).toLocalDateTime();
        }
        if (raw instanceof LocalDate) {
            return ((LocalDate) raw).atStartOfDay();
        }
        if (raw instanceof String) {
            String s = ((String) raw).trim();
            try {
                return Timestamp.valueOf(s).toLocalDateTime();
            } catch (IllegalArgumentException notTimestamp) {
                try {
                    return LocalDate.parse(s).atStartOfDay();
                } catch (DateTimeParseException e) {
                    throw unparsable(raw, target, e);
                }
            }
        }
        throw conversion(raw, target);
    }

    /** getDate: the value's date (TIMESTAMPTZ: in the Calendar's zone); a Calendar moves nothing else. */
    static Date toDate(Object raw, Calendar cal) throws SQLException {
        if (raw == null) {
            return null;
        }
        if (raw instanceof LocalDate) {
            return Date.valueOf((LocalDate) raw);
        }
        return Date.valueOf(localDateTime(raw, zone(cal), "Date").toLocalDate());
    }

    /** getTime: the time of day, on 1970-01-01 (TIMETZ: its own local time; TIMESTAMPTZ: in the Calendar's zone). */
    static Time toTime(Object raw, Calendar cal) throws SQLException {
        if (raw == null) {
            return null;
        }
        return time(localTime(raw, zone(cal)));
    }

    private static LocalTime localTime(Object raw, ZoneId zone) throws SQLException {
        if (raw instanceof LocalTime) {
            return (LocalTime) raw;
        }
        if (raw instanceof OffsetTime) {
            return ((OffsetTime) raw).toLocalTime();
        }
        if (raw instanceof String) {
            try {
                return LocalTime.parse(((String) raw).trim());
            } catch (DateTimeParseException e) {
                // a timestamp's text: its time of day
            }
        }
        if (raw instanceof LocalDate) {
            throw conversion(raw, "Time");
        }
        return localDateTime(raw, zone, "Time").toLocalTime();
    }

    /**
     * getTimestamp: a TIMESTAMPTZ is its instant (a Calendar changes nothing); a TIMESTAMP or DATE is a wall
     * time, read in the Calendar's zone when one is given.
     */
    static Timestamp toTimestamp(Object raw, Calendar cal) throws SQLException {
        if (raw == null) {
            return null;
        }
        if (raw instanceof OffsetDateTime) {
            return Timestamp.from(((OffsetDateTime) raw).toInstant());
        }
        LocalDateTime t = localDateTime(raw, ZoneId.systemDefault(), "Timestamp");
        if (cal == null) {
            return Timestamp.valueOf(t);
        }
        Timestamp at = Timestamp.from(t.atZone(zone(cal)).toInstant());
        at.setNanos(t.getNano());
        return at;
    }

    static Array toArray(Object raw) throws SQLException {
        if (raw == null || raw instanceof Array) {
            return (Array) raw;
        }
        throw conversion(raw, "Array");
    }

    static Blob toBlob(Object raw) throws SQLException {
        if (raw == null || raw instanceof Blob) {
            return (Blob) raw;
        }
        throw conversion(raw, "Blob");
    }

    /** getClob: the text of a text or JSON column. */
    static Clob toClob(Object raw, ColumnKind kind, String text) throws SQLException {
        if (raw == null) {
            return null;
        }
        if (kind != ColumnKind.TEXT && kind != ColumnKind.JSON) {
            throw conversion(raw, "Clob");
        }
        return new SerialClob(text.toCharArray());
    }

    static InputStream binaryStream(Object raw) throws SQLException {
        byte[] b = toBytes(raw);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    static Reader characterStream(String text) {
        return text == null ? null : new StringReader(text);
    }

    static InputStream asciiStream(String text) {
        return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** getObject(i, map): the value when the map names no type; a custom type mapping is not supported. */
    static void checkTypeMap(Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw new SQLFeatureNotSupportedException(
                    "getObject with a type map is not supported (DuckDB has no user-defined SQL types to map)",
                    SqlState.FEATURE_NOT_SUPPORTED);
        }
    }

    /** getObject(i, Class): the JDBC 4.2 conversions; null for SQL NULL whatever the class. */
    static <T> T toClass(Object raw, ColumnKind kind, String text, Class<T> target) throws SQLException {
        if (target == null) {
            throw SqlErrors.create("getObject: the class is null", SqlState.INVALID_PARAMETER_VALUE, null);
        }
        if (raw == null) {
            return null;
        }
        Object converted;
        if (target == String.class) {
            converted = text;
        } else if (target == Boolean.class) {
            converted = toBoolean(raw, kind);
        } else if (target == Byte.class) {
            converted = toByte(raw, kind);
        } else if (target == Short.class) {
            converted = toShort(raw, kind);
        } else if (target == Integer.class) {
            converted = toInt(raw, kind);
        } else if (target == Long.class) {
            converted = toLong(raw, kind);
        } else if (target == Float.class) {
            converted = toFloat(raw, kind);
        } else if (target == Double.class) {
            converted = toDouble(raw, kind);
        } else if (target == BigDecimal.class) {
            converted = toBigDecimal(raw, kind);
        } else if (target == BigInteger.class) {
            converted = toBigDecimal(raw, kind).toBigInteger();
        } else if (target == byte[].class) {
            converted = toBytes(raw);
        } else if (target == Date.class) {
            converted = toDate(raw, null);
        } else if (target == Time.class) {
            converted = toTime(raw, null);
        } else if (target == Timestamp.class) {
            converted = toTimestamp(raw, null);
        } else if (target == LocalDate.class) {
            converted = raw instanceof LocalDate
                    ? raw
                    : localDateTime(raw, ZoneId.systemDefault(), "LocalDate").toLocalDate();
        } else if (target == LocalTime.class) {
            converted = localTime(raw, ZoneId.systemDefault());
        } else if (target == LocalDateTime.class) {
            converted = localDateTime(raw, ZoneId.systemDefault(), "LocalDateTime");
        } else if (target == OffsetDateTime.class) {
            converted = raw instanceof OffsetDateTime
                    ? raw
                    : localDateTime(raw, ZoneId.systemDefault(), "OffsetDateTime")
                            .atZone(ZoneId.systemDefault())
                            .toOffsetDateTime();
        } else if (target == ZonedDateTime.class) {
            converted = raw instanceof OffsetDateTime
                    ? ((OffsetDateTime) raw).toZonedDateTime()
                    : localDateTime(raw, ZoneId.systemDefault(), "ZonedDateTime")
                            .atZone(ZoneId.systemDefault());
        } else if (target == OffsetTime.class) {
            if (!(raw instanceof OffsetTime)) {
                throw conversion(raw, "OffsetTime");
            }
            converted = raw;
        } else if (target == Instant.class) {
            converted = toTimestamp(raw, null).toInstant();
        } else if (target == UUID.class) {
            converted = uuid(raw);
        } else if (target == Array.class) {
            converted = toArray(raw);
        } else if (target == Blob.class) {
            converted = toBlob(raw);
        } else if (target == Clob.class) {
            converted = toClob(raw, kind, text);
        } else {
            Object value = object(raw, kind);
            if (!target.isInstance(value)) {
                throw conversion(raw, target.getName());
            }
            converted = value;
        }
        return target.cast(converted);
    }

    private static UUID uuid(Object raw) throws SQLException {
        if (raw instanceof UUID) {
            return (UUID) raw;
        }
        if (raw instanceof String) {
            try {
                return UUID.fromString(((String) raw).trim());
            } catch (IllegalArgumentException e) {
                throw unparsable(raw, "UUID", e);
            }
        }
        throw conversion(raw, "UUID");
    }

    private static String typeOf(Object raw) {
        if (raw instanceof Array) {
            return "Array";
        }
        if (raw instanceof java.sql.Struct) {
            return "Struct";
        }
        if (raw instanceof Blob) {
            return "Blob";
        }
        if (raw instanceof Map) {
            return "Map";
        }
        return raw.getClass().getSimpleName();
    }

    static SQLException conversion(Object raw, String target) {
        return SqlErrors.create(
                "Cannot convert a value of type " + typeOf(raw) + " to " + target, SqlState.DATA_EXCEPTION, null);
    }

    private static SQLException unparsable(Object raw, String target, Exception cause) {
        return SqlErrors.create(
                "Cannot convert the text '" + SqlErrors.bound(raw.toString(), 64) + "' to " + target,
                SqlState.INVALID_TEXT_REPRESENTATION,
                cause);
    }
}
