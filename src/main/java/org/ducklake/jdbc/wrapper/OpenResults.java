package org.ducklake.jdbc.wrapper;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A statement's open result sets: closed when the statement closes or executes again, as JDBC requires (DuckDB
 * closes its own; this closes our wrappers), and the one getResultSet() last answered.
 */
final class OpenResults {
    private final Set<LakeResultSet> open = ConcurrentHashMap.newKeySet();
    /** The result set getResultSet() last returned, so asking again gives the same wrapper. */
    private volatile LakeResultSet current;

    LakeResultSet current() {
        return current;
    }

    void add(LakeResultSet resultSet) {
        open.add(resultSet);
        current = resultSet;
    }

    /** Forgets a result set the user closed; true when none is left open. */
    boolean remove(LakeResultSet resultSet) {
        open.remove(resultSet);
        if (current == resultSet) {
            current = null;
        }
        return open.isEmpty();
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    /** Stops the open result sets still streaming from the engine (see LakeResultSet#stop). */
    void stopStreams(StreamStop why) {
        for (LakeResultSet resultSet : open) {
            resultSet.stop(why);
        }
    }

    /** Closes the open result sets, adding any failure to the given one (first failure wins). */
    SQLException closeAll(SQLException failure) {
        current = null;
        for (LakeResultSet resultSet : open) {
            open.remove(resultSet);
            try {
                resultSet.closeByStatement();
            } catch (SQLException e) {
                failure = LakeStatement.keep(failure, e);
            }
        }
        return failure;
    }
}
