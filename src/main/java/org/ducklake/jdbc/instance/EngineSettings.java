package org.ducklake.jdbc.instance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.ducklake.jdbc.engine.Engines;

/**
 * The names of DuckDB's own settings ({@code threads}, {@code memory_limit}, {@code temp_directory}, …),
 * which pass through as connection properties: those are given when the engine starts, an extension's
 * settings once it is loaded. Read once per JVM from a throwaway in-memory engine, and only when a config
 * has a key that is not one of the driver's properties.
 */
final class EngineSettings {
    private EngineSettings() {}

    private static final class Holder {
        static final Set<String> NAMES = load();
    }

    /**
     * Settings DuckDB refuses as start-up configuration although they are its own: it checks them with the
     * statically linked ICU extension, which it loads only once the engine runs ("To set the TimeZone
     * setting, the icu extension needs to be loaded"). They are set right after start instead.
     */
    // Quirk.TIMEZONE_NOT_AT_START
    private static final Set<String> AFTER_START = Set.of("timezone", "calendar");

    /** A DuckDB setting given when the engine starts; the others are set once it runs (see SetupSql). */
    static boolean atStart(String key) {
        return isSetting(key) && !AFTER_START.contains(key.toLowerCase(Locale.ROOT));
    }

    /** DuckDB matches setting names without case ({@code TimeZone}, {@code timezone}); so does this. */
    static boolean isSetting(String key) {
        return Holder.NAMES.contains(key.toLowerCase(Locale.ROOT));
    }

    private static Set<String> load() {
        Set<String> names = new TreeSet<>();
        try (Connection c = Engines.openDefault();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM duckdb_settings()")) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list DuckDB's settings: " + e.getMessage(), e);
        }
        return Collections.unmodifiableSet(names);
    }
}
