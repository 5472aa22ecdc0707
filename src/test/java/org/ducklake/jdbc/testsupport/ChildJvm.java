package org.ducklake.jdbc.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way tests start another JVM: {@code java [options] -cp <this JVM's class path> Main [args]} (or another
 * class path, or {@code -jar}), with extra environment variables, stdin from /dev/null, and stdout and stderr
 * together either kept in memory or written to a file. Every wait has a deadline: a child still running at its
 * deadline is killed and the wait fails with the child's output.
 *
 * <pre>ChildJvm.Result r = ChildJvm.main(Main.class).env("KEY", "v").jvmOptions("-Dx=y").run(Duration.ofMinutes(3));
 * ChildJvm.Running child = ChildJvm.main(Writer.class).small().outputTo(log).start(); … child.kill();</pre>
 */
public final class ChildJvm {
    /** How long a killed child may take to go away. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private String name;
    private final List<String> target;
    private final List<String> options = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path outputFile;

    private ChildJvm(String name, List<String> target) {
        this.name = name;
        this.target = target;
    }

    /** A main class of the test class path, run on this JVM's class path. */
    public static ChildJvm main(Class<?> main) {
        return main(main.getName(), System.getProperty("java.class.path"));
    }

    /** A main class on a class path of its own (e.g. a tool and the self-contained driver jar). */
    public static ChildJvm main(String mainClass, String classPath) {
        return new ChildJvm(mainClass, List.of("-cp", classPath, mainClass));
    }

    /** An executable jar. */
    public static ChildJvm jar(Path jar) {
        return new ChildJvm(jar.getFileName().toString(), List.of("-jar", jar.toString()));
    }

    /** How failures name the child (the main class or jar by default). */
    public ChildJvm named(String childName) {
        name = childName;
        return this;
    }

    /** JVM options such as {@code -Dkey=value} or {@code -Xmx256m}, before the class path. */
    public ChildJvm jvmOptions(String... jvmOptions) {
        options.addAll(Arrays.asList(jvmOptions));
        return this;
    }

    /** A small JVM, for several at once on a small machine: 256 MB heap, the serial collector, C1 only. */
    public ChildJvm small() {
        return jvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    /** Arguments of the main class (or jar). */
    public ChildJvm args(String... arguments) {
        args.addAll(Arrays.asList(arguments));
        return this;
    }

    /** An environment variable added to this JVM's environment. */
    public ChildJvm env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public ChildJvm env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** Writes the output (stdout and stderr) to this file, replacing it, instead of keeping it in memory. */
    public ChildJvm outputTo(Path file) {
        outputFile = file;
        return this;
    }

    /** The command line. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.addAll(target);
        cmd.addAll(args);
        return cmd;
    }

    /** Starts the child; it runs until it ends, {@link Running#kill()} or a deadline of {@link Running#awaitExit}. */
    public Running start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        if (outputFile != null) {
            pb.redirectOutput(outputFile.toFile());
        }
        return new Running(name, pb.start(), outputFile);
    }

    /** Starts the child and waits for it to end, at most {@code deadline} (see {@link Running#awaitExit}). */
    public Result run(Duration deadline) throws IOException, InterruptedException {
        return start().awaitExit(deadline);
    }

    /** A child JVM that was started. */
    public static final class Running {
        private final String name;
        private final Process process;
        private final Path outputFile;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        private final Thread reader;

        private Running(String name, Process process, Path outputFile) {
            this.name = name;
            this.process = process;
            this.outputFile = outputFile;
            if (outputFile == null) {
                // Read while the child runs, so a child that prints much never blocks on a full pipe.
                reader = new Thread(this::capture, "output of " + name + " (" + process.pid() + ")");
                reader.setDaemon(true);
                reader.start();
            } else {
                reader = null;
            }
        }

        private void capture() {
            byte[] buffer = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (captured) {
                        captured.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // The child is gone; what was read is kept.
            }
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** What the child printed so far (all of it once it has ended). */
        public String output() {
            if (outputFile != null) {
                try {
                    return Files.exists(outputFile)
                            ? new String(Files.readAllBytes(outputFile), StandardCharsets.UTF_8)
                            : "";
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }

        /**
         * Waits for the child to end; if it is still running at the deadline it is killed and an AssertionError
         * with its output is thrown.
         */
        public Result awaitExit(Duration deadline) throws InterruptedException {
            if (!process.waitFor(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
                kill();
                throw new AssertionError(name + " (pid " + pid() + ") still running after " + deadline.getSeconds()
                        + " s; killed. Its output:\n" + output());
            }
            return ended();
        }

        /** Kills the child at once (SIGKILL: no shutdown hook runs) and waits for it to be gone. */
        public Result kill() throws InterruptedException {
            process.destroyForcibly();
            return waitGone();
        }

        /** Asks the child to stop (SIGTERM: shutdown hooks run), killing it if it is still there after {@code grace}. */
        public Result stop(Duration grace) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
            }
            return waitGone();
        }

        private Result waitGone() throws InterruptedException {
            if (!process.waitFor(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError(name + " (pid " + pid() + ") did not go away within " + KILL_WAIT.getSeconds()
                        + " s of being killed");
            }
            return ended();
        }

        private Result ended() throws InterruptedException {
            if (reader != null) {
                reader.join(KILL_WAIT.toMillis()); // the rest of the pipe; the child has ended
            }
            return new Result(process.exitValue(), output());
        }
    }

    /** How a child ended: its exit status and everything it printed. */
    public static final class Result {
        public final int exit;
        public final String output;

        Result(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }
}
