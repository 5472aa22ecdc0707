package org.ducklake.jdbc.liquibase;

import java.util.ArrayList;
import java.util.List;
import liquibase.statement.AutoIncrementConstraint;
import liquibase.statement.ForeignKeyConstraint;
import liquibase.statement.UniqueConstraint;
import liquibase.statement.core.CreateTableStatement;

/**
 * {@code createTable} on a lake: refused at validation when it declares a primary key, a unique or foreign key
 * or an auto-increment column, otherwise Liquibase's own CREATE TABLE.
 *
 * <p>Why refuse rather than drop the key: a changelog that says {@code primaryKey: true} relies on the database
 * to reject duplicates, and DuckLake would silently accept them. Failing names the change set and the column;
 * the author writes {@code nullable: false} (which DuckLake enforces) or keeps the key in a change set for other
 * databases ({@code dbms: "!ducklake"}).
 */
public class LakeCreateTableGenerator extends PartlyRefusedGenerator<CreateTableStatement> {

    @Override
    List<String> refusals(CreateTableStatement statement) {
        String table = "createTable " + statement.getTableName() + ": ";
        List<String> refusals = new ArrayList<>();
        if (statement.getPrimaryKeyConstraint() != null) {
            refusals.add(table + "primary key on "
                    + statement.getPrimaryKeyConstraint().getColumns()
                    + ", but DuckLake tables have no primary keys (" + RefusedStatementGenerator.ONLY_NOT_NULL
                    + "); declare the column nullable: false instead");
        }
        for (UniqueConstraint unique : statement.getUniqueConstraints()) {
            refusals.add(table + "unique constraint on " + unique.getColumns()
                    + ", but DuckLake tables have no unique constraints (" + RefusedStatementGenerator.ONLY_NOT_NULL
                    + ")");
        }
        for (ForeignKeyConstraint key : statement.getForeignKeyConstraints()) {
            refusals.add(table + "foreign key on " + key.getColumn() + ", but DuckLake tables have no foreign keys ("
                    + RefusedStatementGenerator.ONLY_NOT_NULL + ")");
        }
        for (AutoIncrementConstraint auto : statement.getAutoIncrementConstraints()) {
            refusals.add(table + "column " + auto.getColumnName()
                    + " is auto-increment, but DuckLake does not support sequences or identity columns");
        }
        return refusals;
    }
}
