package org.ducklake.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import org.ducklake.jdbc.config.InvalidConfigException;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.config.ParsedConfigs;
import org.ducklake.jdbc.config.ValueType;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.instance.LakeInstances;
import org.ducklake.jdbc.wrapper.LakeConnection;
import org.ducklake.jdbc.wrapper.LakeContext;

/**
 * {@code jdbc:ducklake:} — a DuckLake lakehouse as a JDBC database.
 *
 * <pre>
 * jdbc:ducklake:postgres:host=… port=5432 dbname=…[;key=value…]   PostgreSQL catalog (libpq DSN)
 * jdbc:ducklake:mysql:host=… database=…[;key=value…]              MySQL catalog
 * jdbc:ducklake:sqlite:/path/meta.sqlite[;key=value…]              SQLite catalog
 * jdbc:ducklake:[duckdb:]/path/meta.ducklake[;key=value…]          DuckDB-file catalog (embedded, no server)
 * </pre>
 *
 * Options may also follow the catalog as {@code ?key=value&key=value} (values percent-decoded), before any
 * {@code ;key=value}. The properties are declared in {@link LakeProperty}.
 */
public final class DuckLakeDriver implements Driver {
    private static final Logger PARENT_LOGGER = Logger.getLogger("org.ducklake.jdbc");

    static {
        try {
            DriverManager.registerDriver(new DuckLakeDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        try {
            return open(url, info);
        } catch (SQLException e) {
            // Every connect error is made bounded where it is made; this keeps the bound for any path
            // added later, whatever it threw.
            throw SqlErrors.bounded(e);
        }
    }

    private static Connection open(String url, Properties info) throws SQLException {
        LakeConfig config = parse(url, info, DriverManager.getLoginTimeout());
        LakeInstances.EngineConnection engine = LakeInstances.connect(config);
        return new LakeConnection(engine.connection(), context(config, engine), engine, engine.entered());
    }

    /** What a connection reports about itself, built from the parsed config (never the raw URL). */
    private static LakeContext context(LakeConfig config, LakeInstances.EngineConnection engine) {
        return LakeContext.builder()
                .maskedUrl(config.maskedUrl())
                .userName(config.user())
                .lakeCatalog(config.alias())
                .driver(DriverVersion.NAME, DriverVersion.VERSION, DriverVersion.MAJOR, DriverVersion.MINOR)
                .validationQuery(engine.validationQuery())
                .showAllCatalogs(config.bool(LakeProperty.METADATA_SHOW_ALL))
                .streamResults(config.bool(LakeProperty.STREAM_RESULTS))
                .errors(engine.errors())
                .sqlAccess(engine.sqlAccess())
                .bulkBatch(config.bool(LakeProperty.BULK_BATCH))
                .batchCoalesce(config.bool(LakeProperty.BATCH_COALESCE))
                .build();
    }

    /** The configuration, parsed once per URL, Properties and login timeout (see ParsedConfigs). */
    static LakeConfig parse(String url, Properties info, int loginTimeout) throws SQLException {
        try {
            return ParsedConfigs.parse(url, info, loginTimeout);
        } catch (InvalidConfigException e) {
            throw SqlErrors.invalidConfiguration(e.getMessage());
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return LakeConfig.acceptsUrl(url);
    }

    /**
     * Every property with its description, default and choices, read from the declaration; nothing is
     * opened. Values given in {@code info} are shown, except sensitive ones.
     */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        List<DriverPropertyInfo> out = new ArrayList<>();
        Map<String, String> given = LakeConfig.displayValues(url, info);
        for (LakeProperty p : LakeProperty.values()) {
            // Sensitive values are blank: a dialog must not show (or log) a password it was handed.
            String shown = p.isSensitive() ? null : given.getOrDefault(p.key(), p.defaultValue());
            DriverPropertyInfo d = new DriverPropertyInfo(p.key(), shown);
            d.description = p.description() + (p.defaultValue() == null ? "" : " Default: " + p.defaultValue() + ".");
            d.required = false;
            String[] choices = p.choices();
            if (choices.length > 0) {
                d.choices = choices;
            } else if (p.type() == ValueType.BOOLEAN) {
                d.choices = new String[] {"true", "false"};
            }
            out.add(d);
        }
        return out.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return DriverVersion.MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return DriverVersion.MINOR;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return PARENT_LOGGER;
    }
}
