package org.ducklake.jdbc.errors;

import java.sql.BatchUpdateException;
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
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one error path: every engine error becomes a JDBC error here, and every error the driver makes is
 * created here. DuckDB's driver leaves the SQLState null, so the state is read off DuckDB's error-type
 * prefix ("Parser Error: …") and the message text, and the JDBC 4 subclass is chosen by the state's class;
 * a hint naming the component that failed (object store, catalog database) comes first. The vendor text
 * and the original exception (as cause) are kept.
 *
 * <p>One instance per lake holds that lake's secret values (passwords, keys, tokens): {@link #translate}
 * and {@link #setupFailure} mask them in the message and in the cause, whichever path the error took
 * (connect, a wrapper, a background preparation). The instance is made with the lake's instance and
 * reached from every wrapper through its connection, as HikariCP's proxies reach their pool entry.
 *
 * <p>Every message is bounded here, by one rule ({@link #bound}): no exception the driver throws, and none
 * reached from it through {@code getCause()} or {@code getNextException()}, has a message longer than
 * {@link #MESSAGE_LIMIT} characters. {@link #create} bounds the message it is given and replaces a cause
 * chain that holds a longer message by a bounded copy; {@link #translate} and {@link #bounded} do the same
 * for exceptions that already have a state. Secrets are masked before a text is cut, so a cut never leaves
 * a piece of a secret the mask would have caught.
 */
public final class SqlErrors {

    /** For errors of no particular lake: nothing to mask. */
    public static final SqlErrors NO_SECRETS = new SqlErrors(List.of(), dsn -> true);

    static final String MASK = "****";

    /** The lake's secret values, longest first, so a secret that contains another is masked whole. */
    private final List<String> secrets;
    /**
     * Whether a connection string an engine message names ("Unable to connect to Postgres at \"…\"") is the
     * lake's catalog database; a statement's own {@code postgres_scan} or ATTACH of another server is not.
     */
    private final Predicate<String> ownCatalog;

    private SqlErrors(List<String> secrets, Predicate<String> ownCatalog) {
        this.secrets = secrets;
        this.ownCatalog = ownCatalog;
    }

    /** The error path of a lake with these secret values; empty ones are ignored. */
    public static SqlErrors of(Collection<String> secretValues) {
        return of(secretValues, dsn -> true);
    }

    /**
     * The error path of a lake with these secret values, whose catalog database is the server a connection
     * string names when {@code ownCatalog} says so: errors naming another server get no catalog hint.
     */
    public static SqlErrors of(Collection<String> secretValues, Predicate<String> ownCatalog) {
        List<String> kept = new ArrayList<>();
        for (String v : secretValues) {
            if (v != null && !v.isEmpty() && !kept.contains(v)) {
                kept.add(v);
                // As a SQL string literal (a set-up statement, or an engine message echoing one) the value
                // has its quotes doubled, and would not match the raw value.
                String quoted = v.replace("'", "''");
                if (!quoted.equals(v) && !kept.contains(quoted)) {
                    kept.add(quoted);
                }
            }
        }
        kept.sort(Comparator.comparingInt(String::length).reversed());
        return new SqlErrors(List.copyOf(kept), ownCatalog);
    }

    /** The text with every secret value of this lake replaced by {@code ****}. */
    public String scrub(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    @Override
    public String toString() {
        return "SqlErrors[" + secrets.size() + " secrets]";
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

    // Order matters: the first matching rule wins, so specific texts precede the generic prefixes. A lost
    // catalog or object store comes first: DuckDB reports it under whatever prefix the failing layer had
    // ("TransactionContext Error: Failed to commit: …"), and retry logic needs 08xxx whatever the prefix.
    private static final List<Rule> RULES = List.of(
            new Rule(SqlState.CONNECTION_FAILURE, "server closed the connection unexpectedly"),
            new Rule(SqlState.CONNECTION_FAILURE, "no connection to the server"),
            new Rule(SqlState.CONNECTION_FAILURE, "could not receive data from server"),
            new Rule(SqlState.CONNECTION_FAILURE, "could not send data to server"),
            new Rule(SqlState.CONNECTION_FAILURE, "terminating connection due to administrator command"),
            new Rule(SqlState.CONNECTION_FAILURE, "ssl syscall error"),
            new Rule(SqlState.CONNECTION_FAILURE, "lost connection to"),
            new Rule(SqlState.CONNECTION_FAILURE, "server has gone away"),
            new Rule(SqlState.CONNECTION_FAILURE, "could not connect to server"),
            // httpfs, when the object store's host name does not resolve (a wrong s3_endpoint).
            new Rule(SqlState.CONNECTION_FAILURE, "could not resolve hostname"),
            new Rule(SqlState.CONNECTION_FAILURE, "could not establish connection"),
            new Rule(SqlState.CONNECTION_FAILURE, "connection reset by peer"),
            new Rule(SqlState.CONNECTION_FAILURE, "broken pipe"),
            new Rule(SqlState.CONNECTION_FAILURE, "connection timed out"),
            new Rule(SqlState.OBJECT_IN_USE, "could not set lock on file"),
            new Rule(SqlState.LOCK_NOT_AVAILABLE, "database is locked"),
            new Rule(SqlState.INSUFFICIENT_PRIVILEGE, "permission error"),
            new Rule(SqlState.INSUFFICIENT_PRIVILEGE, "the configuration has been locked"),
            new Rule(SqlState.INSUFFICIENT_PRIVILEGE, "disabled through configuration"),
            new Rule(SqlState.AUTHENTICATION_FAILED, "password authentication failed"),
            new Rule(SqlState.AUTHENTICATION_FAILED, "authentication failed for user"),
            // libpq, when the server asks for a password and none was given: the server answered.
            new Rule(SqlState.INVALID_AUTHORIZATION, "fe_sendauth: no password supplied"),
            new Rule(SqlState.INVALID_AUTHORIZATION, "no pg_hba.conf entry"),
            // MySQL/MariaDB: the login worked but the user may not use the database (or it does not exist).
            new Rule(SqlState.INSUFFICIENT_PRIVILEGE, "access denied for user", "to database"),
            // MySQL/MariaDB's ER_ACCESS_DENIED_ERROR, whose own SQLState is 28000 (wrong or missing password).
            new Rule(SqlState.INVALID_AUTHORIZATION, "access denied for user"),
            new Rule(SqlState.CONNECTION_FAILURE, "unknown server host"),
            new Rule(SqlState.INVALID_CATALOG_NAME, "existing ducklake at metadata catalog", "does not exist"),
            new Rule(SqlState.IO_ERROR, "unable to open database file"),
            new Rule(SqlState.IO_ERROR, "file is not a database"),
            new Rule(SqlState.INVALID_AUTHORIZATION, "signaturedoesnotmatch"),
            new Rule(SqlState.INVALID_AUTHORIZATION, "invalidaccesskeyid"),
            new Rule(SqlState.INVALID_AUTHORIZATION, "http 403"),
            new Rule(SqlState.IO_ERROR, "nosuchbucket"),
            new Rule(SqlState.INVALID_CATALOG_NAME, "database \"", "does not exist"),
            new Rule(SqlState.CONNECTION_FAILURE, "unable to connect to postgres"),
            new Rule(SqlState.CONNECTION_FAILURE, "can't connect to server"),
            new Rule(SqlState.CONNECTION_FAILURE, "can't connect to mysql server"),
            new Rule(SqlState.CONNECTION_FAILURE, "connection refused"),
            new Rule(SqlState.CONNECTION_FAILURE, "timeout expired"),
            new Rule(SqlState.SERIALIZATION_FAILURE, "exceeded the maximum retry count"),
            new Rule(SqlState.SERIALIZATION_FAILURE, "transaction conflict"),
            new Rule(SqlState.QUERY_CANCELED, "interrupt error"),
            new Rule(SqlState.NO_ACTIVE_TRANSACTION, "no transaction is active"),
            new Rule(SqlState.ACTIVE_TRANSACTION, "within a transaction"),
            new Rule(SqlState.IN_FAILED_TRANSACTION, "current transaction is aborted"),
            new Rule(SqlState.FEATURE_NOT_SUPPORTED, "cannot add a column with a non-literal default"),
            // Quirk.MYSQL_CATALOG_SECOND_WRITE: before "transactioncontext error", which the text starts with
            new Rule(SqlState.FEATURE_NOT_SUPPORTED, "unsupported operator type", "in the mysql connector"),
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
     * Gives an engine exception its SQLState and JDBC 4 subclass, with this lake's secrets masked and long
     * quoted values cut short in the message and in the cause's message, and a hint naming the component
     * that failed first. An exception that already has a state (ours, or one DuckDB's driver classified) is
     * returned unchanged.
     */
    public SQLException translate(SQLException e) {
        if (e.getSQLState() != null) {
            return bounded(e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : readable(e.getMessage());
        // Quirk.NO_SQLSTATE
        // DuckDB's driver throws SQLFeatureNotSupportedException without a state; keep its meaning.
        String state = e instanceof SQLFeatureNotSupportedException ? SqlState.FEATURE_NOT_SUPPORTED : stateOf(message);
        return create(hint(state, message, !namesOtherServer(message)) + message, state, causeOf(e, message));
    }

    /**
     * A failure as the driver's logs may show it: its class and its text made {@link #readable}, not the
     * exception itself, whose causes carry the engine's own unmasked text (a catalog connection error may name
     * its DSN).
     */
    public String forLog(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + readable(message));
    }

    /** The engine's text as it may be shown: wrapper removed, secrets masked, long quoted values cut short. */
    public String readable(String raw) {
        return capQuotedValues(scrub(engineMessage(raw)));
    }

    /**
     * The error of a failed connect step: the engine's text (masked), the hint first, and what the driver
     * was trying to do for which lake ({@code where}, a masked URL) last.
     */
    public SQLException setupFailure(SQLException e, String step, String where) {
        return setupFailure(e, step, where, 0);
    }

    /**
     * PostgreSQL's MAX_STARTUP_PACKET_LENGTH: the server closes, without an answer, a connection whose login
     * packet (user, dbname, options, application_name, …) is longer.
     */
    public static final int POSTGRES_LOGIN_LIMIT = 10_000;

    /**
     * As {@link #setupFailure(SQLException, String, String)}, knowing how many bytes the PostgreSQL login
     * carries: when it is over {@link #POSTGRES_LOGIN_LIMIT} and the server closed the connection without a
     * word, the server was reached and refused the login (08004, not retried), rather than unreachable.
     */
    public SQLException setupFailure(SQLException e, String step, String where, int postgresLoginBytes) {
        String engine = bound(e.getMessage() == null ? e.toString() : readable(e.getMessage()))
                .trim();
        String state = stateOf(engine);
        String hint = hint(state, engine, true);
        if (SqlState.CONNECTION_FAILURE.equals(state)
                && postgresLoginBytes > POSTGRES_LOGIN_LIMIT
                && engine.toLowerCase(Locale.ROOT).contains("server closed the connection unexpectedly")) {
            state = SqlState.CONNECTION_REJECTED;
            hint = "The catalog database refused the login: PostgreSQL closes the connection without an answer"
                    + " when the login (user, dbname and other DSN values) is over " + POSTGRES_LOGIN_LIMIT
                    + " bytes, and this one is " + postgresLoginBytes + " bytes: ";
        }
        return setupFailure(e, engine, state, hint, step, where);
    }

    /**
     * As {@link #setupFailure(SQLException, String, String)} with the state and hint the driver found itself
     * (e.g. by looking at a catalog file's directory), the engine's text after them.
     */
    public SQLException setupFailure(SQLException e, String step, String where, String state, String hint) {
        String engine = bound(e.getMessage() == null ? e.toString() : readable(e.getMessage()))
                .trim();
        return setupFailure(e, engine, state, scrub(hint), step, where);
    }

    private SQLException setupFailure(
            SQLException e, String engine, String state, String hint, String step, String where) {
        // The lake's URL can be as long as the user made it: it keeps its start and end, and the engine's
        // text is cut to what is left, so the message still ends with what was being done for which lake.
        String suffix = " [while trying to " + bound(step, WHERE_LIMIT) + " for " + bound(where, WHERE_LIMIT) + "]";
        String message = hint + bound(engine, MESSAGE_LIMIT - hint.length() - suffix.length()) + suffix;
        SQLException cause = new SQLException(engine, e.getSQLState(), e.getErrorCode());
        cause.setStackTrace(e.getStackTrace());
        return create(message, state, cause);
    }

    /** A connection property or URL the driver cannot use (never retried: the same input fails again). */
    public static SQLException invalidConfiguration(String message) {
        return new SQLNonTransientConnectionException(bound(message), SqlState.INVALID_CONNECTION_OPTION);
    }

    /** Longest quoted value an error message repeats whole; longer ones keep their start and their length. */
    static final int QUOTED_VALUE_LIMIT = 200;
    /**
     * Longest message of an exception the driver throws or hangs under one (as cause or next exception), the
     * marker of a cut included: a statement's text echoed back can be megabytes, and a property value or
     * URL as long as the user made it.
     */
    static final int MESSAGE_LIMIT = 4000;
    /** How much of a message's end a cut keeps: what a connect was doing for which lake is said last. */
    private static final int TAIL_KEPT = 600;
    /** Longest URL or step name a connect error repeats (the URL is also in the caller's own hands). */
    private static final int WHERE_LIMIT = 400;

    private static final Pattern QUOTED =
            Pattern.compile("'[^']{" + (QUOTED_VALUE_LIMIT + 1) + ",}'|\"[^\"]{" + (QUOTED_VALUE_LIMIT + 1) + ",}\"");

    /**
     * DuckDB echoes the values it could not use ("Could not convert string '…' to INT32"), and a hostile or
     * merely large value makes a message of hundreds of kilobytes that logs and dialogs repeat. A quoted
     * value longer than {@link #QUOTED_VALUE_LIMIT} keeps its first 64 characters and says how long it was;
     * the whole message is cut at {@link #MESSAGE_LIMIT}.
     */
    static String capQuotedValues(String message) {
        if (message.length() <= QUOTED_VALUE_LIMIT) {
            return message;
        }
        Matcher m = QUOTED.matcher(message);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String quoted = m.group();
            char q = quoted.charAt(0);
            out.append(message, last, m.start())
                    .append(q)
                    .append(quoted, 1, 65)
                    .append("… (")
                    .append(quoted.length() - 2)
                    .append(" characters)")
                    .append(q);
            last = m.end();
        }
        out.append(message, last, message.length());
        return bound(out.toString());
    }

    /** The text cut to {@link #MESSAGE_LIMIT} characters by the one rule of {@link #bound(String, int)}. */
    public static String bound(String text) {
        return bound(text, MESSAGE_LIMIT);
    }

    /**
     * The bounding rule: a text longer than {@code limit} keeps its start (where the real cause is said) and
     * its last characters (up to {@link #TAIL_KEPT}, a fifth of the limit at most), and says in between how
     * much was left out: {@code "… (N characters left out) …"}. The result, marker included, is at most
     * {@code limit} characters; a surrogate pair is never split.
     */
    public static String bound(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int total = text.length();
        int room = Math.max(limit, 40);
        // The marker's length with the longest count it can carry: the count only shrinks from here.
        int markerLength = marker(total).length();
        int tail = Math.min(TAIL_KEPT, room / 5);
        int head = Math.max(0, room - markerLength - tail);
        if (head > 0 && Character.isHighSurrogate(text.charAt(head - 1))) {
            head--;
        }
        if (tail > 0 && Character.isLowSurrogate(text.charAt(total - tail))) {
            tail--;
        }
        return text.substring(0, head) + marker(total - head - tail) + text.substring(total - tail);
    }

    private static String marker(int leftOut) {
        return " … (" + leftOut + " characters left out) … ";
    }

    /**
     * The exception itself when its message and every message reached from it (causes, next exceptions,
     * suppressed ones) is within the bound, else a copy of the whole chain with bounded messages: the same
     * JDBC class, SQLState, vendor code and stack traces; an exception of another kind stands in as a
     * {@link CutMessage} that keeps its class name.
     */
    public static SQLException bounded(SQLException e) {
        return e == null || withinBound(e) ? e : (SQLException) copy(e, new IdentityHashMap<>());
    }

    /** As {@link #bounded(SQLException)}, for a cause of any kind. */
    static Throwable boundedChain(Throwable t) {
        return t == null || withinBound(t) ? t : copy(t, new IdentityHashMap<>());
    }

    /** Deeper chains than this are cut off by the copy (a cycle or a runaway chain). */
    private static final int CHAIN_LIMIT = 64;

    private static boolean withinBound(Throwable top) {
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> todo = new ArrayList<>();
        todo.add(top);
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(todo.size() - 1);
            if (seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            if (seen.size() > CHAIN_LIMIT) {
                return false;
            }
            String m = t.getMessage();
            if (m != null && m.length() > MESSAGE_LIMIT) {
                return false;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
                todo.add(((SQLException) t).getNextException());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.add(s);
            }
        }
        return true;
    }

    private static Throwable copy(Throwable t, Map<Throwable, Throwable> done) {
        Throwable known = done.get(t);
        if (known != null) {
            return known;
        }
        Throwable copy = t instanceof SQLException
                ? copySql((SQLException) t)
                : new CutMessage(t.getClass().getName(), bound(t.getMessage()));
        done.put(t, copy);
        copy.setStackTrace(t.getStackTrace());
        if (done.size() >= CHAIN_LIMIT) {
            return copy;
        }
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            copy.initCause(copy(cause, done));
        }
        if (t instanceof SQLException) {
            SQLException next = ((SQLException) t).getNextException();
            if (next != null) {
                ((SQLException) copy).setNextException((SQLException) copy(next, done));
            }
        }
        for (Throwable s : t.getSuppressed()) {
            Throwable c = copy(s, done);
            if (c != copy) {
                copy.addSuppressed(c);
            }
        }
        return copy;
    }

    /**
     * A SQLException with its message bounded: the same class when it is one of JDBC's own (made without a
     * cause, so the copied chain can be attached), else a plain SQLException whose message names the class.
     */
    private static SQLException copySql(SQLException e) {
        String message = bound(e.getMessage());
        Class<?> type = e.getClass();
        if (e instanceof BatchUpdateException) {
            return new BatchUpdateException(
                    message, e.getSQLState(), e.getErrorCode(), ((BatchUpdateException) e).getUpdateCounts());
        }
        if (type.getName().startsWith("java.sql.")) {
            try {
                return (SQLException) type.getConstructor(String.class, String.class, int.class)
                        .newInstance(message, e.getSQLState(), e.getErrorCode());
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // No such constructor (SQLClientInfoException): named below.
            }
        }
        return new SQLException(
                bound(type.getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())),
                e.getSQLState(),
                e.getErrorCode());
    }

    /**
     * Stands in, in a cause chain, for an exception of another kind whose message had to be cut: its
     * {@code toString()} (and so a printed stack trace) names the original class.
     */
    public static final class CutMessage extends Exception {
        private static final long serialVersionUID = 1L;
        private final String originalClass;

        CutMessage(String originalClass, String message) {
            super(message);
            this.originalClass = originalClass;
        }

        /** The class of the exception this one stands in for. */
        public String originalClass() {
            return originalClass;
        }

        @Override
        public String toString() {
            String m = getLocalizedMessage();
            return m == null ? originalClass : originalClass + ": " + m;
        }
    }

    /**
     * The hint this error path gives for a connect failure (what failed, in words), without the engine's
     * text; empty when the state has none. For the connection doctor, which shows hint and text apart.
     */
    public static String hintFor(SQLException e) {
        String engine = e.getCause() instanceof SQLException ? e.getCause().getMessage() : e.getMessage();
        if (e.getSQLState() == null || engine == null) {
            return "";
        }
        // The hint the message was made with: what comes before the engine's text (the driver may have found a
        // more precise one than the text rules give, e.g. a catalog file's missing directory).
        int at = e.getMessage() == null ? -1 : e.getMessage().indexOf(engine);
        String h = (at > 0 ? e.getMessage().substring(0, at) : hint(e.getSQLState(), engine, true)).trim();
        return h.endsWith(":") ? h.substring(0, h.length() - 1) : h;
    }

    /**
     * What failed, in words, for the states where the engine's text does not say it plainly; {@code catalog}
     * false when the text names a server other than the lake's catalog (a statement's own postgres_scan).
     */
    private static String hint(String state, String engineText, boolean catalog) {
        String lower = engineText.toLowerCase(Locale.ROOT);
        if (lower.contains("nosuchbucket")) {
            return "The S3 bucket of data_path does not exist: ";
        }
        if (!catalog) {
            return otherServerHint(state);
        }
        String option = ducklakeOptionHint(lower);
        if (option != null) {
            return option;
        }
        // Quirk.MYSQL_CATALOG_SECOND_WRITE
        if (lower.contains("unsupported operator type") && lower.contains("in the mysql connector")) {
            return "DuckLake 1.5.5 cannot record a second write to a table in a MySQL catalog (its statistics"
                    + " update is an UPDATE the mysql extension refuses); nothing of this transaction was stored."
                    + " Use a PostgreSQL, SQLite or DuckDB-file catalog: ";
        }
        if (lower.contains("fe_sendauth: no password supplied")) {
            return "The catalog database asks for a password and none was given (set password): ";
        }
        if (lower.contains("no pg_hba.conf entry")) {
            return "The catalog database refused this client: its pg_hba.conf has no entry for this host, user and "
                    + "database (or none without SSL): ";
        }
        if (SqlState.INSUFFICIENT_PRIVILEGE.equals(state) && lower.contains("access denied for user")) {
            return "The catalog database user may not use that database, or it does not exist (check database= and "
                    + "the user's grants): ";
        }
        if (lower.contains("existing ducklake at metadata catalog")) {
            return "The catalog holds no lake"
                    + " (check the catalog's database or file and metadata_schema), and this connect may not create one"
                    + " (read_only, a snapshot, or create_if_not_exists=false; create_if_not_exists=true lets it): ";
        }
        if (lower.contains("in read-only mode: database does not exist")) {
            return "The catalog file does not exist, and a read-only connect does not create a lake: ";
        }
        if (lower.contains("is not a valid duckdb database file")) {
            return "The catalog file is not a DuckDB database: ";
        }
        if (lower.contains("file is not a database")) {
            return "The catalog file is not a SQLite database: ";
        }
        switch (state) {
            case SqlState.INVALID_AUTHORIZATION:
                return objectStore(lower)
                        ? "The object store rejected the credentials (check s3_access_key_id and s3_secret_access_key): "
                        : "Authentication to the catalog database failed (check user and password): ";
            case SqlState.AUTHENTICATION_FAILED:
                return "Authentication to the catalog database failed (check user and password): ";
            case SqlState.INVALID_CATALOG_NAME:
                return "The catalog database does not exist: ";
            case SqlState.CONNECTION_FAILURE:
                return objectStore(lower)
                        ? "Cannot reach the object store (data_path, s3_endpoint): "
                        : "Cannot reach the catalog database: ";
            case SqlState.OBJECT_IN_USE:
                return lockHint(engineText);
            default:
                return "";
        }
    }

    /**
     * DuckLake's ATTACH errors name its own options (OVERRIDE_DATA_PATH, DATA_PATH, AUTOMATIC_MIGRATION, and
     * CREATE_IF_NOT_EXISTS in effect); the hint names the driver property that sets each.
     */
    private static String ducklakeOptionHint(String lower) {
        if (lower.contains("override_data_path")) {
            return "The data_path property differs from the data path stored in the lake's catalog: leave data_path"
                    + " out to use the stored one, or set override_data_path=true to use data_path for this"
                    + " connection: ";
        }
        if (lower.contains("set the data_path parameter")) {
            return "A new lake needs the data_path property (s3://bucket/prefix/ or a local directory): ";
        }
        if (lower.contains("automatic_migration")) {
            return "The catalog was written by an older DuckLake: set automatic_migration=true (not read-only) to"
                    + " migrate it: ";
        }
        return null;
    }

    /** For a server a statement names itself (postgres_scan, postgres_query, ATTACH): not the catalog. */
    private static String otherServerHint(String state) {
        switch (state) {
            case SqlState.INVALID_AUTHORIZATION:
            case SqlState.AUTHENTICATION_FAILED:
                return "Authentication to the database server the statement names failed: ";
            case SqlState.INVALID_CATALOG_NAME:
                return "The database the statement names does not exist: ";
            case SqlState.CONNECTION_FAILURE:
                return "Cannot reach the database server the statement names: ";
            default:
                return "";
        }
    }

    /** The connection string a connect failure of the postgres or mysql extension names, in its quotes. */
    private static final Pattern CONNECT_TARGET = Pattern.compile(
            "(?:unable to connect to postgres at|failed to connect to mysql database with parameters) \"([^\"]*)\"",
            Pattern.CASE_INSENSITIVE);

    /** Whether the engine's text is a failed connect to a server that is not the lake's catalog. */
    private boolean namesOtherServer(String message) {
        Matcher m = CONNECT_TARGET.matcher(message);
        return m.find() && !ownCatalog.test(m.group(1));
    }

    private static boolean objectStore(String lowerText) {
        return lowerText.contains("http")
                || lowerText.contains("s3://")
                || lowerText.contains("gs://")
                || lowerText.contains("r2://")
                || lowerText.contains("azure");
    }

    private static final Pattern LOCK_HOLDER = Pattern.compile("\\(PID (\\d+)\\)");

    /** A DuckDB-file catalog is one process's: say who holds it and which catalogs serve several processes. */
    private static String lockHint(String engineText) {
        Matcher pid = LOCK_HOLDER.matcher(engineText);
        return "The DuckDB-file catalog is in use by another process"
                + (pid.find() ? " (PID " + pid.group(1) + ")" : "")
                + ": a DuckDB-file catalog serves one process at a time. Close the other process, or keep the lake"
                + " in a catalog that serves several: PostgreSQL or MySQL (any number of machines) or SQLite"
                + " (several processes on one machine). ";
    }

    /**
     * DuckDB's exception as the cause, keeping its stack trace; when its text had to be cleaned (the
     * pending-query wrapper, a secret, a huge quoted value), a copy with the clean text stands in, so a tool
     * that prints the cause chain shows the error once and nothing that was masked.
     */
    private static SQLException causeOf(SQLException e, String readable) {
        if (e.getMessage() == null || e.getMessage().equals(readable)) {
            return e;
        }
        SQLException clean = new SQLException(readable, e.getSQLState(), e.getErrorCode());
        clean.setStackTrace(e.getStackTrace());
        if (e.getCause() != null) {
            clean.initCause(e.getCause());
        }
        return clean;
    }

    /**
     * postgres_scanner reports a failed catalog query as {@code Failed to execute query "…": <libpq's text>};
     * libpq's text is empty when the connection is gone (e.g. the catalog server restarted mid-transaction).
     */
    private static final Pattern CATALOG_QUERY_WITHOUT_REASON =
            Pattern.compile("failed to execute query \"[^\"]*\":\\s*(\\n|$)");

    /** The SQLState for an engine message, or the general error state when nothing matches. */
    static String stateOf(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (CATALOG_QUERY_WITHOUT_REASON.matcher(lower).find()) {
            return SqlState.CONNECTION_FAILURE;
        }
        for (Rule r : RULES) {
            if (r.matches(lower)) {
                return r.state;
            }
        }
        return SqlState.INTERNAL_ERROR;
    }

    /**
     * An exception of the JDBC 4 subclass that matches the state's class, with the given cause: the message
     * bounded, and the cause replaced by a bounded copy when a message in its chain is too long.
     */
    public static SQLException create(String message, String state, Throwable cause) {
        message = bound(message);
        cause = boundedChain(cause);
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
            case "55":
                result = SqlState.LOCK_NOT_AVAILABLE.equals(state)
                        ? new SQLTransientException(message, state)
                        : new SQLNonTransientException(message, state);
                break;
            case "3D":
            case "3F":
            case "25":
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

    /** DuckDB's driver's own texts for its closed objects. */
    private static final Set<String> ENGINE_CLOSED_TEXTS =
            Set.of("Connection was closed", "Statement was closed", "ResultSet was closed", "Result was closed");

    /** Whether DuckDB's driver refused because its connection, statement or result was closed. */
    public static boolean engineObjectClosed(SQLException e) {
        return e.getSQLState() == null && ENGINE_CLOSED_TEXTS.contains(e.getMessage());
    }

    /** The error every method of a closed JDBC object throws. */
    public static SQLException closed(String what) {
        String state = "Connection".equals(what) ? SqlState.CONNECTION_DOES_NOT_EXIST : SqlState.OBJECT_NOT_IN_STATE;
        return create(what + " is closed", state, null);
    }
}
