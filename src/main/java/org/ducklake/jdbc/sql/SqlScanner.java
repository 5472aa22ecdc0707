package org.ducklake.jdbc.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * DuckDB's scanner, rule for rule: the PostgreSQL lexer (scan.l) in the libpg_query copy that DuckDB 1.5.5
 * parses with, after DuckDB's own pass that turns Unicode spaces into plain ones where its simple reading of
 * the text takes them to stand outside quotes ({@link #stripUnicodeSpaces}, ported as it runs, quirks and all). It is the one
 * reading of SQL text in the driver: {@link LakeOnlySql} decides on its tokens, and with {@code sql_access=lake}
 * the engine is sent {@link Scan#canonical()}, the same tokens written out again, so that whatever this scanner
 * read is what DuckDB reads (see Scan#canonical for why that holds even where the two would disagree).
 *
 * <p>What it follows, because DuckDB does: {@code \r} and {@code \n} both end a {@code --} comment; block
 * comments nest; a dollar-quote tag is an identifier without {@code $} whose letters include every non-ASCII
 * character; {@code E'…'} strings take backslash escapes; strings separated by white space that holds a
 * newline are one string; {@code N'…'} is the keyword NCHAR followed by a string; an operator stops before an
 * embedded {@code --} or {@code /*} and drops a trailing {@code +}/{@code -} unless it holds one of
 * {@code ~!@^&|`?%}. What it refuses to read (Scan#problem): anything DuckDB would fail on or read as a
 * different text than Java holds: NUL (DuckDB's scanner stops at it), lone UTF-16 surrogates, unterminated
 * strings, identifiers and comments, empty quoted identifiers, {@code U&} strings and identifiers and
 * {@code E'…'} escapes that DuckDB 1.5.5 rejects (Unicode escapes, bytes outside ASCII or zero, a backslash
 * before a non-ASCII character), and texts whose canonical text DuckDB's Unicode-space pass would change.
 */
public final class SqlScanner {
    /** What a token is. */
    public enum Kind {
        /** An unquoted identifier or keyword, as written. */
        WORD,
        /** A double-quoted identifier; its text is the name, unquoted. */
        QUOTED,
        /** A string constant of any form; its text is the value. */
        STRING,
        /** A numeric constant, as written. */
        NUMBER,
        /** An operator, punctuation, a parameter ({@code ?}, {@code ?1}, {@code $1}) or any other character. */
        SYMBOL
    }

    /** One token: its kind, where it stands in the scanned text and what it says. */
    public static final class Token {
        public final Kind kind;
        /** Where the token starts and ends (exclusive) in the scanned text, in chars. */
        public final int start;

        public final int end;
        /** WORD, NUMBER, SYMBOL: as written; QUOTED: the name; STRING: the value. */
        public final String text;
        /** For a STRING: "" for a character string, "B" or "X" for a bit or hex string. */
        final String prefix;

        Token(Kind kind, int start, int end, String text, String prefix) {
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.text = text;
            this.prefix = prefix;
        }

        /**
         * The name an identifier resolves by: DuckDB compares names case-insensitively in ASCII only, so only
         * ASCII letters are folded; null for tokens that are not identifiers.
         */
        public String name() {
            return kind == Kind.WORD || kind == Kind.QUOTED ? asciiLower(text) : null;
        }

        /** Whether this is the unquoted word {@code lowerCaseWord} (a keyword, say). */
        public boolean isWord(String lowerCaseWord) {
            return kind == Kind.WORD && asciiLower(text).equals(lowerCaseWord);
        }

        /** Whether this is the symbol {@code s}. */
        public boolean isSymbol(String s) {
            return kind == Kind.SYMBOL && text.equals(s);
        }

        /** The token as the canonical text writes it. */
        String canonical() {
            switch (kind) {
                case QUOTED:
                    return '"' + text.replace("\"", "\"\"") + '"';
                case STRING:
                    return prefix + '\'' + text.replace("'", "''") + '\'';
                default:
                    return text;
            }
        }

        @Override
        public String toString() {
            return kind + "[" + start + "," + end + ")" + canonical();
        }
    }

    /** The tokens of a text, or why it cannot be read with certainty. */
    public static final class Scan {
        private final List<Token> tokens;
        private final String problem;
        private String canonical;
        private int[] canonicalStarts;

        Scan(List<Token> tokens, String problem) {
            this.tokens = Collections.unmodifiableList(tokens);
            this.problem = problem;
        }

        /** The tokens read (comments and white space dropped); up to the problem when there is one. */
        public List<Token> tokens() {
            return tokens;
        }

        /** Why the text cannot be read the way DuckDB reads it, in words; null when it can. */
        public String problem() {
            return problem;
        }

        /**
         * The tokens written out again, one space apart, with every string in plain {@code '…'} quotes (or
         * {@code B'…'}/{@code X'…'}), every quoted identifier in {@code "…"}, no comments and no other white
         * space. DuckDB reads that text as exactly these tokens whether or not its scanner and this one agree
         * on the original: outside quotes the text holds only words, numbers and operators, none of which
         * contains a quote, a {@code $} before a letter, {@code --} or {@code /*}, so no token can run into the
         * next; inside quotes only the doubled quote is special. Comments are dropped, so DuckDB's split of a
         * text into statements, which looks for {@code ;} between tokens, finds only the {@code ;} tokens.
         * Null when the text has a problem.
         */
        public String canonical() {
            if (problem != null) {
                return null;
            }
            if (canonical == null) {
                StringBuilder sb = new StringBuilder();
                int[] starts = new int[tokens.size()];
                for (int i = 0; i < tokens.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    starts[i] = sb.length();
                    sb.append(tokens.get(i).canonical());
                }
                canonicalStarts = starts;
                canonical = sb.toString();
            }
            return canonical;
        }

        /** Where each token starts in {@link #canonical()}. */
        public int[] canonicalStarts() {
            canonical();
            return canonicalStarts.clone();
        }
    }

    private static final String OP_CHARS = "~!@^&|`+-*/%<>=";
    private static final String SELF = ",()[].;:+-*/%^<>=";
    /** Multi-character operator tokens of their own, longest first where one is a prefix of another. */
    private static final String[] SPECIALS = {"->>", "::", "..", ":=", "->", "**", "//", "=>", "<=", ">=", "<>", "!="};

    private final String sql;
    private final List<Token> tokens = new ArrayList<>();
    private int i;

    private SqlScanner(String sql) {
        this.sql = sql;
    }

    /**
     * Reads the text as DuckDB's scanner does: on the text DuckDB's Unicode-space pass leaves (each space it
     * replaces is one char, so positions stay those of the text given).
     */
    public static Scan scan(String sql) {
        for (int k = 0; k < sql.length(); k++) {
            try {
                checkChar(sql, k);
            } catch (Unreadable e) {
                // The tokens before it still tell the driver's own readers (StatementKind, …) what the
                // statement starts with; DuckDB itself stops reading at a NUL.
                return new Scan(scan(sql.substring(0, k)).tokens(), e.getMessage());
            }
        }
        SqlScanner s = new SqlScanner(stripUnicodeSpaces(sql));
        try {
            s.run();
        } catch (Unreadable e) {
            return new Scan(s.tokens, e.getMessage());
        }
        Scan scan = new Scan(s.tokens, null);
        String canonical = scan.canonical();
        if (!stripUnicodeSpaces(canonical).equals(canonical)) {
            // its pass reads the canonical text differently from the original (a word holding $x$ or $$ opens a
            // dollar quote to it, a comment with a quote in it is gone) and would replace a space there: in a quoted
            // name or string DuckDB would run another value, in a word it would read other tokens
            return new Scan(
                    s.tokens,
                    "a Unicode space that DuckDB's Unicode-space pass would replace in the" + " canonical text");
        }
        return scan;
    }

    /**
     * The text as DuckDB's parser gets it: Parser::StripUnicodeSpaces (DuckDB 1.5.5, src/parser/parser.cpp)
     * replaces each of the Unicode spaces {@link #isUnicodeSpace} names by a plain space, but only where its own
     * simple reading takes the text for code: it knows {@code '…'} and {@code "…"} quotes, {@code --} comments
     * and dollar quotes (a {@code $} followed by {@code $} or a tag), not block comments, {@code E''} escapes or
     * that a {@code $} inside a word opens nothing; and it never looks at the last two bytes. Ported as it runs,
     * on the UTF-8 bytes, so the same spaces are replaced; each is one UTF-16 char, so positions stay. The text
     * must hold no lone surrogate.
     */
    static String stripUnicodeSpaces(String sql) {
        boolean any = false;
        for (int k = 0; k < sql.length() && !any; k++) {
            any = isUnicodeSpace(sql.charAt(k));
        }
        if (!any) {
            return sql;
        }
        byte[] q = sql.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] charOf = new int[q.length];
        for (int k = 0, b = 0; k < sql.length(); k++) {
            int cp = sql.codePointAt(k);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            for (int m = 0; m < len; m++) {
                charOf[b + m] = k;
            }
            b += len;
            if (cp >= 0x10000) {
                k++;
            }
        }
        char[] out = sql.toCharArray();
        int qsize = q.length;
        int pos = 0;
        int quote = 0;
        int tagStart = 0;
        int tagLen = 0;
        String state = "regular";
        scan:
        while (true) {
            switch (state) {
                case "regular":
                    for (; pos + 2 < qsize; pos++) {
                        int b0 = q[pos] & 0xff;
                        int b1 = q[pos + 1] & 0xff;
                        int b2 = q[pos + 2] & 0xff;
                        if (b0 == 0xC2 && b1 == 0xA0) {
                            out[charOf[pos]] = ' ';
                        }
                        if (b0 == 0xE2) {
                            if (b1 == 0x80) {
                                if ((b2 >= 0x80 && b2 <= 0x8B) || b2 == 0xAF) {
                                    out[charOf[pos]] = ' ';
                                }
                            } else if (b1 == 0x81 && (b2 == 0x9F || b2 == 0xA0)) {
                                out[charOf[pos]] = ' ';
                            }
                        } else if (b0 == 0xE3) {
                            if (b1 == 0x80 && b2 == 0x80) {
                                out[charOf[pos]] = ' ';
                            }
                        } else if (b0 == 0xEF) {
                            if (b1 == 0xBB && b2 == 0xBF) {
                                out[charOf[pos]] = ' ';
                            }
                        } else if (b0 == '"' || b0 == '\'') {
                            quote = b0;
                            pos++;
                            state = "quotes";
                            continue scan;
                        } else if (b0 == '$' && (b1 == '$' || isStripTagFirst(b1))) {
                            tagStart = ++pos;
                            for (; pos + 2 < qsize; pos++) {
                                if (q[pos] == '$') {
                                    tagLen = pos - tagStart;
                                    state = "dollar";
                                    continue scan;
                                }
                                if (!isStripTagFirst(q[pos] & 0xff) && !(q[pos] >= '0' && q[pos] <= '9')) {
                                    continue scan; // back to regular, at this byte
                                }
                            }
                            break scan;
                        } else if (b0 == '-' && b1 == '-') {
                            state = "comment";
                            continue scan;
                        }
                    }
                    break scan;
                case "quotes":
                    for (; pos + 1 < qsize; pos++) {
                        if ((q[pos] & 0xff) == quote) {
                            if ((q[pos + 1] & 0xff) == quote) {
                                pos++;
                                continue;
                            }
                            pos++;
                            state = "regular";
                            continue scan;
                        }
                    }
                    break scan;
                case "dollar":
                    for (; pos + 2 < qsize; pos++) {
                        if (q[pos] == '$'
                                && qsize - (pos + 1) >= tagLen + 1
                                && q[pos + tagLen + 1] == '$'
                                && java.util.Arrays.equals(
                                        q, pos + 1, pos + 1 + tagLen, q, tagStart, tagStart + tagLen)) {
                            pos += tagLen + 1;
                            state = "regular";
                            continue scan;
                        }
                    }
                    break scan;
                default: // comment
                    for (; pos < qsize; pos++) {
                        if (q[pos] == '\n' || q[pos] == '\r') {
                            state = "regular";
                            continue scan;
                        }
                    }
                    break scan;
            }
        }
        return new String(out);
    }

    /** IsValidDollarQuotedStringTagFirstChar of DuckDB's pass: A-Z, a-z or a byte from 0x80 (no underscore). */
    private static boolean isStripTagFirst(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b >= 0x80;
    }

    /** Why the text cannot be read with certainty; thrown inside the scanner only. */
    private static final class Unreadable extends Exception {
        Unreadable(String why, int at) {
            super(why + " at character " + (at + 1));
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private void run() throws Unreadable {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = lineEnd(i);
            } else if (sql.startsWith("/*", i)) {
                blockComment();
            } else {
                token(c);
            }
        }
    }

    /**
     * NUL and lone surrogates have no reading DuckDB shares (its scanner stops at NUL; a lone surrogate has no
     * UTF-8 form): refused wherever they stand, comments included.
     */
    private static void checkChar(String sql, int at) throws Unreadable {
        char c = sql.charAt(at);
        if (c == 0) {
            throw new Unreadable("a NUL character", at);
        }
        if (Character.isHighSurrogate(c)) {
            if (at + 1 >= sql.length() || !Character.isLowSurrogate(sql.charAt(at + 1))) {
                throw new Unreadable("a lone UTF-16 surrogate", at);
            }
        } else if (Character.isLowSurrogate(c) && (at == 0 || !Character.isHighSurrogate(sql.charAt(at - 1)))) {
            throw new Unreadable("a lone UTF-16 surrogate", at);
        }
    }

    /**
     * The Unicode spaces DuckDB turns into plain spaces before it parses (Parser::StripUnicodeSpaces, see
     * {@link #stripUnicodeSpaces}): no-break space, U+2000 to U+200B, U+202F, U+205F, U+2060, U+3000 and U+FEFF.
     * One its pass leaves in place is, to the scanner, a character like any other from U+0080: part of a word.
     */
    static boolean isUnicodeSpace(char c) {
        return c == '\u00a0'
                || (c >= '\u2000' && c <= '\u200b')
                || c == '\u202f'
                || c == '\u205f'
                || c == '\u2060'
                || c == '\u3000'
                || c == '\ufeff';
    }

    /** The end of a {@code --} comment: the next \n or \r (not included), or the end of the text. */
    private int lineEnd(int from) {
        int n = sql.length();
        int j = from;
        while (j < n && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    private void blockComment() throws Unreadable {
        int start = i;
        int n = sql.length();
        int depth = 0;
        int j = i + 2;
        while (j < n) {
            char c = sql.charAt(j);
            if (c == '/' && j + 1 < n && sql.charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else if (c == '*') {
                int k = j;
                while (k < n && sql.charAt(k) == '*') {
                    k++;
                }
                if (k < n && sql.charAt(k) == '/') {
                    if (depth == 0) {
                        i = k + 1;
                        return;
                    }
                    depth--;
                    j = k + 1;
                } else {
                    j = k;
                }
            } else {
                j++;
            }
        }
        throw new Unreadable("an unterminated /* comment", start);
    }

    private void token(char c) throws Unreadable {
        int n = sql.length();
        char next = i + 1 < n ? sql.charAt(i + 1) : 0;
        switch (c) {
            case 'b':
            case 'B':
            case 'x':
            case 'X':
                if (next == '\'') {
                    String prefix = String.valueOf(Character.toUpperCase(c));
                    int start = i;
                    i++;
                    String value = plainString(false);
                    tokens.add(new Token(Kind.STRING, start, i, value, prefix));
                    return;
                }
                break;
            case 'n':
            case 'N':
                if (next == '\'') { // the keyword NCHAR, then an ordinary string
                    tokens.add(new Token(Kind.WORD, i, i + 1, "NCHAR", null));
                    i++;
                    return;
                }
                break;
            case 'e':
            case 'E':
                if (next == '\'') {
                    int start = i;
                    i++;
                    String value = escapeString();
                    tokens.add(new Token(Kind.STRING, start, i, value, ""));
                    return;
                }
                break;
            case 'u':
            case 'U':
                if (next == '&' && i + 2 < n && (sql.charAt(i + 2) == '\'' || sql.charAt(i + 2) == '"')) {
                    throw new Unreadable("a Unicode-escape string or identifier (U&)", i);
                }
                break;
            default:
        }
        if (c == '\'') {
            int start = i;
            String value = plainString(true);
            tokens.add(new Token(Kind.STRING, start, i, value, ""));
        } else if (c == '"') {
            quotedIdentifier();
        } else if (c == '$') {
            dollar();
        } else if (isDigit(c) || (c == '.' && isDigit(next))) {
            number();
        } else if (isIdentStart(c)) {
            int start = i;
            int j = i + 1;
            while (j < n && isIdentCont(sql.charAt(j))) {
                j++;
            }
            i = j;
            tokens.add(new Token(Kind.WORD, start, j, sql.substring(start, j), null));
        } else if (c == '?' && isDigit(next)) {
            int end = integerEnd(i + 1);
            symbol(end);
        } else if (OP_CHARS.indexOf(c) >= 0 || SELF.indexOf(c) >= 0) {
            operator();
        } else {
            symbol(i + Character.charCount(sql.codePointAt(i)));
        }
    }

    private void symbol(int end) {
        tokens.add(new Token(Kind.SYMBOL, i, end, sql.substring(i, end), null));
        i = end;
    }

    /**
     * A standard ({@code standard}) or bit/hex string from the quote at {@code i}; sets {@code i} past it. Bit and
     * hex strings have no doubled quote.
     */
    private String plainString(boolean standard) throws Unreadable {
        int start = i;
        int n = sql.length();
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (true) {
            if (j >= n) {
                throw new Unreadable("an unterminated quoted string", start);
            }
            char d = sql.charAt(j);
            if (d != '\'') {
                value.append(d);
                j++;
            } else if (standard && j + 1 < n && sql.charAt(j + 1) == '\'') {
                value.append('\'');
                j += 2;
            } else {
                int more = continuation(j);
                if (more < 0) {
                    i = j + 1;
                    return value.toString();
                }
                j = more;
            }
        }
    }

    /** An {@code E'…'} string from the quote at {@code i}; sets {@code i} past it. */
    private String escapeString() throws Unreadable {
        int start = i - 1;
        int n = sql.length();
        StringBuilder value = new StringBuilder();
        int j = i + 1;
        while (true) {
            if (j >= n) {
                throw new Unreadable("an unterminated quoted string", start);
            }
            char d = sql.charAt(j);
            if (d == '\\') {
                if (j + 1 >= n) {
                    throw new Unreadable("an unterminated quoted string", start);
                }
                char e = sql.charAt(j + 1);
                if (e >= '0' && e <= '7') {
                    int k = j + 1;
                    int v = 0;
                    while (k < n && k < j + 4 && sql.charAt(k) >= '0' && sql.charAt(k) <= '7') {
                        v = v * 8 + (sql.charAt(k) - '0');
                        k++;
                    }
                    j = byteEscape(v & 0xff, value, j, k);
                } else if (e == 'x' && j + 2 < n && hexDigit(sql.charAt(j + 2)) >= 0) {
                    int k = j + 2;
                    int v = 0;
                    while (k < n && k < j + 4 && hexDigit(sql.charAt(k)) >= 0) {
                        v = v * 16 + hexDigit(sql.charAt(k));
                        k++;
                    }
                    j = byteEscape(v, value, j, k);
                } else if (e == 'u' || e == 'U') {
                    throw new Unreadable("a Unicode escape in an E'' string (DuckDB 1.5.5 rejects them)", j);
                } else if (e >= 0x80) {
                    // {xeescape} takes one byte, a non-ASCII one marks the string for pg_verifymbstr, which
                    // DuckDB 1.5.5 does not implement: the statement fails
                    throw new Unreadable("a backslash before a non-ASCII character in an E'' string", j);
                } else {
                    value.append(unescape(e));
                    j += 2;
                }
            } else if (d != '\'') {
                value.append(d);
                j++;
            } else if (j + 1 < n && sql.charAt(j + 1) == '\'') {
                value.append('\'');
                j += 2;
            } else {
                int more = continuation(j);
                if (more < 0) {
                    i = j + 1;
                    return value.toString();
                }
                j = more;
            }
        }
    }

    private int byteEscape(int b, StringBuilder value, int at, int end) throws Unreadable {
        if (b == 0 || b >= 0x80) {
            throw new Unreadable("an escape for a byte outside ASCII or zero in an E'' string", at);
        }
        value.append((char) b);
        return end;
    }

    private static char unescape(char e) {
        switch (e) {
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            default:
                return e;
        }
    }

    /**
     * SQL's string continuation ({quotecontinue}): after the closing quote at {@code quote}, white space and
     * {@code --} comments that hold at least one newline, then another quote. Returns where the string goes on
     * (past that quote), or -1 when it ends here.
     */
    private int continuation(int quote) {
        int n = sql.length();
        int k = quote + 1;
        while (k < n) { // {horiz_whitespace}*
            char c = sql.charAt(k);
            if (c == ' ' || c == '\t' || c == '\f') {
                k++;
            } else if (sql.startsWith("--", k)) {
                k = lineEnd(k);
            } else {
                break;
            }
        }
        if (k >= n || (sql.charAt(k) != '\n' && sql.charAt(k) != '\r')) {
            return -1;
        }
        k++;
        while (k < n) { // {special_whitespace}*: spaces, or a comment with its newline
            char c = sql.charAt(k);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                k++;
            } else if (sql.startsWith("--", k)) {
                int e = lineEnd(k);
                if (e >= n) {
                    return -1;
                }
                k = e + 1;
            } else {
                break;
            }
        }
        return k < n && sql.charAt(k) == '\'' ? k + 1 : -1;
    }

    private void quotedIdentifier() throws Unreadable {
        int start = i;
        int n = sql.length();
        StringBuilder name = new StringBuilder();
        int j = i + 1;
        while (true) {
            if (j >= n) {
                throw new Unreadable("an unterminated quoted identifier", start);
            }
            char d = sql.charAt(j);
            if (d != '"') {
                name.append(d);
                j++;
            } else if (j + 1 < n && sql.charAt(j + 1) == '"') {
                name.append('"');
                j += 2;
            } else {
                break;
            }
        }
        if (name.length() == 0) {
            throw new Unreadable("a zero-length quoted identifier", start);
        }
        i = j + 1;
        tokens.add(new Token(Kind.QUOTED, start, i, name.toString(), null));
    }

    /** {@code $tag$…$tag$}, a parameter {@code $1}, or a lone {@code $}. */
    private void dollar() throws Unreadable {
        int n = sql.length();
        int j = i + 1;
        if (j < n && isDollarTagStart(sql.charAt(j))) {
            j++;
            while (j < n && isDollarTagCont(sql.charAt(j))) {
                j++;
            }
        }
        if (j < n && sql.charAt(j) == '$') {
            String tag = sql.substring(i, j + 1);
            int start = i;
            int close = sql.indexOf(tag, j + 1);
            if (close < 0) {
                throw new Unreadable("an unterminated dollar-quoted string", start);
            }
            String value = sql.substring(j + 1, close);
            i = close + tag.length();
            tokens.add(new Token(Kind.STRING, start, i, value, ""));
            return;
        }
        if (i + 1 < n && isDigit(sql.charAt(i + 1))) {
            symbol(integerEnd(i + 1));
        } else {
            symbol(i + 1);
        }
    }

    /** {integer}, {decimal}, {real} and their fail rules: the longest that matches, as flex picks. */
    private void number() {
        int start = i;
        int n = sql.length();
        int integer = integerEnd(i); // -1 when the number starts with '.'
        int decimal = -1;
        if (integer > 0 && integer < n && sql.charAt(integer) == '.') {
            if (integer + 1 < n && sql.charAt(integer + 1) == '.') {
                // {decimalfail}: "1..10" is 1, "..", 10
                symbolNumber(start, integer);
                return;
            }
            int frac = integerEnd(integer + 1);
            decimal = frac > 0 ? frac : integer + 1;
        } else if (integer < 0) {
            decimal = integerEnd(i + 1);
        }
        int base = decimal > 0 ? decimal : integer;
        int end = base;
        if (base < n && (sql.charAt(base) == 'e' || sql.charAt(base) == 'E')) {
            int k = base + 1;
            if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
                k++;
            }
            int exponent = integerEnd(k);
            if (exponent > 0) {
                end = exponent; // {real}; otherwise {realfail1}/{realfail2} give back the e and sign
            }
        }
        symbolNumber(start, end);
    }

    private void symbolNumber(int start, int end) {
        tokens.add(new Token(Kind.NUMBER, start, end, sql.substring(start, end), null));
        i = end;
    }

    /** The end of {integer} (digit("_"?digit)*) at {@code at}, or -1 when none starts there. */
    private int integerEnd(int at) {
        int n = sql.length();
        if (at >= n || !isDigit(sql.charAt(at))) {
            return -1;
        }
        int j = at + 1;
        while (j < n) {
            if (isDigit(sql.charAt(j))) {
                j++;
            } else if (sql.charAt(j) == '_' && j + 1 < n && isDigit(sql.charAt(j + 1))) {
                j += 2;
            } else {
                break;
            }
        }
        return j;
    }

    /** The special two- and three-character tokens, single characters, and the {operator} rule. */
    private void operator() {
        int n = sql.length();
        int run = 0;
        while (i + run < n && OP_CHARS.indexOf(sql.charAt(i + run)) >= 0) {
            run++;
        }
        int special = SELF.indexOf(sql.charAt(i)) >= 0 ? 1 : 0;
        for (String s : SPECIALS) {
            if (s.length() > special && sql.startsWith(s, i)) {
                special = s.length();
            }
        }
        if (special >= run) { // on a tie the special rules come first
            symbol(i + special);
            return;
        }
        String op = sql.substring(i, i + run);
        int chars = run;
        int comment = firstOf(op, "/*", "--");
        if (comment > 0) {
            chars = comment;
        }
        while (chars > 1 && (op.charAt(chars - 1) == '+' || op.charAt(chars - 1) == '-')) {
            boolean keeps = false;
            for (int k = chars - 2; k >= 0; k--) {
                if ("~!@^&|`?%".indexOf(op.charAt(k)) >= 0) {
                    keeps = true;
                    break;
                }
            }
            if (keeps) {
                break;
            }
            chars--;
        }
        symbol(i + chars);
    }

    private static int firstOf(String s, String a, String b) {
        int x = s.indexOf(a);
        int y = s.indexOf(b);
        if (x < 0) {
            return y;
        }
        return y < 0 ? x : Math.min(x, y);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexDigit(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /** [A-Za-z\200-\377_]: every char from U+0080 stands for bytes from \200 in UTF-8. */
    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDollarTagStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isDollarTagCont(char c) {
        return isDollarTagStart(c) || isDigit(c);
    }

    /** Lower case for ASCII letters only, as DuckDB folds names. */
    static String asciiLower(String s) {
        StringBuilder sb = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(k, (char) (c + 32));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
