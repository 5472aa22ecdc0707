package org.ducklake.jdbc.wrapper;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.ducklake.jdbc.engine.EngineAppender;
import org.ducklake.jdbc.sql.InsertValues;
import org.ducklake.jdbc.sql.SqlText;

/**
 * The batch of a prepared {@code INSERT … VALUES (?, …)}, kept as the rows of values bound to it so that
 * the whole batch can be written by one engine statement: the rows are appended (DuckDB's Appender) to a
 * TEMP table of the engine connection, then one {@code INSERT … SELECT} moves them into the target, which
 * in a lake makes one data file instead of one inlined insert per row.
 *
 * <p>The stage's column types follow the values, exactly as DuckDB's driver types a bound parameter
 * (Integer is INTEGER, String VARCHAR, BigDecimal DECIMAL, Timestamp TIMESTAMP, …), so the INSERT casts each
 * value to its column the way the engine casts a parameter of {@code INSERT … VALUES (?)}. Only where every
 * value of a parameter has such a type does the batch take this path; a value this class did not record (a
 * stream, a Calendar, a target SQL type), a parameter left unbound, a Java type DuckDB's driver does not
 * take as such, or types that do not widen without changing a result send the batch down the row-by-row
 * path, where DuckDB's driver binds every value itself.
 */
// Quirk.BATCH_INLINES_EACH_ROW
final class StagedBatch {
    /** Not bound since the row began. */
    private static final Object UNSET = new Object();
    /** Bound through a setter whose value this class does not record. */
    private static final Object UNRECORDED = new Object();

    private static final AtomicLong STAGES = new AtomicLong();

    /** Batches smaller than this run row by row: the stage's four statements cost more than they save. */
    static final int MIN_ROWS = 2;

    private final InsertValues insert;
    /** The statement's SQL: batches of the same text may be written together (see CoalescedBatch). */
    private final String sql;

    private Object[] row;
    private final List<Object[]> rows = new ArrayList<>();
    /** False once a row that cannot be staged was added: the batch then runs row by row. */
    private boolean stageable = true;
    /** False for good once DuckDB's statement was handed out: values bound on it directly are unseen here. */
    private boolean enabled = true;

    StagedBatch(InsertValues insert, String sql) {
        this.insert = insert;
        this.sql = sql;
        this.row = fresh();
    }

    private Object[] fresh() {
        Object[] r = new Object[insert.parameterCount()];
        Arrays.fill(r, UNSET);
        return r;
    }

    // ---- recording, mirroring DuckDB's driver: addBatch takes the row and clears the parameters ----

    void set(int index, Object value) {
        if (index >= 1 && index <= row.length) {
            row[index - 1] = value;
        }
    }

    void unrecorded(int index) {
        set(index, UNRECORDED);
    }

    void clearParameters() {
        row = fresh();
    }

    void addRow() {
        if (stageable && enabled) {
            for (Object v : row) {
                if (v == UNSET || v == UNRECORDED) {
                    stageable = false;
                    rows.clear();
                    break;
                }
            }
            if (stageable) {
                rows.add(row);
            }
        }
        row = fresh();
    }

    void clearBatch() {
        rows.clear();
        stageable = true;
    }

    /** Everything forgotten: DuckDB's statement was prepared again and lost its parameters and batch. */
    void reset() {
        clearBatch();
        clearParameters();
    }

    void disable() {
        enabled = false;
        clearBatch();
    }

    /**
     * The write of the current batch through a stage, or null when the batch must run row by row. Decided
     * before anything runs; the rows are taken, so the batch here is empty afterwards either way.
     *
     * @param parameters DuckDB's description of the statement's parameters (their target types)
     */
    Write take(ParameterMetaData parameters) throws SQLException {
        List<Object[]> taken = new ArrayList<>(rows);
        boolean usable = enabled && stageable && taken.size() >= MIN_ROWS;
        clearBatch();
        if (!usable || parameters.getParameterCount() != insert.parameterCount()) {
            return null;
        }
        Column[] columns = new Column[insert.parameterCount()];
        for (int p = 0; p < columns.length; p++) {
            if (!insert.uses(p + 1)) {
                return null;
            }
            Column c = Column.of(taken, p, parameters.getParameterTypeName(p + 1));
            if (c == null) {
                return null;
            }
            columns[p] = c;
        }
        return new Write(insert, sql, columns, taken);
    }

    // ---- typing ----

    /** The engine type DuckDB's driver gives a bound Java value, as far as a stage column can hold it. */
    enum Kind {
        NULL(null),
        BOOLEAN("BOOLEAN"),
        TINYINT("TINYINT"),
        SMALLINT("SMALLINT"),
        INTEGER("INTEGER"),
        BIGINT("BIGINT"),
        FLOAT("FLOAT"),
        DOUBLE("DOUBLE"),
        DECIMAL(null),
        VARCHAR("VARCHAR"),
        BLOB("BLOB"),
        UUID("UUID"),
        DATE("DATE"),
        TIME("TIME"),
        TIMESTAMP("TIMESTAMP"),
        TIMESTAMPTZ("TIMESTAMP WITH TIME ZONE"),
        /** A type the row path binds some other way, or refuses: the batch runs row by row. */
        OTHER(null);

