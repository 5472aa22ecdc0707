package org.ducklake.jdbc.hibernate;

import org.hibernate.LockMode;

/**
 * The messages of what the dialect refuses, in one place: each names DuckLake's limit and what works instead, so
 * the exception a user sees explains itself.
 */
final class Refusals {
    private Refusals() {}

    static String identityColumns() {
        return "DuckLake has no identity columns and no sequences (CREATE SEQUENCE fails), so "
                + "@GeneratedValue(strategy = IDENTITY) cannot generate ids on a lake. Use GenerationType.SEQUENCE or "
                + "AUTO (emulated with a one-row table per sequence; two concurrent allocations conflict at commit "
                + "and one fails, they never get the same ids), GenerationType.UUID, or assigned ids";
    }

    static String pessimisticLock(LockMode mode) {
        return "DuckLake has no row locks (no SELECT ... FOR UPDATE), so lock mode " + mode
                + " is refused rather than silently not locking. Use optimistic locking (@Version, "
                + "LockModeType.OPTIMISTIC): DuckLake fails the later of two conflicting commits with SQLState 40001";
    }

    static String lockingSelect() {
        return "DuckLake has no row locks (no SELECT ... FOR UPDATE) and no primary keys. Hibernate asked for a "
                + "locking select, which it builds for the table-based id generator (GenerationType.TABLE, "
                + "@TableGenerator): refused, because two writers that use a generator key for the first time would "
                + "both insert its row and hand out the same ids. Use GenerationType.SEQUENCE or AUTO (a one-row "
                + "table per sequence, created with the schema, safe under concurrency), GenerationType.UUID, or "
                + "assigned ids";
    }
}
