package org.ducklake.jdbc.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import liquibase.exception.CommandExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Changes a lake cannot carry out fail validation, before any change set runs, each with a message naming the
 * DuckLake limit and the change set ({@code file::id::author}).
 */
class RefusedChangesTest {

    @Test
    void everyRefusalIsNamedAndNothingIsApplied() throws Exception {
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres()) {
            String changelog = "changelogs/refused.yaml";
            assertThatThrownBy(() -> lake.run("update", "changelogFile", changelog))
                    .isInstanceOf(CommandExecutionException.class)
                    .hasMessageContaining("Validation Failed")
                    .hasMessageContaining("8 changes have validation failures")
                    .hasMessageContaining("Cannot add a primary key: DuckLake tables have no primary keys (DuckLake"
                            + " supports no constraint but NOT NULL); use addNotNullConstraint for its columns"
                            + " instead, " + changelog + "::orders-pk::lake")
                    .hasMessageContaining("Cannot create an index: DuckLake does not support indexes")
                    .hasMessageContaining(
                            "SET SORTED BY orders the data instead), " + changelog + "::orders-index::lake")
                    .hasMessageContaining("Cannot add a foreign key: DuckLake tables have no foreign keys (DuckLake"
                            + " supports no constraint but NOT NULL), " + changelog + "::orders-fk::lake")
                    .hasMessageContaining("Cannot add a unique constraint: DuckLake tables have no unique constraints"
                            + " (DuckLake supports no constraint but NOT NULL), " + changelog + "::orders-unique::lake")
                    .hasMessageContaining("Cannot create a sequence: DuckLake does not support sequences, " + changelog
                            + "::order-numbers::lake")
                    .hasMessageContaining("createTable invoices: primary key on [id], but DuckLake tables have no"
                            + " primary keys (DuckLake supports no constraint but NOT NULL); declare the column"
                            + " nullable: false instead, " + changelog + "::invoices-table::lake")
                    .hasMessageContaining("createTable payments: column id is auto-increment, but DuckLake does not"
                            + " support sequences or identity columns, " + changelog + "::payments-table::lake")
                    .hasMessageContaining("renameTable orders follows changes to its columns in the same change set")
                    .hasMessageContaining("duckdb/ducklake#1332")
                    .hasMessageContaining(changelog + "::orders-alter-then-rename::lake");

            // Validation comes before the first change set: not even the valid one ran.
            assertThat(lake.relations()).doesNotContain("orders", "invoices", "payments", "purchases");
            if (lake.relations().contains("DATABASECHANGELOG")) {
                assertThat(lake.count("SELECT count(*) FROM DATABASECHANGELOG")).isZero();
            }
        }
    }

    /**
     * Renaming first and altering the renamed table afterwards is fine in DuckLake 1.0, and allowed; a change set
     * kept from lakes ({@code dbms: "!ducklake"}) is not refused, one only for lakes runs.
     */
    @Test
    void renameThenAlterAndDbmsFilters() throws Exception {
        try (LiquibaseOnLake lake = LiquibaseOnLake.postgres()) {
            lake.run("update", "changelogFile", "changelogs/rename-then-alter.yaml");
            assertThat(lake.relations()).contains("purchases").doesNotContain("orders");
            assertThat(lake.strings("SELECT id || ' ' || note FROM purchases ORDER BY id"))
                    .containsExactly("7 none", "8 lake");
            assertThat(lake.strings("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"))
                    .containsExactly("orders-table", "orders-rename-then-alter", "purchases-row-on-lakes");
        }
    }
}
