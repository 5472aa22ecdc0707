package org.ducklake.jdbc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README's property table is the declaration, row for row: a property cannot be added undocumented. */
class ReadmePropertiesTest {

    static String row(LakeProperty p) {
        String type = p.choices().length > 0
                ? String.join(" \\| ", p.choices())
                : p.type().name().toLowerCase(Locale.ROOT);
        return "| `" + p.key() + "` | " + type + " | " + (p.defaultValue() == null ? "" : "`" + p.defaultValue() + "`")
                + " | " + (p.isSensitive() ? "yes" : "") + " | "
                + p.description().replace("|", "\\|") + " |";
    }

    @Test
    void readmeTableMatchesTheDeclaration() throws Exception {
        List<String> lines = Files.readAllLines(Paths.get("README.md"), StandardCharsets.UTF_8);
        List<String> tableRows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            if (line.startsWith("| property | type | default | sensitive | description |")) {
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
                tableRows.add(line);
            }
        }
        List<String> expected = Arrays.stream(LakeProperty.values())
                .map(ReadmePropertiesTest::row)
                .collect(Collectors.toList());
        assertThat(tableRows).containsExactlyElementsOf(expected);
    }
}
