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
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * Rows of a query kept in memory, read through the {@link ResultSet} interface: what a {@link LakeResultSet}
 * reads from once its engine result is gone. Two cases need it: a streamed result that another statement of
 * the same connection moved aside (DuckDB can run one query per connection, and a new one ends the stream),
 * and a scrollable result set (DuckDB's results only go forward).
 *
 * <p>Each value is the one DuckDB's {@code getObject} returned, copied out of the engine's memory
 * ({@link KeptValues}: lists, structs and maps element by element, BLOBs as bytes), plus DuckDB's own text
 * where it differs from the value's (lists, structs, maps, BLOBs …), so {@code getString} answers as it did.
 * Every getter answers by the driver's rule ({@link ColumnValues}), as the live result does.
 *
 * <p>A scrollable result moves freely; a forward-only one only forward, as it did before it was moved.
 */
final class BufferedRows extends RowsByIndex {

    private final ResultSetMetaData meta;
    private final int columns;
    /** Column labels in order, for findColumn (case-insensitive, first match, as DuckDB). */
    private final String[] labels;
    /** Per column: what it holds, for the conversions. */
    private final ColumnKind[] kinds;

    private final List<Object[]> rows;
    /** Per row, the engine's text of the engine-text columns; null entries elsewhere. */
    private final List<String[]> texts;

    private final int type;
    /** Rows read before the first kept row, so getRow counts from the start of the result. */
    private final long rowOffset;

    /** Error met while reading the rows: thrown when the cursor moves past the last kept row. */
    private SQLException failure;

    /** Index of the current row in {@link #rows}; -1 before the first, rows.size() after the last. */
    private int cursor = -1;

    private boolean wasNull;
    private boolean closed;
    private int fetchSize;

    private BufferedRows(ResultSetMetaData meta, int type, long rowOffset) throws SQLException {
        LakeResultSetMetaData lakeMeta = LakeResultSetMetaData.wrap(meta);
        this.meta = lakeMeta;
        this.columns = meta.getColumnCount();
        this.labels = new String[columns];
        this.kinds = lakeMeta.kinds();
        for (int i = 0; i < columns; i++) {
            labels[i] = meta.getColumnLabel(i + 1);
        }
        this.rows = new ArrayList<>();
        this.texts = new ArrayList<>();
        this.type = type;
        this.rowOffset = rowOffset;
    }

    /** Moves a source result set one row forward; false at its end. */
    @FunctionalInterface
    interface Advance {
        boolean next() throws SQLException;
    }

    /**
     * A result being read into memory: the engine's result set, how to move it one row forward, and where it
     * stands: on a row or not ({@code onRow}), after {@code rowsRead} rows returned so far.
     */
    static final class Source {
        final ResultSet rows;
        final Advance advance;
        final boolean onRow;
        final long rowsRead;

        Source(ResultSet rows, Advance advance, boolean onRow, long rowsRead) {
            this.rows = rows;
            this.advance = advance;
            this.onRow = onRow;
            this.rowsRead = rowsRead;
        }

        /** A result not yet read: before its first row, none returned. */
        static Source atStart(ResultSet rows, Advance advance) {
            return new Source(rows, advance, false, 0);
        }
    }

    /**
     * Reads the rest of {@code from} into memory: its current row first when it is on one (the cursor stays on
     * it), then up to {@code more} further rows ({@code more < 0}: all), each reached with its advance. A
     * failure while reading ends the rows and is thrown when the cursor moves past them. The rows the source
     * had returned are counted on, so getRow goes on counting.
     */
    static BufferedRows drain(Source from, int type, long more) throws SQLException {
        ResultSet source = from.rows;
        boolean onRow = from.onRow;
        long rowsRead = from.rowsRead;
        BufferedRows buffer = new BufferedRows(source.getMetaData(), type, onRow ? rowsRead - 1 : rowsRead);
        try {
            if (onRow) {
                buffer.keep(source);
            }
            for (long n = 0; (more < 0 || n < more) && from.advance.next(); n++) {
                buffer.keep(source);
            }
        } catch (SQLException e) {
            buffer.failure = e;
        }
        buffer.cursor = onRow ? 0 : -1;
        return buffer;
    }

    /** No rows left: the state of a result whose rows were all read (or its max rows reached). */
    static BufferedRows ended(ResultSetMetaData meta, int type, long rowsRead) throws SQLException {
        BufferedRows buffer = new BufferedRows(meta, type, rowsRead);
        buffer.cursor = 0;
        return buffer;
    }

    /** Copies the source's current row. */
    private void keep(ResultSet source) throws SQLException {
        Object[] values = new Object[columns];
        String[] text = null;
        for (int i = 0; i < columns; i++) {
            Object value = source.getObject(i + 1);
            if (value instanceof Blob) {
                value = new KeptValues.KeptBlob(source.getBytes(i + 1));
            } else {
                value = KeptValues.detach(value);
            }
            values[i] = value;
            if (value != null && kinds[i] != ColumnKind.TEXT) {
                // DuckDB's text, kept only where the value's own differs (lists, structs, BLOBs ...)
                String engine = source.getString(i + 1);
                if (!engine.equals(value.toString())) {
                    if (text == null) {
                        text = new String[columns];
                    }
                    text[i] = engine;
                }
            }
        }
        rows.add(values);
        texts.add(text);
    }

    /** Whether a failure ended the rows early (it is thrown when the cursor reaches it). */
    boolean truncated() {
        return failure != null;
    }

    /** How many rows are kept. */
    int size() {
        return rows.size();
    }

    // ---- cursor ----

    private void checkOpen() throws SQLException {
        if (closed) {
            throw SqlErrors.closed("ResultSet");
        }
    }

    private void checkScrollable(String what) throws SQLException {
        checkOpen();
        if (type == TYPE_FORWARD_ONLY) {
            throw SqlErrors.create(
                    what + " needs a scrollable result set: this one is TYPE_FORWARD_ONLY (create the statement with"
                            + " ResultSet.TYPE_SCROLL_INSENSITIVE)",
                    SqlState.INVALID_CURSOR_STATE,
                    null);
        }
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (cursor < rows.size()) {
            cursor++;
        }
        if (cursor >= rows.size() && failure != null) {
            SQLException e = failure;
            failure = null;
            throw e;
        }
        return cursor < rows.size();
    }

    private Object[] row() throws SQLException {
        checkOpen();
        if (cursor < 0 || cursor >= rows.size()) {
            throw SqlErrors.create("No current row", SqlState.INVALID_CURSOR_STATE, null);
        }
        return rows.get(cursor);
    }

    private Object value(int column) throws SQLException {
        Object[] r = row();
        if (column < 1 || column > columns) {
            throw SqlErrors.create("Column index out of range: " + column, SqlState.INVALID_COLUMN_INDEX, null);
        }
        Object v = r[column - 1];
        wasNull = v == null;
        return v;
    }

    @Override
    public void close() {
        closed = true;
        rows.clear();
        texts.clear();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        if (cursor < 0 || cursor >= rows.size()) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, rowOffset + cursor + 1);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return cursor < 0 && !rows.isEmpty() && rowOffset == 0;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return cursor >= rows.size() && (!rows.isEmpty() || rowOffset > 0);
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return cursor == 0 && rowOffset == 0 && !rows.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return cursor >= 0 && cursor == rows.size() - 1 && failure == null;
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkScrollable("beforeFirst");
        cursor = -1;
    }

    @Override
    public void afterLast() throws SQLException {
        checkScrollable("afterLast");
        cursor = rows.size();
    }

    @Override
    public boolean first() throws SQLException {
        checkScrollable("first");
        cursor = 0;
        return !rows.isEmpty();
    }

    @Override
    public boolean last() throws SQLException {
        checkScrollable("last");
        cursor = rows.size() - 1;
        return !rows.isEmpty();
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        checkScrollable("absolute");
        int n = rows.size();
        if (row > 0) {
            cursor = Math.min(row - 1, n);
        } else if (row < 0) {
            cursor = Math.max(n + row, -1);
        } else {
            cursor = -1;
        }
        return cursor >= 0 && cursor < n;
    }

    @Override
    public boolean relative(int count) throws SQLException {
        checkScrollable("relative");
        long target = (long) cursor + count;
        cursor = (int) Math.max(-1, Math.min(target, rows.size()));
        return cursor >= 0 && cursor < rows.size();
    }

    @Override
    public boolean previous() throws SQLException {
        checkScrollable("previous");
        if (cursor >= 0) {
            cursor--;
        }
        return cursor >= 0;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            checkScrollable("setFetchDirection");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return type;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return meta;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        for (int i = 0; i < columns; i++) {
            if (labels[i].equalsIgnoreCase(columnLabel)) {
                return i + 1;
            }
        }
        throw SqlErrors.create("Could not find column with label " + columnLabel, SqlState.UNDEFINED_COLUMN, null);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public String getCursorName() throws SQLException {
        throw unsupported("getCursorName");
    }

    @Override
    public Statement getStatement() throws SQLException {
        throw unsupported("getStatement"); // answered by LakeResultSet
    }

    // ---- values: the driver's rule (ColumnValues), as on the live result ----

    private ColumnKind kind(int columnIndex) {
        return kinds[columnIndex - 1];
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return ColumnValues.object(value(columnIndex), kind(columnIndex));
    }

    /** DuckDB's text of the current row's value: kept where it differs from the value's toString. */
    private String text(int columnIndex, Object v) {
        if (v == null) {
            return null;
        }
        String[] text = texts.get(cursor);
        if (text != null && text[columnIndex - 1] != null) {
            return text[columnIndex - 1];
        }
        return v.toString();
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return text(columnIndex, value(columnIndex));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return ColumnValues.toBoolean(value(columnIndex), kind(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return ColumnValues.toByte(value(columnIndex), kind(columnIndex));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return ColumnValues.toShort(value(columnIndex), kind(columnIndex));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return ColumnValues.toInt(value(columnIndex), kind(columnIndex));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return ColumnValues.toLong(value(columnIndex), kind(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return ColumnValues.toFloat(value(columnIndex), kind(columnIndex));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return ColumnValues.toDouble(value(columnIndex), kind(columnIndex));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return ColumnValues.toBigDecimal(value(columnIndex), kind(columnIndex));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        return ColumnValues.toBigDecimal(value(columnIndex), kind(columnIndex), scale);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return ColumnValues.toBytes(value(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return ColumnValues.toDate(value(columnIndex), null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        return ColumnValues.toDate(value(columnIndex), cal);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return ColumnValues.toTime(value(columnIndex), null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        return ColumnValues.toTime(value(columnIndex), cal);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return ColumnValues.toTimestamp(value(columnIndex), null);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        return ColumnValues.toTimestamp(value(columnIndex), cal);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> target) throws SQLException {
        Object v = value(columnIndex);
        return ColumnValues.toClass(v, kind(columnIndex), text(columnIndex, v), target);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        ColumnValues.checkTypeMap(map);
        return getObject(columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        return ColumnValues.toBlob(value(columnIndex));
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return ColumnValues.toClob(v, kind(columnIndex), text(columnIndex, v));
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        return ColumnValues.toArray(value(columnIndex));
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        return ColumnValues.binaryStream(value(columnIndex));
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        return ColumnValues.characterStream(getString(columnIndex));
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        return ColumnValues.asciiStream(getString(columnIndex));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw unsupported("getUnicodeStream");
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw unsupported("getNClob");
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw unsupported("getRef");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        throw unsupported("getURL");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw unsupported("getRowId");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw unsupported("getSQLXML");
    }

    private static SQLException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported", SqlState.FEATURE_NOT_SUPPORTED);
    }

    // ---- rows kept here are read-only ----

    @Override
    SQLException readOnly() {
        return new SQLFeatureNotSupportedException(
                "The result set is read-only (CONCUR_READ_ONLY)", SqlState.FEATURE_NOT_SUPPORTED);
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw SqlErrors.create("Not a wrapper of " + iface.getName(), SqlState.INVALID_PARAMETER_VALUE, null);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
