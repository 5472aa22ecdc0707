package org.ducklake.jdbc.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream bound to a named parameter that occurs more than once reaches every occurrence: a stream can be
 * read once, so the driver reads it once and binds a copy at each position.
 */
class NamedStreamsTest {
    private LakeConnection conn;

    @BeforeEach
    void open() throws SQLException {
        Connection raw = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        conn = InMemoryConnections.wrap(raw, () -> {});
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void aBinaryStreamReachesEveryPositionOfItsName() throws SQLException {
        byte[] bytes = "a payload of bytes \u0000\u0001".getBytes(StandardCharsets.UTF_8);
        try (CallableStatement cs = conn.prepareCall("SELECT $b AS first, $b AS second, $n AS n")) {
            cs.setBinaryStream("b", new ByteArrayInputStream(bytes));
            cs.setInt("n", 7);
            try (ResultSet rs = cs.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes("first")).isEqualTo(bytes);
                assertThat(rs.getBytes("second"))
                        .as("the second occurrence got the whole stream too")
                        .isEqualTo(bytes);
                assertThat(rs.getInt("n")).isEqualTo(7);
            }
        }
    }

    @Test
    void aBinaryStreamWithALengthBindsThatManyBytesAtEachPosition() throws SQLException {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.UTF_8);
        try (CallableStatement cs = conn.prepareCall("SELECT $b AS first, $b AS second")) {
            cs.setBinaryStream("b", new ByteArrayInputStream(bytes), 4L);
            try (ResultSet rs = cs.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes("first")).isEqualTo("0123".getBytes(StandardCharsets.UTF_8));
                assertThat(rs.getBytes("second")).isEqualTo("0123".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aCharacterStreamReachesEveryPositionOfItsName() throws SQLException {
        String text = "Grüße, ünïcödé — and more";
        try (CallableStatement cs = conn.prepareCall("SELECT $t AS first, $t || '!' AS second, length($t) AS n")) {
            cs.setCharacterStream("t", new StringReader(text));
            try (ResultSet rs = cs.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("first")).isEqualTo(text);
                assertThat(rs.getString("second")).isEqualTo(text + "!");
                assertThat(rs.getInt("n")).isEqualTo(text.length());
            }
        }
    }

    @Test
    void bytesAndTextCanBeReadByLabelAndAsStreams() throws SQLException, IOException {
        try (CallableStatement cs =
                conn.prepareCall("SELECT '\\x01\\x02'::BLOB AS b, 'text' AS t, NULL::BLOB AS nothing")) {
            try (ResultSet rs = cs.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes("b")).containsExactly(1, 2);
                assertThat(rs.getBinaryStream("b").readAllBytes()).containsExactly(1, 2);
                assertThat(rs.getBinaryStream(1).readAllBytes()).containsExactly(1, 2);
                try (Reader r = rs.getCharacterStream("t")) {
                    char[] buf = new char[10];
                    assertThat(new String(buf, 0, r.read(buf))).isEqualTo("text");
                }
                assertThat(rs.getBinaryStream("nothing")).isNull();
                assertThat(rs.wasNull()).isTrue();
            }
        }
    }

    @Test
    void aStreamOfANameUsedOnceIsBoundAsGiven() throws SQLException {
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        try (CallableStatement cs = conn.prepareCall("SELECT octet_length($b)")) {
            cs.setBinaryStream("b", new ByteArrayInputStream(bytes), (long) bytes.length);
            try (ResultSet rs = cs.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(bytes.length);
            }
        }
    }
}
