package org.ducklake.jdbc.sql;

/**
 * The one way a value from a user reaches engine SQL: as a string literal or a quoted identifier,
 * following {@link java.sql.Statement#enquoteLiteral} / {@code enquoteIdentifier} semantics. Set-up SQL
 * never concatenates a property value without passing it through here.
 */
public final class SqlText {
    private SqlText() {}

    /** {@code 'text'} with every {@code '} doubled. NUL cannot be represented and is refused. */
    public static String literal(String text) {
        refuseNul(text);
        return "'" + text.replace("'", "''") + "'";
    }

    /** {@code "name"} with every {@code "} doubled. NUL cannot be represented and is refused. */
    public static String identifier(String name) {
        refuseNul(name);
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static void refuseNul(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a value contains a NUL character");
        }
    }
}
