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
import org.ducklake.jdbc.engine.EngineTypes;

/**
 * The SQL behind {@code LakeDatabaseMetaData}'s curated answers: the result columns the JDBC javadoc
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

    /** getPrimaryKeys' columns: what {@link #SELECT_PRIMARY_KEYS} answers. */
    public static final List<Column> PRIMARY_KEYS = columns(
            text("TABLE_CAT"),
            text("TABLE_SCHEM"),
            text("TABLE_NAME"),
            text("COLUMN_NAME"),
            small("KEY_SEQ"),
            text("PK_NAME"));

    /** getImportedKeys', getExportedKeys' and getCrossReference's columns: what {@link #SELECT_KEYS} answers. */
    public static final List<Column> KEYS = columns(
            text("PKTABLE_CAT"),
            text("PKTABLE_SCHEM"),
            text("PKTABLE_NAME"),
            text("PKCOLUMN_NAME"),
            text("FKTABLE_CAT"),
            text("FKTABLE_SCHEM"),
            text("FKTABLE_NAME"),
            text("FKCOLUMN_NAME"),
            small("KEY_SEQ"),
            small("UPDATE_RULE"),
            small("DELETE_RULE"),
            text("FK_NAME"),
            text("PK_NAME"),
            small("DEFERRABILITY"));

    /** getIndexInfo's columns: what {@link #SELECT_INDEXES} answers. */
    public static final List<Column> INDEX_INFO = columns(
            text("TABLE_CAT"),
            text("TABLE_SCHEM"),
            text("TABLE_NAME"),
            bool("NON_UNIQUE"),
            text("INDEX_QUALIFIER"),
            text("INDEX_NAME"),
            small("TYPE"),
            small("ORDINAL_POSITION"),
            text("COLUMN_NAME"),
            text("ASC_OR_DESC"),
            big("CARDINALITY"),
            big("PAGES"),
            text("FILTER_CONDITION"));

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
        for (Map.Entry<String, Integer> type : EngineTypes.codes().entrySet()) {
            TYPE_CODES.put(type.getKey(), type.getValue());
            TYPE_CODES.put(type.getKey().replace('_', ' '), type.getValue());
        }
        TYPE_CODES.put("TIMESTAMPTZ", TYPE_CODES.get("TIMESTAMP WITH TIME ZONE"));
        TYPE_CODES.put("TIMETZ", TYPE_CODES.get("TIME WITH TIME ZONE"));
    }

    // ---- getTypeInfo ----

    /**
     * The rows of getTypeInfo: the types a DuckLake table column can have, ordered by DATA_TYPE. PRECISION is
     * null where DuckDB has no limit (VARCHAR, JSON, BLOB: a tool would otherwise write VARCHAR(2147483647)).
     */
    public static List<List<String>> typeInfoRows() {
        List<TypeRow> types = new ArrayList<>();
        int all = DatabaseMetaData.typeSearchable;
        int none = DatabaseMetaData.typePredNone;
        // spotless:off (one row per type reads as a table)
        types.add(type("BOOLEAN").precision(1));
        types.add(type("TINYINT").precision(3).radix(10));
        types.add(type("SMALLINT").precision(5).radix(10));
        types.add(type("INTEGER").precision(10).radix(10));
        types.add(type("BIGINT").precision(19).radix(10));
        types.add(type("HUGEINT").precision(39).radix(10));
        types.add(type("UTINYINT").precision(3).unsigned().radix(10));
        types.add(type("USMALLINT").precision(5).unsigned().radix(10));
        types.add(type("UINTEGER").precision(10).unsigned().radix(10));
        types.add(type("UBIGINT").precision(20).unsigned().radix(10));
        types.add(type("UHUGEINT").precision(39).unsigned().radix(10));
        types.add(type("FLOAT").precision(24).radix(2));
        types.add(type("DOUBLE").precision(53).radix(2));
        types.add(type("DECIMAL").precision(38).createParams("precision,scale").fixedPrecisionScale().scale(0, 38)
                .radix(10));
        types.add(type("VARCHAR").literal("'", "'").caseSensitive().searchable(all));
        types.add(type("JSON").literal("'", "'").caseSensitive().searchable(all));
        types.add(type("UUID").precision(36).literal("'", "'"));
        types.add(type("BLOB").literal("'", "'::BLOB"));
        types.add(type("DATE").precision(10).literal("DATE '", "'"));
        types.add(type("TIME").precision(15).literal("TIME '", "'").scale(0, 6));
        types.add(type("TIMESTAMP").precision(26).literal("TIMESTAMP '", "'").scale(0, 6));
        types.add(type("TIMESTAMP_S").precision(19).literal("TIMESTAMP_S '", "'"));
        types.add(type("TIMESTAMP_MS").precision(23).literal("TIMESTAMP_MS '", "'").scale(0, 3));
        types.add(type("TIMESTAMP_NS").precision(29).literal("TIMESTAMP_NS '", "'").scale(0, 9));
        types.add(type("TIMESTAMP WITH TIME ZONE", "TIMESTAMP_WITH_TIME_ZONE").precision(32)
                .literal("TIMESTAMPTZ '", "'").scale(0, 6));
        types.add(type("TIME WITH TIME ZONE", "TIME_WITH_TIME_ZONE").precision(21).literal("TIMETZ '", "'")
                .scale(0, 6));
        types.add(type("INTERVAL").literal("INTERVAL '", "'"));
        types.add(type("LIST").searchable(none));
        types.add(type("STRUCT").searchable(none));
        types.add(type("MAP").searchable(none));
        // spotless:on
        types.sort((a, b) -> Integer.compare(a.dataType, b.dataType)); // stable: closest first
        List<List<String>> rows = new ArrayList<>();
        for (TypeRow t : types) {
            List<String> row = new ArrayList<>();
            row.add(literal(t.name)); // TYPE_NAME
            row.add(literal(t.dataType)); // DATA_TYPE
            row.add(literal(t.precision)); // PRECISION
            row.add(literal(t.prefix)); // LITERAL_PREFIX
            row.add(literal(t.suffix)); // LITERAL_SUFFIX
            row.add(literal(t.createParams)); // CREATE_PARAMS
            row.add(literal(DatabaseMetaData.typeNullable)); // NULLABLE
            row.add(literal(t.caseSensitive)); // CASE_SENSITIVE
            row.add(literal(t.searchable)); // SEARCHABLE
            row.add(literal(t.unsigned)); // UNSIGNED_ATTRIBUTE
            row.add(literal(t.fixedPrecisionScale)); // FIXED_PREC_SCALE
            row.add("false"); // AUTO_INCREMENT
            row.add(literal(t.name)); // LOCAL_TYPE_NAME
            row.add(literal(t.minScale)); // MINIMUM_SCALE
            row.add(literal(t.maxScale)); // MAXIMUM_SCALE
            row.add("NULL"); // SQL_DATA_TYPE (unused)
            row.add("NULL"); // SQL_DATETIME_SUB (unused)
            row.add(literal(t.radix)); // NUM_PREC_RADIX
            rows.add(row);
        }
        return rows;
    }

    /** A type whose name in DDL is also its DuckDBColumnType name. */
    private static TypeRow type(String name) {
        return new TypeRow(name, name);
    }

    /** A type by its name in DDL and its DuckDBColumnType name (which gives its DATA_TYPE). */
    private static TypeRow type(String name, String engineType) {
        return new TypeRow(name, engineType);
    }

    /**
     * One row of getTypeInfo as declared: a type, then only what differs from the defaults (no precision,
     * literal affixes, create params or radix; not case sensitive, unsigned or of fixed precision/scale;
     * searchable in basic predicates; scale 0 to 0).
     */
    private static final class TypeRow {
        final String name;
        /** DuckDB's ResultSetMetaData code of the type. */
        final int dataType;

        Integer precision;
        String prefix;
        String suffix;
        String createParams;
        boolean caseSensitive;
        int searchable = DatabaseMetaData.typePredBasic;
        boolean unsigned;
        boolean fixedPrecisionScale;
        int minScale;
        int maxScale;
        Integer radix;

        TypeRow(String name, String engineType) {
            this.name = name;
            this.dataType = EngineTypes.code(engineType);
        }

        TypeRow precision(int precision) {
            this.precision = precision;
            return this;
        }

        /** What a literal of the type is written between. */
        TypeRow literal(String prefix, String suffix) {
            this.prefix = prefix;
            this.suffix = suffix;
            return this;
        }

        TypeRow createParams(String createParams) {
            this.createParams = createParams;
            return this;
        }

        TypeRow caseSensitive() {
            this.caseSensitive = true;
            return this;
        }

        /** One of DatabaseMetaData's typePredNone, typePredBasic and typeSearchable. */
        TypeRow searchable(int searchable) {
            this.searchable = searchable;
            return this;
        }

        TypeRow unsigned() {
            this.unsigned = true;
            return this;
        }

        TypeRow fixedPrecisionScale() {
            this.fixedPrecisionScale = true;
            return this;
        }

        TypeRow scale(int min, int max) {
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        TypeRow radix(int radix) {
            this.radix = radix;
            return this;
        }
    }

    // ---- filters ----

    // ---- the catalog queries: each a SELECT with the columns JDBC specifies; the caller appends its filter
    // and ORDER BY ----

    /**
     * A name for one overload of a function: its name, its parameters (names for macros, types otherwise)
     * and, unless a scalar function or macro, its kind, e.g. {@code range(BIGINT) table}.
     */
    private static final String SPECIFIC_NAME = "function_name || '(' || coalesce(array_to_string("
            + "CASE WHEN function_type IN ('macro', 'table_macro') THEN parameters ELSE parameter_types END, ', '), '')"
            + " || ')' || CASE WHEN function_type IN ('scalar', 'macro') THEN '' ELSE ' ' || function_type END";

    /**
     * getColumns' columns from {@code duckdb_columns()} (tables and views). DATA_TYPE is the code DuckDB's
     * ResultSetMetaData gives the type; COLUMN_SIZE/NUM_PREC_RADIX are DuckDB's numeric precision and radix
     * (bits for integers and floats, digits for DECIMAL), null for other types. DuckLake reports a column
     * without a default as default {@code NULL}: that is read as no default.
     */
    public static final String SELECT_COLUMNS =
            "SELECT * FROM (" + "SELECT database_name AS \"TABLE_CAT\", schema_name AS \"TABLE_SCHEM\", "
                    + "table_name AS \"TABLE_NAME\", column_name AS \"COLUMN_NAME\", "
                    + "CAST(" + typeCode("data_type") + " AS INTEGER) AS \"DATA_TYPE\", "
                    + "data_type AS \"TYPE_NAME\", CAST(numeric_precision AS INTEGER) AS \"COLUMN_SIZE\", "
                    + "CAST(NULL AS INTEGER) AS \"BUFFER_LENGTH\", CAST(numeric_scale AS INTEGER) AS \"DECIMAL_DIGITS\", "
                    + "CAST(numeric_precision_radix AS INTEGER) AS \"NUM_PREC_RADIX\", "
                    + "CAST(CASE WHEN is_nullable THEN " + DatabaseMetaData.columnNullable + " ELSE "
                    + DatabaseMetaData.columnNoNulls
                    + " END AS INTEGER) AS \"NULLABLE\", comment AS \"REMARKS\", "
                    + "CASE WHEN upper(trim(column_default)) = 'NULL' THEN NULL ELSE column_default END AS \"COLUMN_DEF\", "
                    + "CAST(NULL AS INTEGER) AS \"SQL_DATA_TYPE\", CAST(NULL AS INTEGER) AS \"SQL_DATETIME_SUB\", "
                    + "CAST(character_maximum_length AS INTEGER) AS \"CHAR_OCTET_LENGTH\", "
                    + "CAST(column_index AS INTEGER) AS \"ORDINAL_POSITION\", "
                    + "CASE WHEN is_nullable THEN 'YES' ELSE 'NO' END AS \"IS_NULLABLE\", "
                    + "CAST(NULL AS VARCHAR) AS \"SCOPE_CATALOG\", CAST(NULL AS VARCHAR) AS \"SCOPE_SCHEMA\", "
                    + "CAST(NULL AS VARCHAR) AS \"SCOPE_TABLE\", CAST(NULL AS SMALLINT) AS \"SOURCE_DATA_TYPE\", "
                    + "CASE WHEN column_default LIKE 'nextval(%' THEN 'YES' ELSE 'NO' END AS \"IS_AUTOINCREMENT\", "
                    + "'' AS \"IS_GENERATEDCOLUMN\" FROM duckdb_columns()" + ") c";

    /** Tables and views with getTables' columns, from {@code duckdb_tables()} and {@code duckdb_views()}. */
    public static final String SELECT_TABLES =
            "SELECT \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"TABLE_TYPE\", \"REMARKS\", "
                    + "CAST(NULL AS VARCHAR) AS \"TYPE_CAT\", CAST(NULL AS VARCHAR) AS \"TYPE_SCHEM\", "
                    + "CAST(NULL AS VARCHAR) AS \"TYPE_NAME\", CAST(NULL AS VARCHAR) AS \"SELF_REFERENCING_COL_NAME\", "
                    + "CAST(NULL AS VARCHAR) AS \"REF_GENERATION\" FROM ("
                    + "SELECT database_name AS \"TABLE_CAT\", schema_name AS \"TABLE_SCHEM\", table_name AS \"TABLE_NAME\", "
                    + "CASE WHEN temporary THEN 'LOCAL TEMPORARY' WHEN internal THEN 'SYSTEM TABLE' ELSE 'TABLE' END "
                    + "AS \"TABLE_TYPE\", comment AS \"REMARKS\" FROM duckdb_tables() "
                    + "UNION ALL SELECT database_name, schema_name, view_name, "
                    + "CASE WHEN internal THEN 'SYSTEM VIEW' ELSE 'VIEW' END, comment FROM duckdb_views()) t";

    /**
     * The lake's table comments as (database, schema, table, comment) rows, from {@code duckdb_tables()}: on a
     * DuckLake that reads every table's statistics (two catalog round trips per table), so it is read again
     * only when {@link #LAKE_TABLE_OIDS} changed (see {@link #selectLakeTables}). Append a literal of the lake's
     * name.
     */
    public static final String LAKE_TABLE_COMMENTS =
            "SELECT database_name, schema_name, table_name, comment FROM duckdb_tables() "
                    + "WHERE comment IS NOT NULL AND database_name = ";

    /**
     * The object ids of the lake's tables and views, in order, as one text; append a literal of the lake's name.
     * DuckDB gives every catalog entry a new id from an increasing counter when it is made, and never changes an
     * entry: a table whose comment changed is a new entry (DuckLake loads the lake's schema anew for the new
     * version). So while this text is the same, so are the tables' comments. Read from {@code duckdb_columns()},
     * which reads no statistics.
     */
    public static final String LAKE_TABLE_OIDS =
            "SELECT CAST(list_sort(list(DISTINCT table_oid)) AS VARCHAR) FROM duckdb_columns() WHERE database_name = ";

    /**
     * Tables and views with getTables' columns, as {@link #SELECT_TABLES} answers them for a lake's objects,
     * without {@code duckdb_tables()}: the tables from {@code duckdb_columns()} (a table has at least one column)
     * less the views, their comments from {@code comments} ((database, schema, table, comment) rows read with
     * {@link #LAKE_TABLE_COMMENTS}). Not for temporary tables: their type is not told apart here.
     */
    public static String selectLakeTables(List<String[]> comments) {
        StringBuilder remarks = new StringBuilder();
        if (comments.isEmpty()) {
            remarks.append("SELECT CAST(NULL AS VARCHAR) AS database_name, CAST(NULL AS VARCHAR) AS schema_name, ")
                    .append("CAST(NULL AS VARCHAR) AS table_name, CAST(NULL AS VARCHAR) AS remarks WHERE false");
        } else {
            remarks.append("SELECT * FROM (VALUES ");
            for (int i = 0; i < comments.size(); i++) {
                String[] row = comments.get(i);
                remarks.append(i == 0 ? "(" : ", (");
                for (int j = 0; j < 4; j++) {
                    remarks.append(j == 0 ? "" : ", ").append(anyText(row[j]));
                }
                remarks.append(')');
            }
            remarks.append(") r(database_name, schema_name, table_name, remarks)");
        }
        return "SELECT \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"TABLE_TYPE\", \"REMARKS\", "
                + "CAST(NULL AS VARCHAR) AS \"TYPE_CAT\", CAST(NULL AS VARCHAR) AS \"TYPE_SCHEM\", "
                + "CAST(NULL AS VARCHAR) AS \"TYPE_NAME\", CAST(NULL AS VARCHAR) AS \"SELF_REFERENCING_COL_NAME\", "
                + "CAST(NULL AS VARCHAR) AS \"REF_GENERATION\" FROM ("
                + "SELECT c.database_name AS \"TABLE_CAT\", c.schema_name AS \"TABLE_SCHEM\", "
                + "c.table_name AS \"TABLE_NAME\", CASE WHEN c.internal THEN 'SYSTEM TABLE' ELSE 'TABLE' END "
                + "AS \"TABLE_TYPE\", r.remarks AS \"REMARKS\" FROM ("
                + "SELECT DISTINCT database_name, schema_name, table_name, table_oid, internal FROM duckdb_columns() c "
                + "WHERE NOT EXISTS (SELECT 1 FROM duckdb_views() v WHERE v.view_oid = c.table_oid)) c "
                + "LEFT JOIN (" + remarks + ") r ON r.database_name = c.database_name "
                + "AND r.schema_name = c.schema_name AND r.table_name = c.table_name "
                + "UNION ALL SELECT database_name, schema_name, view_name, "
                + "CASE WHEN internal THEN 'SYSTEM VIEW' ELSE 'VIEW' END, comment FROM duckdb_views()) t";
    }

    /** A string literal for any text, a NUL character included (written as chr(0), which no quoted literal holds). */
    static String anyText(String text) {
        if (text == null) {
            return "CAST(NULL AS VARCHAR)";
        }
        StringBuilder sql = new StringBuilder("(");
        String[] parts = text.split("\0", -1);
        for (int i = 0; i < parts.length; i++) {
            sql.append(i == 0 ? "" : " || chr(0) || ").append(SqlText.literal(parts[i]));
        }
        return sql.append(')').toString();
    }

    /** The attached databases with getCatalogs' column. */
    public static final String SELECT_CATALOGS =
            "SELECT \"TABLE_CAT\" FROM (SELECT database_name AS \"TABLE_CAT\" FROM duckdb_databases()) d";

    /** Primary key columns with getPrimaryKeys' columns, from {@code duckdb_constraints()}. */
    public static final String SELECT_PRIMARY_KEYS =
            "SELECT \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"COLUMN_NAME\", "
                    + "CAST(seq AS SMALLINT) AS \"KEY_SEQ\", \"PK_NAME\" FROM ("
                    + "SELECT database_name AS \"TABLE_CAT\", schema_name AS \"TABLE_SCHEM\", table_name AS \"TABLE_NAME\", "
                    + "constraint_column_names[seq] AS \"COLUMN_NAME\", seq, constraint_name AS \"PK_NAME\" FROM ("
                    + "SELECT *, unnest(range(1, len(constraint_column_names) + 1)) AS seq FROM duckdb_constraints() "
                    + "WHERE constraint_type = 'PRIMARY KEY') c) k";

    /** Foreign key columns with getImportedKeys' columns, each with the unique constraint it references. */
    public static final String SELECT_KEYS =
            "SELECT * FROM (SELECT f.database_name AS \"PKTABLE_CAT\", f.schema_name AS \"PKTABLE_SCHEM\", "
                    + "coalesce(p.table_name, f.referenced_table) AS \"PKTABLE_NAME\", "
                    + "f.referenced_column_names[f.seq] AS \"PKCOLUMN_NAME\", f.database_name AS \"FKTABLE_CAT\", "
                    + "f.schema_name AS \"FKTABLE_SCHEM\", f.table_name AS \"FKTABLE_NAME\", "
                    + "f.constraint_column_names[f.seq] AS \"FKCOLUMN_NAME\", CAST(f.seq AS SMALLINT) AS \"KEY_SEQ\", "
                    + "CAST(" + DatabaseMetaData.importedKeyNoAction + " AS SMALLINT) AS \"UPDATE_RULE\", "
                    + "CAST(" + DatabaseMetaData.importedKeyNoAction + " AS SMALLINT) AS \"DELETE_RULE\", "
                    + "f.constraint_name AS \"FK_NAME\", p.constraint_name AS \"PK_NAME\", "
                    + "CAST(" + DatabaseMetaData.importedKeyNotDeferrable + " AS SMALLINT) AS \"DEFERRABILITY\" FROM ("
                    + "SELECT *, unnest(range(1, len(constraint_column_names) + 1)) AS seq FROM duckdb_constraints() "
                    + "WHERE constraint_type = 'FOREIGN KEY') f LEFT JOIN ("
                    + "SELECT * FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')) p "
                    + "ON p.database_oid = f.database_oid AND p.schema_oid = f.schema_oid "
                    + "AND lower(p.table_name) = lower(f.referenced_table) "
                    + "AND lower(array_to_string(p.constraint_column_names, ',')) "
                    + "= lower(array_to_string(f.referenced_column_names, ','))) k";

    /** Indexed columns or expressions with getIndexInfo' columns, from {@code duckdb_indexes()}. */
    public static final String SELECT_INDEXES =
            "SELECT \"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"NON_UNIQUE\", "
                    + "CAST(NULL AS VARCHAR) AS \"INDEX_QUALIFIER\", \"INDEX_NAME\", "
                    + "CAST(" + DatabaseMetaData.tableIndexOther
                    + " AS SMALLINT) AS \"TYPE\", CAST(pos AS SMALLINT) AS \"ORDINAL_POSITION\", "
                    + "\"COLUMN_NAME\", CAST(NULL AS VARCHAR) AS \"ASC_OR_DESC\", CAST(NULL AS BIGINT) AS \"CARDINALITY\", "
                    + "CAST(NULL AS BIGINT) AS \"PAGES\", CAST(NULL AS VARCHAR) AS \"FILTER_CONDITION\" FROM ("
                    + "SELECT database_name AS \"TABLE_CAT\", schema_name AS \"TABLE_SCHEM\", table_name AS \"TABLE_NAME\", "
                    + "NOT is_unique AS \"NON_UNIQUE\", index_name AS \"INDEX_NAME\", e[pos] AS \"COLUMN_NAME\", pos FROM ("
                    + "SELECT *, unnest(range(1, len(e) + 1)) AS pos FROM ("
                    + "SELECT *, coalesce(TRY_CAST(expressions AS VARCHAR[]), [expressions]) AS e FROM duckdb_indexes()) x) y) i";

    /** Functions and macros with getFunctions' columns, one row per overload. */
    public static final String SELECT_FUNCTIONS =
            "SELECT * FROM (SELECT database_name AS \"FUNCTION_CAT\", schema_name AS \"FUNCTION_SCHEM\", "
                    + "function_name AS \"FUNCTION_NAME\", description AS \"REMARKS\", "
                    + "CAST(CASE WHEN function_type IN ('table', 'table_macro') THEN "
                    + DatabaseMetaData.functionReturnsTable
                    + " ELSE " + DatabaseMetaData.functionNoTable + " END AS SMALLINT) AS \"FUNCTION_TYPE\", "
                    + SPECIFIC_NAME + " AS \"SPECIFIC_NAME\" FROM duckdb_functions()) f";

    /** Function parameters and return values with getFunctionColumns' columns. */
    public static final String SELECT_FUNCTION_COLUMNS =
            "SELECT \"FUNCTION_CAT\", \"FUNCTION_SCHEM\", \"FUNCTION_NAME\", \"COLUMN_NAME\", "
                    + "CAST(CASE WHEN pos = 0 THEN " + DatabaseMetaData.functionReturn + " ELSE "
                    + DatabaseMetaData.functionColumnIn
                    + " END AS SMALLINT) AS \"COLUMN_TYPE\", "
                    + "CAST(" + typeCode("type_name") + " AS INTEGER) AS \"DATA_TYPE\", "
                    + "coalesce(type_name, 'ANY') AS \"TYPE_NAME\", CAST(NULL AS INTEGER) AS \"PRECISION\", "
                    + "CAST(NULL AS INTEGER) AS \"LENGTH\", CAST(NULL AS SMALLINT) AS \"SCALE\", "
                    + "CAST(NULL AS SMALLINT) AS \"RADIX\", CAST(" + DatabaseMetaData.functionNullableUnknown
                    + " AS SMALLINT) AS \"NULLABLE\", "
                    + "CAST(NULL AS VARCHAR) AS \"REMARKS\", CAST(NULL AS INTEGER) AS \"CHAR_OCTET_LENGTH\", "
                    + "CAST(pos AS INTEGER) AS \"ORDINAL_POSITION\", '' AS \"IS_NULLABLE\", \"SPECIFIC_NAME\" FROM ("
                    + "SELECT database_name AS \"FUNCTION_CAT\", schema_name AS \"FUNCTION_SCHEM\", "
                    + "function_name AS \"FUNCTION_NAME\", " + SPECIFIC_NAME + " AS \"SPECIFIC_NAME\", "
                    + "parameters[pos] AS \"COLUMN_NAME\", parameter_types[pos] AS type_name, pos FROM ("
                    + "SELECT *, unnest(range(1, len(parameters) + 1)) AS pos FROM duckdb_functions()) p "
                    + "UNION ALL SELECT database_name, schema_name, function_name, " + SPECIFIC_NAME + ", "
                    + "'returnValue', return_type, 0 FROM duckdb_functions() WHERE return_type IS NOT NULL) c";

    /**
     * The base tables of every attached database whose {@code rowid} is the engine's row id, i.e. no column
     * of their own is named so (a column named rowid hides it), with getTables' first three column names.
     * Read from {@code duckdb_columns()} less {@code duckdb_views()}, not from {@code duckdb_tables()}: on a
     * DuckLake the latter loads every table's statistics for its estimated size, two catalog round trips per
     * table of the lake, whatever the filter (a table has at least one column, so none is missed).
     */
    private static final String ROW_ID_TABLES =
            "SELECT database_name AS \"TABLE_CAT\", schema_name AS \"TABLE_SCHEM\", table_name AS \"TABLE_NAME\" "
                    + "FROM duckdb_columns() c WHERE NOT internal "
                    + "AND NOT EXISTS (SELECT 1 FROM duckdb_views() v WHERE v.view_oid = c.table_oid) "
                    + "GROUP BY database_name, schema_name, table_name, table_oid "
                    + "HAVING NOT bool_or(lower(column_name) = 'rowid')";

    /**
     * The row id as getBestRowIdentifier's answer, one row per table of {@link #ROW_ID_TABLES}: a BIGINT
     * pseudo column valid for the session (DuckLake keeps a row's id through UPDATE and compaction).
     */
    public static final String SELECT_ROW_ID = "SELECT CAST(" + DatabaseMetaData.bestRowSession
            + " AS SMALLINT) AS \"SCOPE\", 'rowid' AS \"COLUMN_NAME\", CAST(" + Types.BIGINT
            + " AS INTEGER) AS \"DATA_TYPE\", 'BIGINT' AS \"TYPE_NAME\", CAST(64 AS INTEGER) AS \"COLUMN_SIZE\", "
            + "CAST(NULL AS INTEGER) AS \"BUFFER_LENGTH\", CAST(0 AS SMALLINT) AS \"DECIMAL_DIGITS\", CAST("
            + DatabaseMetaData.bestRowPseudo + " AS SMALLINT) AS \"PSEUDO_COLUMN\" FROM (" + ROW_ID_TABLES + ") r";

    /** The row id as getPseudoColumns' answer, one row per table of {@link #ROW_ID_TABLES}. */
    public static final String SELECT_ROW_ID_PSEUDO_COLUMNS = "SELECT * FROM (SELECT \"TABLE_CAT\", \"TABLE_SCHEM\", "
            + "\"TABLE_NAME\", 'rowid' AS \"COLUMN_NAME\", CAST(" + Types.BIGINT + " AS INTEGER) AS \"DATA_TYPE\", "
            + "CAST(64 AS INTEGER) AS \"COLUMN_SIZE\", CAST(0 AS INTEGER) AS \"DECIMAL_DIGITS\", "
            + "CAST(2 AS INTEGER) AS \"NUM_PREC_RADIX\", '" + java.sql.PseudoColumnUsage.NO_USAGE_RESTRICTIONS.name()
            + "' AS \"COLUMN_USAGE\", 'DuckLake row id: given when the row is inserted, kept through UPDATE and "
            + "compaction' AS \"REMARKS\", CAST(NULL AS INTEGER) AS \"CHAR_OCTET_LENGTH\", 'NO' AS \"IS_NULLABLE\" "
            + "FROM (" + ROW_ID_TABLES + ") r) p";

    /** Schemas with getSchemas' columns. */
    public static final String SELECT_SCHEMAS =
            "SELECT \"TABLE_SCHEM\", \"TABLE_CATALOG\" FROM (SELECT schema_name AS \"TABLE_SCHEM\", "
                    + "database_name AS \"TABLE_CATALOG\" FROM duckdb_schemas()) s";

    /** The types a lake column can have, with getTypeInfo's columns. */
    public static final String SELECT_TYPE_INFO = values(TYPE_INFO, typeInfoRows());

    /** The standard client info names with getClientInfoProperties' columns. */
    public static final String SELECT_CLIENT_INFO = values(
                    CLIENT_INFO_PROPERTIES,
                    Arrays.asList(
                            clientInfo("ApplicationName", "The name of the application using the connection"),
                            clientInfo("ClientHostname", "The host name of the computer the application runs on"),
                            clientInfo("ClientUser", "The name of the user the application works for")))
            + " ORDER BY \"NAME\"";

    private static List<String> clientInfo(String name, String description) {
        return Arrays.asList(literal(name), literal(Integer.MAX_VALUE), "NULL", literal(description));
    }

    /**
     * The WHERE clause of a metadata query, built one condition at a time on the query's output columns, the
     * values written in as literals ({@link SqlText#literal}): a metadata query then runs as one statement,
     * which in auto-commit is one DuckLake transaction, where preparing and executing it would be two (each a
     * read of the catalog's latest snapshot). JDBC's conventions: a null pattern or name does not narrow the
     * search; a pattern is a LIKE pattern escaped with {@code \}; "" matches nothing (no object lacks a
     * catalog or schema). A value with a NUL character, which no name in DuckDB's catalog holds and no
     * literal can carry, matches nothing.
     */
    public static final class Filter {
        public Filter() {}

        private final List<String> conditions = new ArrayList<>();

        /** {@code column = value}, unless value is null. */
        public Filter equal(String column, String value) {
            if (value != null) {
                conditions.add(hasNul(value) ? "FALSE" : quote(column) + " = " + SqlText.literal(value));
            }
            return this;
        }

        /** {@code column LIKE pattern ESCAPE '\'}, unless the pattern is null or "%" (match all). */
        public Filter like(String column, String pattern) {
            if (pattern != null && !pattern.equals("%")) {
                conditions.add(
                        hasNul(pattern)
                                ? "FALSE"
                                : quote(column) + " LIKE " + SqlText.literal(pattern) + " ESCAPE '\\'");
            }
            return this;
        }

        /** {@code upper(column) IN (values)} (compared upper-case), unless values is null or empty. */
        public Filter in(String column, String[] values) {
            if (values != null && values.length > 0) {
                List<String> literals = new ArrayList<>();
                for (String value : values) {
                    // a null type or one with a NUL names no type: it adds nothing to the list
                    if (value != null && !hasNul(value)) {
                        literals.add("upper(" + SqlText.literal(value) + ")");
                    }
                }
                conditions.add(
                        literals.isEmpty() ? "FALSE" : quote(column) + " IN (" + String.join(", ", literals) + ")");
            }
            return this;
        }

        private static boolean hasNul(String value) {
            return value.indexOf('\0') >= 0;
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
    }
}
