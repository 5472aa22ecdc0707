package org.ducklake.jdbc.instance;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.SqlText;

/**
 * Makes the extensions a lake needs available and loaded, without internet when the jar carries them.
 * Each extension is taken from the first place that has it, in this order:
 * <ol>
 *   <li>already installed in the extension directory (just LOAD);</li>
 *   <li>the copies bundled with the driver: its platform jar's, or an {@code extensions-<platform>} artifact's
 *       ({@code extension_bundle});</li>
 *   <li>{@code extension_repository} (a URL or a local directory laid out like DuckDB's);</li>
 *   <li>DuckDB's default repository.</li>
 * </ol>
 * Signature checks stay on: DuckDB verifies every file at INSTALL and at LOAD.
 */
final class ExtensionInstaller {
    private static final Logger LOG = Logger.getLogger(ExtensionInstaller.class.getName());

    private final LakeConfig config;
    private final SetupRunner runner;

    ExtensionInstaller(LakeConfig config, SetupRunner runner) {
        this.config = config;
        this.runner = runner;
    }

    void ensureLoaded(Connection c, List<String> names) throws SQLException {
        Map<String, boolean[]> state = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT extension_name, installed, loaded FROM duckdb_extensions()")) {
            while (rs.next()) {
                state.put(rs.getString(1), new boolean[] {rs.getBoolean(2), rs.getBoolean(3)});
            }
        }
        String version = null;
        String platform = null;
        for (String name : names) {
            boolean[] st = state.getOrDefault(name, new boolean[2]);
            if (st[1]) {
                continue;
            }
            if (st[0]) {
                runner.run(c, "LOAD " + name, "load extension " + name);
                continue;
            }
            if (version == null) {
                version = scalar(c, "SELECT library_version FROM pragma_version()");
                platform = scalar(c, "SELECT platform FROM pragma_platform()");
            }
            String v = version;
            String pl = platform;
            SetupSteps.described("install extension " + name, () -> install(c, name, v, pl));
            runner.run(c, "LOAD " + name, "load extension " + name);
        }
        if (SetupSteps.observed()) {
            SetupSteps.described("read the loaded extensions' versions", () -> versions(c, names));
        }
    }

    /** "ducklake 1a2b3c4, httpfs …": each extension's version as DuckDB reports it once loaded. */
    private static String versions(Connection c, List<String> names) throws SQLException {
        Map<String, String> found = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT extension_name, extension_version FROM duckdb_extensions() WHERE loaded")) {
            while (rs.next()) {
                found.put(rs.getString(1), rs.getString(2));
            }
        }
        List<String> out = new ArrayList<>();
        for (String name : names) {
            out.add(name + " " + found.getOrDefault(name, "(not loaded)"));
        }
        return String.join(", ", out);
    }

    /** Installs the extension from the first place that has it, and says which place that was. */
    private String install(Connection c, String name, String version, String platform) throws SQLException {
        List<String> looked = new ArrayList<>();
        String dir = scalar(c, "SELECT current_setting('extension_directory')");
        looked.add("the extension directory " + (dir == null || dir.isEmpty() ? "~/.duckdb/extensions" : dir)
                + ": not installed");

        if (!config.bool(LakeProperty.EXTENSION_BUNDLE)) {
            looked.add("the driver jar: not used (extension_bundle=false)");
        } else if (!BundledExtensions.has(version, platform, name)) {
            String carried = BundledExtensions.platforms();
            looked.add("the driver jar: no copy for " + version + " " + platform
                    + (carried.isEmpty() ? "" : " (it carries " + carried + ")"));
        } else {
            try {
                Path repo = BundledExtensions.repositoryWith(version, platform, name);
                if (tryInstall(c, name, repo.toString(), looked, "the driver jar")) {
                    return "from the driver jar";
                }
            } catch (IOException e) {
                looked.add("the driver jar: " + e.getMessage());
            }
        }

        if (config.isSet(LakeProperty.EXTENSION_REPOSITORY)) {
            String repo = config.string(LakeProperty.EXTENSION_REPOSITORY);
            if (tryInstall(c, name, repo, looked, "extension_repository " + repo)) {
                return "from extension_repository " + repo;
            }
        } else {
            looked.add("extension_repository: not set");
        }

        if (tryInstall(c, name, null, looked, "DuckDB's default repository")) {
            return "from DuckDB's default repository";
        }
        throw SqlErrors.create(
                "Extension " + name + " is not available for DuckDB " + version + " on " + platform
                        + ". Looked in: "
                        // Each place keeps its start and end: a long extension_directory is named three times.
                        + looked.stream().map(l -> SqlErrors.bound(l, 600)).collect(Collectors.joining("; "))
                        + ". Set extension_repository to a directory laid out "
                        + "as <dir>/" + version + "/" + platform + "/" + name
                        + ".duckdb_extension, or use the driver jar "
                        + PlatformJar.jarName(platform) + " (or the extensions-" + platform + " artifact).",
                SqlState.EXTENSION_UNAVAILABLE,
                null);
    }

    private boolean tryInstall(Connection c, String name, String repository, List<String> looked, String place) {
        String sql =
                repository == null ? "INSTALL " + name : "INSTALL " + name + " FROM " + SqlText.literal(repository);
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            LOG.log(Level.FINE, "installed extension {0} from {1}", new Object[] {name, place});
            return true;
        } catch (SQLException e) {
            looked.add(place + ": " + firstLine(e.getMessage()));
            return false;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "failed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
