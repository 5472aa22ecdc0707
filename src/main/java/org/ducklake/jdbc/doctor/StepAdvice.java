package org.ducklake.jdbc.doctor;

/** What to check when a set-up step fails, by step; the driver's own hint (by SQLState) comes first. */
final class StepAdvice {
    private StepAdvice() {}

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
            return "Check data_path (bucket and prefix), s3_access_key_id / s3_secret_access_key, s3_endpoint, "
                    + "s3_region, s3_url_style and s3_use_ssl: the driver lists one prefix of the data path here.";
        }
        if (step.startsWith("attach the lake")) {
            return "Check the catalog: host, port, dbname, user and password for PostgreSQL or MySQL; the file's path "
                    + "for a DuckDB-file or SQLite catalog (a missing one is created only with create_if_not_exists, "
                    + "not read-only); metadata_schema and data_path for an existing lake.";
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
