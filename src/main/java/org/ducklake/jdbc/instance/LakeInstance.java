package org.ducklake.jdbc.instance;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ducklake.jdbc.config.CatalogType;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.engine.CatalogGuard;
import org.ducklake.jdbc.engine.CatalogReads;
import org.ducklake.jdbc.engine.EngineInternals;
import org.ducklake.jdbc.engine.EngineLock;
import org.ducklake.jdbc.engine.Engines;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.LakeOnlySql;
import org.ducklake.jdbc.sql.StatementKind.CatalogEffect;
import org.ducklake.jdbc.wrapper.CommitSnapshots;

/**
 * One DuckDB engine with one lake attached, shared by every connection whose configuration matches.
 * The first connection pays the set-up (extensions, secrets, ATTACH); each later one gets its own DuckDB
 * connection on the same engine. Reference-counted: the engine closes when its last connection closes,
 * or {@code instance_idle_timeout} seconds later.
 *
 * <p>A new DuckDB connection starts in the in-memory home database, and {@code USE lake} costs a catalog
 * round trip (DuckLake opens a catalog transaction to resolve the schema). So no connect waits for it:
 * the instance keeps spare connections that have already run {@code USE}: the engine connection of a JDBC
 * connection that closed with its session untouched (see LakeConnection), newest first, else one prepared
 * in the background; a connect takes one. When none is ready, the connect gets a fresh one that enters the
 * lake just before its first use (inside the user's first transaction when auto-commit is off).
 */
public final class LakeInstance {
    private static final Logger LOG = Logger.getLogger(LakeInstance.class.getName());
    private static final long SPARE_WAIT_SECONDS = 10;
    /** Spare engine connections kept at most: enough for a tool or pool that reconnects in a loop. */
    private static final int SPARES = 2;

    private final LakeConfig config;
    /** The queries every connection of the instance runs, written once (see SetupSql). */
    private final String lastCommittedQuery;

    private final String validationQuery;
    /** The lake's error path, holding its secrets (see SqlErrors); shared by its connections. */
    private final SqlErrors errors;

    private final Home home;
    private final Runnable onClosed;
    private final ReentrantLock lock = new ReentrantLock();
    /** Shared by this engine's connections to keep out of each other's way in the catalog. */
    private final EngineLock engineLock;

    /** Open JDBC connections; written under {@link #lock}, read without it by the management view. */
    private volatile int users;

