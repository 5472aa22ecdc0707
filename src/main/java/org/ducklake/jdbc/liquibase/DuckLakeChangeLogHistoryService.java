package org.ducklake.jdbc.liquibase;

import liquibase.Scope;
import liquibase.changelog.StandardChangeLogHistoryService;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;

/**
 * Liquibase's change history (DATABASECHANGELOG) on a lake, created safely when two processes start at once.
 *
 * <p>Liquibase creates DATABASECHANGELOG before it takes the change log lock, so two first-time {@code update}s
 * both try; with DuckLake the second fails its commit ("this table has been created by another transaction
 * already") or finds the table created meanwhile. Either way the table now exists: this service then reads it
 * again instead of failing the run.
 */
public class DuckLakeChangeLogHistoryService extends StandardChangeLogHistoryService {

    @Override
    public int getPriority() {
        return DuckLakeDatabase.PRIORITY;
    }

    @Override
    public boolean supports(Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public void init() throws DatabaseException {
        try {
            super.init();
        } catch (DatabaseException e) {
            if (!LostRace.to(e)) {
                throw e;
            }
            Scope.getCurrentScope()
                    .getLog(DuckLakeChangeLogHistoryService.class)
                    .info("Another process created " + getDatabaseChangeLogTableName() + " first; using it");
            getDatabase().rollback();
            reset();
            super.init();
        }
    }
}
