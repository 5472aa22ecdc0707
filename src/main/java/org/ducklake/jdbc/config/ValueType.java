package org.ducklake.jdbc.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a property's text becomes a typed value; each type names what it accepts in its error. */
public enum ValueType {
    STRING("text"),
    BOOLEAN("true or false"),
    INTEGER("a whole number"),
    DECIMAL("a number"),
    /** Seconds: a whole number, or with a unit: 500ms, 30s, 2m, 1h, 7d (rounded up to whole seconds). */
    DURATION("a duration such as 30, 30s, 2m, 1h or 7d"),
    ENUM("one of the choices"),
    IDENTIFIER("a name of letters, digits and underscores, not starting with a digit");

    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");
    private static final Pattern IDENTIFIER_TEXT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String expected;

    ValueType(String expected) {
        this.expected = expected;
    }

    /** Parses and checks {@code text}; throws IllegalArgumentException saying what is expected. */
    Object parse(String text, String[] choices, long min, long max) {
        switch (this) {
            case BOOLEAN:
                String b = text.trim().toLowerCase(Locale.ROOT);
                if (b.equals("true") || b.equals("1") || b.equals("yes") || b.equals("on")) {
                    return Boolean.TRUE;
                }
                if (b.equals("false") || b.equals("0") || b.equals("no") || b.equals("off")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("expected " + expected);
            case INTEGER:
                long n;
                try {
                    n = Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected " + expected);
                }
                if (n < min || n > max) {
                    throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
                }
                return n;
            case DECIMAL:
                double d;
                try {
                    d = Double.parseDouble(text.trim());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("expected " + expected);
                }
                if (Double.isNaN(d) || d < min || d > max) {
                    throw new IllegalArgumentException("expected a number from " + min + " to " + max);
                }
                return text.trim();
            case DURATION:
                Matcher m = DURATION_TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    throw new IllegalArgumentException("expected " + expected);
                }
                long amount = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                long seconds;
                switch (unit) {
                    case "ms":
                        seconds = (amount + 999) / 1000;
                        break;
                    case "m":
                        seconds = amount * 60;
                        break;
                    case "h":
                        seconds = amount * 3600;
                        break;
                    case "d":
                        seconds = amount * 86_400;
                        break;
                    default:
                        seconds = amount;
                }
                if (seconds < min || seconds > max) {
                    throw new IllegalArgumentException("expected a duration from " + min + "s to " + max + "s");
                }
                return seconds;
            case ENUM:
                String e = text.trim().toLowerCase(Locale.ROOT);
                for (String c : choices) {
                    if (c.equals(e)) {
                        return c;
                    }
                }
                throw new IllegalArgumentException("expected one of " + String.join(", ", choices));
            case IDENTIFIER:
                if (!IDENTIFIER_TEXT.matcher(text).matches()) {
                    throw new IllegalArgumentException("expected " + expected + " (at most 63)");
                }
                return text;
            default:
                return text;
        }
    }
}
