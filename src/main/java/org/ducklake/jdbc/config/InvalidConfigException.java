package org.ducklake.jdbc.config;

/** A URL or property that cannot be used; the message says what and holds no property value. */
public final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
