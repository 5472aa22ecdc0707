package org.ducklake.jdbc.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBResultSetMetaData;

/** DuckDB's column types as its driver reports them through {@link java.sql.ResultSetMetaData}. */
public final class EngineTypes {
    private EngineTypes() {}

    private static final Map<String, Integer> CODES;

    static {
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (DuckDBColumnType type : DuckDBColumnType.values()) {
            codes.put(type.name(), DuckDBResultSetMetaData.type_to_int(type));
        }
        CODES = Collections.unmodifiableMap(codes);
    }

    /**
     * Every type DuckDB's driver names (its {@code DuckDBColumnType} constants, e.g. {@code TIMESTAMP_NS},
     * {@code TIMESTAMP_WITH_TIME_ZONE}, in the driver's order) to the {@link java.sql.Types} code its
     * {@code ResultSetMetaData.getColumnType} gives a result column of that type.
     */
    public static Map<String, Integer> codes() {
        return CODES;
    }

    /**
     * The {@link java.sql.Types} code of one type, by its {@code DuckDBColumnType} name.
     *
     * @throws IllegalArgumentException when DuckDB's driver has no type of that name
     */
    public static int code(String name) {
        Integer code = CODES.get(name);
        if (code == null) {
            throw new IllegalArgumentException("DuckDB's driver has no column type " + name);
        }
        return code;
    }
}
