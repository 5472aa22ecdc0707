package org.ducklake.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyValueDsnTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "with space",
                "quote'inside",
                "back\\slash",
                "a=b",
                "semi;colon",
                "ünïcødé €",
                "",
                "trailing\\",
                "'",
                "  lead and trail  ",
                "new\nline"
            })
    void valuesSurviveRenderAndParse(String value) {
        KeyValueDsn dsn =
                KeyValueDsn.empty().with("host", "h").with("password", value).with("dbname", "d");
        KeyValueDsn back = KeyValueDsn.parse(dsn.render());
        assertThat(back.get("password")).isEqualTo(value);
        assertThat(back.get("host")).isEqualTo("h");
        assertThat(back.get("dbname")).isEqualTo("d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host=h port=5432", "host = h   port=5432 ", "host='h' port='5432'"})
    void parsesLibpqForms(String text) {
        KeyValueDsn dsn = KeyValueDsn.parse(text);
        assertThat(dsn.get("host")).isEqualTo("h");
        assertThat(dsn.get("port")).isEqualTo("5432");
    }
}
