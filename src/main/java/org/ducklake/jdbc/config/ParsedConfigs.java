package org.ducklake.jdbc.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Configurations already parsed, by everything they were parsed from, so a pool or tool that connects again
 * with the same URL and Properties gets the same {@link LakeConfig} without parsing and checking it again.
 *
 * <p>The key is the URL, every Properties value (compared in full, secrets included, so connects with two
 * different passwords never share an entry) and the login timeout {@link java.sql.DriverManager} gives. It is
 * held in memory only: nothing prints it ({@link Key#toString} names no value). A configuration that names a
 * profile is not kept: it depends on a file that can change between connects, so it is parsed (and the
 * file read) every time. Without a profile, {@link LakeConfig#parse} reads nothing but its arguments (no file,
 * no environment variable, no system property), so the same key always parses to an equal configuration.
 * A URL or Properties that fail to parse are not kept either: each connect reports its own error.
 */
public final class ParsedConfigs {
    /** Entries kept at most; past it the cache starts afresh (a JVM connects with a handful of configurations). */
    static final int MAX_ENTRIES = 64;

    private static final ConcurrentHashMap<Key, LakeConfig> CACHE = new ConcurrentHashMap<>();

    private ParsedConfigs() {}

    /**
     * The configuration of a URL and Properties, as {@link LakeConfig#parse} gives it, with
     * {@code loginTimeout} seconds (DriverManager's, when positive) where the sources set no login_timeout.
     *
     * @throws InvalidConfigException as {@link LakeConfig#parse}
     */
    public static LakeConfig parse(String url, Properties info, int loginTimeout) throws InvalidConfigException {
        // Read once: what is parsed is exactly what the key holds, even if the caller changes info meanwhile.
        Map<String, String> given = snapshot(info);
        Key key = new Key(url, given, loginTimeout);
        LakeConfig cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        LakeConfig config = LakeConfig.parse(url, properties(given));
        if (!config.isExplicit(LakeProperty.LOGIN_TIMEOUT) && loginTimeout > 0) {
            config = config.with(LakeProperty.LOGIN_TIMEOUT, String.valueOf(loginTimeout));
        }
        if (!config.isExplicit(LakeProperty.PROFILE)) {
            if (CACHE.size() >= MAX_ENTRIES) {
                CACHE.clear();
            }
            CACHE.put(key, config);
        }
        return config;
    }

    /** How many configurations are kept (for tests). */
    static int size() {
        return CACHE.size();
    }

    /** Forgets every configuration kept (for tests). */
    static void clear() {
        CACHE.clear();
    }

    /** The Properties as LakeConfig reads them: every string-valued key (defaults included) and its value. */
    private static Map<String, String> snapshot(Properties info) {
        if (info == null) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new HashMap<>();
        for (String k : info.stringPropertyNames()) {
            String v = info.getProperty(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    private static Properties properties(Map<String, String> given) {
        Properties p = new Properties();
        p.putAll(given);
        return p;
    }

    /** What a configuration was parsed from. Equal only when URL, every value and the login timeout are. */
    private static final class Key {
        private final String url;
        private final Map<String, String> given;
        private final int loginTimeout;
        private final int hash;

        Key(String url, Map<String, String> given, int loginTimeout) {
            this.url = url;
            this.given = given;
            this.loginTimeout = loginTimeout;
            this.hash = 31 * (31 * String.valueOf(url).hashCode() + given.hashCode()) + loginTimeout;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return hash == k.hash
                    && loginTimeout == k.loginTimeout
                    && java.util.Objects.equals(url, k.url)
                    && given.equals(k.given);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        /** Names no value: the URL and Properties may hold secrets. */
        @Override
        public String toString() {
            return "ParsedConfigs.Key[" + given.size() + " properties]";
        }
    }
}
