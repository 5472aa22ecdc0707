package org.ducklake.jdbc.wrapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
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
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.rowset.serial.SerialBlob;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * Rows of a query kept in memory, read through the {@link ResultSet} interface: what a {@link LakeResultSet}
 * reads from once its engine result is gone. Two cases need it: a streamed result that another statement of
 * the same connection moved aside (DuckDB can run one query per connection, and a new one ends the stream),
 * and a scrollable result set (DuckDB's results only go forward).
 *
 * <p>Each value is the one DuckDB's {@code getObject} returned, copied out of the engine's memory (lists,
 * structs and maps are copied element by element, BLOBs as bytes), plus DuckDB's own text for the types
 * whose text the engine renders (lists, structs, maps, BLOBs, unions), so {@code getString} answers as it
 * did. The other getters convert the kept value the way DuckDB's result set does for the common cases:
 * numbers narrow, text parses, dates and timestamps convert between their Java forms.
 *
 * <p>A scrollable result moves freely; a forward-only one only forward, as it did before it was moved.
 */
final class BufferedRows extends RowsByIndex {

    /** DuckDB's type names whose text is rendered by the engine, not by the Java value's toString. */
    private static final List<String> ENGINE_TEXT = List.of("BLOB", "GEOMETRY", "LIST", "STRUCT", "MAP", "UNION");

    private final ResultSetMetaData meta;
    private final int columns;
    /** Column labels in order, for findColumn (case-insensitive, first match, as DuckDB). */
    private final String[] labels;
    /** Per column: whether getString answers DuckDB's text (kept in {@link #texts}). */
    private final boolean[] engineText;

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
        this.meta = meta;
        this.columns = meta.getColumnCount();
        this.labels = new String[columns];
        this.engineText = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            labels[i] = meta.getColumnLabel(i + 1);
            String typeName = String.valueOf(meta.getColumnTypeName(i + 1)).toUpperCase(java.util.Locale.ROOT);
            engineText[i] = typeName.endsWith("[]") || typeName.contains("[") || startsWithAny(typeName);
        }
        this.rows = new ArrayList<>();
        this.texts = new ArrayList<>();
        this.type = type;
        this.rowOffset = rowOffset;
    }

    private static boolean startsWithAny(String typeName) {
        for (String prefix : ENGINE_TEXT) {
            if (typeName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Moves a source result set one row forward; false at its end. */
    @FunctionalInterface
    interface Advance {
        boolean next() throws SQLException;
    }

    /**
     * Reads the rest of {@code source} into memory: its current row first when {@code onRow} (the cursor
     * stays on it), then up to {@code more} further rows ({@code more < 0}: all), each reached with
     * {@code advance}. A failure while reading ends the rows and is thrown when the cursor moves past them.
     * {@code rowsRead} is how many rows the source had returned, so getRow goes on counting.
     */
    static BufferedRows drain(ResultSet source, Advance advance, int type, boolean onRow, long rowsRead, long more)
            throws SQLException {
        BufferedRows buffer = new BufferedRows(source.getMetaData(), type, onRow ? rowsRead - 1 : rowsRead);
        try {
            if (onRow) {
                buffer.keep(source);
            }
            for (long n = 0; (more < 0 || n < more) && advance.next(); n++) {
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
                value = new SerialBlob(source.getBytes(i + 1));
            } else {
                value = detach(value);
            }
            values[i] = value;
            if (engineText[i] && value != null) {
                if (text == null) {
                    text = new String[columns];
                }
                text[i] = source.getString(i + 1);
            }
        }
        rows.add(values);
        texts.add(text);
    }

    /**
     * A copy of a value that does not point into the engine's memory: DuckDB's lists and structs read their
     * elements from the result's current chunk, which the next fetch frees.
     */
    static Object detach(Object value) throws SQLException {
        if (value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof java.util.Date
                || value instanceof java.time.temporal.Temporal
                || value instanceof UUID) {
            return value;
        }
        if (value instanceof Array) {
            Array a = (Array) value;
            Object[] elements = (Object[]) a.getArray();
            Object[] copy = new Object[elements.length];
            for (int i = 0; i < elements.length; i++) {
                copy[i] = detach(elements[i]);
            }
            return new KeptArray(a.getBaseTypeName(), a.getBaseType(), copy, String.valueOf(value));
        }
        if (value instanceof Struct) {
            Struct s = (Struct) value;
            Object[] attributes = s.getAttributes();
            Object[] copy = new Object[attributes.length];
            for (int i = 0; i < attributes.length; i++) {
                copy[i] = detach(attributes[i]);
            }
            return new KeptStruct(s.getSQLTypeName(), copy, String.valueOf(value));
        }
        if (value instanceof Map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                copy.put(detach(e.getKey()), detach(e.getValue()));
            }
            return copy;
        }
        if (value instanceof Blob) {
            Blob b = (Blob) value;
            return new SerialBlob(b.getBytes(1, (int) b.length()));
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).clone();
        }
        // Anything else of DuckDB's (JSON, unions, variants): its text, which is what it renders.
        return value.getClass().getName().startsWith("org.duckdb.") ? new KeptText(value.toString()) : value;
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

    // ---- values ----

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return value(columnIndex);
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
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
    public boolean getBoolean(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue() != 0;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("t")) {
            return true;
        }
        if (s.equalsIgnoreCase("false") || s.equals("0") || s.equalsIgnoreCase("f")) {
            return false;
        }
        throw conversion(v, "boolean", null);
    }

    private Number number(int columnIndex, String target) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        if (v instanceof Number) {
            return (Number) v;
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? 1 : 0;
        }
        try {
            return new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            throw conversion(v, target, e);
        }
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        Number n = number(columnIndex, "byte");
        return n == null ? 0 : n.byteValue();
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        Number n = number(columnIndex, "short");
        return n == null ? 0 : n.shortValue();
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        Number n = number(columnIndex, "int");
        return n == null ? 0 : n.intValue();
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        Number n = number(columnIndex, "long");
        return n == null ? 0 : n.longValue();
    }

    /** As DuckDB: NaN for SQL NULL. */
    @Override
    public float getFloat(int columnIndex) throws SQLException {
        Number n = number(columnIndex, "float");
        return n == null ? Float.NaN : n.floatValue();
    }

    /** As DuckDB: NaN for SQL NULL. */
    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Number n = number(columnIndex, "double");
        return n == null ? Double.NaN : n.doubleValue();
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        Number n = number(columnIndex, "BigDecimal");
        if (n == null || n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof BigInteger) {
            return new BigDecimal((BigInteger) n);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        if (v instanceof Blob) {
            Blob b = (Blob) v;
            return b.getBytes(1, (int) b.length());
        }
        if (v instanceof byte[]) {
            return ((byte[]) v).clone();
        }
        throw conversion(v, "byte[]", null);
    }

    private LocalDateTime localDateTime(Object v, Calendar cal) throws SQLException {
        if (v instanceof Timestamp) {
            Timestamp t = (Timestamp) v;
            return t.toLocalDateTime();
        }
        if (v instanceof LocalDateTime) {
            return (LocalDateTime) v;
        }
        if (v instanceof OffsetDateTime) {
            ZoneId zone =
                    cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
            return ((OffsetDateTime) v).atZoneSameInstant(zone).toLocalDateTime();
        }
        if (v instanceof ZonedDateTime) {
            return ((ZonedDateTime) v).toLocalDateTime();
        }
        if (v instanceof LocalDate) {
            return ((LocalDate) v).atStartOfDay();
        }
        if (v instanceof java.sql.Date) {
            return ((java.sql.Date) v).toLocalDate().atStartOfDay();
        }
        if (v instanceof Instant) {
            return LocalDateTime.ofInstant((Instant) v, ZoneId.systemDefault());
        }
        try {
            return Timestamp.valueOf(v.toString().trim()).toLocalDateTime();
        } catch (IllegalArgumentException e) {
            throw conversion(v, "Timestamp", e);
        }
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return getDate(columnIndex, null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate) {
            return Date.valueOf((LocalDate) v);
        }
        if (v instanceof Date) {
            return (Date) v;
        }
        try {
            return Date.valueOf(localDateTime(v, cal).toLocalDate());
        } catch (SQLException e) {
            try {
                return Date.valueOf(v.toString().trim());
            } catch (IllegalArgumentException notDate) {
                throw e;
            }
        }
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        if (v instanceof LocalTime) {
            return Time.valueOf((LocalTime) v);
        }
        if (v instanceof OffsetTime) {
            return Time.valueOf(((OffsetTime) v).toLocalTime());
        }
        if (v instanceof Time) {
            return (Time) v;
        }
        return Time.valueOf(localDateTime(v, cal).toLocalTime());
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getTimestamp(columnIndex, null);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp && cal == null) {
            return (Timestamp) v;
        }
        return Timestamp.valueOf(localDateTime(v, cal));
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> target) throws SQLException {
        if (target == null) {
            throw SqlErrors.create("Class is null", SqlState.INVALID_PARAMETER_VALUE, null);
        }
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        if (target.isInstance(v)) {
            return target.cast(v);
        }
        Object converted;
        if (target == String.class) {
            converted = getString(columnIndex);
        } else if (target == Long.class) {
            converted = getLong(columnIndex);
        } else if (target == Integer.class) {
            converted = getInt(columnIndex);
        } else if (target == Short.class) {
            converted = getShort(columnIndex);
        } else if (target == Byte.class) {
            converted = getByte(columnIndex);
        } else if (target == Double.class) {
            converted = getDouble(columnIndex);
        } else if (target == Float.class) {
            converted = getFloat(columnIndex);
        } else if (target == Boolean.class) {
            converted = getBoolean(columnIndex);
        } else if (target == BigDecimal.class) {
            converted = getBigDecimal(columnIndex);
        } else if (target == BigInteger.class) {
            converted = getBigDecimal(columnIndex).toBigInteger();
        } else if (target == byte[].class) {
            converted = getBytes(columnIndex);
        } else if (target == Timestamp.class) {
            converted = getTimestamp(columnIndex);
        } else if (target == Date.class) {
            converted = getDate(columnIndex);
        } else if (target == Time.class) {
            converted = getTime(columnIndex);
        } else if (target == LocalDateTime.class) {
            converted = localDateTime(v, null);
        } else if (target == LocalDate.class) {
            converted = v instanceof Date
                    ? ((Date) v).toLocalDate()
                    : localDateTime(v, null).toLocalDate();
        } else if (target == LocalTime.class) {
            converted = getTime(columnIndex).toLocalTime();
        } else if (target == OffsetDateTime.class && v instanceof Timestamp) {
            converted = ((Timestamp) v)
                    .toLocalDateTime()
                    .atZone(ZoneId.systemDefault())
                    .toOffsetDateTime();
        } else if (target == Instant.class && v instanceof OffsetDateTime) {
            converted = ((OffsetDateTime) v).toInstant();
        } else if (target == Instant.class && v instanceof Timestamp) {
            converted = ((Timestamp) v).toInstant();
        } else if (target == UUID.class) {
            try {
                converted = UUID.fromString(v.toString());
            } catch (IllegalArgumentException e) {
                throw conversion(v, "UUID", e);
            }
        } else {
            throw conversion(v, target.getName(), null);
        }
        return target.cast(converted);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return getObject(columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v == null || v instanceof Blob) {
            return (Blob) v;
        }
        throw conversion(v, "Blob", null);
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v == null || v instanceof Array) {
            return (Array) v;
        }
        throw conversion(v, "Array", null);
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] b = getBytes(columnIndex);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new StringReader(s);
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
        String s = getString(columnIndex);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw unsupported("getUnicodeStream");
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        throw unsupported("getClob");
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

    private static SQLException conversion(Object v, String target, Exception cause) {
        return SqlErrors.create(
                "Cannot convert a value of type " + v.getClass().getSimpleName() + " to " + target,
                SqlState.DATA_EXCEPTION,
                cause);
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

    // ---- values copied out of the engine ----

    /** A list or array value kept in memory. */
    static final class KeptArray implements Array {
        private final String baseTypeName;
        private final int baseType;
        private final Object[] elements;
        private final String text;

        KeptArray(String baseTypeName, int baseType, Object[] elements, String text) {
            this.baseTypeName = baseTypeName;
            this.baseType = baseType;
            this.elements = elements;
            this.text = text;
        }

        @Override
        public String getBaseTypeName() {
            return baseTypeName;
        }

        @Override
        public int getBaseType() {
            return baseType;
        }

        @Override
        public Object getArray() {
            return elements.clone();
        }

        @Override
        public Object getArray(Map<String, Class<?>> map) {
            return getArray();
        }

        @Override
        public Object getArray(long index, int count) {
            int from = (int) Math.max(0, index - 1);
            return Arrays.copyOfRange(elements, from, Math.min(elements.length, from + count));
        }

        @Override
        public Object getArray(long index, int count, Map<String, Class<?>> map) {
            return getArray(index, count);
        }

        @Override
        public ResultSet getResultSet() throws SQLException {
            throw unsupported("Array.getResultSet");
        }

        @Override
        public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
            throw unsupported("Array.getResultSet");
        }

        @Override
        public ResultSet getResultSet(long index, int count) throws SQLException {
            throw unsupported("Array.getResultSet");
        }

        @Override
        public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
            throw unsupported("Array.getResultSet");
        }

        @Override
        public void free() {}

        @Override
        public String toString() {
            return text;
        }
    }

    /** A struct value kept in memory. */
    static final class KeptStruct implements Struct {
        private final String typeName;
        private final Object[] attributes;
        private final String text;

        KeptStruct(String typeName, Object[] attributes, String text) {
            this.typeName = typeName;
            this.attributes = attributes;
            this.text = text;
        }

        @Override
        public String getSQLTypeName() {
            return typeName;
        }

        @Override
        public Object[] getAttributes() {
            return attributes.clone();
        }

        @Override
        public Object[] getAttributes(Map<String, Class<?>> map) {
            return getAttributes();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A value of one of DuckDB's own types (JSON, union, variant) kept as the text it renders. */
    static final class KeptText {
        private final String text;

        KeptText(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
