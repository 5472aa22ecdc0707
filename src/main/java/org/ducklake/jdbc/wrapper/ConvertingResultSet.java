package org.ducklake.jdbc.wrapper;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The value getters of a result handed to the user, answered by the driver's rule ({@link ColumnValues}) on
 * every path. Rows kept in memory ({@link BufferedRows}) apply the rule themselves; on DuckDB's live result
 * a getter keeps DuckDB's own fast answer where it is already the rule's (numbers from numeric columns,
 * getBoolean on BOOLEAN, getBytes on BLOB, getDate on DATE, getTimestamp on TIMESTAMP, getString always) and
 * converts DuckDB's getObject value otherwise. Getters by label go through the index getters, so both agree.
 */
abstract class ConvertingResultSet extends ResultSetForwards {

    /** The driver's view of the live result's metadata, read once. */
    private volatile LakeResultSetMetaData liveMeta;

    private LakeResultSetMetaData liveMeta() throws SQLException {
        LakeResultSetMetaData m = liveMeta;
        if (m == null) {
            m = LakeResultSetMetaData.wrap(wrapped().getMetaData());
            liveMeta = m;
        }
        return m;
    }

    /** The kind of a live column; OTHER for an index out of range (DuckDB's getter then reports it). */
    private ColumnKind kind(int column) throws SQLException {
        ColumnKind[] kinds = liveMeta().kinds();
        return column < 1 || column > kinds.length ? ColumnKind.OTHER : kinds[column - 1];
    }

    /*
     * A getter reads the live result outside the connection's call lock (a lock per value would cost a full
     * scan), so another thread's call may move the rows into memory while it reads; then it reads again from
     * memory (see LakeResultSet#unmoved). Each getter is written as the public one, which does that, and the
     * ...From one, which reads one source.
     */

