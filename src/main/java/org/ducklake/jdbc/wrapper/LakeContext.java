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

    /**
     * @param validationQuery what {@code isValid} runs to check the lake is reachable (one catalog round
     *                        trip), or null to ask the engine only
     * @param showAllCatalogs whether DatabaseMetaData lists every catalog of the engine, not only the lake
     * @param streamResults   whether the engine streams results (DuckDB's jdbc_stream_results), so that a
     *                        result still open must be moved aside before the connection runs anything else
     * @param errors          the lake's error path (SQLStates, hints, its secrets masked)
     * @param sqlAccess       the statement check of sql_access=lake, or null when SQL is unrestricted
     * @param bulkBatch       whether a batch of a simple INSERT … VALUES is written through a staging table
     */
    public LakeContext(
            String maskedUrl,
            String userName,
            String lakeCatalog,
            String driverName,
            String driverVersion,
            int driverMajorVersion,
            int driverMinorVersion,
            String validationQuery,
            boolean showAllCatalogs,
            boolean streamResults,
            SqlErrors errors,
            LakeOnlySql sqlAccess,
            boolean bulkBatch) {
        this.bulkBatch = bulkBatch;
        this.errors = Objects.requireNonNull(errors, "errors");
        this.sqlAccess = sqlAccess;
        this.validationQuery = validationQuery;
        this.showAllCatalogs = showAllCatalogs;
        this.streamResults = streamResults;
        this.maskedUrl = Objects.requireNonNull(maskedUrl, "maskedUrl");
        this.userName = userName == null ? "" : userName;
        this.lakeCatalog = Objects.requireNonNull(lakeCatalog, "lakeCatalog");
        this.driverName = Objects.requireNonNull(driverName, "driverName");
        this.driverVersion = Objects.requireNonNull(driverVersion, "driverVersion");
        this.driverMajorVersion = driverMajorVersion;
        this.driverMinorVersion = driverMinorVersion;
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

    /** The lake's secret values, masked in every error message. */
    public SqlErrors errors() {
        return errors;
    }

    @Override
    public String toString() {
        return "LakeContext[" + maskedUrl + "]";
    }
}
