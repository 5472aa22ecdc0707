package org.ducklake.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DuckDB's driver is named in one package: every class of duckdb_jdbc the driver uses is reached through
 * org.ducklake.jdbc.engine (Engines, EngineAppender, EngineTypes, EngineInternals, FreshPlans), so that moving
 * to another duckdb_jdbc touches that package only. A source scan of src/main/java.
 */
class EngineConfinementTest {
    private static final Path MAIN = Paths.get("src", "main", "java");
    private static final Path ENGINE = MAIN.resolve(Paths.get("org", "ducklake", "jdbc", "engine"));

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?org\\.duckdb\\.");
    /** A type of duckdb_jdbc named in code, fully qualified (strings and comments are removed first). */
    private static final Pattern QUALIFIED = Pattern.compile("\\borg\\.duckdb\\.[A-Z]");

    @Test
    void onlyTheEnginePackageNamesDuckDbsClasses() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path file : sources()) {
            if (file.startsWith(ENGINE)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            boolean inComment = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String code = line;
                if (inComment) {
                    int end = code.indexOf("*/");
                    if (end < 0) {
                        continue;
                    }
                    code = code.substring(end + 2);
                    inComment = false;
                }
                code = code.replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("/\\*.*?\\*/", "");
                int open = code.indexOf("/*");
                if (open >= 0) {
                    code = code.substring(0, open);
                    inComment = true;
                }
                int lineComment = code.indexOf("//");
                if (lineComment >= 0) {
                    code = code.substring(0, lineComment);
                }
                if (IMPORT.matcher(line).find() || QUALIFIED.matcher(code).find()) {
                    offences.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + line.trim());
                }
            }
        }
        assertThat(offences)
                .as("DuckDB's classes outside org.ducklake.jdbc.engine (add or use an engine class instead)")
                .isEmpty();
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        List<Path> files = sources();
        assertThat(files).contains(ENGINE.resolve("Engines.java"), ENGINE.resolve("EngineAppender.java"));
        // The scan would catch one: the engine package itself imports DuckDB's classes.
        assertThat(Files.readAllLines(ENGINE.resolve("EngineAppender.java"), StandardCharsets.UTF_8))
                .anyMatch(l -> IMPORT.matcher(l).find());
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(MAIN)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }
}
