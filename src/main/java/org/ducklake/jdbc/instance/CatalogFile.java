package org.ducklake.jdbc.instance;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ducklake.jdbc.config.CatalogType;
import org.ducklake.jdbc.config.LakeConfig;

/**
 * The local file of a DuckDB or SQLite catalog, checked before ATTACH when the lake may not be created. DuckDB's
 * ATTACH creates a missing database file before DuckLake looks inside it and refuses to create a lake
 * ({@code create_if_not_exists=false}), so a refused connect would leave an empty catalog file behind, and a
 * look at a lake that is not there (the connection doctor's) would not be only a look.
 */
public final class CatalogFile {
    /** DuckLake's own words when it finds no lake and may not create one; the error path and doctor key on them. */
    public static final String NO_LAKE = "creating a new DuckLake is explicitly disabled";

    // A scheme of two or more letters (s3://, md:, http://) is not a local path; one letter is a Windows drive.
    private static final Pattern NOT_LOCAL = Pattern.compile("^(:.*|[A-Za-z][A-Za-z0-9+.-]+:.*)");

    private CatalogFile() {}

    /**
     * The error of a connect that may not create the lake, to a local catalog file that does not exist; empty
     * when the catalog is a server, a remote file, an existing file, or the lake may be created.
     */
    static Optional<SQLException> missing(LakeConfig config) {
        CatalogType type = config.catalogType();
        if ((type != CatalogType.DUCKDB && type != CatalogType.SQLITE) || config.mayCreateLake()) {
            return Optional.empty();
        }
        Path file = localPath(config.catalogPath());
        if (file == null || Files.exists(file)) {
            return Optional.empty();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            // The ATTACH cannot create anything there, and its error names the missing directory.
            return Optional.empty();
        }
        // DuckLake's text for the same case (a file without a lake in it), so both read and map alike.
        return Optional.of(new SQLException("Invalid Input Error: Existing DuckLake at metadata catalog \""
                + type.prefix() + ":" + config.catalogPath() + "\" does not exist - and " + NO_LAKE
                + " (the catalog file is missing; the driver did not attach it, which would have created it"
                + " empty)"));
    }

    /** The path as DuckDB reads a local one ({@code ~} is the home directory), or null when it is not local. */
    private static Path localPath(String path) {
        if (path == null || path.isEmpty() || NOT_LOCAL.matcher(path).matches()) {
            return null;
        }
        try {
            if (path.equals("~") || path.startsWith("~/")) {
                return Paths.get(System.getProperty("user.home"), path.substring(1));
            }
            return Paths.get(path);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
