package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh lakes for tests: a new PostgreSQL database and S3 prefix each, or a local DuckDB/SQLite catalog. */
public final class TestLakes {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    public static final String BUCKET = "lake-bucket";

    private TestLakes() {}

    /** Where tests write files: target/test-work when run by Maven. */
    public static Path work() {
        String dir = System.getProperty("ducklake.test.work", "target/test-work");
        try {
            return Files.createDirectories(Paths.get(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One extension directory for the whole run: the first connect installs from the bundled copies. */
    public static String extensionDirectory() {
        return work().resolve("extensions").toString();
    }

    public static Path freshDirectory(String prefix) {
        try {
            return Files.createTempDirectory(work(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A lake a test can connect to: its URL and the Properties that go with it (a fresh copy each call). */
    public interface Lake {
        String url();

        Properties properties();
    }

    /** A lake with a DuckDB-file catalog and local data files, in a fresh directory. */
    public static final class FileLake implements Lake {
        private final Path catalog;

        FileLake(Path catalog) {
            this.catalog = catalog;
        }

        @Override
        public String url() {
            return "jdbc:ducklake:" + catalog;
        }

        @Override
        public Properties properties() {
            Properties p = new Properties();
            p.setProperty("extension_directory", extensionDirectory());
            return p;
        }

        @Override
        public String toString() {
            return "DuckDB-file lake";
        }
    }

    /** A new DuckDB-file-catalog lake (created on first connect). */
    public static FileLake file() {
        return new FileLake(freshDirectory("file-lake").resolve("meta.ducklake"));
    }

    /** A PostgreSQL-catalog lake with S3 data. */
    public static final class PostgresLake implements Lake {
        public final String database;
        public final String user;
        public final String password;
        public final String prefix;

        PostgresLake(String database, String user, String password, String prefix) {
            this.database = database;
            this.user = user;
            this.password = password;
            this.prefix = prefix;
        }

        @Override
        public String url() {
            return "jdbc:ducklake:postgres:host=127.0.0.1 port="
                    + PostgresServer.get().port() + " dbname=" + database;
        }

        public String dataPath() {
            return "s3://" + BUCKET + "/" + prefix + "/";
        }

        /** The Properties: user, password, data path and S3 settings. */
        @Override
        public Properties properties() {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            p.setProperty("data_path", dataPath());
            p.setProperty("s3_access_key_id", S3Server.ACCESS_KEY);
            p.setProperty("s3_secret_access_key", S3Server.SECRET_KEY);
            p.setProperty("s3_region", S3Server.REGION);
            p.setProperty("s3_endpoint", S3Server.get().endpoint());
            p.setProperty("s3_url_style", "path");
            p.setProperty("s3_use_ssl", "false");
            p.setProperty("extension_directory", extensionDirectory());
            return p;
        }

        @Override
        public String toString() {
            return "PostgreSQL lake";
        }
    }

    /** Creates a PostgreSQL database and login role, with a password that needs quoting. */
    public static PostgresLake postgres() {
        int n = COUNTER.incrementAndGet();
        String db = "lake_" + ProcessHandle.current().pid() + "_" + n;
        String user = "lake_user_" + ProcessHandle.current().pid() + "_" + n;
        String password = "pa ss'w=o;rd\\ü-" + n;
        try {
            PostgresServer.get().createDatabase(db, user, password);
            S3Server.get().createBucket(BUCKET);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PostgresLake(db, user, password, "lake-" + n);
    }
}
