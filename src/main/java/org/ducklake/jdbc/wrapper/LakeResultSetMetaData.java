package org.ducklake.jdbc.wrapper;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * DuckDB's result metadata with {@link #getColumnClassName} answering the class the driver's getObject
 * returns for the column ({@link ColumnKind}): java.sql.Date for DATE, java.sql.Blob for BLOB, java.sql.Array
 * for lists, where DuckDB names its own classes or java.time ones. Everything else is DuckDB's.
 */
final class LakeResultSetMetaData implements ResultSetMetaData {

    private final ResultSetMetaData engine;
    private final ColumnKind[] kinds;

    private LakeResultSetMetaData(ResultSetMetaData engine) throws SQLException {
        this.engine = engine;
        this.kinds = new ColumnKind[engine.getColumnCount()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = ColumnKind.of(engine.getColumnTypeName(i + 1));
        }
    }

    /** The driver's view of DuckDB's metadata (itself when already wrapped). */
    static LakeResultSetMetaData wrap(ResultSetMetaData meta) throws SQLException {
        return meta instanceof LakeResultSetMetaData ? (LakeResultSetMetaData) meta : new LakeResultSetMetaData(meta);
    }

    /** The kind of each column, in order. */
    ColumnKind[] kinds() {
        return kinds;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        String engineName = engine.getColumnClassName(column);
        return column < 1 || column > kinds.length ? engineName : kinds[column - 1].className(engineName);
    }

    @Override
    public int getColumnCount() throws SQLException {
        return kinds.length;
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return engine.isAutoIncrement(column);
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return engine.isCaseSensitive(column);
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        return engine.isSearchable(column);
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        return engine.isCurrency(column);
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return engine.isNullable(column);
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return engine.isSigned(column);
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return engine.getColumnDisplaySize(column);
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return engine.getColumnLabel(column);
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return engine.getColumnName(column);
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return engine.getSchemaName(column);
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return engine.getPrecision(column);
    }

    @Override
    public int getScale(int column) throws SQLException {
        return engine.getScale(column);
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return engine.getTableName(column);
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return engine.getCatalogName(column);
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return engine.getColumnType(column);
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return engine.getColumnTypeName(column);
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return engine.isReadOnly(column);
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return engine.isWritable(column);
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        return engine.isDefinitelyWritable(column);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(engine)) {
            return iface.cast(engine);
        }
        throw SqlErrors.create("Not a wrapper of " + iface.getName(), SqlState.INVALID_PARAMETER_VALUE, null);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(engine);
    }
}
