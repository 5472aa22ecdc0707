package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the batch tests ask a lake: run a statement, read one number, count a table's data files. */
final class LakeQueries {
    private LakeQueries() {}

    static void sql(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the one row {@code sql} answers. */
    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    /** The data files of a table of the lake (attached as {@code lake}), as DuckLake lists them. */
    static long files(Connection c, String table) throws SQLException {
        return scalar(c, "SELECT count(*) FROM ducklake_list_files('lake', '" + table + "')");
    }
}
