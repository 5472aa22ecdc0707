package org.ducklake.jdbc.liquibase;

import java.util.ArrayList;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.ColumnConstraint;
import liquibase.statement.ForeignKeyConstraint;
import liquibase.statement.core.AddColumnStatement;

/**
 * {@code addColumn} on a lake: refused at validation when a new column is declared a primary key, unique,
 * a foreign key or auto-increment (see {@link LakeCreateTableGenerator} for why), otherwise Liquibase's own
 * {@code ALTER TABLE … ADD}.
 */
public class LakeAddColumnGenerator extends AbstractSqlGenerator<AddColumnStatement> {

    @Override
    public int getPriority() {
        return DuckLakeDatabase.PRIORITY;
    }

    @Override
    public boolean supports(AddColumnStatement statement, Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public ValidationErrors validate(
            AddColumnStatement statement, Database database, SqlGeneratorChain<AddColumnStatement> chain) {
        ValidationErrors errors = new ValidationErrors();
        refusals(statement).forEach(errors::addError);
        errors.addAll(chain.validate(statement, database));
        return errors;
    }

    @Override
    public Sql[] generateSql(
            AddColumnStatement statement, Database database, SqlGeneratorChain<AddColumnStatement> chain) {
        List<String> refusals = refusals(statement);
        if (!refusals.isEmpty()) {
            throw new UnexpectedLiquibaseException(String.join("; ", refusals));
        }
        return chain.generateSql(statement, database);
    }

    private static List<String> refusals(AddColumnStatement statement) {
        List<String> refusals = new ArrayList<>();
        if (statement.isMultiple()) {
            for (AddColumnStatement column : statement.getColumns()) {
                refusals.addAll(refusals(column));
            }
            return refusals;
        }
        String column = "addColumn " + statement.getTableName() + "." + statement.getColumnName() + ": ";
        if (statement.isPrimaryKey()) {
            refusals.add(column + "DuckLake tables have no primary keys (" + RefusedStatementGenerator.ONLY_NOT_NULL
                    + "); declare the column nullable: false instead");
        }
        if (statement.isUnique()) {
            refusals.add(column + "DuckLake tables have no unique constraints ("
                    + RefusedStatementGenerator.ONLY_NOT_NULL + ")");
        }
        for (ColumnConstraint constraint : statement.getConstraints()) {
            if (constraint instanceof ForeignKeyConstraint) {
                refusals.add(column + "DuckLake tables have no foreign keys (" + RefusedStatementGenerator.ONLY_NOT_NULL
                        + ")");
            }
        }
        if (statement.isAutoIncrement()) {
            refusals.add(column + "DuckLake does not support sequences or identity columns");
        }
        return refusals;
    }
}