        final String sql;

        Kind(String sql) {
            this.sql = sql;
        }

        boolean integral() {
            return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT;
        }

        /** Follows the instanceof order of DuckDB's driver, which turns these into engine values. */
        static Kind of(Object v) {
            if (v == null) {
                return NULL;
            } else if (v instanceof Boolean) {
                return BOOLEAN;
            } else if (v instanceof Byte) {
                return TINYINT;
            } else if (v instanceof Short) {
                return SMALLINT;
            } else if (v instanceof Integer) {
                return INTEGER;
            } else if (v instanceof Long) {
                return BIGINT;
            } else if (v instanceof OffsetDateTime) {
                return TIMESTAMPTZ;
            } else if (v instanceof java.sql.Date || v instanceof LocalDate) {
                return DATE;
            } else if (v instanceof java.sql.Time || v instanceof LocalTime) {
                return TIME;
            } else if (v instanceof java.sql.Timestamp || v instanceof LocalDateTime) {
                return TIMESTAMP;
            } else if (v instanceof Float) {
                return FLOAT;
            } else if (v instanceof Double) {
                return DOUBLE;
            } else if (v instanceof BigDecimal) {
                return DECIMAL;
            } else if (v instanceof String) {
                return VARCHAR;
            } else if (v instanceof byte[]) {
                return BLOB;
            } else if (v instanceof UUID) {
                return UUID;
            }
            return OTHER;
        }
    }

    /** One stage column: the values of one parameter, and the type that holds them all unchanged. */
    static final class Column {
        final int parameter;
        final Kind kind;
        /** For DECIMAL: the stage's width and scale. */
        final int width;

        final int scale;

        private Column(int parameter, Kind kind, int width, int scale) {
            this.parameter = parameter;
            this.kind = kind;
            this.width = width;
            this.scale = scale;
        }

        /**
         * The column for parameter {@code p} (0-based), or null when its values have no common type that
         * casts to the target as each value's own type would.
         */
        static Column of(List<Object[]> rows, int p, String targetType) {
            Kind kind = Kind.NULL;
            int scale = -1;
            int intDigits = 0;
            boolean mixedScales = false;
            for (Object[] r : rows) {
                Object v = r[p];
                Kind k = Kind.of(v);
                if (k == Kind.OTHER) {
                    return null;
                }
                if (k == Kind.DECIMAL) {
                    BigDecimal d = (BigDecimal) v;
                    // DuckDB's driver binds NULL for more than 38 digits and refuses a negative scale.
                    if (d.scale() < 0 || Math.max(d.precision(), d.scale()) > 38) {
                        return null;
                    }
                    mixedScales |= scale >= 0 && scale != d.scale();
                    scale = Math.max(scale, d.scale());
                    intDigits = Math.max(intDigits, d.precision() - d.scale());
                }
                kind = merge(kind, k);
                if (kind == null) {
                    return null;
                }
            }
            if (kind == Kind.DECIMAL) {
                // A wider scale prints trailing zeros: only a DECIMAL target reads every scale the same.
                if (mixedScales && (targetType == null || !targetType.startsWith("DECIMAL"))) {
                    return null;
                }
                int width = intDigits + scale <= 18 ? 18 : 38;
                if (intDigits + scale > 38) {
                    return null;
                }
                return new Column(p + 1, kind, width, scale);
            }
            return new Column(p + 1, kind, 0, 0);
        }

        /** Integers widen to the widest (the same value casts the same); other types must be equal. */
        private static Kind merge(Kind a, Kind b) {
            if (a == Kind.NULL) {
                return b;
            }
            if (b == Kind.NULL || a == b) {
                return a;
            }
            if (a.integral() && b.integral()) {
                return a.ordinal() > b.ordinal() ? a : b;
            }
            return null;
        }

        /**
         * The stage column that holds the values of this column and of {@code batch}'s (the same parameter of
         * a later batch) each unchanged, or null when there is none: NULLs go anywhere, a column of NULLs only
         * takes the later batch's type, integers widen to the widest, every other type must be the same.
         */
        Column holding(Column batch) {
            if (batch.kind == Kind.NULL || sameType(batch)) {
                return this;
            }
            if (kind == Kind.NULL) {
                return batch;
            }
            if (kind.integral() && batch.kind.integral()) {
                return kind.ordinal() >= batch.kind.ordinal() ? this : batch;
            }
            return null;
        }

        boolean sameType(Column other) {
            return kind == other.kind && width == other.width && scale == other.scale;
        }

