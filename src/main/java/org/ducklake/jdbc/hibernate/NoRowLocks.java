package org.ducklake.jdbc.hibernate;

import jakarta.persistence.Timeout;
import org.hibernate.dialect.lock.PessimisticLockStyle;
import org.hibernate.dialect.lock.spi.ConnectionLockTimeoutStrategy;
import org.hibernate.dialect.lock.spi.LockTimeoutType;
import org.hibernate.dialect.lock.spi.LockingSupport;
import org.hibernate.dialect.lock.spi.OuterJoinLockingType;

/**
 * What Hibernate may assume about DuckDB's row locks: there are none, no lock clause, no lock timeout. The
 * refusals themselves are in {@link DuckLakeDialect#getLockingStrategy} and {@link DuckLakeSqlAstTranslator}.
 */
final class NoRowLocks implements LockingSupport, LockingSupport.Metadata {
    static final NoRowLocks INSTANCE = new NoRowLocks();

    private NoRowLocks() {}

    @Override
    public Metadata getMetadata() {
        return this;
    }

    @Override
    public ConnectionLockTimeoutStrategy getConnectionLockTimeoutStrategy() {
        return ConnectionLockTimeoutStrategy.NONE;
    }

    @Override
    public PessimisticLockStyle getPessimisticLockStyle() {
        return PessimisticLockStyle.NONE;
    }

    @Override
    public LockTimeoutType getLockTimeoutType(Timeout timeout) {
        return LockTimeoutType.NONE;
    }

    @Override
    public OuterJoinLockingType getOuterJoinLockingType() {
        return OuterJoinLockingType.UNSUPPORTED;
    }
}
