package org.ducklake.jdbc;

/**
 * The management view of one lake instance (one shared engine per lake configuration), registered in the
 * platform MBean server as {@code org.ducklake.jdbc:type=Lake,name="<alias>@<catalog>"} while the instance
 * is open. A second instance of the same alias and catalog (another data path or setting) gets
 * {@code ,instance=2} appended, and so on. Nothing in the name or an attribute is secret: the catalog is
 * shown without its password and other sensitive keys.
 *
 * <p>Read it remotely or in-process with {@code JMX.newMXBeanProxy(server, name, DuckLakeMXBean.class)};
 * docs/operating.md has the example and what each attribute counts.
 */
public interface DuckLakeMXBean {
    /** The lake's alias (the {@code alias} property): the catalog name its connections use. */
    String getAlias();

    /** The catalog, without secrets, e.g. {@code postgres:host=127.0.0.1 port=5432 dbname=lakehouse}. */
    String getTarget();

    /** The catalog's type: {@code duckdb}, {@code sqlite}, {@code postgres} or {@code mysql}. */
    String getCatalogType();

    /** When the instance opened, ISO-8601 (UTC). */
    String getOpenedAt();

    /** Seconds since the instance opened. */
    long getUptimeSeconds();

    /** The instance's {@code instance_idle_timeout} in seconds: how long it stays open without connections. */
    long getIdleTimeoutSeconds();

    /** JDBC connections open on the instance. */
    int getOpenConnections();

    /** Statements executing now on the instance's connections. */
    long getStatementsRunning();

    /** Transactions committed, each COMMIT the driver ran or saw succeed (auto-commit writes included). */
    long getCommits();

    /** Commits that failed with a conflict (SQLState 40001): another transaction changed the same thing. */
    long getCommitConflicts();

    /** Commits that failed otherwise: 40000 (a statement had aborted the transaction), a lost catalog, … */
    long getFailedCommits();

    /** Calls into the engine given up after their time bound, each abandoning its connection. */
    long getAbandonedCalls();

    /** Engine connections handed back by a closed JDBC connection and given to a later connect. */
    long getEngineReuses();

    /** Whether the instance runs maintenance by itself ({@code maintenance=auto} on a lake it may write). */
    boolean isMaintenanceEnabled();

    /** Maintenance runs that ran all their steps. */
    long getMaintenanceRuns();

    /** Maintenance runs that failed: an error, the run's time bound, or conflicts left after the retries. */
    long getMaintenanceFailures();

    /** Maintenance runs given up before their first change because the lake was busy; tried again later. */
    long getMaintenanceSkipped();

    /** Maintenance statements tried again after a commit conflict with another writer. */
    long getMaintenanceConflictsRetried();

    /** When the last maintenance run ended, ISO-8601 (UTC); empty before the first. */
    String getMaintenanceLastRun();

    /** How long the last maintenance run took, in milliseconds. */
    long getMaintenanceLastRunMillis();

    /** The last run's outcome in a few words ({@code ok: …}, {@code skipped: …}, {@code failed: …}), or why none runs. */
    String getMaintenanceLastResult();

    /** The lake's live data files before the last maintenance run that counted them; -1 before the first. */
    long getMaintenanceFilesBefore();

    /** The lake's live data files after the last maintenance run that counted them; -1 before the first. */
    long getMaintenanceFilesAfter();
}
