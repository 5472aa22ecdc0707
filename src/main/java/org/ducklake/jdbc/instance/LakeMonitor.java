package org.ducklake.jdbc.instance;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.ducklake.jdbc.DuckLakeMXBean;

/**
 * The management view of one lake instance, registered in the platform MBean server while the instance is
 * open. Every attribute is read from the instance (its getters and its LakeStats) when asked: nothing is
 * copied, so an attribute added later (maintenance, …) is one getter of LakeInstance and one method here.
 *
 * <p>Named {@code org.ducklake.jdbc:type=Lake,name="<alias>@<masked catalog>"}; the value is always quoted
 * (ObjectName.quote), as a catalog DSN holds {@code =} and may hold {@code , : " * ?}. A name taken already (a
 * second instance of the same alias and catalog with another data path or setting, or anyone's bean) gets
 * {@code ,instance=2}, 3, … appended. Registration never fails a connect: a refusal is logged.
 */
final class LakeMonitor implements DuckLakeMXBean {
    private static final Logger LOG = Logger.getLogger(LakeInstance.class.getName());
    static final String DOMAIN = "org.ducklake.jdbc";
    /** Names tried before giving up (instance=2 … instance=MAX_TRIES). */
    private static final int MAX_TRIES = 100;

    private final LakeInstance instance;
    private final Instant openedAt = Instant.now();
    private volatile ObjectName registered;

    LakeMonitor(LakeInstance instance) {
        this.instance = instance;
    }

    /** The name without an instance number: {@code type=Lake,name="<alias>@<target>"}. */
    static ObjectName baseName(String alias, String target) throws JMException {
        return new ObjectName(DOMAIN + ":type=Lake,name=" + ObjectName.quote(alias + "@" + target));
    }

    /** Whether prepareServer has run (it starts the server's making once per JVM). */
    private static final AtomicBoolean SERVER_REQUESTED = new AtomicBoolean();

    /**
     * Starts making the JVM's platform MBean server on a background thread, once: the first time costs a few hundred
     * milliseconds in a fresh JVM, which a first connect would otherwise pay on its own thread at {@link #register}.
     * Called when a lake's set-up begins, so register finds the server made (or waits for the rest of it); nothing
     * changes for a JVM that never connects.
     */
    static void prepareServer() {
        if (SERVER_REQUESTED.compareAndSet(false, true)) {
            try {
                Background.WORK.execute(() -> {
                    try {
                        ManagementFactory.getPlatformMBeanServer();
                    } catch (RuntimeException | Error e) {
                        // register() meets the same failure, and reports it
                    }
                });
            } catch (RuntimeException e) {
                // no thread: register() makes the server itself
            }
        }
    }

    /** Registers this view under the first free name; logs and goes on when the server refuses. */
    void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName base = baseName(getAlias(), getTarget());
            for (int n = 1; n <= MAX_TRIES; n++) {
                ObjectName name = n == 1 ? base : new ObjectName(base + ",instance=" + n);
                try {
                    server.registerMBean(this, name);
                    registered = name;
                    LOG.log(Level.FINE, "registered {0}", name);
                    return;
                } catch (InstanceAlreadyExistsException taken) {
                    // another instance of the same alias and catalog: try the next number
                }
            }
            LOG.log(Level.WARNING, "no free JMX name for lake instance {0}: not registered", base);
        } catch (JMException | RuntimeException | Error e) {
            // A security manager or a server that refuses: monitoring is not worth a failed connect.
            LOG.log(Level.WARNING, "could not register the JMX view of a lake instance: " + e, e);
        }
    }

    void unregister() {
        ObjectName name = registered;
        if (name == null) {
            return;
        }
        registered = null;
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "could not unregister " + name, e);
        }
    }

    /** The name it is registered under, or null. */
    ObjectName name() {
        return registered;
    }

    @Override
    public String getAlias() {
        return instance.config().alias();
    }

    @Override
    public String getTarget() {
        return instance.config().maskedTarget();
    }

    @Override
    public String getCatalogType() {
        return instance.config().catalogType().prefix();
    }

    @Override
    public String getOpenedAt() {
        return openedAt.toString();
    }

    @Override
    public long getUptimeSeconds() {
        return Instant.now().getEpochSecond() - openedAt.getEpochSecond();
    }

    @Override
    public long getIdleTimeoutSeconds() {
        return instance.idleTimeoutSeconds();
    }

    @Override
    public int getOpenConnections() {
        return instance.openConnections();
    }

    @Override
    public long getStatementsRunning() {
        return instance.stats().statementsRunning.sum();
    }

    @Override
    public long getCommits() {
        return instance.stats().commits.sum();
    }

    @Override
    public long getCommitConflicts() {
        return instance.stats().commitConflicts.sum();
    }

    @Override
    public long getFailedCommits() {
        return instance.stats().failedCommits.sum();
    }

    @Override
    public long getAbandonedCalls() {
        return instance.stats().abandonedCalls.sum();
    }

    @Override
    public long getEngineReuses() {
        return instance.stats().engineReuses.sum();
    }

    @Override
    public boolean isMaintenanceEnabled() {
        return instance.maintenance().enabled();
    }

    @Override
    public long getMaintenanceRuns() {
        return instance.maintenance().runs();
    }

    @Override
    public long getMaintenanceFailures() {
        return instance.maintenance().failures();
    }

    @Override
    public long getMaintenanceSkipped() {
        return instance.maintenance().skipped();
    }

    @Override
    public long getMaintenanceConflictsRetried() {
        return instance.maintenance().conflictsRetried();
    }

    @Override
    public String getMaintenanceLastRun() {
        long at = instance.maintenance().lastRunEpochMillis();
        return at == 0 ? "" : Instant.ofEpochMilli(at).toString();
    }

    @Override
    public long getMaintenanceLastRunMillis() {
        return instance.maintenance().lastRunMillis();
    }

    @Override
    public String getMaintenanceLastResult() {
        String result = instance.maintenance().lastResult();
        return result == null ? "" : result;
    }

    @Override
    public long getMaintenanceFilesBefore() {
        return instance.maintenance().filesBefore();
    }

    @Override
    public long getMaintenanceFilesAfter() {
        return instance.maintenance().filesAfter();
    }
}
