package org.ducklake.jdbc.hibernate;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.dialect.unique.UniqueDelegate;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;

/**
 * Unique constraints render as nothing, in a column definition, a CREATE TABLE or an ALTER TABLE: DuckLake
 * refuses {@code UNIQUE} ("PRIMARY KEY/UNIQUE constraints are not supported in DuckLake").
 */
final class NoUniqueConstraints implements UniqueDelegate {

    @Override
    public String getColumnDefinitionUniquenessFragment(Column column, SqlStringGenerationContext context) {
        return "";
    }

    @Override
    public String getTableCreationUniqueConstraintsFragment(Table table, SqlStringGenerationContext context) {
        return "";
    }

    @Override
    public String getAlterTableToAddUniqueKeyCommand(
            UniqueKey uniqueKey, Metadata metadata, SqlStringGenerationContext context) {
        return "";
    }

    @Override
    public String getAlterTableToDropUniqueKeyCommand(
            UniqueKey uniqueKey, Metadata metadata, SqlStringGenerationContext context) {
        return "";
    }
}
