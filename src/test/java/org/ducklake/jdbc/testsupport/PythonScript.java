package org.ducklake.jdbc.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A script of src/test/python run with the packages of {@link PythonPackages}: it gets a JSON config file as its
 * argument and prints its findings as lines {@code RESULT {"key": …, "value": …}}. The values come back as plain
 * Java (maps, lists, strings, numbers, booleans, null); a script that fails, runs past its deadline or does not
 * print {@code done} fails the test with the script's output.
 */
public final class PythonScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Map<String, String> env = new LinkedHashMap<>();

    private PythonScript(String name) {
        this.name = name;
    }

    /** The script {@code src/test/python/<name>}. */
    public static PythonScript named(String name) {
        return new PythonScript(name);
    }

    public PythonScript env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Runs the script with {@code config} (written as JSON) and {@code pythonPath}; its results by key. */
    public Map<String, Object> run(Path pythonPath, Map<String, Object> config, long deadlineSeconds)
            throws IOException, InterruptedException {
        Path dir = TestLakes.freshDirectory("python");
        Path configFile = dir.resolve("config.json");
        JSON.writeValue(configFile.toFile(), config);
        Path log = dir.resolve("output.log");
        ProcessBuilder pb = new ProcessBuilder(PythonPackages.python(), script().toString(), configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PYTHONPATH", pythonPath.toString());
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process process = pb.start();
        boolean ended = process.waitFor(deadlineSeconds, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!ended) {
            throw new AssertionError(name + " still running after " + deadlineSeconds + " s:\n" + output);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output);
        }
        Map<String, Object> results = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                Map<?, ?> r = JSON.readValue(line.substring("RESULT ".length()), Map.class);
                results.put((String) r.get("key"), r.get("value"));
            }
        }
        if (!Boolean.TRUE.equals(results.get("done"))) {
            throw new AssertionError(name + " did not finish:\n" + output);
        }
        return results;
    }

    private Path script() throws IOException {
        for (String base : new String[] {System.getProperty("basedir"), System.getProperty("user.dir")}) {
            if (base != null) {
                Path p = Paths.get(base, "src", "test", "python", name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new IOException("src/test/python/" + name + " not found from the working directory");
    }
}
