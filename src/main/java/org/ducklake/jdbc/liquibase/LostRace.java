package org.ducklake.jdbc.liquibase;

import java.sql.SQLException;

/**
 * Whether a failure means another process got there first. DuckLake's concurrency is optimistic: of two
 * transactions that change the same thing, the second to commit fails with a transaction conflict (SQLState
 * class 40); one that starts after the other's commit finds the table already there (42P07).
 */
final class LostRace {
    private LostRace() {}

    static boolean to(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("40") || state.equals("42P07"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
