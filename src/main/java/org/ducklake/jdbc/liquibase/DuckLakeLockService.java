package org.ducklake.jdbc.liquibase;

import liquibase.Scope;
import liquibase.database.Database;
import liquibase.exception.LockException;
import liquibase.lockservice.StandardLockService;

/**
 * Liquibase's change log lock on a lake, where it is one row of a table without a key (see
 * {@link LockTableGenerator}).
 *
 * <p>Taking the lock is Liquibase's conditional update, {@code UPDATE DATABASECHANGELOGLOCK SET LOCKED = TRUE …
 * WHERE ID = 1 AND LOCKED = FALSE}, committed. DuckLake's concurrency is optimistic: when two processes race,
 * both see the row unlocked in their own snapshot and both update it, but only the first commit wins; the
 * second fails with a transaction conflict (SQLState 40001, "another transaction has deleted inlined data from
 * it"). Liquibase would report that as a failure to take the lock; here it means what it is, another process
 * took the lock first, so Liquibase waits and tries again as it does when it finds the row locked.
 */
public class DuckLakeLockService extends StandardLockService {

    @Override
    public int getPriority() {
        return DuckLakeDatabase.PRIORITY;
    }

    @Override
    public boolean supports(Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public boolean acquireLock() throws LockException {
        try {
            return super.acquireLock();
        } catch (LockException e) {
            if (!LostRace.to(e)) {
                throw e;
            }
            Scope.getCurrentScope()
                    .getLog(DuckLakeLockService.class)
                    .info("Another process took the change log lock first (its commit won); waiting for it");
            return false;
        }
    }
}
