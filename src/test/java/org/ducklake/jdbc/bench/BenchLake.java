package org.ducklake.jdbc.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.ducklake.jdbc.sql.KeyValueDsn;
import org.ducklake.jdbc.sql.SqlText;
import org.ducklake.jdbc.testsupport.PostgresServer;
import org.ducklake.jdbc.testsupport.S3Server;
import org.ducklake.jdbc.testsupport.TestLakes;

/**
 * One lake of the scale benchmark as each side reaches it: ducklake-jdbc through its URL and Properties, raw
 * duckdb_jdbc through the recipe done by hand (extensions, S3 secret, ATTACH, USE). Either a PostgreSQL catalog
 * with S3Proxy data or a DuckDB-file catalog with local data. It travels to child JVMs as {@code lake.*=value}
 * arguments, so a child reaches the same lake without starting any server.
 */
final class BenchLake {
    static final String[] EXTENSIONS = {"ducklake", "postgres_scanner", "httpfs"};

    private final Map<String, String> fields;

    private BenchLake(Map<String, String> fields) {
        this.fields = fields;
    }

    /** A PostgreSQL-catalog lake with S3Proxy data, as made by {@link TestLakes#postgres()}. */
    static BenchLake postgres(int port, String database, String user, String password, String dataPath) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", "postgres");
        f.put("port", String.valueOf(port));
        f.put("database", database);
        f.put("user", user);
        f.put("password", password);
        f.put("dataPath", dataPath);
        f.put("s3Endpoint", S3Server.get().endpoint());
        return new BenchLake(f);
    }

    /** A new PostgreSQL-catalog lake of its own (database, role, data prefix), its servers started. */
    static BenchLake freshPostgres() {
        TestLakes.PostgresLake pg = TestLakes.postgres();
        return postgres(PostgresServer.get().port(), pg.database, pg.user, pg.password, pg.dataPath());
    }

    /** The extension repository the build provisions, which raw duckdb_jdbc installs from. */
    static Path repository() {
        return Paths.get("target/extensions/repository").toAbsolutePath();
    }

    /** A DuckDB-file catalog in {@code dir} with its data files under {@code dir/data/}. */
    static BenchLake file(Path dir) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", "file");
        f.put("metaPath", dir.resolve("meta.ducklake").toString());
        f.put("dataPath", dir.resolve("data") + "/");
        return new BenchLake(f);
    }

    static BenchLake fromArgs(Map<String, String> args) {
        Map<String, String> f = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (k.startsWith("lake.")) {
                f.put(k.substring("lake.".length()), v);
            }
        });
        return new BenchLake(f);
    }

    List<String> args() {
        List<String> a = new ArrayList<>();
        fields.forEach((k, v) -> a.add("lake." + k + "=" + v));
        return a;
    }

    boolean isPostgres() {
        return "postgres".equals(fields.get("kind"));
    }

    String label() {
        return isPostgres() ? "PostgreSQL catalog, S3Proxy data" : "DuckDB-file catalog, local data";
    }

    String database() {
        return fields.get("database");
    }

    String oursUrl() {
        return isPostgres()
                ? "jdbc:ducklake:postgres:host=127.0.0.1 port=" + fields.get("port") + " dbname="
                        + fields.get("database")
                : "jdbc:ducklake:" + fields.get("metaPath");
    }

    /** ducklake-jdbc's properties for this lake, plus {@code extra} (a variant such as stream_results=false). */
    Properties oursProperties(Path extensionDirectory, Map<String, String> extra) {
        Properties p = new Properties();
        p.setProperty("data_path", fields.get("dataPath"));
        p.setProperty("extension_directory", extensionDirectory.toString());
        if (isPostgres()) {
            p.setProperty("user", fields.get("user"));
            p.setProperty("password", fields.get("password"));
            p.setProperty("s3_access_key_id", S3Server.ACCESS_KEY);
            p.setProperty("s3_secret_access_key", S3Server.SECRET_KEY);
            p.setProperty("s3_region", S3Server.REGION);
            p.setProperty("s3_endpoint", fields.get("s3Endpoint"));
            p.setProperty("s3_url_style", "path");
            p.setProperty("s3_use_ssl", "false");
        }
        extra.forEach(p::setProperty);
        return p;
    }

    Connection ours(Path extensionDirectory, Map<String, String> extra) throws SQLException {
        return DriverManager.getConnection(oursUrl(), oursProperties(extensionDirectory, extra));
    }

    /**
     * ducklake-jdbc with a variant property, or null when this build of the driver does not know the key (an
     * unknown key fails the connect with 08001 naming it).
     */
    Connection oursIfAccepted(Path extensionDirectory, String key, String value) throws SQLException {
        try {
            return ours(extensionDirectory, Map.of(key, value));
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState())
                    && String.valueOf(e.getMessage()).contains(key)) {
                return null;
            }
            throw e;
        }
    }

    /** libpq DSN of the catalog database, password included (raw duckdb_jdbc takes it in the ATTACH path). */
    String rawDsn() {
        return KeyValueDsn.empty()
                .with("host", "127.0.0.1")
                .with("port", fields.get("port"))
                .with("dbname", fields.get("database"))
                .with("user", fields.get("user"))
                .with("password", fields.get("password"))
                .render();
    }

    /**
     * Raw duckdb_jdbc on a new in-memory database with the lake attached as {@code lake} and in use: the recipe
     * by hand. {@code install} installs the extensions from the local repository first (a fresh extension
     * directory); {@code stream} sets {@code jdbc_stream_results=true}.
     */
    DuckDBConnection raw(Path extensionDirectory, Path repository, boolean install, boolean stream)
            throws SQLException {
        return raw(extensionDirectory, repository, install, stream, new java.util.HashMap<>());
    }

    /** As {@link #raw(Path, Path, boolean, boolean)}, with each step's time in milliseconds put in {@code steps}. */
    DuckDBConnection raw(
            Path extensionDirectory, Path repository, boolean install, boolean stream, Map<String, Double> steps)
            throws SQLException {
        Properties p = new Properties();
        if (stream) {
            p.setProperty("jdbc_stream_results", "true");
        }
        long t = System.nanoTime();
        DuckDBConnection c = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", p);
        steps.put("start the engine", (System.nanoTime() - t) / 1e6);
        try (Statement s = c.createStatement()) {
            timed(
                    steps,
                    "set the extension directory",
                    s,
                    "SET extension_directory = " + SqlText.literal(extensionDirectory.toString()));
            for (String e : isPostgres() ? EXTENSIONS : new String[] {"ducklake"}) {
                if (install) {
                    timed(steps, "install " + e, s, "INSTALL " + e + " FROM " + SqlText.literal(repository.toString()));
                }
                timed(steps, "load " + e, s, "LOAD " + e);
            }
            if (isPostgres()) {
                timed(steps, "create the S3 secret", s, s3SecretSql());
                timed(
                        steps,
                        "attach the lake",
                        s,
                        "ATTACH " + SqlText.literal("ducklake:postgres:" + rawDsn()) + " AS lake (DATA_PATH "
                                + SqlText.literal(fields.get("dataPath")) + ")");
            } else {
                timed(
                        steps,
                        "attach the lake",
                        s,
                        "ATTACH " + SqlText.literal("ducklake:" + fields.get("metaPath")) + " AS lake (DATA_PATH "
                                + SqlText.literal(fields.get("dataPath")) + ")");
            }
            timed(steps, "use the lake", s, "USE lake");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void timed(Map<String, Double> steps, String step, Statement s, String sql) throws SQLException {
        long t = System.nanoTime();
        s.execute(sql);
        steps.merge(step, (System.nanoTime() - t) / 1e6, Double::sum);
    }

    String s3SecretSql() {
        return "CREATE OR REPLACE TEMPORARY SECRET bench_s3 (TYPE s3, KEY_ID " + SqlText.literal(S3Server.ACCESS_KEY)
                + ", SECRET " + SqlText.literal(S3Server.SECRET_KEY) + ", REGION " + SqlText.literal(S3Server.REGION)
                + ", ENDPOINT " + SqlText.literal(fields.get("s3Endpoint")) + ", URL_STYLE 'path', USE_SSL false)";
    }
}
