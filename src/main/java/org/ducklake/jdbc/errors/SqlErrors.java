package org.ducklake.jdbc.errors;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Locale;

/**
 * The one place an engine error becomes a JDBC error: DuckDB's driver leaves the SQLState null, so the
 * state is read off DuckDB's error-type prefix ("Parser Error: …") and the message text, and the JDBC 4
 * subclass is chosen by the state's class. The vendor text and the original exception (as cause) are
 * kept; the real cause comes first in the message.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** A rule: when the lower-cased message contains every needle, the error gets this state. */
    private static final class Rule {
        final String state;
        final String[] needles;

        Rule(String state, String... needles) {
            this.state = state;
            this.needles = needles;
        }

        boolean matches(String lower) {
            for (String n : needles) {
                if (!lower.contains(n)) {
                    return false;
                }
            }
            return true;
        }
    }

    // Order matters: the first matching rule wins, so specific texts precede the generic prefixes.
    private static final List<Rule> RULES = List.of(
            new Rule(SqlState.AUTHENTICATION_FAILED, "password authentication failed"),
            new Rule(SqlState.AUTHENTICATION_FAILED, "authentication failed for user"),
            new Rule(SqlState.INVALID_AUTHORIZATION, "signaturedoesnotmatch"),
            new Rule(SqlState.INVALID_AUTHORIZATION, "invalidaccesskeyid"),
            new Rule(SqlState.INVALID_AUTHORIZATION, "http 403"),
            new Rule(SqlState.IO_ERROR, "nosuchbucket"),
            new Rule(SqlState.INVALID_CATALOG_NAME, "database \"", "does not exist"),
            new Rule(SqlState.CONNECTION_FAILURE, "unable to connect to postgres"),
            new Rule(SqlState.CONNECTION_FAILURE, "can't connect to server"),
            new Rule(SqlState.CONNECTION_FAILURE, "can't connect to mysql server"),
            new Rule(SqlState.CONNECTION_FAILURE, "connection refused"),
            new Rule(SqlState.CONNECTION_FAILURE, "could not connect to server"),
            new Rule(SqlState.CONNECTION_FAILURE, "timeout expired"),
            new Rule(SqlState.SERIALIZATION_FAILURE, "exceeded the maximum retry count"),
            new Rule(SqlState.SERIALIZATION_FAILURE, "transaction conflict"),
            new Rule(SqlState.QUERY_CANCELED, "interrupt error"),
            new Rule(SqlState.NO_ACTIVE_TRANSACTION, "no transaction is active"),
            new Rule(SqlState.ACTIVE_TRANSACTION, "within a transaction"),
            new Rule(SqlState.IN_FAILED_TRANSACTION, "current transaction is aborted"),
            new Rule(SqlState.FEATURE_NOT_SUPPORTED, "cannot add a column with a non-literal default"),
            new Rule(SqlState.UNDEFINED_FUNCTION, "catalog error", "function with name", "does not exist"),
            new Rule(SqlState.UNDEFINED_FUNCTION, "binder error", "no function matches"),
            new Rule(SqlState.READ_ONLY_TRANSACTION, "read-only"),
            new Rule(SqlState.READ_ONLY_TRANSACTION, "read only"),
            new Rule(SqlState.SYNTAX_ERROR, "parser error"),
            new Rule(SqlState.INVALID_SCHEMA_NAME, "catalog error", "because schema", "does not exist"),
            new Rule(SqlState.UNDEFINED_TABLE, "catalog error", "table with name", "does not exist"),
            new Rule(SqlState.UNDEFINED_COLUMN, "binder error", "referenced column", "not found"),
            new Rule(SqlState.INVALID_SCHEMA_NAME, "catalog error", "schema with name", "does not exist"),
            new Rule(SqlState.DUPLICATE_TABLE, "catalog error", "already exists"),
            new Rule(SqlState.SYNTAX_ERROR_OR_ACCESS, "catalog error"),
            new Rule(SqlState.SYNTAX_ERROR_OR_ACCESS, "binder error"),
            new Rule(SqlState.NOT_NULL_VIOLATION, "not null constraint"),
            new Rule(SqlState.INTEGRITY_CONSTRAINT, "constraint error"),
            new Rule(SqlState.NUMERIC_OUT_OF_RANGE, "out of range error"),
            new Rule(SqlState.INVALID_TEXT_REPRESENTATION, "conversion error"),
            new Rule(SqlState.DATA_EXCEPTION, "invalid input error"),
            new Rule(SqlState.FEATURE_NOT_SUPPORTED, "not implemented error"),
            new Rule(SqlState.FEATURE_NOT_SUPPORTED, "not supported in ducklake"),
            new Rule(SqlState.FEATURE_NOT_SUPPORTED, "ducklake does not support"),
            new Rule(SqlState.INVALID_TRANSACTION_STATE, "transactioncontext error"),
            new Rule(SqlState.IO_ERROR, "io error"),
            new Rule(SqlState.IO_ERROR, "http error"));

    /**
     * DuckDB's JDBC driver reports an error of a query it was streaming as "Invalid Input Error: Attempting
     * to execute an unsuccessful or closed pending query result" followed by "Error: " and the real error.
     * The real error is what a person needs first, and what the SQLState is read from.
     */
    private static final String PENDING_WRAPPER =
            "Invalid Input Error: Attempting to execute an unsuccessful or closed pending query result";

    /** The engine's message with DuckDB's pending-query wrapper text removed. */
    public static String engineMessage(String raw) {
        if (raw == null) {
            return null;
        }
        String m = raw;
        if (m.startsWith(PENDING_WRAPPER)) {
            m = m.substring(PENDING_WRAPPER.length()).trim();
            if (m.startsWith("Error: ")) {
                m = m.substring("Error: ".length());
            }
        }
        return m;
    }

    /**
     * Gives an engine exception its SQLState and JDBC 4 subclass. An exception that already has a state
     * (ours, or one DuckDB's driver classified) is returned unchanged.
     */
    public static SQLException translate(SQLException e) {
        if (e.getSQLState() != null) {
            return e;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : engineMessage(e.getMessage());
        // DuckDB's driver throws SQLFeatureNotSupportedException without a state; keep its meaning.
        String state = e instanceof java.sql.SQLFeatureNotSupportedException ? SqlState.FEATURE_NOT_SUPPORTED : stateOf(message);
        return create(message, state, causeOf(e));
    }

    /**
     * DuckDB's exception as the cause, keeping its stack trace; when its text carries the pending-query
     * wrapper, a copy with the clean text stands in, so a tool that prints the cause chain shows the error
     * once rather than twice.
     */
    private static SQLException causeOf(SQLException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith(PENDING_WRAPPER)) {
            return e;
        }
        SQLException clean = new SQLException(engineMessage(e.getMessage()), e.getSQLState(), e.getErrorCode());
        clean.setStackTrace(e.getStackTrace());
        if (e.getCause() != null) {
            clean.initCause(e.getCause());
        }
        return clean;
    }

    /** The SQLState for an engine message, or the general error state when nothing matches. */
    public static String stateOf(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        for (Rule r : RULES) {
            if (r.matches(lower)) {
                return r.state;
            }
        }
        return SqlState.INTERNAL_ERROR;
    }

    /** An exception of the JDBC 4 subclass that matches the state's class, with the given cause. */
    public static SQLException create(String message, String state, Throwable cause) {
        SQLException result;
        String cls = state.substring(0, 2);
        switch (cls) {
            case "08":
                result = SqlState.CONNECTION_FAILURE.equals(state) || SqlState.UNABLE_TO_CONNECT.equals(state)
                        ? new SQLTransientConnectionException(message, state)
                        : new SQLNonTransientConnectionException(message, state);
                break;
            case "0A":
                result = new SQLFeatureNotSupportedException(message, state);
                break;
            case "22":
                result = new SQLDataException(message, state);
                break;
            case "23":
                result = new SQLIntegrityConstraintViolationException(message, state);
                break;
            case "28":
                result = new SQLInvalidAuthorizationSpecException(message, state);
                break;
            case "40":
                result = new SQLTransactionRollbackException(message, state);
                break;
            case "42":
                result = new SQLSyntaxErrorException(message, state);
                break;
            case "57":
                result = SqlState.QUERY_CANCELED.equals(state)
                        ? new SQLTimeoutException(message, state)
                        : new SQLException(message, state);
                break;
            case "3D":
            case "3F":
            case "25":
            case "55":
                result = new SQLNonTransientException(message, state);
                break;
            default:
                result = new SQLException(message, state);
        }
        if (cause != null) {
            result.initCause(cause);
        }
        return result;
    }

    /** The error every method of a closed JDBC object throws. */
    public static SQLException closed(String what) {
        String state = "Connection".equals(what) ? SqlState.CONNECTION_DOES_NOT_EXIST : SqlState.OBJECT_NOT_IN_STATE;
        return create(what + " is closed", state, null);
    }
}
