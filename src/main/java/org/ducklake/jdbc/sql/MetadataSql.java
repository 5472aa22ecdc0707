package org.ducklake.jdbc.sql;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBResultSetMetaData;

/**
 * The SQL behind {@link LakeDatabaseMetaData}'s curated answers: the result columns the JDBC javadoc
 * specifies for each metadata method (names, order and types), empty answers built from them, the
 * mapping of DuckDB type names to {@link Types}, and a small builder for the filters of a query.
 */
public final class MetadataSql {

    private MetadataSql() {}

    /** One result column as JDBC specifies it: its name and the SQL type it is cast to. */
    public static final class Column {
        public final String name;
        public final String sqlType;

        private Column(String name, String sqlType) {
            this.name = name;
            this.sqlType = sqlType;
        }
    }

    private static Column text(String name) {
        return new Column(name, "VARCHAR");
    }

    private static Column integer(String name) {
        return new Column(name, "INTEGER");
    }

    private static Column small(String name) {
        return new Column(name, "SMALLINT");
    }

    private static Column big(String name) {
        return new Column(name, "BIGINT");
    }

    private static Column bool(String name) {
        return new Column(name, "BOOLEAN");
    }

    private static List<Column> columns(Column... columns) {
        return Collections.unmodifiableList(Arrays.asList(columns));
    }

    // ---- the result columns of each metadata method (java.sql.DatabaseMetaData, Java 11) ----

    public static final List<Column> PROCEDURES = columns(
            text("PROCEDURE_CAT"),
            text("PROCEDURE_SCHEM"),
            text("PROCEDURE_NAME"),
            text("RESERVED1"),
            text("RESERVED2"),
            text("RESERVED3"),
            text("REMARKS"),
            small("PROCEDURE_TYPE"),
            text("SPECIFIC_NAME"));

    public static final List<Column> PROCEDURE_COLUMNS = columns(
            text("PROCEDURE_CAT"),
            text("PROCEDURE_SCHEM"),
            text("PROCEDURE_NAME"),
            text("COLUMN_NAME"),
            small("COLUMN_TYPE"),
            integer("DATA_TYPE"),
            text("TYPE_NAME"),
            integer("PRECISION"),
            integer("LENGTH"),
            small("SCALE"),
            small("RADIX"),
            small("NULLABLE"),
            text("REMARKS"),
            text("COLUMN_DEF"),
            integer("SQL_DATA_TYPE"),
            integer("SQL_DATETIME_SUB"),
            integer("CHAR_OCTET_LENGTH"),
            integer("ORDINAL_POSITION"),
            text("IS_NULLABLE"),
            text("SPECIFIC_NAME"));

    public static final List<Column> COLUMN_PRIVILEGES = columns(
            text("TABLE_CAT"),
            text("TABLE_SCHEM"),
            text("TABLE_NAME"),
            text("COLUMN_NAME"),
            text("GRANTOR"),
            text("GRANTEE"),
            text("PRIVILEGE"),
            text("IS_GRANTABLE"));

    public static final List<Column> TABLE_PRIVILEGES = columns(
            text("TABLE_CAT"),
            text("TABLE_SCHEM"),
            text("TABLE_NAME"),
            text("GRANTOR"),
            text("GRANTEE"),
            text("PRIVILEGE"),
            text("IS_GRANTABLE"));

    /** getBestRowIdentifier and getVersionColumns share these. */
    public static final List<Column> ROW_IDENTIFIER = columns(
            small("SCOPE"),
            text("COLUMN_NAME"),
            integer("DATA_TYPE"),
            text("TYPE_NAME"),
            integer("COLUMN_SIZE"),
            integer("BUFFER_LENGTH"),
            small("DECIMAL_DIGITS"),
            small("PSEUDO_COLUMN"));

