package org.ducklake.jdbc.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A simpler view of {@link SqlScanner}'s tokens for the driver's own readers of SQL ({@link StatementKind},
 * {@link JdbcEscapes}, {@link InsertValues}, {@link TableChanges}): words come lower-cased (ASCII, as DuckDB
 * folds names) and unquoted (a quoted identifier is a word too, marked quoted), strings as their values,
 * anything else (numbers, operators, punctuation) as written. Text the scanner cannot read yields the tokens
 * before the problem.
 */
final class SqlTokens {
    private SqlTokens() {}

    enum Kind {
        WORD,
        STRING,
        PUNCT
    }

    static final class Token {
        final Kind kind;
        final String text;
        final boolean quoted;
        /** Where the token starts and ends (exclusive) in the statement's text. */
        final int start;

        final int end;

        Token(Kind kind, String text, boolean quoted, int start, int end) {
            this.kind = kind;
            this.text = text;
            this.quoted = quoted;
            this.start = start;
            this.end = end;
        }
    }

    /** Every token of the text. */
    static List<Token> all(String sql) {
        List<SqlScanner.Token> scanned = SqlScanner.scan(sql).tokens();
        List<Token> out = new ArrayList<>(scanned.size());
        for (SqlScanner.Token t : scanned) {
            switch (t.kind) {
                case WORD:
                case QUOTED:
                    out.add(new Token(Kind.WORD, t.name(), t.kind == SqlScanner.Kind.QUOTED, t.start, t.end));
                    break;
                case STRING:
                    out.add(new Token(Kind.STRING, t.text, false, t.start, t.end));
                    break;
                default:
                    out.add(new Token(Kind.PUNCT, t.text, false, t.start, t.end));
            }
        }
        return out;
    }

    /** The first word of the text, past comments, white space, parentheses and semicolons; "" when none. */
    static String firstWord(String sql) {
        for (Token t : all(sql)) {
            if (t.kind == Kind.WORD) {
                return t.quoted ? "" : t.text;
            }
            if (t.kind == Kind.STRING || !(t.text.equals("(") || t.text.equals(";"))) {
                return "";
            }
        }
        return "";
    }
}
