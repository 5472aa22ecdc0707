package org.ducklake.jdbc.liquibase;

import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sql.UnparsedSql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.core.RenameViewStatement;
import liquibase.structure.core.View;

/** {@code renameView} in DuckDB's words, {@code ALTER VIEW "lake"."main".old RENAME TO new}. */
public class LakeRenameViewGenerator extends AbstractSqlGenerator<RenameViewStatement> {

    @Override
    public int getPriority() {
        return DuckLakeDatabase.PRIORITY;
    }

    @Override
    public boolean supports(RenameViewStatement statement, Database database) {
        return database instanceof DuckLakeDatabase;
    }

    /** Liquibase's own checks (both names given). */
    @Override
    public ValidationErrors validate(
            RenameViewStatement statement, Database database, SqlGeneratorChain<RenameViewStatement> chain) {
        return chain.validate(statement, database);
    }

    @Override
    public Sql[] generateSql(
            RenameViewStatement statement, Database database, SqlGeneratorChain<RenameViewStatement> chain) {
        String catalog = statement.getCatalogName();
        String schema = statement.getSchemaName();
        String sql = "ALTER VIEW " + database.escapeViewName(catalog, schema, statement.getOldViewName())
                + " RENAME TO " + database.escapeObjectName(statement.getNewViewName(), View.class);
        View oldView = new View(catalog, schema, statement.getOldViewName());
        View newView = new View(catalog, schema, statement.getNewViewName());
        return new Sql[] {new UnparsedSql(sql, oldView, newView)};
    }
}
