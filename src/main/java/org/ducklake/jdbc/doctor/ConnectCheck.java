package org.ducklake.jdbc.doctor;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.config.InvalidConfigException;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.instance.SetupSteps;

/**
 * Connects the way a tool does ({@link Driver#connect}) while watching the driver's set-up steps, then runs the
 * query {@link Connection#isValid} runs. Prints every step with its time; on failure the step, the SQLState,
 * the driver's hint and what to check, and the message. Every text printed is masked with the lake's secrets.
 */
public final class ConnectCheck {
    private static final String PARSE_STEP = "read the URL and properties";

    private final PrintStream out;
    private final Driver driver;

    public ConnectCheck(PrintStream out, Driver driver) {
        this.out = out;
        this.driver = driver;
    }

    /** True when the connect and its first query worked. */
    public boolean run(String url, Properties properties) {
        String shown = LakeConfig.maskedUrl(url);
        out.println("Connecting to " + (shown == null ? "(not a jdbc:ducklake: URL that parses)" : shown));
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            out.println("  property " + key + " = "
                    + (LakeConfig.isSensitiveKey(key) ? "****" : properties.getProperty(key)));
        }
        SqlErrors mask = SqlErrors.of(givenSecrets(properties));
        StepLog log = new StepLog(out, mask);
        long started = System.nanoTime();
        LakeConfig config;
        try {
            config = LakeConfig.parse(url, properties);
        } catch (InvalidConfigException | RuntimeException e) {
            log.line("FAILED", PARSE_STEP, "", System.nanoTime() - started);
            return failed(PARSE_STEP, SqlErrors.invalidConfiguration(mask.scrub(String.valueOf(e.getMessage()))), mask);
        }
        log.line("ok", PARSE_STEP, "", System.nanoTime() - started);
        List<String> secrets = new ArrayList<>(config.secretValues());
        secrets.addAll(givenSecrets(properties));
        mask = SqlErrors.of(secrets);
        log = new StepLog(out, mask);

        Connection c;
        try {
            c = SetupSteps.observe(log, () -> driver.connect(url, properties));
        } catch (SQLException e) {
            return failed(log.failedStep() == null ? "connect" : log.failedStep(), e, mask);
        } catch (RuntimeException | LinkageError e) {
            return failed(
                    log.failedStep() == null ? "connect" : log.failedStep(),
                    SqlErrors.create(String.valueOf(e), SqlState.INTERNAL_ERROR, e),
                    mask);
        }
        if (log.steps() == 0) {
            out.println("  (this configuration's engine was already open in this process: no set-up ran)");
        }
        try (Connection open = c) {
            long q = System.nanoTime();
            boolean valid = open.isValid((int) Math.max(0, config.integer(LakeProperty.LOGIN_TIMEOUT)));
            String step = "first query (Connection.isValid reads the lake's current snapshot)";
            if (!valid) {
                log.line("FAILED", step, "", System.nanoTime() - q);
                return failed(
                        step, SqlErrors.create("isValid returned false", SqlState.CONNECTION_FAILURE, null), mask);
            }
            log.line("ok", step, "", System.nanoTime() - q);
            DatabaseMetaData md = open.getMetaData();
            out.println("Connected in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms: "
                    + md.getDatabaseProductName() + " " + md.getDatabaseProductVersion() + ", catalog "
                    + open.getCatalog() + ", user " + md.getUserName());
            return true;
        } catch (SQLException e) {
            return failed("first query", e, mask);
        }
    }

    private boolean failed(String step, SQLException e, SqlErrors mask) {
        out.println("FAILED at step: " + step);
        out.println("SQLState: " + e.getSQLState());
        String hint = SqlErrors.hintFor(e);
        if (!hint.isEmpty()) {
            out.println("Hint: " + mask.scrub(hint));
        }
        String advice = StepAdvice.forStep(step);
        if (!advice.isEmpty()) {
            out.println("Check: " + advice);
        }
        out.println("Error: " + mask.scrub(String.valueOf(e.getMessage())));
        return false;
    }

    /** Values of the sensitive properties given, masked even when the URL does not parse. */
    private static List<String> givenSecrets(Properties properties) {
        List<String> out = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            if (LakeConfig.isSensitiveKey(key)) {
                out.add(properties.getProperty(key));
            }
        }
        return out;
    }
}
