package org.ducklake.jdbc.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the project's Markdown files resolves: the file exists, and a {@code #fragment} names
 * a heading of the file it points to, as GitHub makes heading anchors. Links to other sites are not followed.
 */
class DocumentLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    /** The Markdown files of the repository: everything outside target/ and hidden directories. */
    static List<Path> markdownFiles() throws IOException {
        Path root = Paths.get("").toAbsolutePath();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        Path rel = root.relativize(p);
                        for (Path part : rel) {
                            String name = part.toString();
                            if (name.equals("target") || name.startsWith(".") || name.equals("node_modules")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** GitHub's anchor for a heading: lower case, punctuation but '-' and '_' dropped, spaces to '-'. */
    static String anchor(String heading) {
        String text = heading.replaceAll("`", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
        StringBuilder b = new StringBuilder();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                b.append(c);
            } else if (c == ' ') {
                b.append('-');
            }
        }
        return b.toString();
    }

    static Set<String> anchors(Path file) throws IOException {
        Set<String> found = new HashSet<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!inCode && m.matches()) {
                String base = anchor(m.group(1));
                String name = base;
                for (int i = 1; !found.add(name); i++) {
                    name = base + "-" + i;
                }
            }
        }
        return found;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> files = markdownFiles();
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("README.md", "CONTRIBUTING.md");
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            boolean inCode = false;
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                if (inCode) {
                    continue;
                }
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue; // https:, mailto: — another site
                    }
                    checked++;
                    String where = Paths.get("").toAbsolutePath().relativize(file) + ":" + lineNo + " " + target;
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = path.isEmpty()
                            ? file
                            : file.getParent().resolve(path).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(where + ": no such file");
                    } else if (hash >= 0) {
                        String fragment = target.substring(hash + 1);
                        if (!resolved.toString().endsWith(".md")
                                || !anchors(resolved).contains(fragment)) {
                            broken.add(where + ": no heading with that anchor");
                        }
                    }
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertThat(anchor("Troubleshooting: the doctor")).isEqualTo("troubleshooting-the-doctor");
        assertThat(anchor("Python (JayDeBeApi)")).isEqualTo("python-jaydebeapi");
        assertThat(anchor("Values: where the answers differ from duckdb_jdbc's"))
                .isEqualTo("values-where-the-answers-differ-from-duckdb_jdbcs");
        assertThat(anchor("Threat model of `sql_access=lake`")).isEqualTo("threat-model-of-sql_accesslake");
    }
}
