package org.ducklake.jdbc.hibernate;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.Exportable;
import org.hibernate.boot.model.relational.SqlStringGenerationContext;
import org.hibernate.tool.schema.spi.Exporter;

/**
 * Writes no DDL for a kind of object DuckLake refuses (foreign keys, unique keys, indexes): creating the schema
 * must not fail on them, and dropping it has nothing of theirs to drop. What they would have enforced is up to the
 * application (see the README's Hibernate section).
 */
final class NoConstraintExporter<T extends Exportable> implements Exporter<T> {

    @Override
    public String[] getSqlCreateStrings(T exportable, Metadata metadata, SqlStringGenerationContext context) {
        return NO_COMMANDS;
    }

    @Override
    public String[] getSqlDropStrings(T exportable, Metadata metadata, SqlStringGenerationContext context) {
        return NO_COMMANDS;
    }
}
