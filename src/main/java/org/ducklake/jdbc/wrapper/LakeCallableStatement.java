package org.ducklake.jdbc.wrapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.NamedParameters;

/**
 * What {@link java.sql.Connection#prepareCall} returns. DuckDB has no stored procedures and its driver no
 * {@code prepareCall}, so this is a prepared statement ({@code CALL f(?)} and {@code SELECT f(?)} run as
 * ordinary queries) with the {@link CallableStatement}-only methods refused: OUT parameters
 * ({@code registerOutParameter}, {@code getXxx}, {@code wasNull}) throw
 * {@link java.sql.SQLFeatureNotSupportedException}. The named setters ({@code setXxx(String, ...)}) bind
 * DuckDB-style {@code $name} parameters: {@code prepareCall("SELECT * FROM t WHERE id = $id")} then
 * {@code setLong("id", 7)}.
 */
public class LakeCallableStatement extends CallableStatementForwards {

    private final NamedParameters named;

    LakeCallableStatement(
            LakeConnection connection,
            PreparedStatement delegate,
            Opener<? extends PreparedStatement> opener,
            NamedParameters named) {
        super(connection, delegate, opener, named.sql());
        this.named = named;
    }

    /** The error of a CallableStatement-only method DuckDB has nothing for (OUT parameters). */
    @Override
    SQLException unsupported(String method) throws SQLException {
        checkOpen();
        return SqlErrors.create(
                method + " is not supported: DuckDB has no OUT parameters", SqlState.FEATURE_NOT_SUPPORTED, null);
    }

    /**
     * The positions of a named parameter ({@code $name} in the SQL, rewritten to {@code ?} markers because
     * DuckDB's driver binds by position only). Every {@code setXxx(String parameterName, ...)} binds each.
     */
    @Override
    int[] parameterIndexes(String parameterName) throws SQLException {
        checkOpen();
        int[] positions = parameterName == null ? null : named.positions(parameterName);
        if (positions == null) {
            throw SqlErrors.create(
                    "No parameter named " + parameterName + " in this statement"
                            + (named.hasNames() ? " (it has: " + String.join(", ", named.names()) + ")" : ""),
                    SqlState.UNDEFINED_PARAMETER,
                    null);
        }
        return positions;
    }

    /*
     * A name used at several positions ($id twice) binds the same value at each. A stream or reader can be
     * read only once and DuckDB reads it at the first position, so for such a name it is read here, once,
     * and each position gets its own copy; a name used once gets the caller's stream untouched.
     */

    @Override
    InputStream[] copies(InputStream x, int count) throws SQLException {
        InputStream[] out = new InputStream[count];
        if (count == 1 || x == null) {
            Arrays.fill(out, x);
            return out;
        }
        byte[] bytes;
        try {
            bytes = x.readAllBytes();
        } catch (IOException e) {
            throw SqlErrors.create("Reading the stream for a named parameter failed: " + e, SqlState.IO_ERROR, e);
        }
        for (int i = 0; i < count; i++) {
            out[i] = new ByteArrayInputStream(bytes);
        }
        return out;
    }

    @Override
    Reader[] copies(Reader x, int count) throws SQLException {
        Reader[] out = new Reader[count];
        if (count == 1 || x == null) {
            Arrays.fill(out, x);
            return out;
        }
        StringWriter text = new StringWriter();
        try {
            x.transferTo(text);
        } catch (IOException e) {
            throw SqlErrors.create("Reading the reader for a named parameter failed: " + e, SqlState.IO_ERROR, e);
        }
        for (int i = 0; i < count; i++) {
            out[i] = new StringReader(text.toString());
        }
        return out;
    }
}
