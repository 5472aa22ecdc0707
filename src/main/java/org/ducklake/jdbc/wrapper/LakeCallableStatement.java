package org.ducklake.jdbc.wrapper;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
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
public class LakeCallableStatement extends LakePreparedStatement implements CallableStatement {

    private final NamedParameters named;

    LakeCallableStatement(LakeConnection connection, PreparedStatement delegate,
                          Opener<? extends PreparedStatement> opener, NamedParameters named) {
        super(connection, delegate, opener, named.sql());
        this.named = named;
    }

    /** The error of a CallableStatement-only method DuckDB has nothing for (OUT parameters). */
    private SQLException unsupported(String method) throws SQLException {
        checkOpen();
        return SqlErrors.create(method + " is not supported: DuckDB has no OUT parameters",
                SqlState.FEATURE_NOT_SUPPORTED, null);
    }

    /**
     * The positions of a named parameter ({@code $name} in the SQL, rewritten to {@code ?} markers because
     * DuckDB's driver binds by position only). Every {@code setXxx(String parameterName, ...)} binds each.
     */
    private int[] parameterIndexes(String parameterName) throws SQLException {
        checkOpen();
        int[] positions = parameterName == null ? null : named.positions(parameterName);
        if (positions == null) {
            throw SqlErrors.create("No parameter named " + parameterName + " in this statement"
                    + (named.hasNames() ? " (it has: " + String.join(", ", named.names()) + ")" : ""),
                    SqlState.UNDEFINED_PARAMETER, null);
        }
        return positions;
    }

    // ---- java.sql.CallableStatement ----

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public boolean wasNull() throws SQLException {
        throw unsupported("wasNull");
    }

    @Override
    public String getString(int parameterIndex) throws SQLException {
        throw unsupported("getString");
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        throw unsupported("getBoolean");
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        throw unsupported("getByte");
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        throw unsupported("getShort");
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        throw unsupported("getInt");
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        throw unsupported("getLong");
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        throw unsupported("getFloat");
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        throw unsupported("getDouble");
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        throw unsupported("getBytes");
    }

    @Override
    public Date getDate(int parameterIndex) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public Time getTime(int parameterIndex) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public Timestamp getTimestamp(int parameterIndex) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public Ref getRef(int parameterIndex) throws SQLException {
        throw unsupported("getRef");
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        throw unsupported("getBlob");
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        throw unsupported("getClob");
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        throw unsupported("getArray");
    }

    @Override
    public Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public URL getURL(int parameterIndex) throws SQLException {
        throw unsupported("getURL");
    }

    @Override
    public void setURL(String parameterName, URL val) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setURL(index, val);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setNull(index, sqlType);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBoolean(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setByte(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setShort(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setInt(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setLong(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setFloat(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setDouble(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBigDecimal(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setString(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBytes(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setDate(String parameterName, Date x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setDate(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTime(String parameterName, Time x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setTime(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setTimestamp(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, int length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setAsciiStream(index, x, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, int length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBinaryStream(index, x, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setObject(index, x, targetSqlType, scale);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setObject(index, x, targetSqlType);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setObject(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader, int length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setCharacterStream(index, reader, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setDate(String parameterName, Date x, Calendar cal) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setDate(index, x, cal);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTime(String parameterName, Time x, Calendar cal) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setTime(index, x, cal);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x, Calendar cal) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setTimestamp(index, x, cal);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setNull(index, sqlType, typeName);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        throw unsupported("getString");
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        throw unsupported("getBoolean");
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        throw unsupported("getByte");
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        throw unsupported("getShort");
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        throw unsupported("getInt");
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        throw unsupported("getLong");
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        throw unsupported("getFloat");
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        throw unsupported("getDouble");
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        throw unsupported("getBytes");
    }

    @Override
    public Date getDate(String parameterName) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public Time getTime(String parameterName) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public Timestamp getTimestamp(String parameterName) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public BigDecimal getBigDecimal(String parameterName) throws SQLException {
        throw unsupported("getBigDecimal");
    }

    @Override
    public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public Ref getRef(String parameterName) throws SQLException {
        throw unsupported("getRef");
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        throw unsupported("getBlob");
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        throw unsupported("getClob");
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        throw unsupported("getArray");
    }

    @Override
    public Date getDate(String parameterName, Calendar cal) throws SQLException {
        throw unsupported("getDate");
    }

    @Override
    public Time getTime(String parameterName, Calendar cal) throws SQLException {
        throw unsupported("getTime");
    }

    @Override
    public Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        throw unsupported("getTimestamp");
    }

    @Override
    public URL getURL(String parameterName) throws SQLException {
        throw unsupported("getURL");
    }

    @Override
    public RowId getRowId(int parameterIndex) throws SQLException {
        throw unsupported("getRowId");
    }

    @Override
    public RowId getRowId(String parameterName) throws SQLException {
        throw unsupported("getRowId");
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setRowId(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNString(String parameterName, String value) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setNString(index, value);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setNCharacterStream(index, value, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNClob(String parameterName, NClob value) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setNClob(index, value);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setClob(String parameterName, Reader reader, long length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setClob(index, reader, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBlob(index, inputStream, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setNClob(index, reader, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        throw unsupported("getNClob");
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        throw unsupported("getNClob");
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setSQLXML(index, xmlObject);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public SQLXML getSQLXML(int parameterIndex) throws SQLException {
        throw unsupported("getSQLXML");
    }

    @Override
    public SQLXML getSQLXML(String parameterName) throws SQLException {
        throw unsupported("getSQLXML");
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        throw unsupported("getNString");
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        throw unsupported("getNString");
    }

    @Override
    public Reader getNCharacterStream(int parameterIndex) throws SQLException {
        throw unsupported("getNCharacterStream");
    }

    @Override
    public Reader getNCharacterStream(String parameterName) throws SQLException {
        throw unsupported("getNCharacterStream");
    }

    @Override
    public Reader getCharacterStream(int parameterIndex) throws SQLException {
        throw unsupported("getCharacterStream");
    }

    @Override
    public Reader getCharacterStream(String parameterName) throws SQLException {
        throw unsupported("getCharacterStream");
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBlob(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setClob(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, long length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setAsciiStream(index, x, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, long length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBinaryStream(index, x, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader, long length) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setCharacterStream(index, reader, length);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setAsciiStream(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBinaryStream(index, x);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setCharacterStream(index, reader);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setNCharacterStream(index, value);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setClob(String parameterName, Reader reader) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setClob(index, reader);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setBlob(index, inputStream);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNClob(String parameterName, Reader reader) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setNClob(index, reader);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        throw unsupported("getObject");
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType,
            int scaleOrLength) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setObject(index, x, targetSqlType, scaleOrLength);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
        try {
            for (int index : parameterIndexes(parameterName)) {
                preparedDelegate().setObject(index, x, targetSqlType);
            }
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
        throw unsupported("registerOutParameter");
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
        throw unsupported("registerOutParameter");
    }
}
