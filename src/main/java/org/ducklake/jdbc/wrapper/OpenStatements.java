package org.ducklake.jdbc.wrapper;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A connection's open statements (metadata ones included), closed before its engine connections. */
final class OpenStatements {
    private final Set<LakeStatement> open = ConcurrentHashMap.newKeySet();

    void add(LakeStatement statement) {
        open.add(statement);
    }

    void remove(LakeStatement statement) {
        open.remove(statement);
    }

    int count() {
        return open.size();
    }

    /** Closes every statement, each even if an earlier one failed; the first failure, later ones suppressed. */
    SQLException closeAll() {
        SQLException failure = null;
        for (LakeStatement statement : open) {
            try {
                statement.close();
            } catch (SQLException | RuntimeException e) {
                failure = LakeStatement.keep(failure, e);
            }
        }
        open.clear();
        return failure;
    }
}
