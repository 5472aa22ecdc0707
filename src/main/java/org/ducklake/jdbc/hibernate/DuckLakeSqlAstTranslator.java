package org.ducklake.jdbc.hibernate;

import org.hibernate.LockOptions;
import org.hibernate.UnsupportedLockAttemptException;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.sql.ast.spi.AbstractSqlAstTranslator;
import org.hibernate.sql.ast.tree.Statement;
import org.hibernate.sql.ast.tree.expression.BinaryArithmeticExpression;
import org.hibernate.sql.ast.tree.select.QueryGroup;
import org.hibernate.sql.ast.tree.select.QueryPart;
import org.hibernate.sql.ast.tree.select.QuerySpec;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.exec.spi.JdbcOperation;
import org.hibernate.sql.exec.spi.JdbcSelect;

/**
 * Renders Hibernate's SQL tree as DuckDB SQL: {@code limit ? offset ?} pagination (fetch clauses other than
 * "rows only" emulated with window functions), {@code //} for HQL's portable integer division, and no locking
 * clause: a query asked to lock pessimistically is refused, since DuckDB has no {@code for update} and skipping it
 * would look like a lock that is not there.
 */
final class DuckLakeSqlAstTranslator<T extends JdbcOperation> extends AbstractSqlAstTranslator<T> {

    DuckLakeSqlAstTranslator(SessionFactoryImplementor sessionFactory, Statement statement) {
        super(sessionFactory, statement);
    }

    @Override
    @SuppressWarnings("removal") // LockOptions: what Hibernate 7.4 hands the translator
    protected JdbcSelect translateSelect(SelectStatement selectStatement) {
        LockOptions lockOptions = getLockOptions();
        if (lockOptions != null && lockOptions.getLockMode().isPessimistic()) {
            throw new UnsupportedLockAttemptException(Refusals.pessimisticLock(lockOptions.getLockMode()));
        }
        return super.translateSelect(selectStatement);
    }

    @Override
    public void visitOffsetFetchClause(QueryPart queryPart) {
        if (!isRowNumberingCurrentQueryPart()) {
            renderLimitOffsetClause(queryPart);
        }
    }

    private boolean shouldEmulateFetchClause(QueryPart queryPart) {
        // WITH TIES and PERCENT have no LIMIT form; the row-numbering check stops the emulation recursing.
        return getQueryPartForRowNumbering() != queryPart && !isRowsOnlyFetchClauseType(queryPart);
    }

    @Override
    public void visitQuerySpec(QuerySpec querySpec) {
        if (shouldEmulateFetchClause(querySpec)) {
            emulateFetchOffsetWithWindowFunctions(querySpec, true);
        } else {
            super.visitQuerySpec(querySpec);
        }
    }

    @Override
    public void visitQueryGroup(QueryGroup queryGroup) {
        if (shouldEmulateFetchClause(queryGroup)) {
            emulateFetchOffsetWithWindowFunctions(queryGroup, true);
        } else {
            super.visitQueryGroup(queryGroup);
        }
    }

    @Override
    public void visitBinaryArithmeticExpression(BinaryArithmeticExpression expression) {
        if (isIntegerDivisionEmulationRequired(expression)) {
            // DuckDB's / on integers yields a DOUBLE; // is its integer division.
            appendSql(OPEN_PARENTHESIS);
            visitArithmeticOperand(expression.getLeftHandOperand());
            appendSql("//");
            visitArithmeticOperand(expression.getRightHandOperand());
            appendSql(CLOSE_PARENTHESIS);
        } else {
            super.visitBinaryArithmeticExpression(expression);
        }
    }
}
