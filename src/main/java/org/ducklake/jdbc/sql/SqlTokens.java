package org.ducklake.jdbc.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DuckDB's lexical rules, as far as they decide what is a word, a string and a comment: the one reading of
 * a statement's text that {@link StatementKind} and {@link LakeOnlySql} share. Words come lower-cased and
 * unquoted (a quoted identifier is a word too, marked quoted), strings unescaped ('…', E'…', $tag$…$tag$),
 * comments are skipped, anything else is one character of punctuation.
 */
final class SqlTokens {
    private final String sql;
    private int i;

    private SqlTokens(String sql) {
        this.sql = sql;
    }

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

        Token(Kind kind, String text, boolean quoted) {
            this(kind, text, quoted, -1, -1);
        }

        private Token(Kind kind, String text, boolean quoted, int start, int end) {
            this.kind = kind;
            this.text = text;
            this.quoted = quoted;
            this.start = start;
            this.end = end;
        }

        Token at(int from, int to) {
            return new Token(kind, text, quoted, from, to);
        }
    }

    /** Every token of the text. */
    static List<Token> all(String sql) {
        List<Token> out = new ArrayList<>();
        SqlTokens lexer = new SqlTokens(sql);
        for (Token t = lexer.next(); t != null; t = lexer.next()) {
            out.add(t);
        }
        return out;
    }

    /** The first word of the text, past comments, white space, parentheses and semicolons; "" when none. */
    static String firstWord(String sql) {
        SqlTokens lexer = new SqlTokens(sql);
        for (Token t = lexer.next(); t != null; t = lexer.next()) {
            if (t.kind == Kind.WORD) {
                return t.quoted ? "" : t.text;
            }
            if (t.kind == Kind.STRING || !(t.text.equals("(") || t.text.equals(";"))) {
                return "";
            }
        }
        return "";
    }

    /** The next token with its place in the text, or null at the end. */
    Token next() {
        Token t = read();
        return t == null ? null : t.at(tokenStart, i);
    }

    /** Where the token read last started. */
    private int tokenStart;

    private Token read() {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                tokenStart = i;
                return token(c);
            }
        }
        return null;
    }

    /** The token starting with {@code c} at {@code i}. */
    private Token token(char c) {
        int n = sql.length();
        if (c == '\'' || ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
            return string(c != '\'');
        }
        if (c == '$' && dollarTag(i) != null) {
            String tag = dollarTag(i);
            int end = sql.indexOf(tag, i + tag.length());
            int stop = end < 0 ? n : end;
            Token t = new Token(Kind.STRING, sql.substring(i + tag.length(), stop), false);
            i = end < 0 ? n : end + tag.length();
            return t;
        }
        if (c == '"') {
            return quotedIdentifier();
        }
        if (Character.isLetter(c) || c == '_') {
            int j = i + 1;
            while (j < n
                    && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
                j++;
            }
            Token t = new Token(Kind.WORD, sql.substring(i, j).toLowerCase(Locale.ROOT), false);
            i = j;
            return t;
        }
        i++;
        return new Token(Kind.PUNCT, String.valueOf(c), false);
    }

    private Token string(boolean escapes) {
        int n = sql.length();
        StringBuilder text = new StringBuilder();
        int j = escapes ? i + 2 : i + 1;
        while (j < n) {
            char d = sql.charAt(j);
            if (escapes && d == '\\' && j + 1 < n) {
                text.append(sql.charAt(j + 1));
                j += 2;
            } else if (d == '\'' && j + 1 < n && sql.charAt(j + 1) == '\'') {
                text.append('\'');
                j += 2;
            } else if (d == '\'') {
                break;
            } else {
                text.append(d);
                j++;
            }
        }
        i = j + 1;
        return new Token(Kind.STRING, text.toString(), false);
    }

    private Token quotedIdentifier() {
        int n = sql.length();
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < n) {
            char d = sql.charAt(j);
            if (d == '"' && j + 1 < n && sql.charAt(j + 1) == '"') {
                text.append('"');
                j += 2;
            } else if (d == '"') {
                break;
            } else {
                text.append(d);
                j++;
            }
        }
        i = j + 1;
        return new Token(Kind.WORD, text.toString().toLowerCase(Locale.ROOT), true);
    }

    /** {@code $$} or {@code $tag$} starting at {@code at}, or null. */
    private String dollarTag(int at) {
        int j = at + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == at + 1 || !Character.isDigit(sql.charAt(at + 1)))) {
            return sql.substring(at, j + 1);
        }
        return null;
    }
}
