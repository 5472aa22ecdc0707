package org.ducklake.jdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table changes in SQL text that matter to one DuckLake defect, in the order they run: a table changed
 * ({@code ALTER TABLE t …} other than a rename, {@code COMMENT ON TABLE t}, {@code COMMENT ON COLUMN t.c}) and
 * then renamed ({@code ALTER TABLE t RENAME TO …}) in one transaction commits with a catalog no connection can
 * read again ("Column with name … already exists!", duckdb/ducklake#1332, in the DuckLake of DuckDB 1.5.5).
 * Tables are known by their name without schema or catalog, lower-cased (DuckDB matches names without case),
 * so a change of {@code a.t} and a rename of {@code b.t} count as the same table: the guard errs on refusing.
 */
// Quirk.RENAME_AFTER_CHANGE
public final class TableChanges {

    /** One change of a table: renamed, or changed otherwise. */
    public static final class Change {
        public final String table;
        public final boolean renamed;

        Change(String table, boolean renamed) {
            this.table = table;
            this.renamed = renamed;
        }
    }

    private TableChanges() {}

    /** The changes in the text, in order; empty for anything else (most SQL: no ALTER or COMMENT in it). */
    public static List<Change> read(String sql) {
        List<Change> out = new ArrayList<>();
        if (sql == null || !mayHave(sql)) {
            return out;
        }
        List<SqlTokens.Token> statement = new ArrayList<>();
        for (SqlTokens.Token t : SqlTokens.all(sql)) {
            if (t.kind == SqlTokens.Kind.PUNCT && t.text.equals(";")) {
                read(statement, out);
                statement.clear();
            } else {
                statement.add(t);
            }
        }
        read(statement, out);
        return out;
    }

    /** Whether the text mentions ALTER or COMMENT at all (case-insensitive, without copying it). */
    private static boolean mayHave(String sql) {
        for (int i = 0; i + 5 <= sql.length(); i++) {
            if (sql.regionMatches(true, i, "alter", 0, 5) || sql.regionMatches(true, i, "comment", 0, 7)) {
                return true;
            }
        }
        return false;
    }

    private static void read(List<SqlTokens.Token> t, List<Change> out) {
        if (word(t, 0, "alter") && word(t, 1, "table")) {
            int at = 2;
            if (word(t, at, "if") && word(t, at + 1, "exists")) {
                at += 2;
            }
            List<String> name = new ArrayList<>();
            int after = qualifiedName(t, at, name);
            if (name.isEmpty()) {
                return;
            }
            boolean renamed = word(t, after, "rename") && word(t, after + 1, "to");
            out.add(new Change(name.get(name.size() - 1), renamed));
        } else if (word(t, 0, "comment") && word(t, 1, "on") && (word(t, 2, "table") || word(t, 2, "column"))) {
            List<String> name = new ArrayList<>();
            qualifiedName(t, 3, name);
            int tablePart = word(t, 2, "table") ? name.size() - 1 : name.size() - 2;
            if (tablePart >= 0) {
                out.add(new Change(name.get(tablePart), false));
            }
        }
    }

    /** Reads {@code a.b.c} from position {@code at} into {@code parts}; the position after it. */
    private static int qualifiedName(List<SqlTokens.Token> t, int at, List<String> parts) {
        int i = at;
        while (i < t.size() && t.get(i).kind == SqlTokens.Kind.WORD) {
            parts.add(t.get(i).text.toLowerCase(Locale.ROOT));
            if (i + 1 < t.size()
                    && t.get(i + 1).kind == SqlTokens.Kind.PUNCT
                    && t.get(i + 1).text.equals(".")) {
                i += 2;
            } else {
                return i + 1;
            }
        }
        return i;
    }

    private static boolean word(List<SqlTokens.Token> t, int i, String text) {
        return i < t.size()
                && t.get(i).kind == SqlTokens.Kind.WORD
                && !t.get(i).quoted
                && t.get(i).text.equals(text);
    }
}
