package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The result columns java.sql.DatabaseMetaData's javadoc (Java 11) specifies for each metadata method:
 * names, order and Java types (String, int, short, long, boolean), written out here independently of the
 * driver so the tests compare the driver's answers with the specification.
 */
final class JdbcSpec {

    private JdbcSpec() {}

    /** One specified column; a null name is a column JDBC leaves unnamed ("reserved for future use"). */
    static final class Col {
        final String name;
        final int type;

        Col(String name, int type) {
            this.name = name;
            this.type = type;
        }

        @Override
        public String toString() {
            return name + ":" + type;
        }
    }

    private static final int S = Types.VARCHAR;
    private static final int I = Types.INTEGER;
    private static final int SH = Types.SMALLINT;
    private static final int L = Types.BIGINT;
    private static final int B = Types.BOOLEAN;

    private static List<Col> spec(Object... nameTypePairs) {
        List<Col> out = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            out.add(new Col((String) nameTypePairs[i], (Integer) nameTypePairs[i + 1]));
        }
        return Collections.unmodifiableList(out);
    }

    static final List<Col> CATALOGS = spec("TABLE_CAT", S);
    static final List<Col> SCHEMAS = spec("TABLE_SCHEM", S, "TABLE_CATALOG", S);
    static final List<Col> TABLE_TYPES = spec("TABLE_TYPE", S);
    static final List<Col> TABLES = spec(
            "TABLE_CAT",
            S,
            "TABLE_SCHEM",
            S,
            "TABLE_NAME",
            S,
            "TABLE_TYPE",
            S,
            "REMARKS",
            S,
            "TYPE_CAT",
            S,
            "TYPE_SCHEM",
            S,
            "TYPE_NAME",
            S,
            "SELF_REFERENCING_COL_NAME",
            S,
            "REF_GENERATION",
            S);
    static final List<Col> COLUMNS = spec(
            "TABLE_CAT",
            S,
            "TABLE_SCHEM",
            S,
            "TABLE_NAME",
            S,
            "COLUMN_NAME",
            S,
            "DATA_TYPE",
            I,
            "TYPE_NAME",
            S,
            "COLUMN_SIZE",
            I,
            "BUFFER_LENGTH",
            I,
            "DECIMAL_DIGITS",
            I,
            "NUM_PREC_RADIX",
            I,
            "NULLABLE",
            I,
            "REMARKS",
            S,
            "COLUMN_DEF",
            S,
            "SQL_DATA_TYPE",
            I,
            "SQL_DATETIME_SUB",
            I,
            "CHAR_OCTET_LENGTH",
            I,
            "ORDINAL_POSITION",
            I,
            "IS_NULLABLE",
            S,
            "SCOPE_CATALOG",
            S,
            "SCOPE_SCHEMA",
            S,
            "SCOPE_TABLE",
            S,
            "SOURCE_DATA_TYPE",
            SH,
            "IS_AUTOINCREMENT",
            S,
            "IS_GENERATEDCOLUMN",
            S);
    static final List<Col> PRIMARY_KEYS =
            spec("TABLE_CAT", S, "TABLE_SCHEM", S, "TABLE_NAME", S, "COLUMN_NAME", S, "KEY_SEQ", SH, "PK_NAME", S);
    /** getImportedKeys, getExportedKeys and getCrossReference. */
    static final List<Col> KEYS = spec(
            "PKTABLE_CAT",
            S,
            "PKTABLE_SCHEM",
            S,
            "PKTABLE_NAME",
            S,
            "PKCOLUMN_NAME",
            S,
            "FKTABLE_CAT",
            S,
            "FKTABLE_SCHEM",
            S,
            "FKTABLE_NAME",
            S,
            "FKCOLUMN_NAME",
            S,
            "KEY_SEQ",
            SH,
            "UPDATE_RULE",
            SH,
            "DELETE_RULE",
            SH,
            "FK_NAME",
            S,
            "PK_NAME",
            S,
            "DEFERRABILITY",
            SH);

    static final List<Col> INDEX_INFO = spec(
            "TABLE_CAT",
            S,
            "TABLE_SCHEM",
            S,
            "TABLE_NAME",
            S,
            "NON_UNIQUE",
            B,
            "INDEX_QUALIFIER",
            S,
            "INDEX_NAME",
            S,
            "TYPE",
            SH,
            "ORDINAL_POSITION",
            SH,
            "COLUMN_NAME",
            S,
            "ASC_OR_DESC",
            S,
            "CARDINALITY",
            L,
            "PAGES",
            L,
            "FILTER_CONDITION",
            S);
    static final List<Col> TYPE_INFO = spec(
            "TYPE_NAME",
            S,
            "DATA_TYPE",
            I,
            "PRECISION",
            I,
            "LITERAL_PREFIX",
            S,
            "LITERAL_SUFFIX",
            S,
            "CREATE_PARAMS",
            S,
            "NULLABLE",
            SH,
            "CASE_SENSITIVE",
            B,
            "SEARCHABLE",
            SH,
            "UNSIGNED_ATTRIBUTE",
            B,
            "FIXED_PREC_SCALE",
            B,
            "AUTO_INCREMENT",
            B,
            "LOCAL_TYPE_NAME",
            S,
            "MINIMUM_SCALE",
            SH,
            "MAXIMUM_SCALE",
            SH,
            "SQL_DATA_TYPE",
            I,
            "SQL_DATETIME_SUB",
            I,
            "NUM_PREC_RADIX",
            I);
    static final List<Col> FUNCTIONS = spec(
            "FUNCTION_CAT",
            S,
            "FUNCTION_SCHEM",
            S,
            "FUNCTION_NAME",
            S,
            "REMARKS",
            S,
            "FUNCTION_TYPE",
            SH,
            "SPECIFIC_NAME",
            S);
    static final List<Col> FUNCTION_COLUMNS = spec(
            "FUNCTION_CAT",
            S,
            "FUNCTION_SCHEM",
            S,
            "FUNCTION_NAME",
            S,
            "COLUMN_NAME",
            S,
            "COLUMN_TYPE",
            SH,
            "DATA_TYPE",
            I,
            "TYPE_NAME",
            S,
            "PRECISION",
            I,
            "LENGTH",
            I,
            "SCALE",
            SH,
            "RADIX",
            SH,
            "NULLABLE",
            SH,
            "REMARKS",
            S,
            "CHAR_OCTET_LENGTH",
            I,
            "ORDINAL_POSITION",
            I,
            "IS_NULLABLE",
            S,
            "SPECIFIC_NAME",
            S);
    static final List<Col> PROCEDURES = spec(
            "PROCEDURE_CAT",
            S,
            "PROCEDURE_SCHEM",
            S,
            "PROCEDURE_NAME",
            S,
            null,
            S,
            null,
            S,
            null,
            S,
            "REMARKS",
            S,
            "PROCEDURE_TYPE",
            SH,
            "SPECIFIC_NAME",
            S);
    static final List<Col> PROCEDURE_COLUMNS = spec(
            "PROCEDURE_CAT",
            S,
            "PROCEDURE_SCHEM",
            S,
            "PROCEDURE_NAME",
            S,
            "COLUMN_NAME",
            S,
            "COLUMN_TYPE",
            SH,
            "DATA_TYPE",
            I,
            "TYPE_NAME",
            S,
            "PRECISION",
            I,
            "LENGTH",
            I,
            "SCALE",
            SH,
            "RADIX",
            SH,
            "NULLABLE",
            SH,
            "REMARKS",
            S,
            "COLUMN_DEF",
            S,
            "SQL_DATA_TYPE",
            I,
            "SQL_DATETIME_SUB",
            I,
            "CHAR_OCTET_LENGTH",
            I,
            "ORDINAL_POSITION",
            I,
            "IS_NULLABLE",
            S,
            "SPECIFIC_NAME",
            S);
    /** getBestRowIdentifier and getVersionColumns. */
    static final List<Col> ROW_IDENTIFIER = spec(
            "SCOPE",
            SH,
            "COLUMN_NAME",
            S,
            "DATA_TYPE",
            I,
            "TYPE_NAME",
            S,
            "COLUMN_SIZE",
            I,
            "BUFFER_LENGTH",
            I,
            "DECIMAL_DIGITS",
            SH,
            "PSEUDO_COLUMN",
            SH);

    static final List<Col> TABLE_PRIVILEGES = spec(
            "TABLE_CAT",
            S,
            "TABLE_SCHEM",
            S,
            "TABLE_NAME",
            S,
            "GRANTOR",
            S,
            "GRANTEE",
            S,
            "PRIVILEGE",
            S,
            "IS_GRANTABLE",
            S);
    static final List<Col> COLUMN_PRIVILEGES = spec(
            "TABLE_CAT",
            S,
            "TABLE_SCHEM",
            S,
            "TABLE_NAME",
            S,
            "COLUMN_NAME",
            S,
            "GRANTOR",
            S,
            "GRANTEE",
            S,
            "PRIVILEGE",
            S,
            "IS_GRANTABLE",
            S);
    static final List<Col> PSEUDO_COLUMNS = spec(
            "TABLE_CAT",
            S,
            "TABLE_SCHEM",
            S,
            "TABLE_NAME",
            S,
            "COLUMN_NAME",
            S,
            "DATA_TYPE",
            I,
            "COLUMN_SIZE",
            I,
            "DECIMAL_DIGITS",
            I,
            "NUM_PREC_RADIX",
            I,
            "COLUMN_USAGE",
            S,
            "REMARKS",
            S,
            "CHAR_OCTET_LENGTH",
            I,
            "IS_NULLABLE",
            S);
    static final List<Col> SUPER_TABLES = spec("TABLE_CAT", S, "TABLE_SCHEM", S, "TABLE_NAME", S, "SUPERTABLE_NAME", S);
    static final List<Col> SUPER_TYPES = spec(
            "TYPE_CAT",
            S,
            "TYPE_SCHEM",
            S,
            "TYPE_NAME",
            S,
            "SUPERTYPE_CAT",
            S,
            "SUPERTYPE_SCHEM",
            S,
            "SUPERTYPE_NAME",
            S);
    static final List<Col> ATTRIBUTES = spec(
            "TYPE_CAT",
            S,
            "TYPE_SCHEM",
            S,
            "TYPE_NAME",
            S,
            "ATTR_NAME",
            S,
            "DATA_TYPE",
            I,
            "ATTR_TYPE_NAME",
            S,
            "ATTR_SIZE",
            I,
            "DECIMAL_DIGITS",
            I,
            "NUM_PREC_RADIX",
            I,
            "NULLABLE",
            I,
            "REMARKS",
            S,
            "ATTR_DEF",
            S,
            "SQL_DATA_TYPE",
            I,
            "SQL_DATETIME_SUB",
            I,
            "CHAR_OCTET_LENGTH",
            I,
            "ORDINAL_POSITION",
            I,
            "IS_NULLABLE",
            S,
            "SCOPE_CATALOG",
            S,
            "SCOPE_SCHEMA",
            S,
            "SCOPE_TABLE",
            S,
            "SOURCE_DATA_TYPE",
            SH);
    static final List<Col> CLIENT_INFO_PROPERTIES = spec("NAME", S, "MAX_LEN", I, "DEFAULT_VALUE", S, "DESCRIPTION", S);
    static final List<Col> UDTS = spec(
            "TYPE_CAT",
            S,
            "TYPE_SCHEM",
            S,
            "TYPE_NAME",
            S,
            "CLASS_NAME",
            S,
            "DATA_TYPE",
            I,
            "REMARKS",
            S,
            "BASE_TYPE",
            SH);

    /** The result set has exactly the specified columns: names (labels), order and JDBC types. */
    static void assertColumns(String what, ResultSet rs, List<Col> spec) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Col expected = i <= spec.size() ? spec.get(i - 1) : null;
            names.add(expected != null && expected.name == null ? null : md.getColumnLabel(i));
            types.add(md.getColumnType(i));
        }
        List<String> expectedNames = new ArrayList<>();
        List<Integer> expectedTypes = new ArrayList<>();
        for (Col c : spec) {
            expectedNames.add(c.name);
            expectedTypes.add(c.type);
        }
        assertThat(names).as("%s: column names", what).isEqualTo(expectedNames);
        assertThat(types)
                .as("%s: column types %s", what, Arrays.toString(spec.toArray()))
                .isEqualTo(expectedTypes);
    }
}
