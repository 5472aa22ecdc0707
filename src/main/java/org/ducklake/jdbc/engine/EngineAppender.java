package org.ducklake.jdbc.engine;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDate;
import org.duckdb.DuckDBTimestamp;

/**
 * DuckDB's Appender on one table of an engine connection, with the typed appends a staged batch needs. Each
 * append is one call of DuckDB's: nothing is allocated per value here (the date and time appends convert as
 * DuckDB's driver does for a bound parameter).
 */
// Quirk.BATCH_INLINES_EACH_ROW
public final class EngineAppender implements AutoCloseable {
    private final DuckDBAppender appender;

    private EngineAppender(DuckDBAppender appender) {
        this.appender = appender;
    }

    /**
     * An appender on {@code catalog.schema.table} of {@code engineConnection}, a connection of DuckDB's
     * driver (see {@link Engines#unwrap}).
     */
    public static EngineAppender open(Connection engineConnection, String catalog, String schema, String table)
            throws SQLException {
        return new EngineAppender(((DuckDBConnection) engineConnection).createAppender(catalog, schema, table));
    }

    public void beginRow() throws SQLException {
        appender.beginRow();
    }

    public void endRow() throws SQLException {
        appender.endRow();
    }

    public void appendNull() throws SQLException {
        appender.appendNull();
    }

    public void append(boolean v) throws SQLException {
        appender.append(v);
    }

    public void append(byte v) throws SQLException {
        appender.append(v);
    }

    public void append(short v) throws SQLException {
        appender.append(v);
    }

    public void append(int v) throws SQLException {
        appender.append(v);
    }

    public void append(long v) throws SQLException {
        appender.append(v);
    }

    public void append(float v) throws SQLException {
        appender.append(v);
    }

    public void append(double v) throws SQLException {
        appender.append(v);
    }

    public void append(BigDecimal v) throws SQLException {
        appender.append(v);
    }

    public void append(String v) throws SQLException {
        appender.append(v);
    }

    public void append(byte[] v) throws SQLException {
        appender.append(v);
    }

    public void append(UUID v) throws SQLException {
        appender.append(v);
    }

    /** A DATE: the day number DuckDB's driver would hand the engine for the same bound object. */
    public void appendDate(Object v) throws SQLException {
        appender.appendEpochDays((int) ((DuckDBDate) DuckDBTimestamp.valueOf(v)).getDaysSinceEpoch());
    }

    /** A TIME: the microseconds of the day DuckDB's driver would hand the engine for the same bound object. */
    public void appendTime(Object v) throws SQLException {
        appender.appendDayMicros(((DuckDBTimestamp) DuckDBTimestamp.valueOf(v)).getMicrosEpoch());
    }

    /**
     * A TIMESTAMP or TIMESTAMPTZ: the epoch microseconds DuckDB's driver would hand the engine for the same
     * bound object.
     */
    public void appendTimestamp(Object v) throws SQLException {
        appender.appendEpochMicros(((DuckDBTimestamp) DuckDBTimestamp.valueOf(v)).getMicrosEpoch());
    }

    /** Writes the appended rows to the table. */
    public void flush() throws SQLException {
        appender.flush();
    }

    @Override
    public void close() throws SQLException {
        appender.close();
    }
}
