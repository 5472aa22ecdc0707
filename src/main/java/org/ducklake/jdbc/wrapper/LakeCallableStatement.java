package org.ducklake.jdbc.wrapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.NamedParameters;

/**
 * What {@link java.sql.Connection#prepareCall} returns. DuckDB has no stored procedures and its driver no
 * {@code prepareCall}, so this is a prepared statement ({@code CALL f(?)} and {@code SELECT f(?)} run as
 * ordinary queries). The one OUT parameter there is is a function's value, {@code {? = call f(?)}}: it runs as
 * {@code SELECT f(?)}, parameter 1 is the value (registerOutParameter, then getXxx(1) after execute) and the
 * function's arguments are parameters 2, 3, …; any other OUT parameter throws
 * {@link java.sql.SQLFeatureNotSupportedException}. The named setters ({@code setXxx(String, ...)}) bind
 * DuckDB-style {@code $name} parameters: {@code prepareCall("SELECT * FROM t WHERE id = $id")} then
 * {@code setLong("id", 7)}.
 */
public class LakeCallableStatement extends CallableStatementForwards {

    private final NamedParameters named;
    /** {@code {? = call f(…)}}: parameter 1 is f's value, read from the row the execution returned. */
    private final boolean returnsValue;
    /** That row, after execute; null before. */
    private volatile ResultSet outRow;

    LakeCallableStatement(
            LakeConnection connection,
            PreparedStatement delegate,
            Opener<? extends PreparedStatement> opener,
            NamedParameters named,
            boolean returnsValue) {
        super(connection, delegate, opener, named.sql());
        this.named = named;
        this.returnsValue = returnsValue;
    }

    /** The function's arguments are parameters 2, 3, … of a call with a value, positions 1, 2, … of its SELECT. */
    @Override
    int position(int parameterIndex) throws SQLException {
        if (!returnsValue) {
            return parameterIndex;
        }
        if (parameterIndex == 1) {
            checkOpen();
            throw SqlErrors.create(
                    "Parameter 1 of {? = call …} is the function's value (an OUT parameter); its arguments are"
                            + " parameters 2 and on",
                    SqlState.INVALID_COLUMN_INDEX,
                    null);
        }
        return parameterIndex - 1;
    }

    @Override
    void registerOut(int parameterIndex) throws SQLException {
        checkOpen();
        if (!returnsValue || parameterIndex != 1) {
            throw unsupported("registerOutParameter(" + parameterIndex + ")");
        }
    }

    @Override
    ResultSet outValue(int parameterIndex) throws SQLException {
        checkOpen();
        if (!returnsValue || parameterIndex != 1) {
            throw unsupported("Reading OUT parameter " + parameterIndex);
        }
        ResultSet row = outRow;
        if (row == null || row.isClosed()) {
            throw SqlErrors.create("The call has no value yet: execute it first", SqlState.INVALID_CURSOR_STATE, null);
        }
        return row;
    }

    @Override
    boolean outWasNull() throws SQLException {
        checkOpen();
        ResultSet row = outRow;
        return row != null && !row.isClosed() && row.wasNull();
    }

    /*
     * A call with a value runs its SELECT and keeps the one row it returns, from which getXxx(1) reads (the
     * statement's next execution or its close closes it). execute() then reports no result set: the value is
     * the OUT parameter. executeQuery() returns that row as an ordinary result set instead.
     */

    @Override
    public boolean execute() throws SQLException {
        if (!returnsValue) {
            return super.execute();
        }
        outRow = null;
        ResultSet row = super.executeQuery();
        if (!row.next()) {
            row.close();
            throw SqlErrors.create("The call returned no row", SqlState.INVALID_CURSOR_STATE, null);
        }
        outRow = row;
        return false;
    }

    @Override
    public int executeUpdate() throws SQLException {
        if (!returnsValue) {
            return super.executeUpdate();
        }
        execute();
        return 0;
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (!returnsValue) {
            return super.executeLargeUpdate();
        }
        execute();
        return 0;
    }

    /** The error of a CallableStatement-only method DuckDB has nothing for (OUT parameters but a call's value). */
    @Override
    SQLException unsupported(String method) throws SQLException {
        checkOpen();
        return SqlErrors.create(
                method + " is not supported: DuckDB has no OUT parameters; the one OUT value there is is a function's,"
                        + " in prepareCall(\"{? = call f(?)}\")",
                SqlState.FEATURE_NOT_SUPPORTED,
                null);
    }

    // Quirk.NO_PREPARE_CALL
    /**
     * The positions of a named parameter ({@code $name} in the SQL, rewritten to {@code ?} markers because
     * DuckDB's driver binds by position only). Every {@code setXxx(String parameterName, ...)} binds each.
     */
    @Override
    int[] parameterIndexes(String parameterName) throws SQLException {
        checkOpen();
        int[] positions = parameterName == null ? null : named.positions(parameterName);
        if (positions != null && returnsValue) {
            // Named setters bind through the indexed ones, which count the value as parameter 1.
            positions = Arrays.stream(positions).map(p -> p + 1).toArray();
        }
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
