package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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

    /** Properties holding only the shared extension directory: for a lake a test sets up itself. */
    public static Properties properties() {
        Properties p = new Properties();
        p.setProperty("extension_directory", extensionDirectory());
        return p;
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

        /** A connection to the lake with its URL and Properties. */
        default Connection connect() throws SQLException {
            return DriverManager.getConnection(url(), properties());
        }
    }

    /** Work done on a lake when it is made, e.g. creating the tables its tests read. */
    @FunctionalInterface
    public interface LakeSetUp {
        void run(Lake lake) throws SQLException;
    }

    /**
     * A file lake and a PostgreSQL lake, made on first use and then shared, for a parameterized test's
     * {@code @MethodSource}: {@code static Stream<TestLakes.Lake> lakes() { return LAKES.stream(); }}.
     */
    public static final class BothLakes {
        private final LakeSetUp setUp;
        private Lake file;
        private Lake postgres;

        BothLakes(LakeSetUp setUp) {
            this.setUp = setUp;
        }

        /** The file lake, then the PostgreSQL lake (made, and set up, on the first call). */
        public synchronized Stream<Lake> stream() throws SQLException {
            if (file == null) {
                Lake f = file();
                Lake pg = postgres();
                setUp.run(f);
                setUp.run(pg);
                file = f;
                postgres = pg;
            }
            return Stream.of(file, postgres);
        }
    }

    /** Both kinds of lake, made on first use (see {@link BothLakes}). */
    public static BothLakes both() {
        return new BothLakes(lake -> {});
    }

    /** Both kinds of lake, each set up by {@code setUp} when made (see {@link BothLakes}). */
    public static BothLakes both(LakeSetUp setUp) {
        return new BothLakes(setUp);
    }

    /** A lake with a DuckDB-file catalog and local data files, in a fresh directory. */
    public static final class FileLake implements Lake {
        private final Path catalog;
        private final Properties extra;

        FileLake(Path catalog, Properties extra) {
            this.catalog = catalog;
            this.extra = extra;
        }

        @Override
        public String url() {
            return "jdbc:ducklake:" + catalog;
        }

        /** The catalog file. */
        public Path catalog() {
            return catalog;
        }

        /** The directory the catalog file is in (fresh unless the test chose it). */
        public Path directory() {
            return catalog.getParent();
        }

        /** The shared extension directory, and any property given with {@link #with}. */
        @Override
        public Properties properties() {
            Properties p = TestLakes.properties();
            p.putAll(extra);
            return p;
        }

        /**
         * The URL with every property as a {@code ;key=value} option, for a tool configured by its URL alone
         * (the values must hold no ';').
         */
        public String urlWithProperties() {
            StringBuilder url = new StringBuilder(url());
            Properties p = properties();
            for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
                url.append(';').append(key).append('=').append(p.getProperty(key));
            }
            return url.toString();
        }

        /** Where {@link #withLocalDataPath()} puts the data files: data/ beside the catalog file. */
        public Path localDataDirectory() {
            return directory().resolve("data");
        }

        /** The same lake with its data files in {@link #localDataDirectory()} (data_path). */
        public FileLake withLocalDataPath() {
            return with("data_path", localDataDirectory() + "/");
        }

        /** The same lake with one more property (or another value for one). */
        public FileLake with(String key, String value) {
            Properties p = new Properties();
            p.putAll(extra);
            p.setProperty(key, value);
            return new FileLake(catalog, p);
        }

        @Override
        public String toString() {
            return "DuckDB-file lake";
        }
    }

    /** A new DuckDB-file-catalog lake (created on first connect). */
    public static FileLake file() {
        return file("file-lake");
    }

    /** A new DuckDB-file-catalog lake, meta.ducklake in a fresh directory named after {@code prefix}. */
    public static FileLake file(String prefix) {
        return fileAt(freshDirectory(prefix).resolve("meta.ducklake"));
    }

    /** A DuckDB-file-catalog lake with its catalog at {@code catalog} (in a directory the test chose). */
    public static FileLake fileAt(Path catalog) {
        return new FileLake(catalog, new Properties());
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
