package org.ducklake.jdbc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** HQL format patterns as DuckDB strftime formats, which end up inside a SQL string literal. */
class StrftimeFormatTest {

    @Test
    void patternLettersBecomeStrftimeFields() {
        assertThat(StrftimeFormat.of("yyyy-MM-dd HH:mm:ss.SSSSSS")).isEqualTo("%Y-%m-%d %H:%M:%S.%f");
        assertThat(StrftimeFormat.of("yy/M/d h:mm a")).isEqualTo("%y/%m/%d %I:%M %p");
        assertThat(StrftimeFormat.of("EEEE d MMMM, EEE MMM")).isEqualTo("%A %d %B, %a %b");
        assertThat(StrftimeFormat.of("HH:mm:ss.SSS")).isEqualTo("%H:%M:%S.%g");
    }

    @Test
    void quotedTextIsCopiedAndQuotesAndPercentsEscaped() {
        assertThat(StrftimeFormat.of("yyyy'T'HH")).isEqualTo("%YT%H");
        assertThat(StrftimeFormat.of("'at' HH 'o''clock'")).isEqualTo("at %H o''clock");
        assertThat(StrftimeFormat.of("HH'' 100%")).isEqualTo("%H'' 100%%");
    }

    @Test
    void lettersWithoutEquivalentAreRefused() {
        assertThatThrownBy(() -> StrftimeFormat.of("yyyy G"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letter 'G'");
    }
}
