package org.ducklake.jdbc.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a child JVM with extra environment variables. */
final class ChildJvm {
    final int exit;
    final String output;

    private ChildJvm(int exit, String output) {
        this.exit = exit;
        this.output = output;
    }

    static ChildJvm run(Class<?> main, Map<String, String> env, String... jvmArgs) throws Exception {
        String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(java.util.Arrays.asList(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 180 s");
        }
        return new ChildJvm(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
