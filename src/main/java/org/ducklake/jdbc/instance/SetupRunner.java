package org.ducklake.jdbc.instance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
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
        if (step.equals(ATTACH_STEP)
                && (config.catalogType() == CatalogType.DUCKDB || config.catalogType() == CatalogType.SQLITE)) {
            SQLException file = catalogFileFailure(e);
            if (file != null) {
                return file;
            }
        }
        return errors.setupFailure(e, step, config.maskedUrl(), postgresLoginBytes());
    }

    static final String ATTACH_STEP = "attach the lake";

    /**
     * A DuckDB-file or SQLite catalog that could not be attached, said from what the driver sees on disk: the
     * engine's texts ("Cannot open file …: No such file or directory", SQLite's "unable to open database file")
     * do not say which part of the path is wrong. Null when the path looks right (the engine's text then says).
     */
    private SQLException catalogFileFailure(SQLException e) {
        Path file;
        try {
            file = Paths.get(config.catalogPath()).toAbsolutePath();
        } catch (InvalidPathException ex) {
            return null;
        }
        Path dir = file.getParent();
        String where = config.maskedUrl();
        if (dir != null && !Files.isDirectory(dir)) {
            Path missing = dir;
            while (missing.getParent() != null && !Files.isDirectory(missing.getParent())) {
                missing = missing.getParent();
            }
            String hint = "The catalog file's directory " + dir + " does not exist"
                    + (missing.equals(dir) ? "" : " (nor does " + missing + ")")
                    + ": create it or fix the catalog path (a new lake's catalog file is created, its directory is not): ";
            return errors.setupFailure(e, ATTACH_STEP, where, SqlState.IO_ERROR, hint);
        }
        if (Files.isDirectory(file)) {
            return errors.setupFailure(
                    e,
                    ATTACH_STEP,
                    where,
                    SqlState.IO_ERROR,
                    "The catalog path " + file + " is a directory, not a file: ");
        }
        if (!Files.exists(file) && !mayCreate()) {
            return errors.setupFailure(
                    e,
                    ATTACH_STEP,
                    where,
                    SqlState.INVALID_CATALOG_NAME,
                    "The catalog file " + file
                            + " does not exist, and this connect may not create a lake (read_only, a "
                            + "snapshot, or create_if_not_exists=false): fix the path, or connect once read-write to "
                            + "create it: ");
        }
        if (!Files.exists(file) && !Files.isWritable(dir)) {
            return errors.setupFailure(
                    e,
                    ATTACH_STEP,
                    where,
                    SqlState.IO_ERROR,
                    "The catalog file's directory " + dir
                            + " is not writable, so the catalog file cannot be created: ");
        }
        return null;
    }

    /** Whether this connect may create a new lake (DuckLake's rule: not read-only, not a snapshot). */
    private boolean mayCreate() {
        if (config.isExplicit(LakeProperty.CREATE_IF_NOT_EXISTS)) {
            return config.bool(LakeProperty.CREATE_IF_NOT_EXISTS);
        }
        return !config.bool(LakeProperty.READ_ONLY)
                && !config.isSet(LakeProperty.SNAPSHOT_VERSION)
                && !config.isSet(LakeProperty.SNAPSHOT_TIME);
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
