package org.ducklake.jdbc.liquibase;

import java.util.List;
import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.SqlStatement;

/**
 * A statement Liquibase generates as usual on a lake unless it asks for something DuckLake lacks (a key, an
 * auto-increment): then it fails validation, before any change set runs, with one message per refusal; and if
 * SQL is asked for without validation, generating it throws the same text.
 */
abstract class PartlyRefusedGenerator<T extends SqlStatement> extends AbstractSqlGenerator<T> {

    /** What DuckLake cannot do of this statement, one message each; empty when it can do all of it. */
    abstract List<String> refusals(T statement);

    @Override
    public int getPriority() {
        return DuckLakeDatabase.PRIORITY;
    }

    @Override
    public boolean supports(T statement, Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public ValidationErrors validate(T statement, Database database, SqlGeneratorChain<T> chain) {
        ValidationErrors errors = new ValidationErrors();
        refusals(statement).forEach(errors::addError);
        errors.addAll(chain.validate(statement, database));
        return errors;
    }

    @Override
    public Sql[] generateSql(T statement, Database database, SqlGeneratorChain<T> chain) {
        List<String> refusals = refusals(statement);
        if (!refusals.isEmpty()) {
            throw new UnexpectedLiquibaseException(String.join("; ", refusals));
        }
        return chain.generateSql(statement, database);
    }
}
