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

    /** A PostgreSQL-catalog lake with S3 data. */
    public static final class PostgresLake {
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

        public String url() {
            return "jdbc:ducklake:postgres:host=127.0.0.1 port="
                    + PostgresServer.get().port() + " dbname=" + database;
        }

        public String dataPath() {
            return "s3://" + BUCKET + "/" + prefix + "/";
        }

        /** The Properties: user, password, data path and S3 settings. */
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
