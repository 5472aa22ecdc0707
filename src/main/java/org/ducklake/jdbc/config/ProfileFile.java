package org.ducklake.jdbc.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Profiles from a HOCON file (Typesafe Config): {@code profiles.NAME { catalog = "postgres:…", data_path =
 * …, s3 { region = … } }}. Nested keys join with {@code _} ({@code s3.region} is {@code s3_region}); the key
 * {@code catalog} is what follows {@code jdbc:ducklake:} in a URL. Substitutions such as
 * {@code ${?AWS_SECRET_ACCESS_KEY}} resolve from the environment.
 *
 * <p>Only the named file is read: never {@code ConfigFactory.load()}, so the host application's
 * {@code application.conf} and system properties cannot leak in.
 */
final class ProfileFile {
    static final String ENV = "DUCKLAKE_JDBC_CONFIG";
    static final String CATALOG_KEY = "catalog";
    private static final Logger LOG = Logger.getLogger(ProfileFile.class.getName());

    /**
     * Parsed files by path, reused while the file holds the same bytes. Compared by content, not by size and
     * modification time: an edit that keeps the size within the file system's timestamp granularity (a few
     * milliseconds) would otherwise go unseen. A small file is read in microseconds.
     */
    private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

    private static final class Cached {
        final byte[] content;
        final Config config;

        Cached(byte[] content, Config config) {
            this.content = content;
            this.config = config;
        }
    }

    private ProfileFile() {}

    /** The file to read: the {@code config_file} property, else $DUCKLAKE_JDBC_CONFIG, else the per-user default. */
    static Path locate(String configFile) {
        if (configFile != null && !configFile.isEmpty()) {
            return Paths.get(configFile);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isEmpty()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".ducklake", "jdbc.conf");
    }

    /**
     * The profile's values as property text by key, in file order.
     *
     * @throws InvalidConfigException when the file or profile is missing or malformed
     */
    static Map<String, String> read(Path file, String profile) throws InvalidConfigException {
        Config config = load(file);
        String path = "profiles." + ConfigUtil.quoteString(profile);
        if (!config.hasPath(path)) {
            throw new InvalidConfigException("profile \"" + profile + "\" is not in " + file
                    + (config.hasPath("profiles")
                            ? " (it has: "
                                    + String.join(
                                            ", ", config.getObject("profiles").keySet()) + ")"
                            : ""));
        }
        ConfigValue value = config.getValue(path);
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new InvalidConfigException("profiles." + profile + " in " + file + " is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", (ConfigObject) value, out, file, profile);
        return out;
    }

    private static void flatten(String prefix, ConfigObject object, Map<String, String> out, Path file, String profile)
            throws InvalidConfigException {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "_" + e.getKey();
            ConfigValue v = e.getValue();
            switch (v.valueType()) {
                case OBJECT:
                    flatten(key, (ConfigObject) v, out, file, profile);
                    break;
                case NULL:
                    break;
                case LIST:
                    throw new InvalidConfigException("profiles." + profile + "." + key.replace('_', '.') + " in " + file
                            + " is a list; give a single value");
                default:
                    out.put(key, String.valueOf(v.unwrapped()));
            }
        }
    }

    private static Config load(Path file) throws InvalidConfigException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException("the config file " + file
                    + " does not exist (it is needed for the profile; " + "set config_file, or " + ENV + ")");
        }
        try {
            // Read before parsing: if the file changes in between, the next read differs and parses again.
            byte[] content = Files.readAllBytes(file);
            Cached cached = CACHE.get(file);
            if (cached != null && Arrays.equals(cached.content, content)) {
                return cached.config;
            }
            Config raw = ConfigFactory.parseFile(
                    file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
            warnIfSecretsReadableByOthers(file, raw);
            Config resolved = raw.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
            CACHE.put(file, new Cached(content, resolved));
            return resolved;
        } catch (ConfigException e) {
            // Typesafe's messages name the file, line and key, never a resolved value.
            throw new InvalidConfigException("cannot read the config file: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read the config file " + file + ": " + e.getMessage());
        }
    }

    /** A literal secret in a file others can read is worth a warning; one from ${?ENV} is not. */
    private static void warnIfSecretsReadableByOthers(Path file, Config raw) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!perms.contains(PosixFilePermission.GROUP_READ) && !perms.contains(PosixFilePermission.OTHERS_READ)) {
            return;
        }
        if (!raw.hasPath("profiles")) {
            return;
        }
        for (String profile : raw.getObject("profiles").keySet()) {
            for (LakeProperty p : LakeProperty.values()) {
                if (!p.isSensitive()) {
                    continue;
                }
                for (String path : new String[] {
                    p.key(), p.key().replace('_', '.'), p.key().replaceFirst("_", ".")
                }) {
                    String full = "profiles." + ConfigUtil.quoteString(profile) + "." + path;
                    try {
                        if (raw.hasPathOrNull(full) && !raw.getIsNull(full)) {
                            raw.getString(full);
                            LOG.log(
                                    Level.WARNING,
                                    "{0} holds a secret ({1} of profile {2}) and other users can read it: "
                                            + "chmod 600 it, or take the value from the environment with ${?VARIABLE}",
                                    new Object[] {file, p.key(), profile});
                            return;
                        }
                    } catch (ConfigException.NotResolved e) {
                        // A substitution: the secret is not in the file.
                    } catch (ConfigException e) {
                        // Not a plain value at this path; nothing to warn about.
                    }
                }
            }
        }
    }
}
