package org.ducklake.jdbc.hibernate;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.relational.QualifiedTableName;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.dialect.Dialect;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.extract.spi.TableInformation;
import org.hibernate.tool.schema.spi.TableMigrator;

/**
 * {@code hbm2ddl.auto=update} for a table that exists: adds each mapped column the table lacks, as
 * {@code alter table if exists t add column c type [default …]}. A new column is added without {@code not null}:
 * DuckDB refuses a constraint in ADD COLUMN ("Adding columns with constraints not yet supported") and DuckLake
 * cannot SET NOT NULL on a column added later ("no column stats are available"), so rather than failing the
 * update the column is nullable (CREATE TABLE declares it NOT NULL). Column types are never altered; DuckLake
 * allows only promotions and Hibernate would ask for any change.
 */
final class LakeTableMigrator implements TableMigrator {
    private final Dialect dialect;

    LakeTableMigrator(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String[] getSqlAlterStrings(
            Table table, Metadata metadata, TableInformation tableInfo, SqlStringGenerationContext context) {
        if (table.isView()) {
            return new String[0];
        }
        String alterTable = dialect.getAlterTableString(context.format(new QualifiedTableName(
                        Identifier.toIdentifier(table.getCatalog(), table.isCatalogQuoted()),
                        Identifier.toIdentifier(table.getSchema(), table.isSchemaQuoted()),
                        table.getNameIdentifier())))
                + ' ';
        List<String> statements = new ArrayList<>();
        for (Column column : table.getColumns()) {
            if (tableInfo.getColumn(Identifier.toIdentifier(column.getName(), column.isQuoted())) == null) {
                statements.add(alterTable + dialect.getAddColumnString() + ' ' + declaration(column, metadata));
            }
        }
        return statements.toArray(new String[0]);
    }

    private String declaration(Column column, Metadata metadata) {
        StringBuilder sql =
                new StringBuilder(column.getQuotedName(dialect)).append(' ').append(column.getSqlType(metadata));
        if (column.getCollation() != null) {
            sql.append(" collate ").append(dialect.quoteCollation(column.getCollation()));
        }
        if (column.getDefaultValue() != null) {
            sql.append(" default ").append(dialect.getColumnDefaultString(column.getDefaultValue()));
        }
        if (column.getComment() != null) {
            sql.append(dialect.getColumnComment(column.getComment()));
        }
        return sql.toString();
    }
}
