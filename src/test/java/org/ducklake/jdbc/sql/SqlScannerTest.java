package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Cases SqlScannerDifferentialTest found, each checked by running it on DuckDB 1.5.5: where DuckDB's Unicode-space
 * pass (Parser::StripUnicodeSpaces) replaces a space and where it does not, and what DuckDB's scanner fails on.
 */
class SqlScannerTest {
    private static List<String> tokens(String sql) {
        SqlScanner.Scan scan = SqlScanner.scan(sql);
        assertThat(scan.problem()).as(sql).isNull();
        return scan.tokens().stream().map(t -> t.kind + ":" + t.text).collect(Collectors.toList());
    }

    @Test
    void unicodeSpacesDuckDbReplacesAreWhiteSpace() {
        assertThat(tokens("SELECT\u00a01\u3000AS\u2003v"))
                .containsExactly("WORD:SELECT", "NUMBER:1", "WORD:AS", "WORD:v");
        assertThat(SqlScanner.scan("SELECT\u00a01").canonical()).isEqualTo("SELECT 1");
    }

    @Test
    void unicodeSpacesDuckDbLeavesArePartOfAWord() {
        // its pass never looks at the last two bytes: DuckDB names the column "\u00a0", in the canonical text too
        assertThat(tokens("SELECT 1\u00a0")).containsExactly("WORD:SELECT", "NUMBER:1", "WORD:\u00a0");
        // it knows no block comment: the ' in it opens a quote to it, so the space after "," stays, and DuckDB
        // reads the column "\u00a02" (Binder Error: Referenced column "\u00a02" was not found) ...
        SqlScanner.Scan scan = SqlScanner.scan("SELECT 1 /* ' */,\u00a02 -- '\n");
        assertThat(scan.tokens().stream().map(t -> t.kind + ":" + t.text))
                .containsExactly("WORD:SELECT", "NUMBER:1", "SYMBOL:,", "WORD:\u00a02");
        // ... which the canonical text, without the comment, cannot say: refused
        assertThat(scan.problem()).contains("Unicode space");
    }

    @Test
    void whatItsPassReplacesInTheOriginalIsReadReplaced() {
        // "a$é$" opens a dollar quote to DuckDB's pass, up to the one in 'x$é$y'; then the quotes are out of
        // step and the space inside 'p q' is replaced: DuckDB returns 'p q' with a plain space
        assertThat(tokens("SELECT 1 AS a$é$ , 'x$é$y' , 'p\u00a0q'")).endsWith("STRING:p q");
    }

    @Test
    void aSpaceTheCanonicalTextWouldLoseIsRefused() {
        // the comment's quote puts them back in step: DuckDB returns 'p\u00a0q' for this one, but for its
        // canonical text, without the comment, 'p q'
        SqlScanner.Scan scan = SqlScanner.scan("SELECT 1 AS a$é$, 'x$é$y' /* ' */, 'p\u00a0q'");
        assertThat(scan.tokens().get(scan.tokens().size() - 1).text).isEqualTo("p\u00a0q");
        assertThat(scan.problem()).contains("Unicode space");
        assertThat(scan.canonical()).isNull();
        // where the pass reads the quotes right the space stays in the value
        assertThat(tokens("SELECT 'p\u00a0q' AS \"a\u00a0b\""))
                .containsExactly("WORD:SELECT", "STRING:p\u00a0q", "WORD:AS", "QUOTED:a\u00a0b");
    }

    @Test
    void aBackslashBeforeNonAsciiInAnEscapeStringIsRefused() {
        // DuckDB 1.5.5: "Parser Error: pg_verifymbstr NOT IMPLEMENTED"
        assertThat(SqlScanner.scan("SELECT E'\\é'").problem()).contains("backslash");
        assertThat(SqlScanner.scan("SELECT E'a\\€b'").problem()).contains("backslash");
        assertThat(tokens("SELECT E'\\x41é'")).containsExactly("WORD:SELECT", "STRING:Aé");
    }
}
