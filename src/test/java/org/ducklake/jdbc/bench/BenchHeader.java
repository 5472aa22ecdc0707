package org.ducklake.jdbc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every benchmark output names, so a figure can be traced and weighed: the commit measured (and whether the
 * tree had uncommitted changes), the machine, and its load when the run started and ended. The load matters on
 * a shared machine: a run beside another build is slower on both sides, and its ratios are noisier.
 */
final class BenchHeader {
    private BenchHeader() {}

    /** "commit 1a2b3c4d5e6f" or "commit 1a2b3c4d5e6f with uncommitted changes", from git in the working directory. */
    static String commit() {
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) {
            return "commit unknown (not a git checkout)";
        }
        String dirty = git("status", "--porcelain", "--untracked-files=no");
        return "commit " + head + (dirty.isEmpty() ? "" : " with uncommitted changes");
    }

    /** Cores, CPU model, memory, OS and Java. */
    static String machine() {
        String cpu = firstValue(Paths.get("/proc/cpuinfo"), "model name");
        String memory = firstValue(Paths.get("/proc/meminfo"), "MemTotal");
        String mem = "";
        if (!memory.isEmpty()) {
            long kb = Long.parseLong(memory.replaceAll("[^0-9]", ""));
            mem = String.format(", %.0f GiB", kb / 1024.0 / 1024.0);
        }
        return String.format(
                "%d cores%s%s, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(),
                cpu.isEmpty() ? "" : " (" + cpu + ")",
                mem,
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }

    /** The 1, 5 and 15 minute load averages, as the OS reports them. */
    static String load() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(
                    "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
        }
    }

    /** The lines every output starts with. */
    static List<String> start(String title) {
        return List.of(
                title + " — "
                        + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                        + " UTC, " + commit(),
                "machine: " + machine(),
                "load average (1/5/15 min) at the start: " + load());
    }

    /** The line every output ends with. */
    static String end() {
        return "load average (1/5/15 min) at the end: " + load();
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        return "";
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
