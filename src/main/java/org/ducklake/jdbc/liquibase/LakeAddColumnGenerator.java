package org.ducklake.jdbc.liquibase;

import java.util.ArrayList;
import java.util.List;
import liquibase.statement.ColumnConstraint;
import liquibase.statement.ForeignKeyConstraint;
import liquibase.statement.core.AddColumnStatement;

/**
 * {@code addColumn} on a lake: refused at validation when a new column is declared a primary key, unique,
 * a foreign key or auto-increment (see {@link LakeCreateTableGenerator} for why), otherwise Liquibase's own
 * {@code ALTER TABLE … ADD}.
 */
public class LakeAddColumnGenerator extends PartlyRefusedGenerator<AddColumnStatement> {

    @Override
    List<String> refusals(AddColumnStatement statement) {
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
