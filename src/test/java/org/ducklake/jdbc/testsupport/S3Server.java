package org.ducklake.jdbc.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real S3 API endpoint for the test run: S3Proxy (from Maven Central) in a child JVM, filesystem
 * backend, SigV4 authentication, listening on a free loopback port; shared by the test JVM ({@link SharedServer}).
 * A bucket is a directory of the backend, so tests can check the written objects directly. Its directory is
 * deleted when the test JVM exits.
 */
public final class S3Server {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-Key/1";
    public static final String REGION = "us-east-1";

    private static final SharedServer<S3Server> SHARED =
            new SharedServer<>("S3 endpoint", S3Server::start, S3Server::stopAndDelete);
    /** How long S3Proxy gets to stop before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path dir;
    private final Path properties;
    private final int port;
    private ChildJvm.Running process;

    private S3Server(Path dir, Path properties, int port) {
        this.dir = dir;
        this.properties = properties;
        this.port = port;
    }

    /** The shared endpoint, started on first use. */
    public static S3Server get() {
        return SHARED.get();
    }

    private static S3Server start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ducklake-test-s3");
        Path data = Files.createDirectories(dir.resolve("data"));
        int port = Processes.freePort();
        Path props = dir.resolve("s3proxy.properties");
        String text = String.join(
                "\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data,
                "");
        Files.write(props, text.getBytes(StandardCharsets.UTF_8));
        S3Server s = new S3Server(dir, props, port);
        s.startServer();
        return s;
    }

    private static Path jar() {
        // Maven's test-compile phase copies it there; surefire also passes the path explicitly.
        String jar =
                System.getProperty("ducklake.test.s3proxy.jar", "target/test-tools/s3proxy-jar-with-dependencies.jar");
        if (!Files.exists(Paths.get(jar))) {
            throw new IllegalStateException("S3Proxy jar not found (system property ducklake.test.s3proxy.jar=" + jar
                    + "): run the tests through Maven, which copies it");
        }
        return Paths.get(jar);
    }

    /** Starts (or restarts) the S3Proxy process on its port. */
    public synchronized void startServer() throws IOException, InterruptedException {
        process = ChildJvm.jar(jar())
                .jvmOptions("-Xmx256m")
                .args("--properties", properties.toString())
                .outputTo(dir.resolve("s3proxy.log"))
                .start();
        Processes.awaitPort(port, Duration.ofSeconds(60));
    }

    /** Freezes the server process (SIGSTOP): requests are accepted by the kernel but never answered. */
    public synchronized void freeze() throws IOException, InterruptedException {
        Processes.run(30, "kill", "-STOP", String.valueOf(process.pid()));
    }

    /** Lets a frozen server run again (SIGCONT). */
    public synchronized void thaw() throws IOException, InterruptedException {
        Processes.run(30, "kill", "-CONT", String.valueOf(process.pid()));
    }

    /** Stops the S3Proxy process (the data stays). */
    public synchronized void stopServer() throws InterruptedException {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    /** Stops the server and deletes its directory (at the end of the test JVM). */
    private void stopAndDelete() throws IOException, InterruptedException {
        stopServer();
        ServerBinaries.deleteTree(dir);
    }

    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    /** Creates a bucket (a directory of the filesystem backend). */
    public void createBucket(String bucket) throws IOException {
        Files.createDirectories(dir.resolve("data").resolve(bucket));
    }

    /**
     * The bytes the backend holds under a key prefix of a bucket, uploads still arriving included (S3Proxy writes
     * an object into a temporary file next to its key while it arrives): it grows as soon as a writer sends data.
     */
    public long bytesStored(String bucket, String prefix) {
        return bytesIn(dir.resolve("data").resolve(bucket).resolve(prefix).toFile());
    }

    /** Files come and go while this walks (an upload renamed to its key): what is gone counts as 0. */
    private static long bytesIn(File f) {
        File[] children = f.listFiles();
        if (children == null) {
            return f.length();
        }
        long n = 0;
        for (File c : children) {
            n += bytesIn(c);
        }
        return n;
    }

    /** Every bucket, read directly from the backend. */
    public List<String> buckets() throws IOException {
        try (Stream<Path> dirs = Files.list(dir.resolve("data"))) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(b -> !b.startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The content of an object (a key from {@link #objects(String)}), read directly from the backend; null if gone. */
    public byte[] object(String bucket, String key) throws IOException {
        Path file = dir.resolve("data").resolve(bucket).resolve(key);
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** When an object (a key from {@link #objects(String)}) was last written, in epoch milliseconds; -1 if gone. */
    public long lastModified(String bucket, String key) {
        try {
            return Files.getLastModifiedTime(dir.resolve("data").resolve(bucket).resolve(key))
                    .toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every object key in a bucket, read directly from the backend. */
    public List<String> objects(String bucket) throws IOException {
        Path root = dir.resolve("data").resolve(bucket);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> !k.startsWith(".") && !k.contains("/."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
