package org.ducklake.jdbc.wrapper;

import java.sql.ClientInfoStatus;
import java.sql.SQLClientInfoException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * A connection's client info, kept by the driver (DuckDB's driver rejects it; pools and tools set it): a
 * null value removes a property, and setting all replaces all, as JDBC specifies.
 */
final class ClientInfo {
    private final Properties properties = new Properties();

    void set(boolean closed, String name, String value) throws SQLClientInfoException {
        if (closed || name == null) {
            throw failure(
                    closed ? "Connection is closed" : "Client info name is null",
                    Collections.singletonMap(String.valueOf(name), ClientInfoStatus.REASON_UNKNOWN));
        }
        synchronized (properties) {
            if (value == null) {
                properties.remove(name);
            } else {
                properties.setProperty(name, value);
            }
        }
    }

    void setAll(boolean closed, Properties all) throws SQLClientInfoException {
        if (closed) {
            Map<String, ClientInfoStatus> failed = new HashMap<>();
            if (all != null) {
                for (String name : all.stringPropertyNames()) {
                    failed.put(name, ClientInfoStatus.REASON_UNKNOWN);
                }
            }
            throw failure("Connection is closed", failed);
        }
        synchronized (properties) {
            properties.clear();
            if (all != null) {
                for (String name : all.stringPropertyNames()) {
                    properties.setProperty(name, all.getProperty(name));
                }
            }
        }
    }

    String get(String name) {
        synchronized (properties) {
            return name == null ? null : properties.getProperty(name);
        }
    }

    /** A copy: changing it does not change the connection's client info. */
    Properties copy() {
        Properties copy = new Properties();
        synchronized (properties) {
            copy.putAll(properties);
        }
        return copy;
    }

    private static SQLClientInfoException failure(String message, Map<String, ClientInfoStatus> failed) {
        String state = message.startsWith("Connection")
                ? SqlState.CONNECTION_DOES_NOT_EXIST
                : SqlState.INVALID_PARAMETER_VALUE;
        return new SQLClientInfoException(SqlErrors.bound(message), state, failed);
    }
}
