package org.ducklake.jdbc.sql;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * JDBC's escape syntax (JDBC 4.3, chapter 13) translated to DuckDB's SQL, as {@code nativeSQL} shows it and as
 * statements run it while escape processing is on:
 *
 * <pre>
 * {d '2024-01-31'}  {t '12:30:00'}  {ts '2024-01-31 12:30:00'}   DATE '…', TIME '…', TIMESTAMP '…'
 * {fn ucase(name)}  {fn timestampadd(SQL_TSI_DAY, 1, ts)}         DuckDB's function (see FUNCTIONS)
 * {escape '\'}                                                     ESCAPE '\' (after LIKE)
 * {oj a LEFT OUTER JOIN b ON …}                                    the join itself
 * {call f(?)}  {call f}                                            CALL f(?): DuckDB's call of a table function
 * {limit 10 offset 5}                                              LIMIT 10 OFFSET 5
 * </pre>
 *
 * Escapes nest ({@code {fn ucase({fn concat(a, b)})}}). Strings, quoted identifiers, comments and dollar-quoted
 * strings are never read as escapes, and neither are DuckDB's struct literals ({@code {'k': 1}}, {@code {k: 1}}):
 * an escape is a brace followed by one of the keywords above in the form the specification gives. The order of
 * {@code ?} markers is kept, so parameter positions do not move. {@code {? = call f(?)}} (a return value as an OUT
 * parameter) is the whole text of a prepareCall ({@link #returnCall}); anywhere else it is refused with 0A000.
 */
public final class JdbcEscapes {

    /** {fn name(…)} functions whose DuckDB name or form differs; any other name is passed through as written. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("ucase", "upper"),
            Map.entry("lcase", "lower"),
            Map.entry("log", "ln"),
            Map.entry("ceiling", "ceil"),
            Map.entry("char", "chr"),
            Map.entry("curdate", "current_date"),
            Map.entry("curtime", "current_time"),
            Map.entry("database", "current_database"),
            Map.entry("user", "current_user"),
            Map.entry("ifnull", "ifnull"));

    /** SQL's niladic functions, written without parentheses. */
    private static final Set<String> NO_PARENTHESES = Set.of("current_date", "current_time", "current_user");

    /** SQL_TSI_* interval names of TIMESTAMPADD/TIMESTAMPDIFF, as DuckDB's date parts. */
    private static final Map<String, String> INTERVALS = Map.of(
            "sql_tsi_frac_second", "microsecond",
            "sql_tsi_second", "second",
            "sql_tsi_minute", "minute",
            "sql_tsi_hour", "hour",
            "sql_tsi_day", "day",
            "sql_tsi_week", "week",
            "sql_tsi_month", "month",
            "sql_tsi_quarter", "quarter",
            "sql_tsi_year", "year");

    private final String sql;
    private final List<SqlTokens.Token> tokens;

    private JdbcEscapes(String sql) {
        this.sql = sql;
        this.tokens = SqlTokens.all(sql);
    }

    /** The SQL with every escape translated; the same text when it has none. */
    public static String translate(String sql) throws SQLException {
        if (sql == null || sql.indexOf('{') < 0) {
            return sql;
        }
        JdbcEscapes escapes = new JdbcEscapes(sql);
        return escapes.range(0, escapes.tokens.size(), 0, sql.length());
    }

    /**
     * For prepareCall: when the whole text is {@code {? = call f(…)}} (a trailing semicolon aside), the query that
     * returns f's value, {@code SELECT f(…)}, whose one column is the call's OUT parameter 1; null otherwise.
     */
    public static String returnCall(String sql) throws SQLException {
        if (sql == null || sql.indexOf('{') < 0) {
            return null;
        }
        JdbcEscapes escapes = new JdbcEscapes(sql);
        if (!escapes.punct(0, "{") || !escapes.punct(1, "?") || !escapes.punct(2, "=") || !escapes.word(3, "call")) {
            return null;
        }
        int last = escapes.tokens.size() - 1;
        if (escapes.punct(last, ";")) {
            last--;
        }
        int close = escapes.closingBrace(0, escapes.tokens.size());
        if (close != last || close < 5) {
            return null; // more than the call, or no function: translate() refuses it
        }
        String function = escapes.range(4, close, escapes.tokens.get(3).end, escapes.tokens.get(close).start)
                .trim();
        return "SELECT " + (escapes.punct(close - 1, ")") ? function : function + "()");
    }

    /** The text of tokens [from, to), spanning [textFrom, textTo) of the SQL, with escapes translated. */
    private String range(int from, int to, int textFrom, int textTo) throws SQLException {
        StringBuilder out = new StringBuilder();
        int copied = textFrom;
        for (int i = from; i < to; i++) {
            if (!isEscapeStart(i)) {
                continue;
            }
            int close = closingBrace(i, to);
            out.append(sql, copied, tokens.get(i).start);
            out.append(escape(i + 1, close));
            copied = tokens.get(close).end;
            i = close;
        }
        return out.append(sql, copied, textTo).toString();
    }

    private boolean isEscapeStart(int i) {
        if (!punct(i, "{") || i + 1 >= tokens.size()) {
            return false;
        }
        SqlTokens.Token keyword = tokens.get(i + 1);
        if (keyword.kind == SqlTokens.Kind.PUNCT) {
            return keyword.text.equals("?") && punct(i + 2, "=") && word(i + 3, "call");
        }
        if (keyword.kind != SqlTokens.Kind.WORD || keyword.quoted) {
            return false;
        }
        switch (keyword.text) {
            case "d":
            case "t":
            case "ts":
            case "escape":
                return i + 2 < tokens.size() && tokens.get(i + 2).kind == SqlTokens.Kind.STRING;
            case "fn":
            case "call":
                return i + 2 < tokens.size() && tokens.get(i + 2).kind == SqlTokens.Kind.WORD;
            case "oj":
                return i + 2 < tokens.size() && !punct(i + 2, ":");
            case "limit":
                return i + 2 < tokens.size() && !punct(i + 2, ":") && !punct(i + 2, ",");
            default:
                return false;
        }
    }

    /** The brace that closes the escape opened at {@code open}, counting nested braces. */
    private int closingBrace(int open, int to) throws SQLException {
        int depth = 0;
        for (int i = open; i < to; i++) {
            if (punct(i, "{")) {
                depth++;
            } else if (punct(i, "}") && --depth == 0) {
                return i;
            }
        }
        throw new SQLSyntaxErrorException(
                SqlErrors.bound("JDBC escape without its closing brace: " + sql.substring(tokens.get(open).start)),
                SqlState.SYNTAX_ERROR);
    }

    /** The translation of the escape whose tokens (keyword first, closing brace excluded) are [from, close). */
    private String escape(int from, int close) throws SQLException {
        SqlTokens.Token keyword = tokens.get(from);
        if (keyword.kind == SqlTokens.Kind.PUNCT) {
            throw new SQLFeatureNotSupportedException(
                    "{? = call …} is supported only as the whole text of prepareCall (its value is OUT parameter 1);"
                            + " elsewhere SELECT f(?) returns the value",
                    SqlState.FEATURE_NOT_SUPPORTED);
        }
        String rest =
                range(from + 1, close, keyword.end, tokens.get(close).start).trim();
        switch (keyword.text) {
            case "d":
                return "DATE " + rest;
            case "t":
                return "TIME " + rest;
            case "ts":
                return "TIMESTAMP " + rest;
            case "escape":
                return "ESCAPE " + rest;
            case "oj":
                return rest;
            case "limit":
                return "LIMIT " + rest;
            case "call":
                return "CALL " + (punct(close - 1, ")") ? rest : rest + "()");
            default:
                return function(from + 1, close);
        }
    }

    /** {fn name(args)}: the name mapped, the arguments (escapes inside translated) kept in their order. */
    private String function(int nameAt, int close) throws SQLException {
        String name = tokens.get(nameAt).text;
        boolean hasArgs = punct(nameAt + 1, "(") && punct(close - 1, ")");
        List<String> args = hasArgs ? arguments(nameAt + 2, close - 1) : List.of();
        List<String> trimmed = new ArrayList<>();
        args.forEach(a -> trimmed.add(a.trim()));
        switch (name) {
            case "convert":
                requireArgs(name, args, 2);
                return "CAST(" + trimmed.get(0) + " AS " + sqlType(trimmed.get(1)) + ")";
            case "timestampadd":
                requireArgs(name, args, 3);
                return "(INTERVAL (" + trimmed.get(1) + ") " + interval(trimmed.get(0)) + " + (" + trimmed.get(2)
                        + "))";
            case "timestampdiff":
                requireArgs(name, args, 3);
                return "date_diff('" + interval(trimmed.get(0)) + "', " + trimmed.get(1) + ", " + trimmed.get(2) + ")";
            case "dayofweek":
                // JDBC counts from Sunday = 1; ISO from Monday = 1.
                requireArgs(name, args, 1);
                return "(dayofweek(" + trimmed.get(0) + ") + 1)";
            default:
                String mapped = FUNCTIONS.getOrDefault(name, name);
                if (NO_PARENTHESES.contains(mapped) && args.isEmpty()) {
                    return mapped;
                }
                if (!hasArgs) {
                    return mapped + "()";
                }
                return mapped + sql.substring(tokens.get(nameAt).end, tokens.get(nameAt + 1).end)
                        + String.join(",", args) + ")";
        }
    }

    /** The comma-separated arguments in tokens [from, to), split at depth 0, each translated. */
    private List<String> arguments(int from, int to) throws SQLException {
        List<String> args = new ArrayList<>();
        if (from >= to) {
            return args;
        }
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            if (punct(i, "(") || punct(i, "{") || punct(i, "[")) {
                depth++;
            } else if (punct(i, ")") || punct(i, "}") || punct(i, "]")) {
                depth--;
            } else if (depth == 0 && punct(i, ",")) {
                args.add(argument(start, i));
                start = i + 1;
            }
        }
        args.add(argument(start, to));
        return args;
    }

    private String argument(int from, int to) throws SQLException {
        int textFrom = from == 0 ? 0 : tokens.get(from - 1).end;
        return range(from, to, textFrom, tokens.get(to).start);
    }

    private static void requireArgs(String name, List<String> args, int count) throws SQLSyntaxErrorException {
        if (args.size() != count) {
            throw new SQLSyntaxErrorException(
                    "{fn " + name + "} takes " + count + " arguments, not " + args.size(), SqlState.SYNTAX_ERROR);
        }
    }

    private static String interval(String arg) throws SQLSyntaxErrorException {
        String part = INTERVALS.get(arg.trim().toLowerCase(Locale.ROOT));
        if (part == null) {
            throw new SQLSyntaxErrorException(
                    SqlErrors.bound("Unknown interval " + arg.trim() + " (expected SQL_TSI_SECOND, SQL_TSI_DAY, …)"),
                    SqlState.SYNTAX_ERROR);
        }
        return part;
    }

    /** CONVERT's SQL_xxx type (or a plain type name) as DuckDB's. */
    private static String sqlType(String arg) {
        String type = arg.trim();
        String upper = type.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("SQL_")) {
            return type;
        }
        switch (upper.substring(4)) {
            case "CHAR":
            case "VARCHAR":
            case "LONGVARCHAR":
            case "WCHAR":
            case "WVARCHAR":
            case "WLONGVARCHAR":
                return "VARCHAR";
            case "BINARY":
            case "VARBINARY":
            case "LONGVARBINARY":
                return "BLOB";
            case "DOUBLE":
            case "FLOAT":
                return "DOUBLE";
            case "REAL":
                return "REAL";
            case "TYPE_DATE":
                return "DATE";
            case "TYPE_TIME":
                return "TIME";
            case "TYPE_TIMESTAMP":
                return "TIMESTAMP";
            default:
                return upper.substring(4); // INTEGER, BIGINT, SMALLINT, TINYINT, BOOLEAN, DECIMAL, NUMERIC, DATE, TIME…
        }
    }

    private boolean punct(int i, String text) {
        return i >= 0
                && i < tokens.size()
                && tokens.get(i).kind == SqlTokens.Kind.PUNCT
                && tokens.get(i).text.equals(text);
    }

    private boolean word(int i, String text) {
        return i < tokens.size()
                && tokens.get(i).kind == SqlTokens.Kind.WORD
                && !tokens.get(i).quoted
                && tokens.get(i).text.equals(text);
    }
}
