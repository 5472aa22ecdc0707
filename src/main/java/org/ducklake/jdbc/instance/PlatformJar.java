package org.ducklake.jdbc.instance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Properties;
import org.ducklake.jdbc.DriverVersion;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * The platform a self-contained driver jar was built for. Each such jar carries DuckDB's native library and
 * the extensions of one platform only; started elsewhere, DuckDB would fail to load with an error that names
 * neither the cause nor the cure, so a connect checks first and names the jar to use. The plain Maven
 * artifact carries no marker (its native libraries come with duckdb_jdbc) and is never refused.
 */
final class PlatformJar {
    static final String MARKER = "/org/ducklake/jdbc/driver-jar.properties";

    private static final String BUILT_FOR = builtFor();

    private PlatformJar() {}

    private static String builtFor() {
        try (InputStream in = PlatformJar.class.getResourceAsStream(MARKER)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("platform");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The platform this jar was built for, or null for the plain artifact. */
    static String platform() {
        return BUILT_FOR;
    }

    /** The file name of the self-contained jar for a platform. */
    static String jarName(String platform) {
        return "ducklake-jdbc-" + DriverVersion.VERSION + "-" + platform + ".jar";
    }

    /** Refuses to connect from a platform jar built for another machine, naming the right one. */
    static void checkHost() throws SQLException {
        String built = BUILT_FOR;
        if (built == null) {
            return;
        }
        String host = BundledExtensions.hostPlatform();
        if (built.equals(host)) {
            return;
        }
        String machine = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        String cure = host != null && BundledExtensions.PLATFORMS.contains(host)
                ? "use " + jarName(host) + " instead."
                : "DuckDB publishes no build for it; the driver jars exist for "
                        + String.join(", ", BundledExtensions.PLATFORMS) + ".";
        throw SqlErrors.create(
                "This driver jar (" + jarName(built) + ") is built for " + built + ", but this machine is "
                        + (host == null ? machine : host + " (" + machine + ")") + ": " + cure,
                SqlState.UNABLE_TO_CONNECT,
                null);
    }
}
