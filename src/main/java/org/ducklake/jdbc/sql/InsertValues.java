package org.ducklake.jdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An {@code INSERT INTO table [(columns)] VALUES (…)} statement of the simplest shape, read so that a batch
 * of its parameter rows can be inserted from a staging table in one statement: one row of values, each a
 * parameter ({@code ?} or {@code $n}) or a literal (a string, a number, {@code NULL}, {@code TRUE},
 * {@code FALSE}), and nothing after the row. Every other statement (ON CONFLICT, RETURNING, DEFAULT, an
 * expression, several rows, a CTE, {@code INSERT OR …}, {@code BY NAME}) is not one, and its batch runs
 * row by row.
 */
public final class InsertValues {
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NUMBERED = Pattern.compile("\\$[1-9]\\d{0,5}");
    private static final Set<String> WORD_LITERALS = Set.of("null", "true", "false");

    /** The statement's text up to VALUES: {@code INSERT INTO t (a, b) }, as the user wrote it. */
    private final String head;
    /** Per value of the row: the parameter number (1-based), or 0 for a literal. */
    private final int[] parameters;
    /** Per value of the row: the literal's text as written, or null for a parameter. */
    private final String[] literals;

    private final int parameterCount;

    private InsertValues(String head, int[] parameters, String[] literals, int parameterCount) {
        this.head = head;
        this.parameters = parameters;
        this.literals = literals;
        this.parameterCount = parameterCount;
    }

    /** The statement read as a simple INSERT … VALUES, or null when it is anything else. */
    public static InsertValues parse(String sql) {
        if (sql == null) {
            return null;
        }
        List<SqlTokens.Token> tokens = SqlTokens.all(sql);
        int at = 0;
        if (!word(tokens, at++, "insert") || !word(tokens, at++, "into")) {
            return null;
        }
        // table, schema.table or catalog.schema.table
        if (!name(tokens, at++)) {
            return null;
        }
        for (int parts = 1; parts < 3 && punct(tokens, at, "."); parts++) {
            if (!name(tokens, at + 1)) {
                return null;
            }
            at += 2;
        }
        if (punct(tokens, at, "(")) { // column list
            at++;
            while (true) {
                if (!name(tokens, at++)) {
                    return null;
                }
                if (punct(tokens, at, ")")) {
                    at++;
                    break;
                }
                if (!punct(tokens, at++, ",")) {
                    return null;
                }
            }
        }
        if (!word(tokens, at, "values") || !punct(tokens, at + 1, "(")) {
            return null;
        }
        String head = sql.substring(0, tokens.get(at).start);
        at += 2;
        List<Integer> parameters = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        boolean positional = false;
        boolean numbered = false;
        int maxNumber = 0;
        while (true) {
            int from = at;
            while (at < tokens.size() && !punct(tokens, at, ",") && !punct(tokens, at, ")")) {
                at++;
            }
            if (at >= tokens.size() || from == at) {
                return null;
            }
            String text = sql.substring(tokens.get(from).start, tokens.get(at - 1).end);
            if (at - from == 2 && tokens.get(from).text.equals("-")) {
                // "- 7" as sql_access=lake re-writes "-7" (see SqlScanner.Scan#canonical)
                text = "-" + tokens.get(from + 1).text;
            }
            SqlTokens.Token first = tokens.get(from);
            boolean single = at - from == 1;
            if (single && first.kind == SqlTokens.Kind.PUNCT && first.text.equals("?")) {
                positional = true;
                parameters.add(parameters.size() + 1);
                literals.add(null);
            } else if (NUMBERED.matcher(text).matches()) {
                numbered = true;
                int n = Integer.parseInt(text.substring(1));
                maxNumber = Math.max(maxNumber, n);
                parameters.add(n);
                literals.add(null);
            } else if ((single && first.kind == SqlTokens.Kind.STRING)
                    || (single
                            && first.kind == SqlTokens.Kind.WORD
                            && !first.quoted
                            && WORD_LITERALS.contains(first.text))
                    || NUMBER.matcher(text).matches()) {
                parameters.add(0);
                literals.add(text);
            } else {
                return null;
            }
            if (punct(tokens, at++, ")")) {
                break;
            }
        }
        if (at < tokens.size() && punct(tokens, at, ";")) {
            at++;
        }
        if (at != tokens.size() || (positional && numbered)) {
            return null;
        }
        int[] numbers = parameters.stream().mapToInt(Integer::intValue).toArray();
        if (positional) { // the n-th ? is parameter n, literals in between take no number
            int n = 0;
            for (int k = 0; k < numbers.length; k++) {
                if (numbers[k] != 0) {
                    numbers[k] = ++n;
                }
            }
            maxNumber = n;
        }
        return new InsertValues(head, numbers, literals.toArray(new String[0]), maxNumber);
    }

    /**
     * The statement named for a message: its text up to VALUES ({@code INSERT INTO t (a, b)}), which holds no
     * value, then {@code VALUES (…)}.
     */
    public String described() {
        String text = head.trim();
        return (text.length() <= 200 ? text : text.substring(0, 200) + "…") + " VALUES (…)";
    }

    /** How many parameters the statement takes (the highest {@code $n}, or the number of {@code ?}). */
    public int parameterCount() {
        return parameterCount;
    }

    /** Whether parameter {@code n} (1-based) appears among the values. */
    public boolean uses(int n) {
        for (int p : parameters) {
            if (p == n) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same insert, reading its rows from {@code stage} instead of VALUES: parameter n comes from the
     * stage's column {@code columnName(n)}, literals stay as written, so the engine casts each value to its
     * column exactly as it casts a VALUES row.
     */
    public String fromStage(String stageCatalog, String stageSchema, String stageTable) {
        StringBuilder b = new StringBuilder(head).append("SELECT ");
        for (int k = 0; k < parameters.length; k++) {
            if (k > 0) {
                b.append(", ");
            }
            b.append(parameters[k] == 0 ? literals[k] : SqlText.identifier(columnName(parameters[k])));
        }
        return b.append(" FROM ")
                .append(SqlText.identifier(stageCatalog))
                .append('.')
                .append(SqlText.identifier(stageSchema))
                .append('.')
                .append(SqlText.identifier(stageTable))
                .toString();
    }

    /** The staging table's column for parameter n: {@code $n}, which is also what the engine's errors name. */
    public static String columnName(int n) {
        return "$" + n;
    }

    private static boolean word(List<SqlTokens.Token> tokens, int at, String word) {
        return at < tokens.size()
                && tokens.get(at).kind == SqlTokens.Kind.WORD
                && !tokens.get(at).quoted
                && tokens.get(at).text.equals(word);
    }

    /** An identifier: quoted, or an unquoted word that is no keyword of this statement. */
    private static boolean name(List<SqlTokens.Token> tokens, int at) {
        if (at >= tokens.size() || tokens.get(at).kind != SqlTokens.Kind.WORD) {
            return false;
        }
        SqlTokens.Token t = tokens.get(at);
        return t.quoted
                || !(t.text.equals("values")
                        || t.text.equals("default")
                        || t.text.equals("by")
                        || t.text.equals("as")
                        || t.text.equals("select"));
    }

    private static boolean punct(List<SqlTokens.Token> tokens, int at, String punct) {
        return at < tokens.size()
                && tokens.get(at).kind == SqlTokens.Kind.PUNCT
                && tokens.get(at).text.equals(punct);
    }
}