    private boolean closed;
    /** The counts of the management view (see LakeMonitor); lock-free. */
    private final LakeStats stats = new LakeStats();
    /** The management view, registered while the instance is open. */
    private final LakeMonitor monitor = new LakeMonitor(this);
    /** Which snapshot each commit of the instance's connections created (see CommitSnapshots). */
    private final CommitSnapshots commitSnapshots = new CommitSnapshots();
    /** Spares that a closed JDBC connection handed back (see takeBack), so a reuse is counted; under {@link #lock}. */
    private final Set<Connection> handedBack = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Engine connections in the lake, ready for a connect; the newest last. At most {@link #SPARES}. */
    // Quirk.NO_STARTING_DATABASE
    private final ArrayDeque<Connection> spares = new ArrayDeque<>();

    private boolean preparing;
    /** Signalled when a background preparation ends, so shut-down can wait for it. */
    private final Condition prepared = lock.newCondition();

    private ScheduledFuture<?> idleClose;

    /** The statement check of sql_access=lake, or null when the lake's SQL is unrestricted. */
    private final LakeOnlySql sqlAccess;

    /** Metadata reads sharing a read transaction (see CatalogReads), or null when each is its own. */
    private final CatalogReads catalogReads;

    /** maintenance=auto, or null when this instance runs no maintenance. */
    private final AutoMaintenance maintenance;

    private final Maintenance maintenanceStatus;

    /**
     * The engine's home connection (in its in-memory home database, where the lake was set up) and its own
     * spill directory: closed and deleted together when the instance closes.
     */
    private static final class Home {
        final Connection connection;
        /** The engine's own spill directory (see PrivateDirectories#newSpillDirectory); null when the user chose one. */
        final Path spill;

        Home(Connection connection, Path spill) {
            this.connection = connection;
            this.spill = spill;
        }

        void close() {
            closeQuietly(connection);
            PrivateDirectories.deleteQuietly(spill);
        }
    }

    private LakeInstance(LakeConfig config, SqlErrors errors, Home home, LakeOnlySql sqlAccess, Runnable onClosed) {
        this.errors = errors;
        this.sqlAccess = sqlAccess;
        this.engineLock = new EngineLock(config.catalogType() == CatalogType.SQLITE);
        this.config = config;
        this.lastCommittedQuery = SetupSql.lastCommittedSnapshot(config);
        this.validationQuery = SetupSql.validation(config);
        this.home = home;
        this.onClosed = onClosed;
        this.maintenance = AutoMaintenance.startIfWanted(
                config, engineLock, errors, home.connection, this::beforeMaintenanceCommit);
        this.maintenanceStatus = maintenance != null ? maintenance.status() : AutoMaintenance.disabled(config);
        long window = config.integer(LakeProperty.METADATA_WINDOW);
        // A file catalog costs no round trip per transaction, and an open read of a SQLite file holds its lock.
        this.catalogReads = config.catalogType().isServer() && window > 0
                ? new CatalogReads(
                        this::prepareEngineConnection,
                        engineLock,
                        errors,
                        TimeUnit.SECONDS.toMillis(window),
                        Background.TIMERS)
                : null;
    }

    /** Opens an engine and sets the lake up, in the order extensions, secrets, ATTACH, USE. */
    static LakeInstance open(LakeConfig config, Runnable onClosed) throws SQLException {
        long started = System.nanoTime();
        LakeMonitor.prepareServer(); // made while the engine starts, registered in at the end
        SqlErrors errors = SqlErrors.of(config.secretValues(), config.catalogLogin()::isThisCatalog);
        Properties engine = new Properties();
        // Each instance gets a private in-memory home database: DuckDB's own instance cache is keyed by
        // path, and sharing is decided here, by the whole configuration.
        engine.setProperty(Engines.INSTANCE_CACHE, "false");
        // Streaming is an engine-wide setting of DuckDB's driver; the wrappers move a stream aside when
        // another statement of the same connection needs the engine (see LakeConnection).
        engine.put(Engines.STREAM_RESULTS, config.bool(LakeProperty.STREAM_RESULTS));
        // DuckDB settings given as properties are start-up configuration, so even those that cannot change
        // while the engine runs (allow_unsigned_extensions, …) work.
        config.engineSettings().forEach((k, v) -> {
            if (EngineSettings.atStart(k)) {
                engine.setProperty(k, v);
            }
        });
        for (String lowered : new String[] {
            "allow_unsigned_extensions", "allow_unredacted_secrets", "allow_extensions_metadata_mismatch"
        }) {
            String v = config.engineSettings().get(lowered);
            if (v != null && !v.trim().equalsIgnoreCase("false")) {
                LOG.log(
                        Level.WARNING,
                        "{0}={1} was set explicitly for {2}: DuckDB''s protection is off for this engine",
                        new Object[] {lowered, v, config.maskedUrl()});
            }
        }
        if (config.bool(LakeProperty.EXTENSION_BUNDLE)) {
            BundledExtensions.verifyInBackground(
                    config.isSet(LakeProperty.EXTENSION_DIRECTORY)
                            ? config.string(LakeProperty.EXTENSION_DIRECTORY)
                            : null,
                    SetupSql.extensions(config));
        }
        Path spill = null;
        LakeOnlySql sqlAccess = null;
        Connection home;
        try {
            if (config.engineSettings().keySet().stream().noneMatch(k -> k.equalsIgnoreCase("temp_directory"))) {
                spill = spillDirectory();
                engine.setProperty("temp_directory", spill.toString());
            }
            home = SetupSteps.step("start the engine", "", () -> Engines.open(engine));
        } catch (SQLException e) {
            PrivateDirectories.deleteQuietly(spill);
            try (SetupRunner run = new SetupRunner(config, errors, 0)) {
                throw run.failure("start the engine with the given DuckDB settings", e);
            }
        }
        try (SetupRunner run = new SetupRunner(config, errors, config.integer(LakeProperty.LOGIN_TIMEOUT))) {
            if (config.isSet(LakeProperty.EXTENSION_DIRECTORY)) {
                run.run(home, SetupSql.extensionDirectory(config), "set the extension directory");
            }
            new ExtensionInstaller(config, run).ensureLoaded(home, SetupSql.extensions(config));
            checkExtensionSettings(home, config);
            for (String set : SetupSql.extensionSettings(config)) {
                run.run(home, set, "apply a setting");
            }
            Optional<String> catalogSecret = SetupSql.catalogSecret(config);
            if (catalogSecret.isPresent()) {
                run.run(home, catalogSecret.get(), "create the catalog secret");
            }
            Optional<String> dataSecret = SetupSql.dataSecret(config);
            if (dataSecret.isPresent()) {
                run.run(home, dataSecret.get(), "create the S3 secret");
            }
            // Before ATTACH, so a wrong bucket or key fails before a new lake is created in the catalog.
            Optional<String> check = SetupSql.dataPathCheck(config);
            if (check.isPresent()) {
                run.run(home, check.get(), "check access to data_path");
            }
            boolean storedPath = SetupSql.storeForStoredDataPath(config);
            if (storedPath) {
                refuseNewFileLakeWithoutDataPath(config);
            }
            String attach = SetupSql.attach(config);
            Optional<SQLException> missing =
                    CatalogFile.missing(config); // Quirk.CATALOG_FILE_CREATED_WHEN_CREATE_DISABLED
            if (missing.isPresent()) {
                run.refuse(attach, SetupRunner.ATTACH_STEP, missing.get());
            }
            run.run(home, attach, SetupRunner.ATTACH_STEP);
            run.run(home, SetupSql.use(config), "use the lake");
            Optional<String> dropSecret = SetupSql.dropCatalogSecret(config);
            if (dropSecret.isPresent()) {
                run.run(home, dropSecret.get(), "drop the catalog secret");
            }
            String dataPath = null;
            if (storedPath) {
                // The object-store properties are for the data path the existing lake keeps in its catalog: the
                // secret is scoped to it, and checked like a data_path given.
                dataPath = run.queryString(home, SetupSql.dataPathQuery(config), "read the lake's data path");
                Optional<String> secret = SetupSql.storedDataSecret(config, dataPath);
                if (!secret.isPresent()) {
                    throw SqlErrors.invalidConfiguration("s3_* properties are set but the lake's data path (stored in "
                            + "its catalog) is not an s3://, gs:// or r2:// path: leave them out");
                }
                run.run(home, secret.get(), "create the S3 secret for the lake's data path");
                run.run(home, SetupSql.dataPathCheck(dataPath), "check access to the lake's data path");
            }
            if ("lake".equals(config.string(LakeProperty.SQL_ACCESS))) {
                if (dataPath == null) {
                    dataPath = run.queryString(home, SetupSql.dataPathQuery(config), "read the lake's data path");
                }
                createLocalDirectory(dataPath);
                for (String set : SetupSql.lockDown(config, dataPath)) {
                    run.run(home, set, "lock SQL down to the lake (sql_access=lake)");
                }
                sqlAccess = new LakeOnlySql(
                        config.alias(), SetupSql.allowedDirectories(config, dataPath), SetupSql.catalogFiles(config));
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(home);
            PrivateDirectories.deleteQuietly(spill);
            throw e;
        }
        LOG.log(Level.FINE, "opened lake instance for {0} in {1} ms", new Object[] {
            config.maskedUrl(), (System.nanoTime() - started) / 1_000_000
        });
        LakeInstance instance = new LakeInstance(config, errors, new Home(home, spill), sqlAccess, onClosed);
        instance.monitor.register();
        return instance;
    }

    /**
     * A DuckDB-file or SQLite catalog that does not exist yet makes a new lake, whose data path would be the
     * local default: object-store properties without a data_path cannot be meant for it.
     */
    private static void refuseNewFileLakeWithoutDataPath(LakeConfig config) throws SQLException {
        CatalogType type = config.catalogType();
        if ((type == CatalogType.DUCKDB || type == CatalogType.SQLITE)
                && !Files.exists(Paths.get(config.catalogPath()))) {
            throw SqlErrors.invalidConfiguration("s3_* properties are set but data_path is not, and the catalog file "
                    + "does not exist yet: a new lake needs data_path (an existing lake uses the data path its "
                    + "catalog keeps)");
        }
    }

    private static Path spillDirectory() throws SQLException {
        try {
            return PrivateDirectories.newSpillDirectory();
        } catch (IOException | RuntimeException e) {
            throw SqlErrors.create(
                    "Cannot create the engine's spill directory under " + System.getProperty("java.io.tmpdir") + ": "
                            + e.getMessage() + " (set temp_directory to choose another)",
                    SqlState.IO_ERROR,
                    e);
        }
    }

    /**
     * A local data path must exist before external access is switched off: DuckLake creates it lazily, and
     * with external access off DuckDB refuses to create the directory that holds the allowed one.
     */
    // Quirk.DATA_PATH_CREATED_LAZILY
    private static void createLocalDirectory(String dataPath) throws SQLException {
        if (dataPath == null || dataPath.contains("://")) {
            return;
        }
        try {
            Files.createDirectories(Paths.get(dataPath));
        } catch (IOException | RuntimeException e) {
            throw SqlErrors.create(
                    "Cannot create the lake's data directory " + dataPath + ": " + why(e), SqlState.IO_ERROR, e);
        }
    }

    /**
     * Why a directory could not be made, in words: java.nio's exceptions carry only the path in their message
     * ("/data/lake"), the reason is their class.
     */
    private static String why(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied on " + ((FileSystemException) e).getFile() + " (or its file system is read-only)";
        }
        if (e instanceof FileAlreadyExistsException) {
            return ((FileSystemException) e).getFile() + " exists and is not a directory";
        }
        if (e instanceof NoSuchFileException) {
            return "cannot create " + ((FileSystemException) e).getFile()
                    + ": the file system refused it (no such file or directory)";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getFile() + ": " + ((FileSystemException) e).getReason();
        }
        return String.valueOf(e);
    }

    /** A pass-through key that no loaded extension knows is a typo: say so, with the closest names. */
    private static void checkExtensionSettings(Connection home, LakeConfig config) throws SQLException {
        Set<String> live = null;
        for (String key : config.engineSettings().keySet()) {
            if (EngineSettings.isSetting(key)) {
                continue;
            }
            if (live == null) {
                live = new TreeSet<>();
                try (Statement s = home.createStatement();
                        ResultSet rs = s.executeQuery("SELECT name FROM duckdb_settings()")) {
                    while (rs.next()) {
                        live.add(rs.getString(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (!live.contains(key.toLowerCase(Locale.ROOT))) {
                String near = LakeProperty.closestKeys(key, live);
                throw SqlErrors.invalidConfiguration("unknown property \"" + key
                        + "\" (neither a driver property nor a DuckDB setting"
                        + (near.isEmpty() ? ")" : "; did you mean " + near + "?)"));
            }
        }
    }

    /** Counts one more connection; false when the instance closed meanwhile (then open a new one). */
    boolean acquire() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            users++;
            if (idleClose != null) {
                idleClose.cancel(false);
                idleClose = null;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A DuckDB connection of its own for one JDBC connection: the newest spare, which is already in the lake,
     * or a new one that still has to enter it ({@link #enterLake}) before its first use.
     */
    Connection newEngineConnection(boolean[] entered) throws SQLException {
        Connection c;
        lock.lock();
        try {
            c = spares.pollLast();
            if (c != null && handedBack.remove(c)) {
                stats.engineReuses.increment();
            }
        } finally {
            lock.unlock();
        }
        entered[0] = c != null;
        if (c == null) {
            c = Engines.duplicate(home.connection);
        }
        prepareSpare();
        return c;
    }

    /**
     * Keeps an engine connection whose JDBC connection closed, in the lake and with its session untouched,
     * as a spare for the next connect (which then costs no catalog round trip); false when it keeps enough
     * spares already or is closing.
     */
    boolean takeBack(Connection c) {
        lock.lock();
        try {
            if (closed || spares.size() >= SPARES) {
                return false;
            }
            spares.addLast(c);
            handedBack.add(c);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Reads the engine's last committed snapshot (see SetupSql#lastCommittedSnapshot). */
    String lastCommittedQuery() {
        return lastCommittedQuery;
    }

    /** Which snapshot each commit of the instance's connections created (see CommitSnapshots). */
    CommitSnapshots commitSnapshots() {
        return commitSnapshots;
    }

    /**
     * Under the commit lock, before maintenance commits on {@code c}: the snapshot a connection's commit
     * created is settled by the engine's value read now, before maintenance adds its own (see CommitSnapshots).
     */
    private void beforeMaintenanceCommit(Connection c) {
        long now;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(lastCommittedQuery())) {
            now = rs.next() ? rs.getLong(1) : -1;
            if (rs.wasNull()) {
                now = -1;
            }
            while (rs.next()) {
                // to its end, Quirk.EARLY_CLOSE_HOLDS_CATALOG_TRANSACTION (the maintenance commit follows anyway)
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(
                    Level.FINE,
                    "could not read the lake''s last committed snapshot before maintenance: {0}",
                    errors.forLog(e));
            now = CommitSnapshots.UNREAD;
        }
        commitSnapshots.settle(now, !engineLock.commitsOutsideLock());
    }

    /** The counts connections report (see LakeEvents). */
    LakeStats stats() {
        return stats;
    }

    LakeConfig config() {
        return config;
    }

    /** Open JDBC connections. */
    int openConnections() {
        return users;
    }

    long idleTimeoutSeconds() {
        return config.integer(LakeProperty.INSTANCE_IDLE_TIMEOUT);
    }

    /** The management view (for tests: its name). */
    LakeMonitor monitor() {
        return monitor;
    }

    /** What isValid runs on a connection of this lake (see SetupSql#validation). */
    String validationQuery() {
        return validationQuery;
    }

    /** The lake's error path: SQLStates, hints, and its secrets masked. */
    LakeOnlySql sqlAccess() {
        return sqlAccess;
    }

    SqlErrors errors() {
        return errors;
    }

    /** What maintenance=auto did on this instance (a status whose enabled() is false when it is off). */
    public Maintenance maintenance() {
        return maintenanceStatus;
    }

    /** The instance's shared metadata reads (see CatalogReads); null when each read is its own transaction. */
    CatalogReads catalogReads() {
        return catalogReads;
    }

    /** The lock this instance's connections share (see EngineLock). */
    EngineLock engineLock() {
        return engineLock;
    }

    /** {@code USE lake} on an engine connection: one catalog round trip (DuckLake resolves the schema). */
    void enterLake(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SetupSql.use(config));
        }
    }

    private Connection prepareEngineConnection() throws SQLException {
        Connection c = Engines.duplicate(home.connection);
        try {
            // USE loads the lake's schema: not while a catalog change runs (see CatalogGuard).
            // Quirk.SCHEMA_CHANGE_UNDER_LOAD
            CatalogGuard.Hold hold = engineLock.catalog.enter(c, CatalogEffect.NONE, 0);
            try {
                // On a SQLite catalog a read next to another connection's write deadlocks (see EngineLock).
                // Quirk.SQLITE_READER_WRITER_DEADLOCK
                engineLock.whereEveryStatement(() -> enterLake(c));
            } finally {
                hold.release(false);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw errors.translate(e);
        }
        return c;
    }

    private void prepareSpare() {
        lock.lock();
        try {
            if (closed || preparing || !spares.isEmpty()) {
                return;
            }
            preparing = true;
        } finally {
            lock.unlock();
        }
        Background.WORK.execute(() -> {
            Connection c = null;
            try {
                c = prepareEngineConnection();
            } catch (SQLException | RuntimeException e) {
                LOG.log(
                        Level.FINE,
                        "could not prepare a spare engine connection; the next connect prepares its own: {0}",
                        errors.forLog(e));
            }
            lock.lock();
            try {
                if (c != null && !closed && spares.size() < SPARES) {
                    spares.addFirst(c);
                    c = null;
                }
            } finally {
                lock.unlock();
            }
            closeQuietly(c);
            lock.lock();
            try {
                preparing = false;
                prepared.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    /** One connection is done; the last one closes the engine now or after the idle timeout. */
    void release() {
        lock.lock();
        try {
            if (--users > 0 || closed) {
                return;
            }
            long idle = config.integer(LakeProperty.INSTANCE_IDLE_TIMEOUT);
            if (idle > 0) {
                idleClose = Background.TIMERS.schedule(this::closeIfIdle, idle, TimeUnit.SECONDS);
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        shutDown();
    }

    private void closeIfIdle() {
        lock.lock();
        try {
            if (users > 0 || closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        shutDown();
    }

    private void shutDown() {
        onClosed.run();
        monitor.unregister();
        if (maintenance != null) {
            // Its engine connection keeps the engine (and a DuckDB-file catalog) open: stop it first.
            maintenance.stop(TimeUnit.SECONDS.toMillis(SPARE_WAIT_SECONDS));
        }
        if (catalogReads != null) {
            catalogReads.close(TimeUnit.SECONDS.toMillis(SPARE_WAIT_SECONDS));
        }
        List<Connection> s;
        lock.lock();
        try {
            // A spare being prepared holds a DuckDB connection, which keeps the engine (and a DuckDB-file
            // catalog's file) open: wait for it, so that closing the last connection really releases the
            // engine. Bounded, in case the catalog hangs; the task closes its connection itself when it ends.
            long wait = TimeUnit.SECONDS.toNanos(SPARE_WAIT_SECONDS);
            while (preparing && wait > 0) {
                try {
                    wait = prepared.awaitNanos(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            s = new ArrayList<>(spares);
            spares.clear();
            handedBack.clear();
        } finally {
            lock.unlock();
        }
        s.forEach(LakeInstance::closeQuietly);
        home.close();
        LOG.log(Level.FINE, "closed lake instance for {0}", config.maskedUrl());
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            EngineInternals.close(c);
        } catch (SQLException e) {
            // Its text only by class and SQLState: an engine's text may carry the catalog's DSN (see SqlErrors#forLog).
            LOG.log(Level.FINE, "closing an engine connection failed: {0} ({1})", new Object[] {
                e.getClass().getSimpleName(), e.getSQLState()
            });
        }
    }

    @Override
    public String toString() {
        return "LakeInstance[" + config.maskedUrl() + "]";
    }
}
