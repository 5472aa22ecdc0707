package org.ducklake.jdbc.liquibase;

import java.util.List;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.changelog.visitor.ValidatingVisitorGenerator;

/**
 * Hands Liquibase {@link AlterThenRenameCheck} as its change-set validator. Liquibase picks one generator for
 * all databases, so the check stands aside for anything but a lake; its priority is just above Liquibase's
 * own, so a specialised validator from another plugin still wins.
 */
public class AlterThenRenameCheckGenerator implements ValidatingVisitorGenerator {

    @Override
    public int getPriority() {
        return PRIORITY_DEFAULT + 1;
    }

    @Override
    public ValidatingVisitor generateValidatingVisitor(List<RanChangeSet> ranChangeSets) {
        return new AlterThenRenameCheck(ranChangeSets);
    }
}
