package org.ducklake.jdbc.wrapper;

import java.util.Locale;

/**
 * What a result column holds, from DuckDB's type name: decides which conversions {@link ColumnValues} makes
 * and which of DuckDB's own getters a live result may keep (those that already answer as the driver's rule).
 */
enum ColumnKind {
    BOOLEAN("java.lang.Boolean"),
    /** TINYINT … BIGINT, HUGEINT and the unsigned types. */
    INTEGRAL(null),
    /** FLOAT, DOUBLE. */
    FLOATING(null),
    DECIMAL("java.math.BigDecimal"),
    TEXT("java.lang.String"),
    BLOB("java.sql.Blob"),
    DATE("java.sql.Date"),
    /** TIME and TIME_NS. */
    TIME("java.sql.Time"),
    TIMETZ("java.time.OffsetTime"),
    /** TIMESTAMP, TIMESTAMP_S, TIMESTAMP_MS, TIMESTAMP_NS. */
    TIMESTAMP("java.sql.Timestamp"),
    TIMESTAMPTZ("java.time.OffsetDateTime"),
    INTERVAL("java.lang.String"),
    UUID("java.util.UUID"),
    JSON("java.lang.String"),
    LIST("java.sql.Array"),
    STRUCT("java.sql.Struct"),
    MAP("java.util.Map"),
    /** Anything else (VARIANT, UNION, GEOMETRY, ENUM …): DuckDB's value as it is. */
    OTHER("java.lang.Object");

    /** The class getObject answers for the kind; null: DuckDB's own (it differs per integral width). */
    private final String className;

    ColumnKind(String className) {
        this.className = className;
    }

    /** Whether DuckDB's getByte … getDouble and getBigDecimal are the driver's answer (plain numbers). */
    boolean nativeNumbers() {
        return this == INTEGRAL || this == DECIMAL || this == FLOATING;
    }

    /** The class getObject's values have, given the name DuckDB's metadata reports. */
    String className(String engineClassName) {
        return className == null ? engineClassName : className;
    }

    static ColumnKind of(String typeName) {
        String t = String.valueOf(typeName).toUpperCase(Locale.ROOT);
        if (t.endsWith("]")) {
            return LIST;
        }
        switch (t) {
            case "BOOLEAN":
                return BOOLEAN;
            case "TINYINT":
            case "SMALLINT":
            case "INTEGER":
            case "BIGINT":
            case "HUGEINT":
            case "UTINYINT":
            case "USMALLINT":
            case "UINTEGER":
            case "UBIGINT":
            case "UHUGEINT":
                return INTEGRAL;
            case "FLOAT":
            case "DOUBLE":
                return FLOATING;
            case "VARCHAR":
                return TEXT;
            case "BLOB":
                return BLOB;
            case "DATE":
                return DATE;
            case "TIME":
            case "TIME_NS":
                return TIME;
            case "TIME WITH TIME ZONE":
                return TIMETZ;
            case "TIMESTAMP":
            case "TIMESTAMP_S":
            case "TIMESTAMP_MS":
            case "TIMESTAMP_NS":
                return TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE":
                return TIMESTAMPTZ;
            case "INTERVAL":
                return INTERVAL;
            case "UUID":
                return UUID;
            case "JSON":
                return JSON;
            default:
                if (t.startsWith("DECIMAL")) {
                    return DECIMAL;
                }
                if (t.startsWith("STRUCT")) {
                    return STRUCT;
                }
                if (t.startsWith("MAP")) {
                    return MAP;
                }
                return OTHER;
        }
    }
}
