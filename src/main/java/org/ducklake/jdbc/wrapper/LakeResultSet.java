package org.ducklake.jdbc.wrapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.ducklake.jdbc.errors.SqlErrors;

/**
 * A result set handed to the user: forwards every call to DuckDB's result set, reports our statement as
 * its owner, and tells that statement when it closes (for {@link java.sql.Statement#closeOnCompletion()}).
 * After {@link #close()} every method but {@code close}, {@code isClosed}, {@code unwrap} and
 * {@code isWrapperFor} throws.
 */
public class LakeResultSet extends ResultSetForwards {

    private static final AtomicLong IDS = new AtomicLong();

    private final LakeStatement statement;
    private final ResultSet delegate;
    private final long id = IDS.incrementAndGet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Rows this result set may return (the statement's max rows), 0 for no limit. */
    private final long limit;

    private long rowsRead;

    LakeResultSet(LakeStatement statement, ResultSet delegate, long limit) {
        this.statement = Objects.requireNonNull(statement, "statement");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.limit = limit;
    }

    /** The delegate, after checking this result set is open; a volatile read, cheap enough per row. */
    @Override
    ResultSet delegate() throws SQLException {
        if (closed.get()) {
            throw SqlErrors.closed("ResultSet");
        }
        return delegate;
    }

    @Override
    ResultSet wrapped() {
        return delegate;
    }

    /** Delegate errors are translated by the connection (see {@link LakeConnection#error}). */
    @Override
    SQLException error(SQLException e) {
        return statement.connectionError(e);
    }

    /** Whether this wrapper wraps the given DuckDB result set (a statement asked for the same one again). */
    boolean wraps(ResultSet raw) {
        return delegate == raw;
    }

    /**
     * Closes this result set on behalf of its statement (the statement closes, executes again, or moves to
     * its next result): unlike {@link #close()} it does not report back to the statement, so it never
     * triggers the statement's close-on-completion.
     */
    void closeByStatement() throws SQLException {
        if (closed.compareAndSet(false, true)) {
            try {
                delegate.close();
            } catch (SQLException e) {
                throw error(e);
            }
        }
    }

    // ---- java.sql.ResultSet ----

    @Override
    public boolean next() throws SQLException {
        try {
            ResultSet d = delegate();
            if (limit > 0 && rowsRead >= limit) {
                return false;
            }
            boolean more = d.next();
            if (more) {
                rowsRead++;
            }
            return more;
        } catch (SQLException e) {
            throw error(e);
        }
    }

    @Override
    public void close() throws SQLException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SQLException failure = null;
        try {
            delegate.close();
        } catch (SQLException e) {
            failure = error(e);
        }
        try {
            statement.resultClosed(this);
        } catch (SQLException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /*
     * DuckDB's driver reads bytes and text by column index only and has no stream getters; tools read BLOB
     * and text columns by label and as streams, so these are answered from the index getters.
     */

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return text == null ? null : new StringReader(text);
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Statement getStatement() throws SQLException {
        delegate();
        return statement;
    }

    @Override
    public boolean isClosed() throws SQLException {
        if (closed.get()) {
            return true;
        }
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw error(e);
        }
    }

    // ---- java.lang.Object: identity equality (Object's own, never the delegate's), and a toString with
    // nothing from the delegate (its text may carry secrets) ----

    @Override
    public String toString() {
        return "LakeResultSet@" + id;
    }
}
