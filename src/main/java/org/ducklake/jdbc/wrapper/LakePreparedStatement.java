package org.ducklake.jdbc.wrapper;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement handed to the user: everything {@link LakeStatement} does, plus the
 * {@link PreparedStatement} methods forwarded to DuckDB's prepared statement. When DuckDB closes it after
 * a failed execution, the same SQL is prepared again on the next call; parameters bound before the
 * failure are lost then and must be bound again.
 */
public class LakePreparedStatement extends LakeStatement implements PreparedStatement {

    /** The statement's SQL as prepared. */
    private final String sql;

    LakePreparedStatement(LakeConnection connection, PreparedStatement delegate,
                          Opener<? extends PreparedStatement> opener, String sql) {
        super(connection, delegate, opener);
        this.sql = sql;
    }

    /** The delegate to call (see {@link #delegate()}); always a prepared statement, as our opener made it. */
    final PreparedStatement preparedDelegate() throws SQLException {
        return (PreparedStatement) delegate();
    }


    // ---- java.sql.PreparedStatement ----

    @Override
    public ResultSet executeQuery() throws SQLException {
        return result(checkedExecution(sql, target -> ((PreparedStatement) target).executeQuery()));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return checkedExecution(sql, target -> ((PreparedStatement) target).executeUpdate());
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        try {
            preparedDelegate().setNull(parameterIndex, sqlType);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        try {
            preparedDelegate().setBoolean(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        try {
            preparedDelegate().setByte(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        try {
            preparedDelegate().setShort(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        try {
            preparedDelegate().setInt(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        try {
            preparedDelegate().setLong(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        try {
            preparedDelegate().setFloat(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        try {
            preparedDelegate().setDouble(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        try {
            preparedDelegate().setBigDecimal(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        try {
            preparedDelegate().setString(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        try {
            preparedDelegate().setBytes(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        try {
            preparedDelegate().setDate(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        try {
            preparedDelegate().setTime(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        try {
            preparedDelegate().setTimestamp(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        try {
            preparedDelegate().setAsciiStream(parameterIndex, x, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        try {
            preparedDelegate().setUnicodeStream(parameterIndex, x, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        try {
            preparedDelegate().setBinaryStream(parameterIndex, x, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        try {
            preparedDelegate().clearParameters();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        try {
            preparedDelegate().setObject(parameterIndex, x, targetSqlType);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        try {
            preparedDelegate().setObject(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public boolean execute() throws SQLException {
        return checkedExecution(sql, target -> ((PreparedStatement) target).execute());
    }

    @Override
    public void addBatch() throws SQLException {
        try {
            preparedDelegate().addBatch();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        try {
            preparedDelegate().setCharacterStream(parameterIndex, reader, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        try {
            preparedDelegate().setRef(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        try {
            preparedDelegate().setBlob(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        try {
            preparedDelegate().setClob(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        try {
            preparedDelegate().setArray(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        try {
            return preparedDelegate().getMetaData();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        try {
            preparedDelegate().setDate(parameterIndex, x, cal);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        try {
            preparedDelegate().setTime(parameterIndex, x, cal);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        try {
            preparedDelegate().setTimestamp(parameterIndex, x, cal);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        try {
            preparedDelegate().setNull(parameterIndex, sqlType, typeName);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        try {
            preparedDelegate().setURL(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        try {
            return preparedDelegate().getParameterMetaData();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        try {
            preparedDelegate().setRowId(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        try {
            preparedDelegate().setNString(parameterIndex, value);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        try {
            preparedDelegate().setNCharacterStream(parameterIndex, value, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        try {
            preparedDelegate().setNClob(parameterIndex, value);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        try {
            preparedDelegate().setClob(parameterIndex, reader, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        try {
            preparedDelegate().setBlob(parameterIndex, inputStream, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        try {
            preparedDelegate().setNClob(parameterIndex, reader, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        try {
            preparedDelegate().setSQLXML(parameterIndex, xmlObject);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        try {
            preparedDelegate().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        try {
            preparedDelegate().setAsciiStream(parameterIndex, x, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        try {
            preparedDelegate().setBinaryStream(parameterIndex, x, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        try {
            preparedDelegate().setCharacterStream(parameterIndex, reader, length);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        try {
            preparedDelegate().setAsciiStream(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        try {
            preparedDelegate().setBinaryStream(parameterIndex, x);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        try {
            preparedDelegate().setCharacterStream(parameterIndex, reader);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        try {
            preparedDelegate().setNCharacterStream(parameterIndex, value);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        try {
            preparedDelegate().setClob(parameterIndex, reader);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        try {
            preparedDelegate().setBlob(parameterIndex, inputStream);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        try {
            preparedDelegate().setNClob(parameterIndex, reader);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        try {
            preparedDelegate().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        try {
            preparedDelegate().setObject(parameterIndex, x, targetSqlType);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return checkedExecution(sql, target -> ((PreparedStatement) target).executeLargeUpdate());
    }
}
