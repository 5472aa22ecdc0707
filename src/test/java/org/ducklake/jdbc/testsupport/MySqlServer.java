package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A throwaway MySQL-protocol server for the test run: MariaDB from Debian's mariadb-server package,
 * initialised in a temporary directory, listening on a free loopback port only; started once and
 * stopped at exit. Runs as the {@code mysql} OS user when the tests run as root.
 */
public final class MySqlServer {
    private static MySqlServer instance;

    private final Path dir;
    private final int port;
    private Process process;

    private MySqlServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static synchronized MySqlServer get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not start the test MySQL server: " + e.getMessage(), e);
            }
            MySqlServer s = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return instance;
    }

    private static String[] asMysqlUser(String... command) {
        if (!Processes.isRoot()) {
            return command;
        }
        String[] c = new String[command.length + 4];
        c[0] = "runuser";
        c[1] = "-u";
        c[2] = "mysql";
        c[3] = "--";
        System.arraycopy(command, 0, c, 4, command.length);
        return c;
    }

    private static MySqlServer start() throws IOException, InterruptedException {
        Path server = Paths.get("/usr/sbin/mariadbd");
        if (!Files.isExecutable(server)) {
            throw new IOException("no MariaDB server at " + server + ": install Debian's mariadb-server");
        }
        Path dir = Files.createTempDirectory("ducklake-test-mysql");
        if (Processes.isRoot()) {
            Processes.run(30, "chown", "-R", "mysql", dir.toString());
        }
        Processes.run(120, asMysqlUser("mariadb-install-db", "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        int port = Processes.freePort();
        MySqlServer s = new MySqlServer(dir, port);
        s.process = new ProcessBuilder(asMysqlUser("/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--socket=" + dir.resolve("sock"), "--port=" + port, "--bind-address=127.0.0.1",
                "--pid-file=" + dir.resolve("pid")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        Processes.awaitPort(port, 60_000);
        return s;
    }

    private synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
