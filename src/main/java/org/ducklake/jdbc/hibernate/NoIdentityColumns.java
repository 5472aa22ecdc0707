package org.ducklake.jdbc.hibernate;

import org.hibernate.MappingException;
import org.hibernate.dialect.identity.IdentityColumnSupportImpl;
import org.hibernate.id.insert.GetGeneratedKeysDelegate;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Identity columns, refused with DuckLake's reason. Hibernate asks for the generated-keys delegate of every
 * {@code IDENTITY} entity while it builds the session factory, so the refusal comes at start-up, not at the first
 * insert; the DDL and select-identity paths refuse with the same message.
 */
final class NoIdentityColumns extends IdentityColumnSupportImpl {
    static final NoIdentityColumns INSTANCE = new NoIdentityColumns();

    private NoIdentityColumns() {}

    @Override
    public GetGeneratedKeysDelegate buildGetGeneratedKeysDelegate(EntityPersister persister) {
        throw new MappingException(persister.getEntityName() + ": " + Refusals.identityColumns());
    }

    @Override
    public String getIdentityColumnString(int type) {
        throw new MappingException(Refusals.identityColumns());
    }

    @Override
    public String getIdentitySelectString(String table, String column, int type) {
        throw new MappingException(table + ": " + Refusals.identityColumns());
    }
}
