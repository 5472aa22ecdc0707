package org.ducklake.jdbc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The property documentation is the declaration: docs/properties.md's table is {@link LakeProperty}, row for
 * row, and README's short table names every property once. A property cannot be added undocumented.
 */
class ReadmePropertiesTest {

    static String row(LakeProperty p) {
        String type = p.choices().length > 0
                ? String.join(" \\| ", p.choices())
                : p.type().name().toLowerCase(Locale.ROOT);
        return "| `" + p.key() + "` | " + type + " | " + (p.defaultValue() == null ? "" : "`" + p.defaultValue() + "`")
                + " | " + (p.isSensitive() ? "yes" : "") + " | "
                + p.description().replace("|", "\\|") + " |";
    }

    /** The rows of the Markdown table whose header line starts with {@code header}. */
    private static List<String> table(String file, String header) throws Exception {
        List<String> lines = Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            if (line.startsWith(header)) {
                inTable = true;
                continue;
            }
            if (inTable && line.startsWith("|---")) {
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable) {
                rows.add(line);
            }
        }
        assertThat(rows).as(file + ": the table headed " + header).isNotEmpty();
        return rows;
    }

    @Test
    void propertiesDocumentTableMatchesTheDeclaration() throws Exception {
        List<String> expected = Arrays.stream(LakeProperty.values())
                .map(ReadmePropertiesTest::row)
                .collect(Collectors.toList());
        assertThat(table("docs/properties.md", "| property | type | default | sensitive | description |"))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void readmeNamesEveryPropertyOnceAndNoOther() throws Exception {
        List<String> named = new ArrayList<>();
        Matcher m = Pattern.compile("`([a-z0-9_]+)`").matcher("");
        for (String row : table("README.md", "| for | properties |")) {
            String cell = row.substring(row.indexOf('|', 1));
            m.reset(cell);
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        assertThat(named)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(LakeProperty.values())
                        .map(LakeProperty::key)
                        .collect(Collectors.toList()));
    }
}
