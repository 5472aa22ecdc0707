package org.ducklake.jdbc.liquibase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import liquibase.database.Database;
import liquibase.database.ObjectQuotingStrategy;
import liquibase.datatype.DataTypeFactory;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.sqlgenerator.core.CreateDatabaseChangeLogLockTableGenerator;
import liquibase.statement.NotNullConstraint;
import liquibase.statement.core.CreateDatabaseChangeLogLockTableStatement;
import liquibase.statement.core.CreateTableStatement;
import liquibase.statement.core.InitializeDatabaseChangeLogLockTableStatement;

/**
 * Liquibase's lock table (DATABASECHANGELOGLOCK) for a lake: the columns Liquibase expects, ID NOT NULL but no
 * PRIMARY KEY (DuckLake refuses one), and its one row inserted in the same transaction as the CREATE.
 *
 * <p>Why the row goes in with the table: without a key nothing stops two processes that both found the table
 * empty from each inserting an ID 1 row, after which every lock attempt updates two rows and fails. Created
 * together, the loser of a race for the CREATE fails its commit (DuckLake: "this table has been created by
 * another transaction already"), Liquibase retries its set-up and finds the table with its row.
 */
public class LockTableGenerator extends CreateDatabaseChangeLogLockTableGenerator {

    @Override
    public int getPriority() {
        return DuckLakeDatabase.PRIORITY;
    }

    @Override
    public boolean supports(CreateDatabaseChangeLogLockTableStatement statement, Database database) {
        return database instanceof DuckLakeDatabase;
    }

    /** Raw chain: Liquibase's generator declares this method with the raw type, so an override must too. */
    @Override
    @SuppressWarnings("rawtypes")
    public Sql[] generateSql(
            CreateDatabaseChangeLogLockTableStatement statement, Database database, SqlGeneratorChain chain) {
        DataTypeFactory types = DataTypeFactory.getInstance();
        CreateTableStatement create = new CreateTableStatement(
                        database.getLiquibaseCatalogName(),
                        database.getLiquibaseSchemaName(),
                        database.getDatabaseChangeLogLockTableName())
                .addColumn("ID", types.fromDescription("int", database), null, null, new NotNullConstraint())
                .addColumn("LOCKED", types.fromDescription("boolean", database), null, null, new NotNullConstraint())
                .addColumn("LOCKGRANTED", types.fromDescription(getDateTimeTypeString(database), database))
                .addColumn("LOCKEDBY", types.fromDescription(getCharTypeName(database) + "(255)", database));

        // Liquibase's own tables are always written with LEGACY quoting (as its generators do).
        ObjectQuotingStrategy strategy = database.getObjectQuotingStrategy();
        database.setObjectQuotingStrategy(ObjectQuotingStrategy.LEGACY);
        try {
            SqlGeneratorFactory generators = SqlGeneratorFactory.getInstance();
            List<Sql> sql = new ArrayList<>(Arrays.asList(generators.generateSql(create, database)));
            sql.addAll(Arrays.asList(
                    generators.generateSql(new InitializeDatabaseChangeLogLockTableStatement(), database)));
            return sql.toArray(new Sql[0]);
        } finally {
            database.setObjectQuotingStrategy(strategy);
        }
    }
}