        String sqlType() {
            if (kind == Kind.NULL) {
                return "VARCHAR"; // every value is NULL, which casts to any column type
            }
            if (kind == Kind.DECIMAL) {
                return "DECIMAL(" + width + ", " + scale + ")";
            }
            return kind.sql;
        }

        void append(EngineAppender a, Object v) throws SQLException {
            if (v == null) {
                a.appendNull();
                return;
            }
            switch (kind) {
                case BOOLEAN:
                    a.append(((Boolean) v).booleanValue());
                    break;
                case TINYINT:
                    a.append(((Number) v).byteValue());
                    break;
                case SMALLINT:
                    a.append(((Number) v).shortValue());
                    break;
                case INTEGER:
                    a.append(((Number) v).intValue());
                    break;
                case BIGINT:
                    a.append(((Number) v).longValue());
                    break;
                case FLOAT:
                    a.append(((Float) v).floatValue());
                    break;
                case DOUBLE:
                    a.append(((Double) v).doubleValue());
                    break;
                case DECIMAL:
                    a.append(((BigDecimal) v).setScale(scale));
                    break;
                case VARCHAR:
                    a.append((String) v);
                    break;
                case BLOB:
                    a.append((byte[]) v);
                    break;
                case UUID:
                    a.append((UUID) v);
                    break;
                // Dates and times: the number DuckDB's driver would hand the engine for the same object.
                case DATE:
                    a.appendDate(v);
                    break;
                case TIME:
                    a.appendTime(v);
                    break;
                case TIMESTAMP:
                case TIMESTAMPTZ:
                    a.appendTimestamp(v);
                    break;
                default:
                    throw new IllegalStateException("no stage column of kind " + kind);
            }
        }
    }

    // ---- writing ----

    /** One batch's write: create the stage, append the rows, insert from it, drop it. */
    static final class Write {
        private final InsertValues insert;
        private final String sql;
        private final Column[] columns;
        private final List<Object[]> rows;

        Write(InsertValues insert, String sql, Column[] columns, List<Object[]> rows) {
            this.insert = insert;
            this.sql = sql;
            this.columns = columns;
            this.rows = rows;
        }

        int rowCount() {
            return rows.size();
        }

        InsertValues insert() {
            return insert;
        }

        /** The prepared statement's SQL. */
        String sql() {
            return sql;
        }

        Column[] columns() {
            return columns.clone();
        }

        /**
         * Runs on the engine connection, inside the transaction the caller opened (or the user's): the stage
         * lives in the connection's TEMP catalog, so it takes part in that transaction and no other
         * connection sees it. {@code raw} is a connection of DuckDB's driver (see Engines#unwrap). Returns the rows
         * inserted.
         */
        long run(Connection raw) throws SQLException {
            String stage = newStage();
            try (Statement s = raw.createStatement()) {
                s.execute(createStage(stage, columns));
                try {
                    appendTo(raw, stage, columns);
                    return s.executeLargeUpdate(insert.fromStage("temp", "main", stage));
                } finally {
                    dropQuietly(s, stage);
                }
            }
        }

        /** Appends this batch's rows to {@code stage}, whose columns are {@code stageColumns}. */
        void appendTo(Connection raw, String stage, Column[] stageColumns) throws SQLException {
            try (EngineAppender a = EngineAppender.open(raw, "temp", "main", stage)) {
                for (Object[] r : rows) {
                    a.beginRow();
                    for (Column c : stageColumns) {
                        c.append(a, r[c.parameter - 1]);
                    }
                    a.endRow();
                }
                a.flush();
            }
        }
    }

    /** A name for a new stage, unique in the JVM. */
    static String newStage() {
        return "ducklake_jdbc_batch_" + STAGES.incrementAndGet();
    }

    /** The stage's qualified name. */
    static String stageName(String stage) {
        return SqlText.identifier("temp") + '.' + SqlText.identifier("main") + '.' + SqlText.identifier(stage);
    }

    /** The CREATE TEMP TABLE of a stage with these columns. */
    static String createStage(String stage, Column[] columns) {
        StringBuilder create =
                new StringBuilder("CREATE TEMP TABLE ").append(stageName(stage)).append(" (");
        for (int k = 0; k < columns.length; k++) {
            create.append(k == 0 ? "" : ", ")
                    .append(SqlText.identifier(InsertValues.columnName(columns[k].parameter)))
                    .append(' ')
                    .append(columns[k].sqlType());
        }
        return create.append(')').toString();
    }

    /**
     * Drops the stage. After a failure the transaction is aborted and refuses even this; the stage's
     * CREATE is then undone with the transaction.
     */
    static void dropQuietly(Statement s, String stage) {
        try {
            s.execute("DROP TABLE IF EXISTS " + stageName(stage));
        } catch (SQLException ignored) {
            // see above
        }
    }
}
