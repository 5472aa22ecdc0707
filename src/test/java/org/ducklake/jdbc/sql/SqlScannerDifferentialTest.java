package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ducklake.jdbc.testsupport.DuckDbTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SqlScanner against the scanner it ports: random SQL-ish texts mixing every lexical form, each read by
 * SqlScanner and by DuckDB 1.5.5's own tokenizer ({@link DuckDbTokenizer}).
 *
 * <p>The security property, asserted for every text SqlScanner accepts: DuckDB reads {@link SqlScanner.Scan#canonical()}
 * as exactly the tokens SqlScanner read, one starting at each {@link SqlScanner.Scan#canonicalStarts()} offset and
 * no other, of the same kind, and DuckDB's Unicode-space pass (Parser::StripUnicodeSpaces) leaves it as it is, so
 * no quoted value changes on the way. Fidelity, asserted for the same texts as written: DuckDB's parser (its
 * Unicode-space pass, then its scanner) finds the same tokens in the original. Texts SqlScanner refuses are
 * counted, not compared.
 *
 * <p>{@code -Dducklake.tokens.count=N} and {@code -Dducklake.tokens.seed=S} change the number of texts (100,000)
 * and the seed.
 */
class SqlScannerDifferentialTest {
    private static final int MAX_REPORTED = 20;
    private static final int CHUNK = 1000;

    private static DuckDbTokenizer duckdb;

    @BeforeAll
    static void startTokenizer() throws Exception {
        duckdb = DuckDbTokenizer.start();
    }

    @AfterAll
    static void stopTokenizer() {
        if (duckdb != null) {
            duckdb.close();
        }
    }

    @Test
    void duckDbReadsTheSameTokens() {
        int count = Integer.getInteger("ducklake.tokens.count", 100_000);
        long seed = Long.getLong("ducklake.tokens.seed", 20_260_512L);
        Generator gen = new Generator(new Random(seed));
        long t0 = System.nanoTime();
        int refused = 0;
        int comparedCanonical = 0;
        int comparedOriginal = 0;
        int strippedOriginal = 0;
        int mismatchCount = 0;
        List<String> mismatches = new ArrayList<>();
        java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
        for (int done = 0; done < count; done += CHUNK) {
            int n = Math.min(CHUNK, count - done);
            List<String> sqls = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                sqls.add(gen.statement());
            }
            List<SqlScanner.Scan> scans = new ArrayList<>(n);
            List<String> texts = new ArrayList<>();
            for (String sql : sqls) {
                SqlScanner.Scan scan = SqlScanner.scan(sql);
                scans.add(scan);
                if (scan.problem() == null) {
                    texts.add(scan.canonical());
                    texts.add(sql);
                }
            }
            List<DuckDbTokenizer.Parsed> answers = duckdb.parsed(texts);
            int a = 0;
            for (int k = 0; k < n; k++) {
                String sql = sqls.get(k);
                SqlScanner.Scan scan = scans.get(k);
                if (scan.problem() != null) {
                    refused++;
                    reasons.merge(scan.problem().replaceAll(" at character \\d+$", ""), 1, Integer::sum);
                    continue;
                }
                DuckDbTokenizer.Parsed canonicalParsed = answers.get(a++);
                DuckDbTokenizer.Parsed originalParsed = answers.get(a++);
                String canonical = scan.canonical();
                comparedCanonical++;
                String diff = compare(canonical, scan.canonicalStarts(), scan.tokens(), canonicalParsed.tokens);
                if (diff == null && canonicalParsed.changed) {
                    // a quoted value would not reach DuckDB as the scanner read it
                    diff = "DuckDB's Unicode-space pass changes the canonical text";
                }
                if (diff != null) {
                    mismatchCount++;
                    if (mismatches.size() < MAX_REPORTED) {
                        mismatches.add("CANONICAL of " + escape(sql) + "\n    canonical " + escape(canonical) + "\n    "
                                + diff);
                    }
                }
                comparedOriginal++;
                if (originalParsed.changed) {
                    strippedOriginal++;
                }
                int[] starts = scan.tokens().stream().mapToInt(t -> t.start).toArray();
                diff = compare(sql, starts, scan.tokens(), originalParsed.tokens);
                if (diff != null) {
                    mismatchCount++;
                    if (mismatches.size() < MAX_REPORTED) {
                        mismatches.add("ORIGINAL " + escape(sql) + "\n    " + diff);
                    }
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                "SqlScanner vs DuckDB %s (seed %d): %d statements, %d refused by the scanner, %d canonical texts"
                        + " compared, %d originals compared (%d with Unicode spaces DuckDB replaces), %d mismatches, %d ms%n",
                DuckDbTokenizer.DUCKDB_VERSION,
                seed,
                count,
                refused,
                comparedCanonical,
                comparedOriginal,
                strippedOriginal,
                mismatchCount,
                ms);
        System.out.println("refused: " + reasons);
        assertThat(mismatches)
                .as(
                        "%d mismatches (first %d listed):%n%s",
                        mismatchCount, mismatches.size(), String.join("\n", mismatches))
                .isEmpty();
    }

    /** Null when DuckDB's tokens are ours (same starts, compatible kinds), else a description. */
    private static String compare(String text, int[] starts, List<SqlScanner.Token> ours, List<int[]> theirs) {
        int[] bytes = utf8Offsets(text);
        boolean same = theirs != null && theirs.size() == ours.size();
        for (int k = 0; same && k < ours.size(); k++) {
            same = theirs.get(k)[0] == bytes[starts[k]] && compatible(ours.get(k).kind, theirs.get(k)[1]);
        }
        if (same) {
            return null;
        }
        StringBuilder sb = new StringBuilder("ours:  ");
        for (int k = 0; k < ours.size(); k++) {
            sb.append(bytes[starts[k]]).append(':').append(ours.get(k).kind).append(' ');
        }
        sb.append("\n    duckdb: ");
        if (theirs == null) {
            sb.append("(unencodable)");
        } else {
            for (int[] t : theirs) {
                sb.append(t[0])
                        .append(':')
                        .append(DuckDbTokenizer.typeName(t[1]))
                        .append(' ');
            }
        }
        return sb.toString();
    }

    private static boolean compatible(SqlScanner.Kind kind, int type) {
        switch (kind) {
            case WORD:
                return type == DuckDbTokenizer.IDENTIFIER || type == DuckDbTokenizer.KEYWORD;
            case QUOTED:
                return type == DuckDbTokenizer.IDENTIFIER;
            case STRING:
                return type == DuckDbTokenizer.STRING_CONST;
            case NUMBER:
                return type == DuckDbTokenizer.NUMERIC_CONST;
            case SYMBOL:
                return type == DuckDbTokenizer.OPERATOR || type == DuckDbTokenizer.KEYWORD;
            default:
                return false;
        }
    }

    /** Where each char index (and the end) falls in the UTF-8 encoding of the text. */
    private static int[] utf8Offsets(String s) {
        int[] off = new int[s.length() + 1];
        int b = 0;
        for (int k = 0; k < s.length(); k++) {
            off[k] = b;
            char c = s.charAt(k);
            if (c < 0x80) {
                b += 1;
            } else if (c < 0x800) {
                b += 2;
            } else if (Character.isHighSurrogate(c)
                    && k + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(k + 1))) {
                b += 4;
                off[++k] = b;
            } else {
                b += 3;
            }
        }
        off[s.length()] = b;
        return off;
    }

    /** The text with control, quote-confusable and non-ASCII chars shown as escapes. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '"':
                    sb.append("\\\"");
                    break;
                default:
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    /** Random SQL-ish texts: every lexical form, whole, broken off and run together. */
    static final class Generator {
        private static final String[] KEYWORDS = {
            "SELECT",
            "select",
            "FROM",
            "WHERE",
            "UNION",
            "ALL",
            "AND",
            "OR",
            "NOT",
            "AS",
            "INT",
            "CAST",
            "NULL",
            "TRUE",
            "attach",
            "COPY",
            "TO",
            "CREATE",
            "TABLE",
            "DROP",
            "INSERT",
            "INTO",
            "VALUES",
            "SET",
            "PRAGMA",
            "install",
            "LOAD",
            "CALL",
            "read_csv",
            "e",
            "E",
            "b",
            "B",
            "x",
            "X",
            "n",
            "N",
            "u",
            "U",
            "nchar",
            "uescape",
            "UESCAPE",
            "t",
            "tbl",
            "a1",
            "_x",
            "col$1",
            "é",
            "€uro",
            "你好",
            "x😀y",
            "ÄÖ",
            "a$b$",
            "über"
        };
        private static final String[] NUMBERS = {
            "1",
            "0",
            "42",
            "1_000",
            "1__0",
            "1_",
            "1.5",
            ".5",
            "5.",
            "1e5",
            "1E5",
            "1.e5",
            "1e+",
            "1e-",
            "1e+5",
            "1e-5",
            "1.5e",
            "1..2",
            "1...2",
            "0x1F",
            "0X1f",
            "0b101",
            "0o17",
            "1.2.3",
            "1_000.5_5",
            "1e1_0",
            "00",
            "1.5_",
            "1e",
            ".5e3",
            "9223372036854775808",
            "1a",
            "1_a",
            "._1",
            "1._5"
        };
        private static final String[] SPECIALS = {
            "::", "..", ":=", "->", "->>", "**", "//", "=>", "<=", ">=", "<>", "!=", ";", "?", "?1", "?12", "$1", "$12",
            "#", "\\", ",", "(", ")", "[", "]", "{", "}", ".", ":", "$", "?a", "$a", "@", "^", "`", "%", "|", "||",
            "&&", "!", "~", "!~", "~~", "!!", "<<", ">>", "@>", "<@", "#>", "->>>", ":::", "...", "=>>", "*/", "**/",
            "-+", "+-", "*-", "/-", "<-", "!-", "~-", "@-", "%+", "=-", "<>-", "+--", "*/*", "-/*", "+/*", "!--", "<--",
            "?-", "?-1", "?--", "@#", "#@", "?@", "@?", "@?-", "#-", "&&-", "|/", "||/", "<@-", "$1$", "?1?", "??",
            "?::", ":=:", "!=-", "=>-", "<=-", ">=+", "<>+", "**-", "//-", "->-", "->>-", "::-", "..-", "-->", "/**/",
            "@--", "`-", "%-", "^-", "&-", "|-", "~+", "!+", "*+", "=+-", "<+", ">-", "=-", "#?", "$$", "$_", "$é"
        };
        private static final String[] SPACES = {
            " ", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\f", "\u000b", "\u0000", "\u00a0", "\u2003", "\u3000",
            "\ufeff", "\u200b", "\u2028", "\u0085", ""
        };
        private static final String OP_CHARS = "~!@^&|`+-*/%<>=";
        private static final String[] ATTACKS = {
            "SELECT 'x' --\rUNION SELECT * FROM secrets",
            "/* /* */ ' */ SELECT 1",
            "SELECT $€$ ' $€$ , 2",
            "SELECT 'a' -- c\n 'b'",
            "SELECT 'a'\n'b'",
            "SELECT 'a'\r'b'",
            "SELECT 'a' \t\n\t 'b'",
            "SELECT 'a' 'b'",
            "SELECT E'\\'' --'\nUNION",
            "SELECT $a$ $b$ ' $b$ $a$",
            "SELECT $a$ $b$ $a$ ' $b$",
            "SELECT 1 /* -- */ UNION SELECT 2",
            "SELECT 1 -- /*\nUNION SELECT 2",
            "SELECT U&'\\0041'",
            "SELECT U&\"\\0041\"",
            "SELECT 'a' --\r\n'b'",
            "SELECT x'1F' 'a'\n'b'",
            "SELECT e'\\x41\\101'",
            "SELECT \"a\"\"b\" FROM \"t\"\"\"",
            "SELECT $$a$$$$b$$",
            "SELECT $1$a$",
            "SELECT a$1$ b$x$",
            "SELECT 1-- x",
            "SELECT 1+--x\n2",
            "SELECT 1*/* x */2",
            "SELECT B'01'\n'10'",
            "SELECT X'1F'\n'2a'",
            "SELECT B'01''10'",
            "SELECT N'a'\n'b'",
            "SELECT E'a'\n'\\n'",
            "SELECT 'a'\n E'\\n'",
            "SELECT $\u00a0$ x $\u00a0$",
            "SELECT 1 /*/ x */ 2",
            "SELECT 1 /**/ 2 /***/ 3 /* * / */ 4",
            "SELECT 'a' -- c",
            "SELECT 'a'\f\n'b'",
            "SELECT 'a'\n--c\n'b'",
            "SELECT 'a' --c\r\n--d\n'b'",
            "SELECT a.5, a..b, 1.a, a.\"b\"",
        };

        private final Random r;
        /**
         * Whether this statement may hold what the scanner refuses (NUL, lone surrogates, unterminated quotes,
         * U&, rejected escapes, a cut anywhere): one in three, so that most statements are compared.
         */
        private boolean wild;

        Generator(Random r) {
            this.r = r;
        }

        String statement() {
            wild = r.nextInt(3) == 0;
            if (wild) {
                return attempt();
            }
            // a tame statement is generated again (a few times) until the scanner reads it
            String s = attempt();
            for (int k = 0; k < 4 && SqlScanner.scan(s).problem() != null; k++) {
                s = attempt();
            }
            return s;
        }

        private String attempt() {
            StringBuilder sb = new StringBuilder();
            if (r.nextInt(8) == 0) {
                sb.append(pick(ATTACKS));
            }
            int parts = 1 + r.nextInt(r.nextBoolean() ? 6 : 16);
            for (int k = 0; k < parts; k++) {
                if (sb.length() > 0) {
                    sb.append(separator());
                }
                sb.append(fragment());
            }
            if (wild && r.nextInt(4) == 0) { // broken off anywhere
                int cut = r.nextInt(sb.length() + 1);
                if (cut > 0 && cut < sb.length() && Character.isLowSurrogate(sb.charAt(cut)) && r.nextInt(4) != 0) {
                    cut--;
                }
                sb.setLength(cut);
            }
            return sb.toString();
        }

        private String separator() {
            int k = r.nextInt(10);
            if (k < 3) {
                return ""; // run together
            }
            if (k < 8) {
                return " ";
            }
            StringBuilder sb = new StringBuilder();
            int m = 1 + r.nextInt(3);
            for (int j = 0; j < m; j++) {
                sb.append(space());
            }
            return sb.toString();
        }

        private String fragment() {
            switch (r.nextInt(22)) {
                case 0:
                case 1:
                case 2:
                    return pick(KEYWORDS);
                case 3:
                    return identifier();
                case 4:
                    return quotedIdentifier();
                case 5:
                case 6:
                    return string();
                case 7:
                    return escapeString();
                case 8:
                    return (r.nextBoolean() ? "B" : r.nextBoolean() ? "X" : r.nextBoolean() ? "b" : "x") + "'"
                            + body("01aF9g'\n", 4) + maybe("'");
                case 9:
                    return (r.nextBoolean() ? "N" : "n") + string();
                case 10:
                    if (!wild) {
                        return "U&" + identifier();
                    }
                    return (r.nextBoolean() ? "U&" : "u&")
                            + (r.nextBoolean() ? string() : quotedIdentifier())
                            + (r.nextInt(3) == 0 ? " UESCAPE '!'" : "");
                case 11:
                    return dollar();
                case 12:
                    return comment();
                case 13:
                    return blockComment();
                case 14:
                    return continuation();
                case 15:
                case 16:
                    return pick(NUMBERS);
                case 17:
                    return operatorRun();
                case 18:
                case 19:
                    return pick(SPECIALS);
                case 20:
                    return space();
                default:
                    return oddChar();
            }
        }

        private String space() {
            String s = pick(SPACES);
            if (!wild
                    && (s.equals("\u0000")
                            || (s.length() == 1 && SqlScanner.isUnicodeSpace(s.charAt(0)) && r.nextBoolean()))) {
                return " ";
            }
            return s;
        }

        private String maybe(String s) {
            return wild && r.nextInt(4) == 0 ? "" : s;
        }

        private String pick(String[] a) {
            return a[r.nextInt(a.length)];
        }

        private String body(String alphabet, int max) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(max + 1);
            for (int k = 0; k < n; k++) {
                if (r.nextInt(4) == 0) {
                    sb.append(oddChar());
                } else {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            return sb.toString();
        }

        private String oddChar() {
            String[] odd = {
                "é", "€", "你", "😀", "\u0000", "\u000b", "\r", "\n", "\\", "'", "\"", "$", "#", "?", "\u00a0", "\u2003",
                "\u3000", "\ufeff", "\u0001", "\u007f", "\u0080", "\u00ff", "\ud800", "\udc00", "{", "}", "-", "/", "*",
                ";", ":", "\u0301", "\u2028", "ǅ", "Ω"
            };
            String c = pick(odd);
            if ((c.equals("\ud800") || c.equals("\udc00") || c.equals("\u0000")) && (!wild || r.nextInt(4) != 0)) {
                return "x";
            }
            return c;
        }

        private String identifier() {
            String start = "abcxyzABCXYZ_é€你😀ÄΩ";
            String cont = "abcXYZ_019$é€你😀";
            StringBuilder sb = new StringBuilder();
            sb.appendCodePoint(
                    start.codePointAt(start.offsetByCodePoints(0, r.nextInt(start.codePointCount(0, start.length())))));
            int n = r.nextInt(6);
            for (int k = 0; k < n; k++) {
                sb.appendCodePoint(
                        cont.codePointAt(cont.offsetByCodePoints(0, r.nextInt(cont.codePointCount(0, cont.length())))));
            }
            return sb.toString();
        }

        private String quotedIdentifier() {
            String name = body("ab \"\"'$é", 5);
            return "\"" + (wild ? name : "n" + name.replace("\"", "\"\"")) + maybe("\"");
        }

        private String string() {
            String value = body("ab ''\"$\\é-*/", 6);
            return "'" + (wild ? value : value.replace("'", "''")) + maybe("'");
        }

        private String escapeString() {
            String[] escapes = {
                "\\n",
                "\\t",
                "\\\\",
                "\\'",
                "\\x41",
                "\\101",
                "\\u00e9",
                "\\U000000e9",
                "\\xff",
                "\\0",
                "\\x",
                "\\x4",
                "\\1",
                "\\18",
                "\\777",
                "\\200",
                "\\b",
                "\\f",
                "\\r",
                "\\z",
                "\\é",
                "\\\n",
                "''",
                "\\x7f",
                "\\x80",
                "\\x0",
                "\\00",
                "\\177",
                "\\x4g",
                "\\",
                "\\u",
                "\\u12"
            };
            StringBuilder sb = new StringBuilder(r.nextBoolean() ? "E'" : "e'");
            int n = r.nextInt(5);
            for (int k = 0; k < n; k++) {
                String e = pick(escapes);
                if (!wild && REFUSED_ESCAPES.contains(e)) {
                    e = "\\n";
                }
                sb.append(r.nextBoolean() ? e : body("ab '", 2));
            }
            return sb.append(maybe("'")).toString();
        }

        private static final java.util.Set<String> REFUSED_ESCAPES = java.util.Set.of(
                "\\u00e9",
                "\\U000000e9",
                "\\xff",
                "\\0",
                "\\777",
                "\\200",
                "\\é",
                "\\x80",
                "\\x0",
                "\\00",
                "\\",
                "\\u",
                "\\u12");

        private String dollar() {
            String[] tags = {"", "", "a", "tag", "€", "_1", "A", "x9", "1", "a$", "é€", "😀"};
            String tag = pick(tags);
            String open = "$" + tag + "$";
            String inner;
            switch (r.nextInt(5)) {
                case 0:
                    String other = pick(tags);
                    inner = "$" + other + "$ x $" + other + "$";
                    break;
                case 1:
                    inner = "$" + pick(tags) + "$";
                    break;
                default:
                    inner = body("ab '\"$-/*\n", 6);
            }
            String close = r.nextInt(6) == 0 ? "$" + pick(tags) + "$" : open;
            return open + inner + maybe(close);
        }

        private String comment() {
            String end = r.nextInt(4) == 0 ? "" : r.nextBoolean() ? "\n" : r.nextBoolean() ? "\r" : "\r\n";
            return "--" + body("ab '\"*/$", 6) + end;
        }

        private String blockComment() {
            StringBuilder sb = new StringBuilder("/*");
            int n = r.nextInt(5);
            for (int k = 0; k < n; k++) {
                switch (r.nextInt(6)) {
                    case 0:
                        sb.append("/*");
                        break;
                    case 1:
                        sb.append("*/");
                        break;
                    case 2:
                        sb.append("**/");
                        break;
                    case 3:
                        sb.append("/**");
                        break;
                    default:
                        sb.append(body("ab '\"-*/$\n", 4));
                }
            }
            return sb.append(maybe("*/")).toString();
        }

        private String continuation() {
            String[] between = {
                "\n",
                "\r",
                "\r\n",
                " \n ",
                "\t\n\t",
                " -- c\n ",
                " --c\n--d\n ",
                "\n-- c\n",
                " ",
                "  ",
                "\f\n",
                "\n\f",
                "-- c",
                "\u000b\n",
                " --\r",
                "\n\n",
                " -- c \r\n"
            };
            StringBuilder sb = new StringBuilder(r.nextInt(4) == 0 ? escapeString() : string());
            int n = 1 + r.nextInt(2);
            for (int k = 0; k < n; k++) {
                sb.append(pick(between));
                sb.append(r.nextInt(5) == 0 ? escapeString() : string());
            }
            return sb.toString();
        }

        private String operatorRun() {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(5);
            for (int k = 0; k < n; k++) {
                sb.append(OP_CHARS.charAt(r.nextInt(OP_CHARS.length())));
            }
            return sb.toString();
        }
    }
}
