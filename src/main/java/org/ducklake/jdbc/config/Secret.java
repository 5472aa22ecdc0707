package org.ducklake.jdbc.config;

import java.util.Objects;

/**
 * A sensitive value (password, key, token). Its {@code toString} prints {@code ****}, so a secret that
 * reaches a log line, a message or a debugger by accident shows nothing; the value is read only where it
 * is handed to the engine, through {@link #reveal()}.
 */
public final class Secret {
    public static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The clear value: call only where it is quoted into engine SQL or compared. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && ((Secret) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