    public static final List<Column> PSEUDO_COLUMNS = columns(
            text("TABLE_CAT"),
            text("TABLE_SCHEM"),
            text("TABLE_NAME"),
            text("COLUMN_NAME"),
            integer("DATA_TYPE"),
            integer("COLUMN_SIZE"),
            integer("DECIMAL_DIGITS"),
            integer("NUM_PREC_RADIX"),
            text("COLUMN_USAGE"),
            text("REMARKS"),
            integer("CHAR_OCTET_LENGTH"),
            text("IS_NULLABLE"));

    public static final List<Column> SUPER_TABLES =
            columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("SUPERTABLE_NAME"));

    public static final List<Column> SUPER_TYPES = columns(
            text("TYPE_CAT"),
            text("TYPE_SCHEM"),
            text("TYPE_NAME"),
            text("SUPERTYPE_CAT"),
            text("SUPERTYPE_SCHEM"),
            text("SUPERTYPE_NAME"));

    public static final List<Column> ATTRIBUTES = columns(
            text("TYPE_CAT"),
            text("TYPE_SCHEM"),
            text("TYPE_NAME"),
            text("ATTR_NAME"),
            integer("DATA_TYPE"),
            text("ATTR_TYPE_NAME"),
            integer("ATTR_SIZE"),
            integer("DECIMAL_DIGITS"),
            integer("NUM_PREC_RADIX"),
            integer("NULLABLE"),
            text("REMARKS"),
            text("ATTR_DEF"),
            integer("SQL_DATA_TYPE"),
            integer("SQL_DATETIME_SUB"),
            integer("CHAR_OCTET_LENGTH"),
            integer("ORDINAL_POSITION"),
            text("IS_NULLABLE"),
            text("SCOPE_CATALOG"),
            text("SCOPE_SCHEMA"),
            text("SCOPE_TABLE"),
            small("SOURCE_DATA_TYPE"));

    public static final List<Column> TABLE_TYPES = columns(text("TABLE_TYPE"));

    public static final List<Column> CLIENT_INFO_PROPERTIES =
            columns(text("NAME"), integer("MAX_LEN"), text("DEFAULT_VALUE"), text("DESCRIPTION"));

    public static final List<Column> TYPE_INFO = columns(
            text("TYPE_NAME"),
            integer("DATA_TYPE"),
            integer("PRECISION"),
            text("LITERAL_PREFIX"),
            text("LITERAL_SUFFIX"),
            text("CREATE_PARAMS"),
            small("NULLABLE"),
            bool("CASE_SENSITIVE"),
            small("SEARCHABLE"),
            bool("UNSIGNED_ATTRIBUTE"),
            bool("FIXED_PREC_SCALE"),
            bool("AUTO_INCREMENT"),
            text("LOCAL_TYPE_NAME"),
            small("MINIMUM_SCALE"),
            small("MAXIMUM_SCALE"),
            integer("SQL_DATA_TYPE"),
            integer("SQL_DATETIME_SUB"),
            integer("NUM_PREC_RADIX"));

    /** {@code SELECT CAST(NULL AS type) AS "NAME", … WHERE false}: no rows, the given columns and types. */
    public static String empty(List<Column> columns) {
        return "SELECT "
                + columns.stream()
                        .map(c -> "CAST(NULL AS " + c.sqlType + ") AS " + quote(c.name))
                        .collect(Collectors.joining(", "))
                + " WHERE false";
    }

    /**
     * {@code SELECT CAST(col1 AS type) AS "NAME", … FROM (VALUES (…), (…)) v(col1, …)}: the given rows
     * (each value already an SQL literal), with the given columns and types.
     */
    public static String values(List<Column> columns, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return empty(columns);
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append("CAST(v.c")
                    .append(i)
                    .append(" AS ")
                    .append(c.sqlType)
                    .append(") AS ")
                    .append(quote(c.name));
        }
        sql.append(" FROM (VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row " + r + " has " + row.size() + " values");
            }
            sql.append(r == 0 ? "(" : ", (").append(String.join(", ", row)).append(')');
        }
        sql.append(") v(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "c" : ", c").append(i);
        }
        return sql.append(')').toString();
    }

    public static String quote(String identifier) {
        return SqlText.identifier(identifier);
    }

    /** An SQL literal for a value of a VALUES row: null, a number or a string. */
    public static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return SqlText.literal(value.toString());
    }

    // ---- DuckDB type names -> java.sql.Types, as DuckDB's ResultSetMetaData reports them ----

    /**
     * An SQL expression giving the {@link Types} code of a DuckDB type name (as {@code duckdb_columns()}
     * prints it, e.g. {@code DECIMAL(18,3)}, {@code INTEGER[]}, {@code TIMESTAMP WITH TIME ZONE}), the same
     * code DuckDB's {@code ResultSetMetaData.getColumnType} gives a result column of that type.
     */
    public static String typeCode(String typeNameExpression) {
        StringBuilder sql = new StringBuilder("CASE WHEN ")
                .append(typeNameExpression)
                .append(" LIKE '%]' THEN ")
                .append(Types.ARRAY)
                .append(" ELSE CASE split_part(")
                .append(typeNameExpression)
                .append(", '(', 1)");
        for (Map.Entry<String, Integer> e : TYPE_CODES.entrySet()) {
            sql.append(" WHEN ")
                    .append(SqlText.literal(e.getKey()))
                    .append(" THEN ")
                    .append(e.getValue());
        }
        return sql.append(" ELSE ").append(Types.OTHER).append(" END END").toString();
    }

    /** DuckDB's type names (both spellings: TIMESTAMP_NS and TIMESTAMP WITH TIME ZONE) to their code. */
    private static final Map<String, Integer> TYPE_CODES = new LinkedHashMap<>();

    static {
        for (DuckDBColumnType type : DuckDBColumnType.values()) {
            int code = DuckDBResultSetMetaData.type_to_int(type);
            TYPE_CODES.put(type.name(), code);
            TYPE_CODES.put(type.name().replace('_', ' '), code);
        }
        TYPE_CODES.put("TIMESTAMPTZ", TYPE_CODES.get("TIMESTAMP WITH TIME ZONE"));
        TYPE_CODES.put("TIMETZ", TYPE_CODES.get("TIME WITH TIME ZONE"));
    }

    /** The {@link Types} code of a DuckDB type (as DuckDB's ResultSetMetaData reports it). */
    public static int typeCode(DuckDBColumnType type) {
        return DuckDBResultSetMetaData.type_to_int(type);
    }

    // ---- getTypeInfo ----

    /**
     * The rows of getTypeInfo: the types a DuckLake table column can have, ordered by DATA_TYPE. PRECISION is
     * null where DuckDB has no limit (VARCHAR, JSON, BLOB: a tool would otherwise write VARCHAR(2147483647)).
     */
    public static List<List<String>> typeInfoRows() {
        List<Object[]> types = new ArrayList<>();
        // name, type, precision, prefix, suffix, create params, case sensitive, searchable, unsigned,
        // fixed precision/scale, min scale, max scale, radix
        int basic = DatabaseMetaData.typePredBasic;
        int all = DatabaseMetaData.typeSearchable;
        int none = DatabaseMetaData.typePredNone;
        types.add(
                row("BOOLEAN", DuckDBColumnType.BOOLEAN, 1, null, null, null, false, basic, false, false, 0, 0, null));
        types.add(row("TINYINT", DuckDBColumnType.TINYINT, 3, null, null, null, false, basic, false, false, 0, 0, 10));
        types.add(
                row("SMALLINT", DuckDBColumnType.SMALLINT, 5, null, null, null, false, basic, false, false, 0, 0, 10));
        types.add(row("INTEGER", DuckDBColumnType.INTEGER, 10, null, null, null, false, basic, false, false, 0, 0, 10));
        types.add(row("BIGINT", DuckDBColumnType.BIGINT, 19, null, null, null, false, basic, false, false, 0, 0, 10));
        types.add(row("HUGEINT", DuckDBColumnType.HUGEINT, 39, null, null, null, false, basic, false, false, 0, 0, 10));
        types.add(row("UTINYINT", DuckDBColumnType.UTINYINT, 3, null, null, null, false, basic, true, false, 0, 0, 10));
        types.add(
                row("USMALLINT", DuckDBColumnType.USMALLINT, 5, null, null, null, false, basic, true, false, 0, 0, 10));
        types.add(
                row("UINTEGER", DuckDBColumnType.UINTEGER, 10, null, null, null, false, basic, true, false, 0, 0, 10));
        types.add(row("UBIGINT", DuckDBColumnType.UBIGINT, 20, null, null, null, false, basic, true, false, 0, 0, 10));
        types.add(
                row("UHUGEINT", DuckDBColumnType.UHUGEINT, 39, null, null, null, false, basic, true, false, 0, 0, 10));
        types.add(row("FLOAT", DuckDBColumnType.FLOAT, 24, null, null, null, false, basic, false, false, 0, 0, 2));
        types.add(row("DOUBLE", DuckDBColumnType.DOUBLE, 53, null, null, null, false, basic, false, false, 0, 0, 2));
        types.add(row(
                "DECIMAL",
                DuckDBColumnType.DECIMAL,
                38,
                null,
                null,
                "precision,scale",
                false,
                basic,
                false,
                true,
                0,
                38,
                10));
        types.add(row("VARCHAR", DuckDBColumnType.VARCHAR, null, "'", "'", null, true, all, false, false, 0, 0, null));
        types.add(row("JSON", DuckDBColumnType.JSON, null, "'", "'", null, true, all, false, false, 0, 0, null));
        types.add(row("UUID", DuckDBColumnType.UUID, 36, "'", "'", null, false, basic, false, false, 0, 0, null));
        types.add(
                row("BLOB", DuckDBColumnType.BLOB, null, "'", "'::BLOB", null, false, basic, false, false, 0, 0, null));
        types.add(row("DATE", DuckDBColumnType.DATE, 10, "DATE '", "'", null, false, basic, false, false, 0, 0, null));
        types.add(row("TIME", DuckDBColumnType.TIME, 15, "TIME '", "'", null, false, basic, false, false, 0, 6, null));
        types.add(row(
                "TIMESTAMP",
                DuckDBColumnType.TIMESTAMP,
                26,
                "TIMESTAMP '",
                "'",
                null,
                false,
                basic,
                false,
                false,
                0,
                6,
                null));
        types.add(row(
                "TIMESTAMP_S",
                DuckDBColumnType.TIMESTAMP_S,
                19,
                "TIMESTAMP_S '",
                "'",
                null,
                false,
                basic,
                false,
                false,
                0,
                0,
                null));
        types.add(row(
                "TIMESTAMP_MS",
                DuckDBColumnType.TIMESTAMP_MS,
                23,
                "TIMESTAMP_MS '",
                "'",
                null,
                false,
                basic,
                false,
                false,
                0,
                3,
                null));
        types.add(row(
                "TIMESTAMP_NS",
                DuckDBColumnType.TIMESTAMP_NS,
                29,
                "TIMESTAMP_NS '",
                "'",
                null,
                false,
                basic,
                false,
                false,
                0,
                9,
                null));
        types.add(row(
                "TIMESTAMP WITH TIME ZONE",
                DuckDBColumnType.TIMESTAMP_WITH_TIME_ZONE,
                32,
                "TIMESTAMPTZ '",
                "'",
                null,
                false,
                basic,
                false,
                false,
                0,
                6,
                null));
        types.add(row(
                "TIME WITH TIME ZONE",
                DuckDBColumnType.TIME_WITH_TIME_ZONE,
                21,
                "TIMETZ '",
                "'",
                null,
                false,
                basic,
                false,
                false,
                0,
                6,
                null));
        types.add(row(
                "INTERVAL",
                DuckDBColumnType.INTERVAL,
                null,
                "INTERVAL '",
                "'",
                null,
                false,
                basic,
                false,
                false,
                0,
                0,
                null));
        types.add(row("LIST", DuckDBColumnType.LIST, null, null, null, null, false, none, false, false, 0, 0, null));
        types.add(
                row("STRUCT", DuckDBColumnType.STRUCT, null, null, null, null, false, none, false, false, 0, 0, null));
        types.add(row("MAP", DuckDBColumnType.MAP, null, null, null, null, false, none, false, false, 0, 0, null));
        types.sort((a, b) -> Integer.compare((Integer) a[1], (Integer) b[1])); // stable: closest first
        List<List<String>> rows = new ArrayList<>();
        for (Object[] t : types) {
            List<String> row = new ArrayList<>();
            row.add(literal(t[0])); // TYPE_NAME
            row.add(literal(t[1])); // DATA_TYPE
            row.add(literal(t[2])); // PRECISION
            row.add(literal(t[3])); // LITERAL_PREFIX
            row.add(literal(t[4])); // LITERAL_SUFFIX
            row.add(literal(t[5])); // CREATE_PARAMS
            row.add(literal(DatabaseMetaData.typeNullable)); // NULLABLE
            row.add(literal(t[6])); // CASE_SENSITIVE
            row.add(literal(t[7])); // SEARCHABLE
            row.add(literal(t[8])); // UNSIGNED_ATTRIBUTE
            row.add(literal(t[9])); // FIXED_PREC_SCALE
            row.add("false"); // AUTO_INCREMENT
            row.add(literal(t[0])); // LOCAL_TYPE_NAME
            row.add(literal(t[10])); // MINIMUM_SCALE
            row.add(literal(t[11])); // MAXIMUM_SCALE
            row.add("NULL"); // SQL_DATA_TYPE (unused)
            row.add("NULL"); // SQL_DATETIME_SUB (unused)
            row.add(literal(t[12])); // NUM_PREC_RADIX
            rows.add(row);
        }
        return rows;
    }

    private static Object[] row(
            String name,
            DuckDBColumnType type,
            Integer precision,
            String prefix,
            String suffix,
            String createParams,
            boolean caseSensitive,
            int searchable,
            boolean unsigned,
            boolean fixed,
            int minScale,
            int maxScale,
            Integer radix) {
        return new Object[] {
            name,
            typeCode(type),
            precision,
            prefix,
            suffix,
            createParams,
            caseSensitive,
            searchable,
            unsigned,
            fixed,
            minScale,
            maxScale,
            radix
        };
    }

    // ---- filters ----

    /**
     * The WHERE clause of a metadata query and the values bound to its parameters, built one condition at a
     * time on the query's output columns. JDBC's conventions: a null pattern or name does not narrow the
     * search; a pattern is a LIKE pattern escaped with {@code \}; "" matches nothing (no object lacks a
     * catalog or schema).
     */
    public static final class Filter {
        public Filter() {}

        private final List<String> conditions = new ArrayList<>();
        private final List<String> params = new ArrayList<>();

        /** {@code column = value}, unless value is null. */
        public Filter equal(String column, String value) {
            if (value != null) {
                conditions.add(quote(column) + " = ?");
                params.add(value);
            }
            return this;
        }

        /** {@code column LIKE pattern ESCAPE '\'}, unless the pattern is null or "%" (match all). */
        public Filter like(String column, String pattern) {
            if (pattern != null && !pattern.equals("%")) {
                conditions.add(quote(column) + " LIKE ? ESCAPE '\\'");
                params.add(pattern);
            }
            return this;
        }

        /** {@code upper(column) IN (values)} (compared upper-case), unless values is null or empty. */
        public Filter in(String column, String[] values) {
            if (values != null && values.length > 0) {
                conditions.add(quote(column) + " IN ("
                        + String.join(", ", Collections.nCopies(values.length, "upper(?)")) + ")");
                params.addAll(Arrays.asList(values));
            }
            return this;
        }

        /** A literal condition with no parameters. */
        public Filter where(String condition) {
            conditions.add(condition);
            return this;
        }

        /** " WHERE a AND b", or "" when nothing narrows the search. */
        public String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        public List<String> params() {
            return params;
        }
    }
}
