package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedParametersTest {

    @Test
    void namesBecomePositionsAndRepeatedNamesBindTwice() {
        NamedParameters p = NamedParameters.parse("SELECT * FROM t WHERE a = $a AND b = $b_2 OR a > $a");
        assertThat(p.sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? OR a > ?");
        assertThat(p.positions("a")).containsExactly(1, 3);
        assertThat(p.positions("$b_2")).containsExactly(2);
        assertThat(p.positions("c")).isNull();
    }

    @Test
    void quotedTextCommentsDollarStringsAndPositionalsAreLeftAlone() {
        String sql = "SELECT '$a', \"$b\", $$ $c $$, $tag$ $d $tag$, $1 -- $e\n /* $f */ , $g";
        NamedParameters p = NamedParameters.parse(sql);
        assertThat(p.sql()).isEqualTo("SELECT '$a', \"$b\", $$ $c $$, $tag$ $d $tag$, $1 -- $e\n /* $f */ , ?");
        assertThat(p.names()).containsExactly("g");
        assertThat(NamedParameters.parse("SELECT 'it''s $x'").hasNames()).isFalse();
    }
}
