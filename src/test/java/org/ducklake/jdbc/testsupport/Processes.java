package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small process and port helpers for the test servers. */
public final class Processes {
    private Processes() {}

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command to completion (bounded), failing with its output when it exits non-zero. */
    static String run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("ducklake-test-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + "s: " + Arrays.toString(command));
            }
            String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + Arrays.toString(command) + "\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * The OS user the database servers run as when this JVM runs as root: PostgreSQL refuses to run as root and
     * MariaDB should not. {@code nobody} exists on every Debian without setup, so no user needs to be created.
     */
    static final String SERVER_USER = "nobody";

    /**
     * The command run as {@link #SERVER_USER} when this JVM runs as root ({@code runuser -u nobody --}), as this
     * JVM's user otherwise.
     */
    static String[] asServerUser(String... command) {
        if (!isRoot()) {
            return command;
        }
        List<String> c = new ArrayList<>(Arrays.asList("runuser", "-u", SERVER_USER, "--"));
        c.addAll(Arrays.asList(command));
        return c.toArray(new String[0]);
    }

    /** Gives a server's directory to the OS user it runs as ({@link #asServerUser}) when this JVM runs as root. */
    static void giveToServerUser(Path dir) throws IOException, InterruptedException {
        if (isRoot()) {
            run(30, "chown", "-R", SERVER_USER, dir.toString());
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts connections on the loopback port. */
    static void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        boolean listening = Await.within(timeout, Duration.ofMillis(100), () -> {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        if (!listening) {
            throw new IOException("nothing listens on 127.0.0.1:" + port + " after " + timeout.toMillis() + " ms");
        }
    }
}