    /** A failure of a read that stands: the engine's translated, anything else as it is. */
    private SQLException rethrown(Exception e) {
        if (e instanceof SQLException) {
            return error((SQLException) e);
        }
        throw (RuntimeException) e;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        try {
            ResultSet d = delegate();
            return d == wrapped() ? liveMeta() : d.getMetaData();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    // ---- by index ----

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            Object value = getObjectFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getObjectFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Object getObjectFrom(ResultSet d, int columnIndex) throws SQLException {
        return d == wrapped()
                ? ColumnValues.object(d.getObject(columnIndex), kind(columnIndex))
                : d.getObject(columnIndex);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        try {
            ColumnValues.checkTypeMap(map);
        } catch (SQLException e) {
            throw error(e);
        }
        return getObject(columnIndex);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        ResultSet d = delegate();
        try {
            T value = getObjectFrom(d, columnIndex, type);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getObjectFrom(settled(), columnIndex, type);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private <T> T getObjectFrom(ResultSet d, int columnIndex, Class<T> type) throws SQLException {
        if (d != wrapped()) {
            return d.getObject(columnIndex, type);
        }
        Object raw = d.getObject(columnIndex);
        String text = raw != null && (type == String.class || type == Clob.class) ? d.getString(columnIndex) : null;
        return ColumnValues.toClass(raw, kind(columnIndex), text, type);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            boolean value = getBooleanFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getBooleanFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private boolean getBooleanFrom(ResultSet d, int columnIndex) throws SQLException {
        ColumnKind kind;
        if (d != wrapped() || (kind = kind(columnIndex)) == ColumnKind.BOOLEAN) {
            return d.getBoolean(columnIndex);
        }
        return ColumnValues.toBoolean(d.getObject(columnIndex), kind);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            byte value = getByteFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getByteFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private byte getByteFrom(ResultSet d, int columnIndex) throws SQLException {
        ColumnKind kind;
        if (d != wrapped() || (kind = kind(columnIndex)).nativeNumbers()) {
            return d.getByte(columnIndex);
        }
        return ColumnValues.toByte(d.getObject(columnIndex), kind);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            short value = getShortFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getShortFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private short getShortFrom(ResultSet d, int columnIndex) throws SQLException {
        ColumnKind kind;
        if (d != wrapped() || (kind = kind(columnIndex)).nativeNumbers()) {
            return d.getShort(columnIndex);
        }
        return ColumnValues.toShort(d.getObject(columnIndex), kind);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            int value = getIntFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getIntFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private int getIntFrom(ResultSet d, int columnIndex) throws SQLException {
        ColumnKind kind;
        if (d != wrapped() || (kind = kind(columnIndex)).nativeNumbers()) {
            return d.getInt(columnIndex);
        }
        return ColumnValues.toInt(d.getObject(columnIndex), kind);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            long value = getLongFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getLongFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private long getLongFrom(ResultSet d, int columnIndex) throws SQLException {
        ColumnKind kind;
        if (d != wrapped() || (kind = kind(columnIndex)).nativeNumbers()) {
            return d.getLong(columnIndex);
        }
        return ColumnValues.toLong(d.getObject(columnIndex), kind);
    }

    /** DuckDB's getFloat answers NaN for SQL NULL; JDBC (and the rule) 0. */
    @Override
    public float getFloat(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            float value = getFloatFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getFloatFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private float getFloatFrom(ResultSet d, int columnIndex) throws SQLException {
        ColumnKind kind;
        if (d != wrapped() || (kind = kind(columnIndex)).nativeNumbers()) {
            float f = d.getFloat(columnIndex);
            return Float.isNaN(f) && d.wasNull() ? 0 : f;
        }
        return ColumnValues.toFloat(d.getObject(columnIndex), kind);
    }

    /** DuckDB's getDouble answers NaN for SQL NULL; JDBC (and the rule) 0. */
    @Override
    public double getDouble(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            double value = getDoubleFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getDoubleFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private double getDoubleFrom(ResultSet d, int columnIndex) throws SQLException {
        ColumnKind kind;
        if (d != wrapped() || (kind = kind(columnIndex)).nativeNumbers()) {
            double v = d.getDouble(columnIndex);
            return Double.isNaN(v) && d.wasNull() ? 0 : v;
        }
        return ColumnValues.toDouble(d.getObject(columnIndex), kind);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            BigDecimal value = getBigDecimalFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getBigDecimalFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private BigDecimal getBigDecimalFrom(ResultSet d, int columnIndex) throws SQLException {
        ColumnKind kind;
        if (d != wrapped() || (kind = kind(columnIndex)) == ColumnKind.INTEGRAL || kind == ColumnKind.DECIMAL) {
            return d.getBigDecimal(columnIndex);
        }
        return ColumnValues.toBigDecimal(d.getObject(columnIndex), kind);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        try {
            ResultSet d = delegate();
            if (d != wrapped()) {
                return d.getBigDecimal(columnIndex, scale);
            }
            return ColumnValues.toBigDecimal(d.getObject(columnIndex), kind(columnIndex), scale);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            byte[] value = getBytesFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getBytesFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private byte[] getBytesFrom(ResultSet d, int columnIndex) throws SQLException {
        if (d != wrapped() || kind(columnIndex) == ColumnKind.BLOB) {
            return d.getBytes(columnIndex);
        }
        return ColumnValues.toBytes(d.getObject(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            Date value = getDateFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getDateFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Date getDateFrom(ResultSet d, int columnIndex) throws SQLException {
        if (d != wrapped() || kind(columnIndex) == ColumnKind.DATE) {
            return d.getDate(columnIndex);
        }
        return ColumnValues.toDate(d.getObject(columnIndex), null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        ResultSet d = delegate();
        try {
            Date value = getDateFrom(d, columnIndex, cal);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getDateFrom(settled(), columnIndex, cal);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Date getDateFrom(ResultSet d, int columnIndex, Calendar cal) throws SQLException {
        if (d != wrapped()) {
            return d.getDate(columnIndex, cal);
        }
        return ColumnValues.toDate(d.getObject(columnIndex), cal);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        ResultSet d = delegate();
        try {
            Time value = getTimeFrom(d, columnIndex, cal);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getTimeFrom(settled(), columnIndex, cal);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Time getTimeFrom(ResultSet d, int columnIndex, Calendar cal) throws SQLException {
        if (d != wrapped()) {
            return d.getTime(columnIndex, cal);
        }
        return ColumnValues.toTime(d.getObject(columnIndex), cal);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            Timestamp value = getTimestampFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getTimestampFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Timestamp getTimestampFrom(ResultSet d, int columnIndex) throws SQLException {
        if (d != wrapped() || kind(columnIndex) == ColumnKind.TIMESTAMP) {
            return d.getTimestamp(columnIndex);
        }
        return ColumnValues.toTimestamp(d.getObject(columnIndex), null);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        ResultSet d = delegate();
        try {
            Timestamp value = getTimestampFrom(d, columnIndex, cal);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getTimestampFrom(settled(), columnIndex, cal);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Timestamp getTimestampFrom(ResultSet d, int columnIndex, Calendar cal) throws SQLException {
        if (d != wrapped()) {
            return d.getTimestamp(columnIndex, cal);
        }
        return ColumnValues.toTimestamp(d.getObject(columnIndex), cal);
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            Array value = getArrayFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getArrayFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Array getArrayFrom(ResultSet d, int columnIndex) throws SQLException {
        return d == wrapped() ? ColumnValues.toArray(d.getObject(columnIndex)) : d.getArray(columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            Blob value = getBlobFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getBlobFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Blob getBlobFrom(ResultSet d, int columnIndex) throws SQLException {
        return d == wrapped() ? ColumnValues.toBlob(d.getObject(columnIndex)) : d.getBlob(columnIndex);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        ResultSet d = delegate();
        try {
            Clob value = getClobFrom(d, columnIndex);
            if (unmoved(d)) {
                return value;
            }
        } catch (SQLException | RuntimeException e) {
            if (unmoved(d)) {
                throw rethrown(e);
            }
        }
        try {
            return getClobFrom(settled(), columnIndex);
        } catch (SQLException e) {
            throw error(e);
        }
    }

    private Clob getClobFrom(ResultSet d, int columnIndex) throws SQLException {
        if (d != wrapped()) {
            return d.getClob(columnIndex);
        }
        Object raw = d.getObject(columnIndex);
        return ColumnValues.toClob(raw, kind(columnIndex), raw == null ? null : d.getString(columnIndex));
    }

    /*
     * DuckDB's driver has no stream getters: they are answered from getBytes and getString.
     */

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new java.io.ByteArrayInputStream(bytes);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        return ColumnValues.characterStream(getString(columnIndex));
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        return ColumnValues.asciiStream(getString(columnIndex));
    }

    // ---- by label: the index getters, so labels answer as indexes do ----

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel), cal);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel), cal);
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }
}
