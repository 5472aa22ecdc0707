package org.ducklake.jdbc.testsupport;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * DuckDB's own SQL tokenizer ({@code duckdb.tokenize} of the Python package, DuckDB 1.5.5), run as one long-lived
 * Python process over {@code src/test/python/duckdb_tokens.py}, for comparing {@code SqlScanner} with the scanner
 * it ports. The package is installed with pip once into {@code ~/.cache/ducklake-jdbc/python/duckdb-1.5.5} and
 * reused from there.
 *
 * <p>Each token comes back as {@code {byteOffset, type}}: where it starts in the UTF-8 encoding of the text, and
 * one of the type codes below. On a scanner error DuckDB returns the tokens before it; a text with no UTF-8 form
 * (a lone surrogate) gives null.
 */
public final class DuckDbTokenizer implements AutoCloseable {
    public static final String DUCKDB_VERSION = "1.5.5";

    public static final int IDENTIFIER = 0;
    public static final int NUMERIC_CONST = 1;
    public static final int STRING_CONST = 2;
    public static final int OPERATOR = 3;
    public static final int KEYWORD = 4;
    public static final int COMMENT = 5;

    private static final List<String> TYPE_NAMES =
            List.of("identifier", "numeric_const", "string_const", "operator", "keyword", "comment");

    /** Texts sent before their answers are read; the writing happens on a thread of its own, so any size is safe. */
    private static final int BATCH = 500;

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "duckdb-tokenizer-writer");
        t.setDaemon(true);
        return t;
    });

    private DuckDbTokenizer(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Installs DuckDB's Python package when needed and starts the tokenizer process. */
    public static DuckDbTokenizer start() throws IOException, InterruptedException {
        Path packages = installedPackages();
        Path script = script();
        ProcessBuilder pb = new ProcessBuilder(python(), "-u", script.toString());
        pb.environment().put("PYTHONPATH", packages.toString());
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        DuckDbTokenizer t = new DuckDbTokenizer(pb.start());
        List<int[]> probe = t.tokens("SELECT 1");
        if (probe == null || probe.size() != 2) {
            t.close();
            throw new IOException("the DuckDB tokenizer does not answer as expected");
        }
        return t;
    }

    /** The name of a type code. */
    public static String typeName(int type) {
        return TYPE_NAMES.get(type);
    }

    /** DuckDB's tokens of one text; null when the text has no UTF-8 form. */
    public List<int[]> tokens(String sql) {
        return tokens(List.of(sql)).get(0);
    }

    /** DuckDB's tokens of each text, in order; null for a text with no UTF-8 form. */
    public List<List<int[]>> tokens(List<String> sqls) {
        List<List<int[]>> result = new ArrayList<>(sqls.size());
        for (Parsed p : run(sqls, false)) {
            result.add(p.tokens);
        }
        return result;
    }

    /** What DuckDB's parser reads: the tokens of a text after DuckDB's Unicode-space pass. */
    public static final class Parsed {
        /** Null for a text with no UTF-8 form; offsets are into the UTF-8 encoding of the text as given. */
        public final List<int[]> tokens;
        /** Whether the Unicode-space pass replaced anything. */
        public final boolean changed;

        Parsed(List<int[]> tokens, boolean changed) {
            this.tokens = tokens;
            this.changed = changed;
        }
    }

    /**
     * DuckDB's tokens of each text as its parser gets it, after Parser::StripUnicodeSpaces (which duckdb.tokenize
     * alone does not run; the script ports it), in order.
     */
    public List<Parsed> parsed(List<String> sqls) {
        return run(sqls, true);
    }

    private List<Parsed> run(List<String> sqls, boolean strip) {
        List<Parsed> result = new ArrayList<>(sqls.size());
        for (int from = 0; from < sqls.size(); from += BATCH) {
            List<String> batch = sqls.subList(from, Math.min(sqls.size(), from + BATCH));
            Future<?> sent = writer.submit(() -> {
                for (String sql : batch) {
                    in.write(JSON.writeValueAsString(strip ? java.util.Map.of("sql", sql, "strip", true) : sql));
                    in.write('\n');
                }
                in.flush();
                return null;
            });
            try {
                for (int k = 0; k < batch.size(); k++) {
                    String line = out.readLine();
                    if (line == null) {
                        throw new IOException("the DuckDB tokenizer process ended");
                    }
                    result.add(parse(line));
                }
                sent.get(1, TimeUnit.MINUTES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("writing to the DuckDB tokenizer failed", e);
            }
        }
        return result;
    }

    private static Parsed parse(String line) throws IOException {
        JsonNode node = JSON.readTree(line);
        if (node.isObject() && node.has("tokens")) {
            return new Parsed(
                    tokenList(node.get("tokens")), node.path("changed").asBoolean());
        }
        if (node.isObject()) {
            String error = node.path("error").asText();
            if (error.equals("unencodable")) {
                return new Parsed(null, false);
            }
            throw new IOException("the DuckDB tokenizer failed: " + error);
        }
        return new Parsed(tokenList(node), false);
    }

    private static List<int[]> tokenList(JsonNode node) throws IOException {
        List<int[]> tokens = new ArrayList<>(node.size());
        for (JsonNode t : node) {
            int type = TYPE_NAMES.indexOf(t.get(1).asText());
            if (type < 0) {
                throw new IOException("unknown token type " + t.get(1));
            }
            tokens.add(new int[] {t.get(0).asInt(), type});
        }
        return Collections.unmodifiableList(tokens);
    }

    @Override
    public void close() {
        writer.shutdownNow();
        try {
            in.close();
        } catch (IOException e) {
            // the process is going anyway
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String python() {
        return PythonPackages.python();
    }

    private static Path script() throws IOException {
        for (String base : new String[] {System.getProperty("basedir"), System.getProperty("user.dir")}) {
            if (base != null) {
                Path p = Paths.get(base, "src", "test", "python", "duckdb_tokens.py");
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new IOException("src/test/python/duckdb_tokens.py not found from the working directory");
    }

    /** The directory holding DuckDB's Python package (installed once, see {@link PythonPackages}). */
    private static Path installedPackages() throws IOException, InterruptedException {
        return PythonPackages.installed("duckdb-" + DUCKDB_VERSION, "duckdb", "duckdb==" + DUCKDB_VERSION);
    }
}
