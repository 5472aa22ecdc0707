package org.ducklake.jdbc.wrapper;

import java.sql.SQLException;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;

/**
 * Why a streamed result gives no more rows although its query had not ended: the error its reads fail with
 * from then on. DuckDB's driver reports a query that fails while its rows are fetched only as "the result
 * holds an error" (Quirk.STREAM_FAILURE_LOOKS_LIKE_END), without the engine's text: an interrupt the driver
 * sent (Statement.cancel(), the connection's close, a time bound) reads the same as a failed object-store
 * read. So whoever stops a stream records why before it interrupts the engine, and the stream's failure
 * names that cause and its SQLState rather than an internal error.
 */
final class StreamStop {
    /** Statement.cancel() while the stream was open. */
    static final StreamStop CANCELLED = new StreamStop(
            SqlState.QUERY_CANCELED, "Cancelled: Statement.cancel() stopped the query while its rows were being read");

    /** The connection was closed or aborted (by another thread) while the stream was open. */
    static final StreamStop CONNECTION_CLOSED = new StreamStop(
            SqlState.CONNECTION_DOES_NOT_EXIST,
            "The connection was closed while the rows of this result were being read");

    /** The engine ended the query with an error it did not name (see the class comment). */
    static final StreamStop FAILED = new StreamStop(
            SqlState.INTERNAL_ERROR,
            "The query failed while its rows were being read: the engine ended the result with an error whose text"
                    + " DuckDB's driver does not pass on. With stream_results=false the query fails when it runs,"
                    + " with the engine's message");

    /** A fetch outlived its time bound ({@code bound}: "the query timeout of 2 s"), and the engine was interrupted. */
    static StreamStop bound(String bound) {
        return new StreamStop(
                SqlState.QUERY_CANCELED, "Cancelled: " + bound + " was reached while the rows were being read");
    }

    private final String state;
    private final String why;

    private StreamStop(String state, String why) {
        this.state = state;
        this.why = why;
    }

    /** The error a read of the stopped stream fails with; {@code cause} is what the engine's driver threw, if anything. */
    SQLException error(Throwable cause) {
        return SqlErrors.create(why + " (the rows read so far are not the whole result)", state, cause);
    }

    @Override
    public String toString() {
        return state + " " + why;
    }
}
