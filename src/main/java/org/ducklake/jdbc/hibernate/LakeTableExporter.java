package org.ducklake.jdbc.hibernate;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.dialect.Dialect;
import org.hibernate.mapping.PrimaryKey;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.internal.StandardTableExporter;

/**
 * Hibernate's CREATE TABLE without the {@code primary key (…)} clause, which DuckLake refuses ("PRIMARY KEY/UNIQUE
 * constraints are not supported in DuckLake"). The key columns keep their {@code not null}, which DuckLake
 * enforces; their uniqueness is the application's (ids from a generator or UUIDs are unique by construction).
 *
 * <p>Hibernate appends {@code ", " + primaryKeyString(key)} to the column list with no hook to leave it out, so
 * the key's text is a marker no column definition can contain, cut out with its separator afterwards.
 */
final class LakeTableExporter extends StandardTableExporter {
    private static final String NO_PRIMARY_KEY = "\u0000ducklake: no primary key\u0000";

    LakeTableExporter(Dialect dialect) {
        super(dialect);
    }

    @Override
    protected String primaryKeyString(PrimaryKey key) {
        return NO_PRIMARY_KEY;
    }

    @Override
    public String[] getSqlCreateStrings(Table table, Metadata metadata, SqlStringGenerationContext context) {
        String[] statements = super.getSqlCreateStrings(table, metadata, context);
        for (int i = 0; i < statements.length; i++) {
            statements[i] = statements[i].replace(", " + NO_PRIMARY_KEY, "");
            if (statements[i].contains(NO_PRIMARY_KEY)) {
                throw new IllegalStateException("Hibernate wrote the primary key of " + table.getName()
                        + " in an unexpected place: " + statements[i].replace(NO_PRIMARY_KEY, "primary key"));
            }
        }
        return statements;
    }
}
