package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * A throwaway MySQL-protocol server for the test run: MariaDB from Debian's mariadb-server package,
 * initialised in a temporary directory, listening on a free loopback port only; shared by the test JVM
 * ({@link SharedServer}). Runs as {@link Processes#SERVER_USER} when the tests run as root.
 */
public final class MySqlServer {
    private static final SharedServer<MySqlServer> SHARED =
            new SharedServer<>("MySQL server", MySqlServer::start, MySqlServer::stop);

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

    private static MySqlServer start() throws IOException, InterruptedException {
        Path server = Paths.get("/usr/sbin/mariadbd");
        if (!Files.isExecutable(server)) {
            throw new IOException("no MariaDB server at " + server + ": install Debian's mariadb-server");
        }
        Path dir = Files.createTempDirectory("ducklake-test-mysql");
        Processes.giveToServerUser(dir);
        Processes.run(
                120,
                Processes.asServerUser(
                        "mariadb-install-db",
                        "--datadir=" + dir.resolve("data"),
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db"));
        int port = Processes.freePort();
        MySqlServer s = new MySqlServer(dir, port);
        s.process = new ProcessBuilder(Processes.asServerUser(
                        "/usr/sbin/mariadbd",
                        "--no-defaults",
                        "--datadir=" + dir.resolve("data"),
                        "--socket=" + dir.resolve("sock"),
                        "--port=" + port,
                        "--bind-address=127.0.0.1",
                        "--pid-file=" + dir.resolve("pid")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        Processes.awaitPort(port, Duration.ofSeconds(60));
        return s;
    }

    private synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    public int port() {
        return port;
    }

    /** Runs SQL as the server's root user through the mariadb client on the local socket. */
    public void sql(String statements) throws IOException, InterruptedException {
        Processes.run(60, "mariadb", "-uroot", "-S", dir.resolve("sock").toString(), "-e", statements);
    }

    /** A database and a user who owns it; the password may hold any character. */
    public void createDatabase(String database, String user, String password) throws IOException, InterruptedException {
        String pw = password.replace("\\", "\\\\").replace("'", "\\'");
        sql("CREATE DATABASE " + database + "; CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + pw + "'; "
                + "GRANT ALL ON " + database + ".* TO '" + user + "'@'%';");
    }
}
