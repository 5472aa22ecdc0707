package org.ducklake.jdbc.hibernate;

/**
 * HQL's {@code format(datetime as 'pattern')} pattern (Java {@code DateTimeFormatter} letters) as a DuckDB
 * {@code strftime} format. Letters without a strftime equivalent are refused rather than printed wrongly; text
 * in single quotes is copied as it is ({@code ''} is one quote). The result goes inside a SQL string literal, so a
 * quote comes out doubled.
 */
final class StrftimeFormat {
    private StrftimeFormat() {}

    static String of(String pattern) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int run = 1;
            while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
                run++;
            }
            if (c == '\'') {
                i = quoted(pattern, i, out);
                continue;
            }
            if (Character.isLetter(c)) {
                out.append(field(c, run, pattern));
            } else {
                for (int k = 0; k < run; k++) {
                    out.append(c == '%' ? "%%" : String.valueOf(c));
                }
            }
            i += run;
        }
        return out.toString();
    }

    private static int quoted(String pattern, int start, StringBuilder out) {
        int i = start + 1;
        if (i < pattern.length() && pattern.charAt(i) == '\'') {
            out.append("''");
            return i + 1;
        }
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    out.append("''");
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            out.append(c == '%' ? "%%" : String.valueOf(c));
            i++;
        }
        return i;
    }

    private static String field(char letter, int run, String pattern) {
        switch (letter) {
            case 'y':
            case 'u':
                return run == 2 ? "%y" : "%Y";
            case 'M':
                return run >= 4 ? "%B" : run == 3 ? "%b" : "%m";
            case 'd':
                return "%d";
            case 'D':
                return "%j";
            case 'E':
                return run >= 4 ? "%A" : "%a";
            case 'a':
                return "%p";
            case 'H':
                return "%H";
            case 'h':
                return "%I";
            case 'm':
                return "%M";
            case 's':
                return "%S";
            case 'S':
                return run <= 3 ? "%g" : "%f";
            case 'n':
                return "%n";
            case 'Z':
            case 'x':
            case 'X':
                return "%z";
            case 'z':
            case 'V':
                return "%Z";
            default:
                throw new IllegalArgumentException(
                        "format pattern '" + pattern + "': letter '" + letter + "' has no DuckDB strftime equivalent");
        }
    }
}
