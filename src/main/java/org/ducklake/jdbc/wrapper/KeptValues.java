package org.ducklake.jdbc.wrapper;

import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Struct;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * Values copied out of the engine for {@link BufferedRows}: DuckDB's lists, structs, maps and BLOBs read
 * their contents from the result's current chunk, which the next fetch frees, so a kept row holds copies.
 */
final class KeptValues {
    private KeptValues() {}

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
            return new KeptBlob(b.length() == 0 ? new byte[0] : b.getBytes(1, (int) b.length()));
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).clone();
        }
        // Anything else of DuckDB's (JSON, unions, variants): its text, which is what it renders.
        return value.getClass().getName().startsWith("org.duckdb.") ? new KeptText(value.toString()) : value;
    }

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
            throw new SQLFeatureNotSupportedException(
                    "Array.getResultSet is not supported", SqlState.FEATURE_NOT_SUPPORTED);
        }

        @Override
        public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
            throw new SQLFeatureNotSupportedException(
                    "Array.getResultSet is not supported", SqlState.FEATURE_NOT_SUPPORTED);
        }

        @Override
        public ResultSet getResultSet(long index, int count) throws SQLException {
            throw new SQLFeatureNotSupportedException(
                    "Array.getResultSet is not supported", SqlState.FEATURE_NOT_SUPPORTED);
        }

        @Override
        public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
            throw new SQLFeatureNotSupportedException(
                    "Array.getResultSet is not supported", SqlState.FEATURE_NOT_SUPPORTED);
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

    /**
     * A BLOB value kept in memory, read-only (javax.sql.rowset.serial.SerialBlob refuses to read an empty
     * one, which DuckDB's BLOB reads as no bytes).
     */
    static final class KeptBlob implements Blob {
        private final byte[] bytes;

        KeptBlob(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public byte[] getBytes(long pos, int length) throws SQLException {
            if (pos < 1 || length < 0) {
                throw SqlErrors.create(
                        "Blob.getBytes: position " + pos + ", length " + length,
                        SqlState.INVALID_PARAMETER_VALUE,
                        null);
            }
            int from = (int) Math.min(bytes.length, pos - 1);
            return Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + length));
        }

        @Override
        public java.io.InputStream getBinaryStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public java.io.InputStream getBinaryStream(long pos, long length) throws SQLException {
            return new java.io.ByteArrayInputStream(getBytes(pos, (int) Math.min(Integer.MAX_VALUE, length)));
        }

        @Override
        public long position(byte[] pattern, long start) throws SQLException {
            throw readOnly("Blob.position");
        }

        @Override
        public long position(Blob pattern, long start) throws SQLException {
            throw readOnly("Blob.position");
        }

        @Override
        public int setBytes(long pos, byte[] value) throws SQLException {
            throw readOnly("Blob.setBytes");
        }

        @Override
        public int setBytes(long pos, byte[] value, int offset, int len) throws SQLException {
            throw readOnly("Blob.setBytes");
        }

        @Override
        public java.io.OutputStream setBinaryStream(long pos) throws SQLException {
            throw readOnly("Blob.setBinaryStream");
        }

        @Override
        public void truncate(long len) throws SQLException {
            throw readOnly("Blob.truncate");
        }

        @Override
        public void free() {}

        private static SQLException readOnly(String what) {
            return new SQLFeatureNotSupportedException(
                    what + " is not supported (a BLOB of a result is read-only)", SqlState.FEATURE_NOT_SUPPORTED);
        }
    }
}
