package org.ducklake.jdbc.instance;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the running driver jar is, for the connection doctor: the platform it was built for, the machine's
 * platform, and the extension binaries it carries. Read-only views of {@link PlatformJar} and
 * {@link BundledExtensions}, which stay package-private.
 */
public final class DriverJar {
    private DriverJar() {}

    /** The platform a self-contained jar was built for, or null for the plain artifact (no marker). */
    public static String builtFor() {
        return PlatformJar.platform();
    }

    /** DuckDB's name for this machine's platform (linux_amd64, osx_arm64, …), or null when DuckDB has none. */
    public static String hostPlatform() {
        return BundledExtensions.hostPlatform();
    }

    /** The file name of the self-contained jar for a platform. */
    public static String jarName(String platform) {
        return PlatformJar.jarName(platform);
    }

    /** The platforms self-contained jars are built for. */
    public static List<String> platforms() {
        return BundledExtensions.PLATFORMS;
    }

    /** Per platform with bundled extensions on the class path, its extensions as "version name". */
    public static Map<String, List<String>> bundledExtensions() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String p : BundledExtensions.PLATFORMS) {
            List<String> listed = BundledExtensions.listed(p);
            if (!listed.isEmpty()) {
                out.put(p, listed);
            }
        }
        return out;
    }

    /** Throws the connect's own error (08001, naming the right jar) when this jar is for another machine. */
    public static void checkHost() throws SQLException {
        PlatformJar.checkHost();
    }
}
