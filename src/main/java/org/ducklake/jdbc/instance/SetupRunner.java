package org.ducklake.jdbc.instance;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.ducklake.jdbc.config.CatalogType;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
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
    private final SqlErrors errors;

    SetupRunner(LakeConfig config, SqlErrors errors, long timeoutSeconds) {
        this.config = config;
        this.errors = errors;
        this.deadlineNanos = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : 0;
        // A catalog that accepts the TCP connection but never answers would hang the connect: when the
        // login timeout passes, the statement in flight is cancelled.
        this.watchdog =
                timeoutSeconds > 0 ? Background.TIMERS.schedule(this::expire, timeoutSeconds, TimeUnit.SECONDS) : null;
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

    void run(Connection c, String sql, String step) throws SQLException {
        SetupSteps.step(step, errors.scrub(sql), () -> {
            execute(c, sql, step);
            return null;
        });
    }

    /** Reports {@code step} (with the statement it would have run) as failed with {@code e}, without running it. */
    void refuse(String sql, String step, SQLException e) throws SQLException {
        SetupSteps.step(step, errors.scrub(sql), () -> {
            throw failure(step, e);
        });
    }

    private void execute(Connection c, String sql, String step) throws SQLException {
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

    /** Runs a query of one text value (e.g. the resolved data path) as a set-up step. */
    String queryString(Connection c, String sql, String step) throws SQLException {
        return SetupSteps.step(step, errors.scrub(sql), () -> query(c, sql, step));
    }

    private String query(Connection c, String sql, String step) throws SQLException {
        checkTime(step);
        try (Statement s = c.createStatement()) {
            running.set(s);
            try (ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            } finally {
                running.set(null);
            }
        } catch (SQLException e) {
            checkTime(step);
            throw failure(step, e);
        }
    }

    private void checkTime(String step) throws SQLException {
        if (timedOut.get() || (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0)) {
            throw SqlErrors.create(
                    "Connect timed out after login_timeout=" + config.integer(LakeProperty.LOGIN_TIMEOUT)
                            + "s while trying to " + step + " for " + config.maskedUrl(),
                    SqlState.CONNECTION_FAILURE,
                    null);
        }
    }

    SQLException failure(String step, SQLException e) {
        return errors.setupFailure(e, step, config.maskedUrl(), postgresLoginBytes());
    }

    /** About how many bytes the PostgreSQL login packet carries: the DSN's values and the user (0 for others). */
    private int postgresLoginBytes() {
        if (config.catalogType() != CatalogType.POSTGRES || config.catalogDsn() == null) {
            return 0;
        }
        return config.catalogDsn().render().getBytes(StandardCharsets.UTF_8).length
                + config.user().getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }
}
