package org.ducklake.jdbc.faults;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The child JVM of {@link PreparedSchemaChangesTest}: prepared statements whose table is changed under them,
 * after they ran once, by another connection of the same lake instance, by a second lake instance (its own
 * DuckDB engine, as another process would be), by DDL on the same connection and by DDL rolled back. Every
 * execution must give the answer of the table as it is now, or, where the statement no longer fits the table, an
 * SQLException with a 42 SQLState; never the old columns, a crash or an invalidated database. Args: the lake's
 * URL and a file with its connection properties. Prints each step and {@code done}; exits 1 at the first wrong
 * answer.
 */
public final class PreparedSchemaChangesChild {
    private PreparedSchemaChangesChild() {}

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Paths.get(args[1]))) {
            p.load(in);
        }
        Properties other = new Properties();
        other.putAll(p);
        other.setProperty("threads", "3"); // another configuration: a second instance with its own engine
        try (Connection a = DriverManager.getConnection(args[0], p);
                Connection b = DriverManager.getConnection(args[0], p);
                Connection x = DriverManager.getConnection(args[0], other)) {
            expect("a second instance has its own engine", one(x, "SELECT current_setting('threads')"), "3");
            expect(
                    "the first instance keeps its setting",
                    !"3".equals(one(a, "SELECT current_setting('threads')")),
                    true);
            for (Connection changer : new Connection[] {b, x}) {
                String who = changer == b ? "same instance" : "second instance";
                run(a, "CREATE OR REPLACE TABLE t (id INTEGER, v VARCHAR)");
                run(a, "INSERT INTO t VALUES (1, 'one'), (2, 'two')");
                try (PreparedStatement star = a.prepareStatement("SELECT * FROM t WHERE id = ?");
                        PreparedStatement col = a.prepareStatement("SELECT v FROM t WHERE id = ?");
                        PreparedStatement insert = a.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
                    expect(who + ": before", rows(star, 1), "[id, v] 1|one");
                    expect(who + ": one column before", rows(col, 2), "[v] two");

                    run(changer, "ALTER TABLE t ADD COLUMN w INTEGER DEFAULT 7");
                    expect(who + ": a column added", rows(star, 1), "[id, v, w] 1|one|7");
                    expect(who + ": the named column still there", rows(col, 2), "[v] two");
                    expect(who + ": an insert after the column was added", update(insert, 3, "three"), "1");
                    expect(who + ": the inserted row has the default", rows(star, 3), "[id, v, w] 3|three|7");

                    run(changer, "ALTER TABLE t DROP COLUMN v");
                    expect(who + ": a column dropped", rows(star, 1), "[id, w] 1|7");
                    expect(who + ": the dropped column is named", rows(col, 2), "42");
                    expect(who + ": an insert into the dropped column", update(insert, 4, "four"), "42");

                    run(changer, "DROP TABLE t");
                    expect(who + ": the table dropped", rows(star, 1), "42");
                    run(changer, "CREATE TABLE t (id BIGINT, v DOUBLE, s VARCHAR)");
                    run(changer, "INSERT INTO t VALUES (1, 1.5, 'new'), (2, 2.5, 'newer')");
                    expect(who + ": the table made again with other types", rows(star, 1), "[id, v, s] 1|1.5|new");
                    expect(who + ": the named column with its new type", rows(col, 2), "[v] 2.5");
                    expect(who + ": an insert into the new table", update(insert, 5, "5.5"), "1");
                    expect(who + ": the new row", rows(star, 5), "[id, v, s] 5|5.5|null");
                }
            }

            // DDL of the same connection, in its transaction, rolled back, and a statement that lives across them.
            run(a, "CREATE OR REPLACE TABLE t (id INTEGER, v VARCHAR)");
            run(a, "INSERT INTO t VALUES (1, 'one')");
            try (PreparedStatement star = a.prepareStatement("SELECT * FROM t WHERE id = ?")) {
                expect("own DDL: before", rows(star, 1), "[id, v] 1|one");
                run(a, "ALTER TABLE t RENAME COLUMN v TO name");
                expect("own DDL: a column renamed", rows(star, 1), "[id, name] 1|one");
                a.setAutoCommit(false);
                expect("transaction: at its start", rows(star, 1), "[id, name] 1|one");
                run(a, "ALTER TABLE t ADD COLUMN z INTEGER DEFAULT 9");
                expect("transaction: its own new column", rows(star, 1), "[id, name, z] 1|one|9");
                a.rollback();
                expect("transaction: the column rolled back", rows(star, 1), "[id, name] 1|one");
                a.commit();
                run(b, "ALTER TABLE t ADD COLUMN y VARCHAR DEFAULT 'why'");
                expect("transaction: a later one sees another's change", rows(star, 1), "[id, name, y] 1|one|why");
                run(a, "DROP TABLE t");
                expect("transaction: its own drop", rows(star, 1), "42");
                a.rollback();
                expect("transaction: the drop rolled back", rows(star, 1), "[id, name, y] 1|one|why");
                a.commit();
                a.setAutoCommit(true);
                run(x, "ALTER TABLE t DROP COLUMN name");
                expect("auto-commit again, after the second instance changed it", rows(star, 1), "[id, y] 1|why");
            }
            expect("the engine still answers", one(a, "SELECT count(*) FROM t"), "1");
            expect("the other engine still answers", one(x, "SELECT count(*) FROM t"), "1");
        }
        System.out.println("done");
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The columns and rows the statement answers for this id, or the SQLState of its failure. */
    private static String rows(PreparedStatement ps, long id) {
        try {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    names.add(md.getColumnName(i));
                }
                StringBuilder out = new StringBuilder(names.toString());
                while (rs.next()) {
                    out.append(' ');
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                }
                return out.toString();
            }
        } catch (SQLException e) {
            return failure(e);
        }
    }

    private static String update(PreparedStatement ps, long id, String value) {
        try {
            ps.setLong(1, id);
            ps.setString(2, value);
            return String.valueOf(ps.executeUpdate());
        } catch (SQLException e) {
            return failure(e);
        }
    }

    /** A failure's SQLState class, after checking it is a clear one (a state, and not the engine broken). */
    private static String failure(SQLException e) {
        String state = e.getSQLState();
        String message = String.valueOf(e.getMessage());
        System.out.println("  SQLException " + state + ": " + message.split("\n")[0]);
        if (state == null || state.length() != 5 || message.contains("invalidated") || state.startsWith("XX")) {
            throw new IllegalStateException("not a clear SQLException", e);
        }
        return state.substring(0, 2);
    }

    private static void expect(String step, Object actual, Object expected) {
        System.out.println(step + ": " + actual);
        if (!expected.equals(actual)) {
            System.out.println("WRONG: " + step + ": expected " + expected + ", got " + actual);
            System.exit(1);
        }
    }
}
