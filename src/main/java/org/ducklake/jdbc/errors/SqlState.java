package org.ducklake.jdbc.errors;

/** The SQLStates the driver reports (PostgreSQL's codes where the standard leaves a choice). */
public final class SqlState {
    private SqlState() {}

    public static final String CONNECTION_DOES_NOT_EXIST = "08003";
    public static final String UNABLE_TO_CONNECT = "08001";
    public static final String CONNECTION_FAILURE = "08006";
    /**
     * The server took the connection and refused the login without a reason (PostgreSQL drops a login
     * packet over 10,000 bytes): the same login fails again, so it is not retried.
     */
    public static final String CONNECTION_REJECTED = "08004";
    /** The connection was lost during a COMMIT: whether the transaction was committed is unknown. */
    public static final String TRANSACTION_RESOLUTION_UNKNOWN = "08007";

    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String INVALID_CURSOR_STATE = "24000";
    public static final String DATA_EXCEPTION = "22000";
    public static final String INVALID_PARAMETER_VALUE = "22023";
    /** An index out of the range of result columns or parameters. */
    public static final String INVALID_COLUMN_INDEX = "07009";

    public static final String NUMERIC_OUT_OF_RANGE = "22003";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String INTEGRITY_CONSTRAINT = "23000";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String INVALID_TRANSACTION_STATE = "25000";
    public static final String ACTIVE_TRANSACTION = "25001";
    public static final String READ_ONLY_TRANSACTION = "25006";
    public static final String NO_ACTIVE_TRANSACTION = "25P01";
    public static final String IN_FAILED_TRANSACTION = "25P02";
    public static final String UNDEFINED_FUNCTION = "42883";
    /** What the connection's SQL may not reach (sql_access=lake), or what the engine's settings forbid. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    public static final String UNDEFINED_PARAMETER = "42P02";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String AUTHENTICATION_FAILED = "28P01";
    public static final String INVALID_CATALOG_NAME = "3D000";
    public static final String INVALID_SCHEMA_NAME = "3F000";
    public static final String TRANSACTION_ROLLBACK = "40000";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String SYNTAX_ERROR_OR_ACCESS = "42000";
    public static final String SYNTAX_ERROR = "42601";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String DUPLICATE_TABLE = "42P07";
    public static final String UNDEFINED_COLUMN = "42703";
    public static final String OBJECT_NOT_IN_STATE = "55000";
    /** The catalog file is held by another process. */
    public static final String OBJECT_IN_USE = "55006";
    /** A lock could not be had in time (a SQLite catalog busy beyond its busy timeout). */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    public static final String QUERY_CANCELED = "57014";
    public static final String IO_ERROR = "58030";
    public static final String INTERNAL_ERROR = "XX000";
    /** A connection property or URL is invalid (the client-side configuration, not the server). */
    public static final String INVALID_CONNECTION_OPTION = "08001";
    /** An extension the lake needs could not be installed or loaded. */
    public static final String EXTENSION_UNAVAILABLE = "58000";
}
