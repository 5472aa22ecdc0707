package org.ducklake.jdbc.doctor;

import java.sql.SQLException;
import java.util.Locale;
import org.ducklake.jdbc.config.CatalogType;

/**
 * What to check when a set-up step fails, by step and, for the ATTACH, by the catalog type that failed (or the
 * object store, when the error is the data path's); the driver's own hint (by SQLState) comes first.
 */
final class StepAdvice {
    private StepAdvice() {}

    private static final String DATA_PATH_CHECKS = "Check data_path (bucket and prefix), s3_access_key_id / "
            + "s3_secret_access_key, s3_endpoint, s3_region, s3_url_style and s3_use_ssl";

    /** The advice for a failure of {@code step} on a lake whose catalog is {@code type} (null: not known). */
    static String forFailure(String step, CatalogType type, SQLException e) {
        if (step != null && step.startsWith("attach the lake")) {
            return forAttach(type, e);
        }
        return forStep(step);
    }

    private static String forAttach(CatalogType type, SQLException e) {
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (text.contains("object store")
                || text.contains("s3 bucket")
                || text.contains("s3://")
                || text.contains("http")) {
            return DATA_PATH_CHECKS + ": a new lake writes to its data path when it is created.";
        }
        if (type == null) {
            return "Check the catalog: the URL's connection string or file, user and password.";
        }
        switch (type) {
            case POSTGRES:
                return "Check the connection string's host, port and dbname, the user and password, and the server's "
                        + "pg_hba.conf (it must admit this host and user); for an existing lake, metadata_schema.";
            case MYSQL:
                return "Check the connection string's host, port and database, the user and password, and the user's "
                        + "grants on that database; for an existing lake, metadata_schema.";
            case SQLITE:
                return "Check the SQLite file's path, that its directory exists and is writable, and that no other "
                        + "process keeps it locked; a missing lake is created only by a read-write connect.";
            default:
                return "Check the DuckDB file's path, that its directory exists and is writable, and that no other "
                        + "process has it open (a DuckDB file serves one process); a missing lake is created only by "
                        + "a read-write connect.";
        }
    }

    static String forStep(String step) {
        if (step == null) {
            return "";
        }
        if (step.startsWith("read the URL")) {
            return "Fix the URL or the property the message names (java -jar <jar> --help shows the URL forms).";
        }
        if (step.startsWith("check the jar's platform")) {
            return "Use the driver jar for this machine's platform (named in the message).";
        }
        if (step.startsWith("start the engine")) {
            return "Check the DuckDB settings given as properties (the message names the one DuckDB refused).";
        }
        if (step.startsWith("install extension")) {
            return "Keep extension_bundle=true (the default) with a platform jar, or set extension_repository to a "
                    + "directory or URL laid out like DuckDB's repository.";
        }
        if (step.startsWith("load extension")) {
            return "The extension directory holds a file DuckDB cannot load (another DuckDB version or platform?): "
                    + "delete it, or set extension_directory to an empty directory.";
        }
        if (step.startsWith("create the catalog secret")) {
            return "Check the catalog login properties (user, password).";
        }
        if (step.startsWith("create the S3 secret")) {
            return "Check the s3_* properties (s3_provider, s3_region, s3_endpoint, s3_url_style).";
        }
        if (step.startsWith("check access to data_path")) {
            return DATA_PATH_CHECKS + ": the driver lists one prefix of the data path here.";
        }
        if (step.startsWith("use the lake")) {
            return "Check the alias property.";
        }
        if (step.startsWith("read the lake's data path") || step.startsWith("lock SQL down")) {
            return "Check allowed_directories, or set sql_access=unrestricted on a connection only you use.";
        }
        if (step.startsWith("first query")) {
            return "The lake attached but its catalog did not answer a query: check the catalog database's health.";
        }
        return "";
    }
}
