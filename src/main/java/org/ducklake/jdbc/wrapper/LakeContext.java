package org.ducklake.jdbc.wrapper;

import java.util.Objects;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.sql.LakeOnlySql;

/**
 * What a connection reports about itself without asking the engine: the masked URL, the catalog user,
 * the lake's catalog name and the driver's own version. Built by the driver from the parsed config, so
 * no raw URL (and no secret) ever reaches a wrapper.
 */
public final class LakeContext {
    private final String maskedUrl;
    private final String userName;
    private final String lakeCatalog;
    private final String driverName;
    private final String driverVersion;
    private final int driverMajorVersion;
    private final int driverMinorVersion;
    private final String validationQuery;
    private final boolean showAllCatalogs;
    private final boolean streamResults;
    private final SqlErrors errors;
    private final LakeOnlySql sqlAccess;
    private final boolean bulkBatch;
    private final boolean batchCoalesce;

    private LakeContext(Builder b) {
        this.bulkBatch = b.bulkBatch;
        this.batchCoalesce = b.batchCoalesce;
        this.errors = Objects.requireNonNull(b.errors, "errors");
        this.sqlAccess = b.sqlAccess;
        this.validationQuery = b.validationQuery;
        this.showAllCatalogs = b.showAllCatalogs;
        this.streamResults = b.streamResults;
        this.maskedUrl = Objects.requireNonNull(b.maskedUrl, "maskedUrl");
        this.userName = b.userName == null ? "" : b.userName;
        this.lakeCatalog = Objects.requireNonNull(b.lakeCatalog, "lakeCatalog");
        this.driverName = Objects.requireNonNull(b.driverName, "driverName");
        this.driverVersion = Objects.requireNonNull(b.driverVersion, "driverVersion");
        this.driverMajorVersion = b.driverMajorVersion;
        this.driverMinorVersion = b.driverMinorVersion;
    }

    /** A builder with nothing set: the masked URL, lake catalog, driver name and version and errors are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link LakeContext}. The masked URL, lake catalog, driver name and version and the error path
     * must be set; the others default to no user, no validation query, false and unrestricted SQL.
     */
    public static final class Builder {
        private String maskedUrl;
        private String userName;
        private String lakeCatalog;
        private String driverName;
        private String driverVersion;
        private int driverMajorVersion;
        private int driverMinorVersion;
        private String validationQuery;
        private boolean showAllCatalogs;
        private boolean streamResults;
        private SqlErrors errors;
        private LakeOnlySql sqlAccess;
        private boolean bulkBatch;
        private boolean batchCoalesce;

        private Builder() {}

        /** The URL with every sensitive value left out. */
        public Builder maskedUrl(String maskedUrl) {
            this.maskedUrl = maskedUrl;
            return this;
        }

        /** The catalog user; null reads as empty. */
        public Builder userName(String userName) {
            this.userName = userName;
            return this;
        }

        /** The name the lake is attached as. */
        public Builder lakeCatalog(String lakeCatalog) {
            this.lakeCatalog = lakeCatalog;
            return this;
        }

        /** The driver's name and version as DatabaseMetaData reports them. */
        public Builder driver(String name, String version, int majorVersion, int minorVersion) {
            this.driverName = name;
            this.driverVersion = version;
            this.driverMajorVersion = majorVersion;
            this.driverMinorVersion = minorVersion;
            return this;
        }

        /**
         * What {@code isValid} runs to check the lake is reachable (one catalog round trip), or null to ask
         * the engine only.
         */
        public Builder validationQuery(String validationQuery) {
            this.validationQuery = validationQuery;
            return this;
        }

        /** Whether DatabaseMetaData lists every catalog of the engine, not only the lake. */
        public Builder showAllCatalogs(boolean showAllCatalogs) {
            this.showAllCatalogs = showAllCatalogs;
            return this;
        }

        /**
         * Whether the engine streams results (DuckDB's jdbc_stream_results), so that a result still open must
         * be moved aside before the connection runs anything else.
         */
        public Builder streamResults(boolean streamResults) {
            this.streamResults = streamResults;
            return this;
        }

        /** The lake's error path (SQLStates, hints, its secrets masked). */
        public Builder errors(SqlErrors errors) {
            this.errors = errors;
            return this;
        }

        /** The statement check of sql_access=lake, or null when SQL is unrestricted. */
        public Builder sqlAccess(LakeOnlySql sqlAccess) {
            this.sqlAccess = sqlAccess;
            return this;
        }

        /** Whether a batch of a simple INSERT … VALUES is written through a staging table. */
        public Builder bulkBatch(boolean bulkBatch) {
            this.bulkBatch = bulkBatch;
            return this;
        }

        /** Whether a transaction's consecutive staged batches of one INSERT are written together. */
        public Builder batchCoalesce(boolean batchCoalesce) {
            this.batchCoalesce = batchCoalesce;
            return this;
        }

        /** @throws NullPointerException when a required value is missing */
        public LakeContext build() {
            return new LakeContext(this);
        }
    }

    public String maskedUrl() {
        return maskedUrl;
    }

    public String userName() {
        return userName;
    }

    public String lakeCatalog() {
        return lakeCatalog;
    }

    public String driverName() {
        return driverName;
    }

    public String driverVersion() {
        return driverVersion;
    }

    public int driverMajorVersion() {
        return driverMajorVersion;
    }

    public int driverMinorVersion() {
        return driverMinorVersion;
    }

    public String validationQuery() {
        return validationQuery;
    }

    /** Whether metadata lists every catalog of the engine ({@code metadata_show_all}), not only the lake. */
    public boolean showAllCatalogs() {
        return showAllCatalogs;
    }

    /** Whether the engine streams results ({@code stream_results}). */
    public boolean streamResults() {
        return streamResults;
    }

    /** The statement check of sql_access=lake, or null when the connection's SQL is unrestricted. */
    public LakeOnlySql sqlAccess() {
        return sqlAccess;
    }

    /** Whether a batch of a simple INSERT … VALUES is written in one statement through a staging table. */
    public boolean bulkBatch() {
        return bulkBatch;
    }

    /** Whether a transaction's consecutive staged batches of one INSERT are written together (batch_coalesce). */
    public boolean batchCoalesce() {
        return batchCoalesce;
    }

    /** The lake's secret values, masked in every error message. */
    public SqlErrors errors() {
        return errors;
    }

    @Override
    public String toString() {
        return "LakeContext[" + maskedUrl + "]";
    }
}
