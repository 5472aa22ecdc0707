package org.ducklake.jdbc.liquibase;

import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.exception.ValidationErrors;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.AddAutoIncrementStatement;
import liquibase.statement.core.AddForeignKeyConstraintStatement;
import liquibase.statement.core.AddPrimaryKeyStatement;
import liquibase.statement.core.AddUniqueConstraintStatement;
import liquibase.statement.core.AlterSequenceStatement;
import liquibase.statement.core.CreateIndexStatement;
import liquibase.statement.core.CreateSequenceStatement;
import liquibase.statement.core.DropForeignKeyConstraintStatement;
import liquibase.statement.core.DropIndexStatement;
import liquibase.statement.core.DropPrimaryKeyStatement;
import liquibase.statement.core.DropSequenceStatement;
import liquibase.statement.core.DropUniqueConstraintStatement;
import liquibase.statement.core.RenameSequenceStatement;

/**
 * Refuses, on a lake, a statement for something DuckLake does not have (keys, indexes, sequences). The refusal
 * is a validation error, so {@code update} stops before it runs any change set; Liquibase appends the change
 * set ({@code file::id::author}) to the message. Should the SQL be asked for without validation (a rollback
 * block, {@code update-sql}), generating it fails with the same text.
 *
 * <p>Each nested class refuses one statement type; Liquibase finds the type from the class's type argument.
 */
public abstract class RefusedStatementGenerator<T extends SqlStatement> extends AbstractSqlGenerator<T> {
    static final String ONLY_NOT_NULL = "DuckLake supports no constraint but NOT NULL";

    private final String reason;

    RefusedStatementGenerator(String reason) {
        this.reason = reason;
    }

    @Override
    public int getPriority() {
        return DuckLakeDatabase.PRIORITY;
    }

    @Override
    public boolean supports(T statement, Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public ValidationErrors validate(T statement, Database database, SqlGeneratorChain<T> chain) {
        return new ValidationErrors().addError(reason);
    }

    @Override
    public Sql[] generateSql(T statement, Database database, SqlGeneratorChain<T> chain) {
        throw new UnexpectedLiquibaseException(reason);
    }

    public static final class PrimaryKey extends RefusedStatementGenerator<AddPrimaryKeyStatement> {
        public PrimaryKey() {
            super("Cannot add a primary key: DuckLake tables have no primary keys (" + ONLY_NOT_NULL
                    + "); use addNotNullConstraint for its columns instead");
        }
    }

    public static final class DropPrimaryKey extends RefusedStatementGenerator<DropPrimaryKeyStatement> {
        public DropPrimaryKey() {
            super("Cannot drop a primary key: DuckLake tables have no primary keys (" + ONLY_NOT_NULL + ")");
        }
    }

    public static final class UniqueConstraint extends RefusedStatementGenerator<AddUniqueConstraintStatement> {
        public UniqueConstraint() {
            super("Cannot add a unique constraint: DuckLake tables have no unique constraints (" + ONLY_NOT_NULL + ")");
        }
    }

    public static final class DropUniqueConstraint extends RefusedStatementGenerator<DropUniqueConstraintStatement> {
        public DropUniqueConstraint() {
            super("Cannot drop a unique constraint: DuckLake tables have no unique constraints (" + ONLY_NOT_NULL
                    + ")");
        }
    }

    public static final class ForeignKey extends RefusedStatementGenerator<AddForeignKeyConstraintStatement> {
        public ForeignKey() {
            super("Cannot add a foreign key: DuckLake tables have no foreign keys (" + ONLY_NOT_NULL + ")");
        }
    }

    public static final class DropForeignKey extends RefusedStatementGenerator<DropForeignKeyConstraintStatement> {
        public DropForeignKey() {
            super("Cannot drop a foreign key: DuckLake tables have no foreign keys (" + ONLY_NOT_NULL + ")");
        }
    }

    public static final class Index extends RefusedStatementGenerator<CreateIndexStatement> {
        public Index() {
            super("Cannot create an index: DuckLake does not support indexes (data files are pruned by their min/max"
                    + " statistics; ALTER TABLE … SET SORTED BY orders the data instead)");
        }
    }

    public static final class DropIndex extends RefusedStatementGenerator<DropIndexStatement> {
        public DropIndex() {
            super("Cannot drop an index: DuckLake does not support indexes");
        }
    }

    public static final class Sequence extends RefusedStatementGenerator<CreateSequenceStatement> {
        public Sequence() {
            super("Cannot create a sequence: DuckLake does not support sequences");
        }
    }

    public static final class AlterSequence extends RefusedStatementGenerator<AlterSequenceStatement> {
        public AlterSequence() {
            super("Cannot alter a sequence: DuckLake does not support sequences");
        }
    }

    public static final class RenameSequence extends RefusedStatementGenerator<RenameSequenceStatement> {
        public RenameSequence() {
            super("Cannot rename a sequence: DuckLake does not support sequences");
        }
    }

    public static final class DropSequence extends RefusedStatementGenerator<DropSequenceStatement> {
        public DropSequence() {
            super("Cannot drop a sequence: DuckLake does not support sequences");
        }
    }

    public static final class AutoIncrement extends RefusedStatementGenerator<AddAutoIncrementStatement> {
        public AutoIncrement() {
            super("Cannot make a column auto-increment: DuckLake does not support sequences or identity columns");
        }
    }
}
