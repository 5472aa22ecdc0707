package org.ducklake.jdbc.engine;

import java.sql.SQLException;

/** Work on DuckDB's objects that may fail with a SQLException. */
@FunctionalInterface
public interface SqlWork<T> {
    T run() throws SQLException;
}
