package org.ducklake.jdbc.liquibase;

import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sql.UnparsedSql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.core.RenameTableStatement;
import liquibase.structure.core.Table;

/** {@code renameTable} in DuckDB's words, {@code ALTER TABLE "lake"."main".old RENAME TO new}. */
public class LakeRenameTableGenerator extends AbstractSqlGenerator<RenameTableStatement> {

    @Override
    public int getPriority() {
        return DuckLakeDatabase.PRIORITY;
    }

    @Override
    public boolean supports(RenameTableStatement statement, Database database) {
        return database instanceof DuckLakeDatabase;
    }

    /** Liquibase's own checks (both names given). */
    @Override
    public ValidationErrors validate(
            RenameTableStatement statement, Database database, SqlGeneratorChain<RenameTableStatement> chain) {
        return chain.validate(statement, database);
    }

    @Override
    public Sql[] generateSql(
            RenameTableStatement statement, Database database, SqlGeneratorChain<RenameTableStatement> chain) {
        String catalog = statement.getCatalogName();
        String schema = statement.getSchemaName();
        String sql = "ALTER TABLE " + database.escapeTableName(catalog, schema, statement.getOldTableName())
                + " RENAME TO " + database.escapeObjectName(statement.getNewTableName(), Table.class);
        return new Sql[] {
            new UnparsedSql(
                    sql,
                    new Table(catalog, schema, statement.getOldTableName()),
                    new Table(catalog, schema, statement.getNewTableName()))
        };
    }
}
