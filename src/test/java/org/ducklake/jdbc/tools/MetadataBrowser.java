package org.ducklake.jdbc.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ducklake.jdbc.wrapper.LakeResultSet;

/**
 * Makes metadata calls the way a tool does and checks what every answer must satisfy: it is one of our
 * result sets whose statement leads back to our connection, it has the columns JDBC specifies, and no row
 * comes from another catalog than the lake ({@code memory}, {@code system}, {@code temp}, DuckLake's
 * {@code __ducklake_metadata_*}). Rows are read into maps (column label -> value).
 */
final class MetadataBrowser {

    /** A metadata call. */
    interface Call {
        ResultSet call(DatabaseMetaData md) throws SQLException;
    }

    private final Connection connection;
    private final DatabaseMetaData md;
    private final String lakeCatalog;
    private final List<String> calls = new ArrayList<>();

    MetadataBrowser(Connection connection, String lakeCatalog) throws SQLException {
        this.connection = connection;
        this.md = connection.getMetaData();
        this.lakeCatalog = lakeCatalog;
    }

    DatabaseMetaData metaData() {
        return md;
    }

    /** The calls made so far, in order, e.g. "getTables(null, main, %, null)". */
    List<String> calls() {
        return calls;
    }

    /** Makes the call, checks the answer and returns its rows; the result set is closed. */
    List<Map<String, Object>> rows(String what, Call call, List<JdbcSpec.Col> spec) throws SQLException {
        calls.add(what);
        try (ResultSet rs = call.call(md)) {
            assertThat(rs).as(what).isInstanceOf(LakeResultSet.class);
            assertThat(rs.getStatement()).as(what).isNotNull();
            assertThat(rs.getStatement().getConnection())
                    .as(what + ": leads back to our connection")
                    .isSameAs(connection);
            JdbcSpec.assertColumns(what, rs, spec);
            ResultSetMetaData rsmd = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rsmd.getColumnCount(); i++) {
                    row.put(rsmd.getColumnLabel(i), rs.getObject(i));
                }
                checkScoped(what, row);
                rows.add(row);
            }
            return rows;
        }
    }

    /** Every catalog column holds the lake's catalog; no value names a catalog the user should not see. */
    private void checkScoped(String what, Map<String, Object> row) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            String column = e.getKey();
            Object value = e.getValue();
            if (column.endsWith("_CAT") || column.equals("TABLE_CATALOG")) {
                if (value != null) {
                    assertThat(value).as("%s: %s of %s", what, column, row).isEqualTo(lakeCatalog);
                }
            }
            if (value instanceof String) {
                String text = ((String) value).toLowerCase(Locale.ROOT);
                assertThat(text).as("%s: %s of %s", what, column, row).doesNotStartWith("__ducklake_metadata");
                if (column.endsWith("_CAT") || column.endsWith("_SCHEM") || column.equals("TABLE_CATALOG")) {
                    assertThat(text)
                            .as("%s: %s of %s", what, column, row)
                            .isNotIn("system", "temp", "memory", "information_schema", "pg_catalog");
                }
            }
        }
    }

    /** The values of one column of the rows. */
    static List<Object> column(List<Map<String, Object>> rows, String column) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            out.add(row.get(column));
        }
        return out;
    }

    /** A table or schema name as DBeaver passes it as a pattern: LIKE wildcards escaped. */
    String escape(String name) throws SQLException {
        String esc = md.getSearchStringEscape();
        return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }
}
