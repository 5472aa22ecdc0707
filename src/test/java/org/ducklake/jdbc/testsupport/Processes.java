package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small process and port helpers for the test servers. */
public final class Processes {
    private Processes() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command to completion (bounded), failing with its output when it exits non-zero. */
    static String run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("ducklake-test-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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

    /** The command run as the {@code postgres} OS user when this JVM runs as root (PostgreSQL refuses root). */
    static String[] asServerUser(String... command) {
        if (!isRoot()) {
            return command;
        }
        List<String> c = new ArrayList<>(Arrays.asList("runuser", "-u", "postgres", "--"));
        c.addAll(Arrays.asList(command));
        return c.toArray(new String[0]);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port, long timeoutMillis) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("nothing listens on 127.0.0.1:" + port + " after " + timeoutMillis + " ms");
    }
}
