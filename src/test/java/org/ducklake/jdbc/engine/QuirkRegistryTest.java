package org.ducklake.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The quirk registry names what exists: every driver class and every proving test (class, and method where
 * one is named) loads, each issue is an upstream reference or "none filed", and every {@code // Quirk.X}
 * comment in the sources names a constant.
 */
class QuirkRegistryTest {
    private static final String BASE = "org.ducklake.jdbc.";
    private static final Pattern ISSUE = Pattern.compile("[\\w.-]+/[\\w.-]+#\\d+|none filed");
    private static final Pattern SITE = Pattern.compile("Quirk\\.([A-Z][A-Z0-9_]*)");

    @Test
    void everyEntryIsComplete() {
        for (Quirk q : Quirk.values()) {
            assertThat(q.description()).as(q + " description").isNotBlank();
            assertThat(q.issue()).as(q + " issue").matches(ISSUE);
            assertThat(q.versions()).as(q + " versions").isNotBlank();
            assertThat(q.driverClasses()).as(q + " driver classes").isNotEmpty();
            assertThat(q.tests()).as(q + " tests").isNotEmpty();
        }
    }

    @Test
    void everyDriverClassExists() {
        List<String> missing = new ArrayList<>();
        for (Quirk q : Quirk.values()) {
            for (String name : q.driverClasses()) {
                if (load(name) == null) {
                    missing.add(q + ": " + name);
                }
            }
        }
        assertThat(missing)
                .as("driver classes named in Quirk that do not exist")
                .isEmpty();
    }

    @Test
    void everyProvingTestExists() {
        List<String> missing = new ArrayList<>();
        for (Quirk q : Quirk.values()) {
            for (String test : q.tests()) {
                if (test.equals(Quirk.NO_TEST_YET)) {
                    assertThat(q.tests()).as(q + ": no test yet stands alone").hasSize(1);
                    continue;
                }
                int hash = test.indexOf('#');
                Class<?> type = load(hash < 0 ? test : test.substring(0, hash));
                if (type == null) {
                    missing.add(q + ": class " + test);
                } else if (hash >= 0 && !hasMethod(type, test.substring(hash + 1))) {
                    missing.add(q + ": method " + test);
                }
            }
        }
        assertThat(missing).as("tests named in Quirk that do not exist").isEmpty();
    }

    @Test
    void everySiteCommentNamesAConstant() throws IOException {
        List<String> known = Arrays.stream(Quirk.values()).map(Enum::name).collect(Collectors.toList());
        List<String> unknown = new ArrayList<>();
        int sites = 0;
        for (Path file : sources(Paths.get("src", "main", "java"))) {
            if (file.getFileName().toString().equals("Quirk.java")) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = SITE.matcher(line);
                while (m.find()) {
                    sites++;
                    if (!known.contains(m.group(1))) {
                        unknown.add(file + ": " + m.group());
                    }
                }
            }
        }
        assertThat(unknown).as("Quirk comments naming no constant").isEmpty();
        assertThat(sites).as("workaround sites marked in the sources").isPositive();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(BASE + name, false, QuirkRegistryTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean hasMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }
}
