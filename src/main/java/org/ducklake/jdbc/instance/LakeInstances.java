package org.ducklake.jdbc.instance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ducklake.jdbc.config.LakeConfig;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.engine.CatalogReads;
import org.ducklake.jdbc.engine.EngineLock;
import org.ducklake.jdbc.errors.SqlErrors;
import org.ducklake.jdbc.errors.SqlState;
import org.ducklake.jdbc.sql.LakeOnlySql;
import org.ducklake.jdbc.wrapper.CommitSnapshots;
import org.ducklake.jdbc.wrapper.EngineLink;
import org.ducklake.jdbc.wrapper.LakeEvents;

/**
 * The JVM's lake instances, one per effective configuration. The first connect of a configuration opens
 * the instance while later connects of the same configuration wait for it (within their login timeout);
 * connects of other configurations are not held up. A failed set-up leaves nothing behind, so the next
 * connect tries afresh.
 */
public final class LakeInstances {
    private static final ConcurrentHashMap<Object, CompletableFuture<LakeInstance>> INSTANCES =
            new ConcurrentHashMap<>();

    private LakeInstances() {}

    /** A DuckDB connection of one JDBC connection, plus the hooks to enter the lake and to give it back. */
    public static final class EngineConnection implements EngineLink {
        private final Connection connection;
        private final LakeInstance instance;
        private final boolean entered;

        EngineConnection(Connection connection, LakeInstance instance, boolean entered) {
            this.connection = connection;
            this.instance = instance;
            this.entered = entered;
        }

        public Connection connection() {
            return connection;
        }

        /** Whether the connection is already in the lake; if not, call {@link #enterLake} before use. */
        public boolean entered() {
            return entered;
        }

        /** Makes the lake the connection's current catalog (one catalog round trip). */
        @Override
        public void enterLake(Connection c) throws SQLException {
            instance.enterLake(c);
        }

        /** Another engine connection of the instance: a spare in the lake already, or a new one. */
        @Override
        public Connection sibling(boolean[] entered) throws SQLException {
            return instance.newEngineConnection(entered);
        }

        /** What {@link java.sql.Connection#isValid} runs to check the lake is reachable. */
        public String validationQuery() {
            return instance.validationQuery();
        }

        /** The statement check of sql_access=lake for this lake, or null when its SQL is unrestricted. */
        public LakeOnlySql sqlAccess() {
            return instance.sqlAccess();
        }

        /** The lake's error path, shared by all its connections (see SqlErrors). */
        public SqlErrors errors() {
            return instance.errors();
        }

        /** The instance's lock, shared by all its connections (see EngineLock). */
        @Override
        public EngineLock engineLock() {
            return instance.engineLock();
        }

        @Override
        public CatalogReads catalogReads() {
            return instance.catalogReads();
        }

        @Override
        public LakeEvents events() {
            return instance.stats();
        }

        @Override
        public String lastCommittedQuery() {
            return instance.lastCommittedQuery();
        }

        @Override
        public CommitSnapshots commitSnapshots() {
            return instance.commitSnapshots();
        }

        /** Called once when the JDBC connection closes. */
        @Override
        public void release() {
            instance.release();
        }

        /**
         * Offered an engine connection of this instance whose JDBC connection closes with its session
         * untouched: true when the instance keeps it as a spare (in the lake already) for the next connect.
         */
        @Override
        public boolean takeBack(Connection c) {
            return instance.takeBack(c);
        }
    }

    public static EngineConnection connect(LakeConfig config) throws SQLException {
        SetupSteps.step("check the jar's platform", "", () -> {
            PlatformJar.checkHost();
            return null;
        });
        Object key = config.instanceKey();
        long timeout = config.integer(LakeProperty.LOGIN_TIMEOUT);
        while (true) {
            CompletableFuture<LakeInstance> future = INSTANCES.get(key);
            if (future == null) {
                CompletableFuture<LakeInstance> mine = new CompletableFuture<>();
                if (INSTANCES.putIfAbsent(key, mine) == null) {
                    try {
                        mine.complete(LakeInstance.open(config, () -> INSTANCES.remove(key, mine)));
                    } catch (SQLException | RuntimeException | Error e) {
                        INSTANCES.remove(key, mine);
                        mine.completeExceptionally(e);
                        throw e;
                    }
                }
                continue;
            }
            LakeInstance instance = await(future, timeout, config);
            if (instance.acquire()) {
                try {
                    boolean[] entered = new boolean[1];
                    Connection c = instance.newEngineConnection(entered);
                    return new EngineConnection(c, instance, entered[0]);
                } catch (SQLException | RuntimeException e) {
                    instance.release();
                    throw e;
                }
            }
            INSTANCES.remove(key, future);
        }
    }

    private static LakeInstance await(CompletableFuture<LakeInstance> future, long timeout, LakeConfig config)
            throws SQLException {
        try {
            return timeout > 0 ? future.get(timeout, TimeUnit.SECONDS) : future.get();
        } catch (TimeoutException e) {
            throw SqlErrors.create(
                    "Connect timed out after login_timeout=" + timeout + "s waiting for another connect to set up "
                            + config.maskedUrl(),
                    SqlState.CONNECTION_FAILURE,
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqlErrors.create(
                    "Interrupted while connecting to " + config.maskedUrl(), SqlState.CONNECTION_FAILURE, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException) {
                SQLException sql = (SQLException) cause;
                // The same failure, for this caller: a fresh exception so stack traces stay truthful.
                throw SqlErrors.create(sql.getMessage(), sql.getSQLState(), sql);
            }
            throw SqlErrors.create("Setting up the lake failed: " + cause, SqlState.INTERNAL_ERROR, cause);
        }
    }

    /**
     * What maintenance=auto did on the open instance of this configuration; empty when none is open (or it is
     * still being set up).
     */
    public static Optional<Maintenance> maintenance(LakeConfig config) {
        CompletableFuture<LakeInstance> future = INSTANCES.get(config.instanceKey());
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(future.join().maintenance());
    }

    /** How many instances are open (for tests and leak checks). */
    public static int openCount() {
        return INSTANCES.size();
    }
}
