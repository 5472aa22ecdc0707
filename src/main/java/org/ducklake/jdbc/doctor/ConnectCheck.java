package org.ducklake.jdbc.doctor;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.ducklake.jdbc.config.CatalogType;
import org.ducklake.jdbc.config.InvalidConfigException;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.instance.CatalogFile;
import org.ducklake.jdbc.instance.SetupSteps;

/**
 * Connects the way a tool does ({@link Driver#connect}) while watching the driver's set-up steps, then runs the
 * query {@link Connection#isValid} runs. Prints every step with its time; on failure the step, the SQLState,
 * the driver's hint and what to check, and the message. Every text printed is masked with the lake's secrets.
 *
 * <p>It only looks unless told to create: the connect runs with {@code create_if_not_exists=false}, so where the
 * catalog holds no lake every step up to ATTACH runs (extensions, secrets, the S3 check, reaching the catalog
 * database) and nothing is created: no catalog file, no metadata tables, no data files.
 */
public final class ConnectCheck {
    private static final String PARSE_STEP = "read the URL and properties";
    private static final String ATTACH_STEP = "attach the lake";

    /** How the check ended. */
    public enum Outcome {
        /** The connect and its first query worked. */
        CONNECTED,
        /** The catalog holds no lake; a connect would create one, and this check created nothing. */
        NO_LAKE,
        /** A step failed, or the check could not run without creating a lake. */
        FAILED
    }

    private final PrintStream out;
    private final Driver driver;
    /** The catalog type of the configuration being checked, once it parsed: the advice depends on it. */
    private CatalogType catalogType;

    public ConnectCheck(PrintStream out, Driver driver) {
        this.out = out;
        this.driver = driver;
    }

    /**
     * Connects with {@code url} and {@code properties}; with {@code create} false (the doctor's default) the
     * connect may not create a lake.
     */
    public Outcome run(String url, Properties properties, boolean create) {
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
        Properties connectWith = new Properties();
        connectWith.putAll(properties);
        if (!create) {
            connectWith.setProperty(LakeProperty.CREATE_IF_NOT_EXISTS.key(), "false");
        }
        LakeConfig looking;
        try {
            config = LakeConfig.parse(url, properties);
            looking = LakeConfig.parse(url, connectWith);
        } catch (InvalidConfigException | RuntimeException e) {
            log.line("FAILED", PARSE_STEP, "", System.nanoTime() - started);
            return failed(PARSE_STEP, SqlErrors.invalidConfiguration(mask.scrub(String.valueOf(e.getMessage()))), mask);
        }
        log.line("ok", PARSE_STEP, "", System.nanoTime() - started);
        catalogType = config.catalogType();
        List<String> secrets = new ArrayList<>(config.secretValues());
        secrets.addAll(givenSecrets(properties));
        mask = SqlErrors.of(secrets);
        log = new StepLog(out, mask);
        if (!create && looking.mayCreateLake()) {
            // A key in the URL wins over Properties, so create_if_not_exists=true there cannot be overruled.
            out.println("The URL sets create_if_not_exists=true, so a connect could create a lake: the doctor does not"
                    + " connect. Give it as --property instead, or run again with --create.");
            return Outcome.FAILED;
        }
        if (!create) {
            out.println(
                    "  (looking only: create_if_not_exists=false for this check; --create lets it create the lake)");
        }

        Connection c;
        try {
            c = SetupSteps.observe(log, () -> driver.connect(url, connectWith));
        } catch (SQLException e) {
            String step = log.failedStep() == null ? "connect" : log.failedStep();
            if (!create && config.mayCreateLake() && step.equals(ATTACH_STEP) && noLake(e)) {
                out.println("No lake at " + target(config) + " — a connect would create it.");
                out.println("Nothing was created. Run again with --create to create it, or check the catalog"
                        + (config.catalogType().isServer() ? " (dbname, metadata_schema)" : " file's path")
                        + " if the lake should already be there.");
                return Outcome.NO_LAKE;
            }
            return failed(step, e, mask);
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
            return Outcome.CONNECTED;
        } catch (SQLException e) {
            return failed("first query", e, mask);
        }
    }

    /** DuckLake's refusal to create a lake, or the driver's own for a missing catalog file, in the error's chain. */
    private static boolean noLake(SQLException e) {
        String needle = CatalogFile.NO_LAKE.toLowerCase(Locale.ROOT);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** Where the lake was looked for: the masked URL, and the metadata schema when one is named. */
    private static String target(LakeConfig config) {
        return config.maskedUrl()
                + (config.isSet(LakeProperty.METADATA_SCHEMA)
                        ? " (metadata_schema " + config.string(LakeProperty.METADATA_SCHEMA) + ")"
                        : "");
    }

    private Outcome failed(String step, SQLException e, SqlErrors mask) {
        out.println("FAILED at step: " + step);
        out.println("SQLState: " + e.getSQLState());
        String hint = SqlErrors.hintFor(e);
        if (!hint.isEmpty()) {
            out.println("Hint: " + mask.scrub(hint));
        }
        String advice = StepAdvice.forFailure(step, catalogType, e);
        if (!advice.isEmpty()) {
            out.println("Check: " + advice);
        }
        out.println("Error: " + mask.scrub(String.valueOf(e.getMessage())));
        return Outcome.FAILED;
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
