package org.ducklake.jdbc.instance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.config.Secret;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * Runs the set-up statements of an instance under the login timeout and turns a failure into an error a
 * person can act on: the engine's own cause first, then what the driver was doing and for which (masked)
 * lake. Every text that leaves here is scrubbed of the config's secret values, the cause included.
 */
final class SetupRunner implements AutoCloseable {
    private final LakeConfig config;
    private final long deadlineNanos;
    private final AtomicReference<Statement> running = new AtomicReference<>();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final ScheduledFuture<?> watchdog;

    SetupRunner(LakeConfig config, long timeoutSeconds) {
        this.config = config;
        this.deadlineNanos = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : 0;
        // A catalog that accepts the TCP connection but never answers would hang the connect: when the
        // login timeout passes, the statement in flight is cancelled.
        this.watchdog = timeoutSeconds > 0
                ? Background.TIMERS.schedule(this::expire, timeoutSeconds, TimeUnit.SECONDS)
                : null;
    }

    private void expire() {
        timedOut.set(true);
        Statement s = running.get();
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException ignored) {
                // The statement finished meanwhile; the timeout is reported by the next check.
            }
        }
    }

    /** Seconds left before the login timeout, at least 1; 0 when there is no timeout. */
    long secondsLeft() {
        if (deadlineNanos == 0) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadlineNanos - System.nanoTime()));
    }

    void run(Connection c, String sql, String step) throws SQLException {
        checkTime(step);
        try (Statement s = c.createStatement()) {
            running.set(s);
            try {
                s.execute(sql);
            } finally {
                running.set(null);
            }
        } catch (SQLException e) {
            checkTime(step);
            throw failure(step, e);
        }
        checkTime(step);
    }

    private void checkTime(String step) throws SQLException {
        if (timedOut.get() || (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0)) {
            throw SqlErrors.create("Connect timed out after login_timeout=" + config.integer(LakeProperty.LOGIN_TIMEOUT)
                    + "s while trying to " + step + " for " + config.maskedUrl(), SqlState.CONNECTION_FAILURE, null);
        }
    }

    SQLException failure(String step, SQLException e) {
        String engine = scrub(e.getMessage() == null ? e.toString() : SqlErrors.engineMessage(e.getMessage())).trim();
        String state = SqlErrors.stateOf(engine);
        String message = hint(state, engine) + engine + " [while trying to " + step + " for " + config.maskedUrl() + "]";
        SQLException cause = new SQLException(engine, e.getSQLState(), e.getErrorCode());
        cause.setStackTrace(e.getStackTrace());
        return SqlErrors.create(message, state, cause);
    }

    private static String hint(String state, String engine) {
        String lower = engine.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("nosuchbucket")) {
            return "The S3 bucket of data_path does not exist: ";
        }
        if (SqlState.INVALID_AUTHORIZATION.equals(state)) {
            return "The object store rejected the credentials (check s3_access_key_id and s3_secret_access_key): ";
        }
        switch (state) {
            case SqlState.AUTHENTICATION_FAILED:
                return "Authentication to the catalog database failed (check user and password): ";
            case SqlState.INVALID_CATALOG_NAME:
                return "The catalog database does not exist: ";
            case SqlState.CONNECTION_FAILURE:
                return "Cannot reach the catalog database: ";
            default:
                return "";
        }
    }

    /** Replaces every secret value of the config that occurs in {@code text} with the mask. */
    String scrub(String text) {
        String out = text;
        for (Secret s : secrets()) {
            if (!s.reveal().isEmpty()) {
                out = out.replace(s.reveal(), Secret.MASK);
            }
        }
        return out;
    }

    private List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        for (LakeProperty p : LakeProperty.values()) {
            if (p.isSensitive() && config.isSet(p)) {
                out.add(config.secret(p));
            }
        }
        out.addAll(config.catalogDsnSecrets().values());
        return out;
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }
}
