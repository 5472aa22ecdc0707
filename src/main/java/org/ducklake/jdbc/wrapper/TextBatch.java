package org.ducklake.jdbc.wrapper;

import java.util.ArrayList;
import java.util.List;
import org.ducklake.jdbc.sql.StatementKind;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;
import org.ducklake.jdbc.sql.TableChanges;

/**
 * The pending batch of SQL texts of a statement, as the driver reads it: the texts (checked against
 * read-only mode when the batch runs), their table changes in order (checked as one sequence, see
 * Transactions#refuseRenameAfterChange), and what the batch does to the lake's catalog (the most of its
 * texts, see CatalogGuard). DuckDB's statement holds the batch itself.
 */
final class TextBatch {
    private final List<String> texts = new ArrayList<>();
    private final List<TableChanges.Change> changes = new ArrayList<>();
    private CatalogEffect effect = CatalogEffect.NONE;

    void add(String text) {
        texts.add(text);
        changes.addAll(TableChanges.read(text));
        CatalogEffect textEffect = StatementKind.catalogEffect(text);
        if (textEffect.compareTo(effect) > 0) {
            effect = textEffect;
        }
    }

    List<String> texts() {
        return texts;
    }

    List<TableChanges.Change> changes() {
        return changes;
    }

    CatalogEffect effect() {
        return effect;
    }

    /** The batch ran, was refused and dropped, or was cleared: as DuckDB's own, it is over. */
    void clear() {
        texts.clear();
        changes.clear();
        effect = CatalogEffect.NONE;
    }
}
