package org.ducklake.jdbc.liquibase;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.AddColumnStatement;
import liquibase.statement.core.AddDefaultValueStatement;
import liquibase.statement.core.DropColumnStatement;
import liquibase.statement.core.DropDefaultValueStatement;
import liquibase.statement.core.ModifyDataTypeStatement;
import liquibase.statement.core.RenameColumnStatement;
import liquibase.statement.core.RenameTableStatement;
import liquibase.statement.core.SetNullableStatement;

/**
 * Liquibase's change-set validation plus one check for lakes: a change set must not change a table's columns
 * and then rename that table.
 *
 * <p>Why: Liquibase runs a change set as one transaction, and the DuckLake extension of DuckDB 1.5.5 (DuckLake
 * 1.0) commits ADD/DROP/RENAME COLUMN, SET TYPE, SET/DROP DEFAULT or SET/DROP NOT NULL followed by RENAME TO of
 * the same table without an error but with a corrupt catalog: from then on every read of the lake fails with
 * "Column with name … already exists!" (duckdb/ducklake#1332, fixed in later DuckLake releases). Renaming first
 * and altering afterwards, or the two in separate change sets, is fine. Changes made through raw {@code sql}
 * are not visible to this check.
 */
// Quirk.RENAME_AFTER_CHANGE
public class AlterThenRenameCheck extends ValidatingVisitor {

    public AlterThenRenameCheck(List<RanChangeSet> ranChangeSets) {
        super(ranChangeSets);
    }

    @Override
    protected void additionalValidations(ChangeSet changeSet, Database database, boolean shouldValidate, boolean ran) {
        super.additionalValidations(changeSet, database, shouldValidate, ran);
        if (!shouldValidate || !(database instanceof DuckLakeDatabase)) {
            return;
        }
        Set<String> altered = new HashSet<>();
        for (Change change : changeSet.getChanges()) {
            if (change.generateStatementsVolatile(database)) {
                continue;
            }
            SqlStatement[] statements;
            try {
                statements = change.generateStatements(database);
            } catch (RuntimeException e) {
                continue; // the change's own validation reports what is wrong with it
            }
            for (SqlStatement statement : statements) {
                String table = alteredTable(statement);
                if (table != null) {
                    altered.add(table);
                } else if (statement instanceof RenameTableStatement) {
                    RenameTableStatement rename = (RenameTableStatement) statement;
                    if (altered.contains(key(rename.getSchemaName(), rename.getOldTableName()))) {
                        getValidationErrors()
                                .addError(
                                        "renameTable " + rename.getOldTableName()
                                                + " follows changes to its columns in the same change set; DuckLake"
                                                + " 1.0 commits that with a corrupt catalog (every later read fails"
                                                + " with \"Column with name … already exists!\", duckdb/ducklake#1332)"
                                                + "; put the rename in a change set of its own, or rename first",
                                        changeSet);
                    }
                }
            }
        }
    }

    /** The table whose columns the statement changes, as a key; null for any other statement. */
    private static String alteredTable(SqlStatement s) {
        if (s instanceof AddColumnStatement) {
            AddColumnStatement add = (AddColumnStatement) s;
            if (add.isMultiple()) {
                AddColumnStatement first = add.getColumns().get(0);
                return key(first.getSchemaName(), first.getTableName());
            }
            return key(add.getSchemaName(), add.getTableName());
        }
        if (s instanceof DropColumnStatement) {
            DropColumnStatement drop = (DropColumnStatement) s;
            if (drop.isMultiple()) {
                DropColumnStatement first = drop.getColumns().get(0);
                return key(first.getSchemaName(), first.getTableName());
            }
            return key(drop.getSchemaName(), drop.getTableName());
        }
        if (s instanceof RenameColumnStatement) {
            return key(((RenameColumnStatement) s).getSchemaName(), ((RenameColumnStatement) s).getTableName());
        }
        if (s instanceof ModifyDataTypeStatement) {
            return key(((ModifyDataTypeStatement) s).getSchemaName(), ((ModifyDataTypeStatement) s).getTableName());
        }
        if (s instanceof AddDefaultValueStatement) {
            return key(((AddDefaultValueStatement) s).getSchemaName(), ((AddDefaultValueStatement) s).getTableName());
        }
        if (s instanceof DropDefaultValueStatement) {
            return key(((DropDefaultValueStatement) s).getSchemaName(), ((DropDefaultValueStatement) s).getTableName());
        }
        if (s instanceof SetNullableStatement) {
            return key(((SetNullableStatement) s).getSchemaName(), ((SetNullableStatement) s).getTableName());
        }
        return null;
    }

    /** DuckDB matches names case-insensitively; a missing schema is the default one. */
    private static String key(String schema, String table) {
        return (schema == null ? "" : schema.toLowerCase(Locale.ROOT)) + "." + table.toLowerCase(Locale.ROOT);
    }
}
