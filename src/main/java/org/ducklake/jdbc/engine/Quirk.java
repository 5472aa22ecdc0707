package org.ducklake.jdbc.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The defects and limits of DuckDB, DuckLake and duckdb_jdbc that the driver works around, one constant each:
 * what goes wrong, the upstream issue ("none filed" where none is known), the versions it was seen on, the
 * driver classes that hold the workaround, and the tests that prove it. A workaround site names its constant
 * in a comment ({@code // Quirk.RENAME_AFTER_CHANGE}). Before moving to another DuckDB, walk this list: run each
 * proving test on the new version and drop a workaround whose defect is fixed upstream (see
 * docs/CONTRIBUTING.md, "Upgrading DuckDB"). QuirkRegistryTest checks that every class and test named here
 * exists.
 *
 * <p>Classes are named relative to {@code org.ducklake.jdbc} ({@code engine.CatalogGuard}); tests relative to
 * the same package, as {@code Class#method} or a whole {@code Class}. Sites in wrapper.LakeConnection,
 * wrapper.LakeStatement, wrapper.LakeResultSet and wrapper.BufferedRows carry no comment yet; the constants'
 * javadoc names the methods there.
 */
public enum Quirk {
    /**
     * Sites: CatalogGuard; LakeConnection and LakeStatement enter the guard around every statement, commit
     * and metadata query ({@code catalogEffectOf}, {@code CatalogGuard.Hold}).
     */
    SCHEMA_CHANGE_UNDER_LOAD(
            "A table, view or comment a transaction creates or changes points into a cached copy of the lake's"
                    + " schema, freed while the transaction is open when two connections load a new schema version"
                    + " at once or maintenance drops the cache: its COMMIT fails with \"Failed to get path for"
                    + " schema\", invalidates the database or crashes the JVM (SIGSEGV). Catalog changes run alone.",
            "duckdb/ducklake#1248",
            "DuckDB 1.5.5 (its DuckLake extension)",
            heldBy("engine.CatalogGuard", "wrapper.LakeConnection", "wrapper.LakeStatement"),
            provedBy(
                    "faults.SchemaChangesUnderLoadTest#postgresCatalog",
                    "faults.CatalogGuardLakeTest#maintenanceWaitsForAnotherConnectionsUncommittedSchemaChange",
                    "engine.CatalogGuardTest#aCatalogChangeWaitsForRunningStatementsAndNoneStartsWhileItWaitsOrRuns")),

    /** Sites: FreshPlans; LakePreparedStatement (replan before each execution, executeRows for batches). */
    STALE_PREPARED_PLAN(
            "A prepared plan points into DuckLake's schema cache, which can free that entry once the connection's"
                    + " next query ends; DuckDB re-binds only when the schema version changed, so running the plan"
                    + " again crashed the JVM (SIGSEGV), invalidated the database or gave a false binder error;"
                    + " DuckDB's object cache, which holds the schema copies, also empties whenever a statement reaches"
                    + " the memory limit, which the driver cannot see."
                    + " Each execution is planned again right before it runs (through duckdb_jdbc's private"
                    + " prepare and parameter array).",
            "none filed",
            "DuckDB 1.5.5 (its DuckLake extension), duckdb_jdbc 1.5.5.1",
            heldBy("engine.FreshPlans", "wrapper.LakePreparedStatement"),
            provedBy(
                    "faults.PreparedAcrossTransactionsTest#driverCanPlanStatementsAgain",
                    "faults.PreparedAcrossTransactionsTest#postgresCatalog",
                    "faults.PreparedAcrossTransactionsTest#duckDbFileCatalog",
                    "faults.PreparedSchemaChangesTest#postgresCatalog",
                    "engine.ObjectCacheEvictionTest#aStatementOutOfMemoryOnAnotherConnectionEmptiesTheObjectCache",
                    "wrapper.ReplanFailureTest#aPlanThatFailsInAutoCommitLeavesNothingAndTheConnectionGoesOn")),

    /** Sites: Transactions#commitOrEnd, Transactions#checkCommitBySql (the probe before every COMMIT). */
    SILENT_ROLLBACK_ON_COMMIT(
            "After a statement aborted a transaction (a constraint or a conversion error), DuckDB answers its"
                    + " COMMIT by rolling it back without an error, so a caller is told writes were stored that"
                    + " were not. Before every COMMIT the driver runs a statement that reads nothing, which DuckDB"
                    + " refuses in an aborted transaction, and fails the COMMIT with 40000.",
            "none filed",
            "DuckDB 1.5.5",
            heldBy("wrapper.Transactions"),
            provedBy("wrapper.CommitTruthTest")),

    /** Sites: SqlFacts#writingFunction, Transactions#checkReadOnly. */
    READ_ONLY_MAINTENANCE(
            "DuckLake's maintenance functions (ducklake_merge_adjacent_files and the others that write) run"
                    + " inside a READ ONLY transaction and commit their changes. A read-only connection refuses"
                    + " every DuckLake function not known to only read with 25006 before it reaches the engine.",
            "none filed",
            "DuckDB 1.5.5 (DuckLake 1.0)",
            heldBy("sql.SqlFacts", "wrapper.Transactions"),
            provedBy("wrapper.ReadOnlyTest#maintenanceFunctionsAreRefusedWhenReadOnly")),

    /** Sites: TableChanges; LakeConnection's rename check (the 0A000 "refused: DuckLake … would commit"). */
    RENAME_AFTER_CHANGE(
            "A table changed (ALTER, COMMENT) and then renamed in one transaction commits with a catalog no"
                    + " connection can attach again (\"Column with name … already exists!\"). The rename is refused"
                    + " before it reaches the engine; Liquibase change sets are checked before they run.",
            "duckdb/ducklake#1332",
            "DuckDB 1.5.5 (DuckLake 1.0)",
            heldBy(
                    "sql.TableChanges",
                    "wrapper.Transactions",
                    "liquibase.AlterThenRenameCheck",
                    "liquibase.AlterThenRenameCheckGenerator"),
            provedBy(
                    "wrapper.RenameAfterChangeTest#aRenameAfterAChangeInOneTransactionIsRefusedAndTheTransactionGoesOn",
                    "wrapper.RenameAfterChangeTest#oneTextABatchOrAPreparedRenameAreCheckedToo",
                    "liquibase.RefusedChangesTest#everyRefusalIsNamedAndNothingIsApplied")),

    /** Sites: EngineInternals#isOpen; LakeConnection (transactionOpen, the auto-commit checks that call isOpen). */
    STALE_TRANSACTION_FLAG(
            "DuckDBConnection clears its \"transaction running\" field only when COMMIT or ROLLBACK succeed: after"
                    + " a failed COMMIT no BEGIN is issued again and a manual-commit connection silently"
                    + " auto-commits. The driver reads the engine's own state through duckdb_jdbc's private native"
                    + " method (connRef, duckdb_jdbc_get_auto_commit).",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("engine.EngineInternals", "wrapper.LakeConnection", "wrapper.Transactions"),
            provedBy(
                    "wrapper.TransactionsTest#aFailedCommitDoesNotTurnLaterWorkIntoAutoCommits",
                    "wrapper.TransactionsTest#theEngineTransactionStateCanBeReadOnThisDuckDbVersion")),

    /** Sites: EngineInternals#tellDriver; LakeConnection (where it opens and ends a transaction). */
    BATCH_OWN_TRANSACTION(
            "duckdb_jdbc's executeBatch opens (and commits) a transaction of its own unless its private"
                    + " transactionRunning field says one runs. The driver sets that field around its own"
                    + " transactions, so a batch neither nests one nor commits the user's.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("engine.EngineInternals", "wrapper.Transactions"),
            provedBy(
                    "wrapper.TransactionsTest#aBatchInManualCommitModeBelongsToTheTransaction",
                    "wrapper.TransactionsTest#aFailedBatchInAutoCommitModeWritesNothing")),

    /** Sites: EngineInternals#interrupt, BoundedCalls, AutoMaintenance#stop, LakeConnection#close and #abort. */
    CANCEL_WAITS_FOR_LOCK(
            "duckdb_jdbc's Statement.cancel() waits for the connection's lock, which a statement stuck in a"
                    + " catalog or object-store call holds (a prepared statement's plan holds it while the catalog"
                    + " does not answer: cancel() waited as long). The driver interrupts the engine through the"
                    + " private native duckdb_jdbc_interrupt, for a time bound and for Statement.cancel() alike,"
                    + " and abandons a call that has not ended half a second after its bound.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("engine.EngineInternals", "engine.BoundedCalls", "wrapper.LakeStatement"),
            provedBy(
                    "faults.BoundedWaitsTest#aFrozenCatalogBoundsQueriesIsValidCommitAndClose",
                    "faults.BoundedWaitsTest#cancelReturnsAtOnceWhileTheStatementWaitsForAFrozenCatalog",
                    "errors.ErrorStatesTest#aQueryTimeoutAndACancelAre57014")),

    /** Sites: EngineInternals#failed and #mayFetch; LakeResultSet#next. */
    STREAM_FAILURE_LOOKS_LIKE_END(
            "A streamed result whose query fails while its rows are fetched ends as if the rows had run out"
                    + " (duckdb_jdbc's next() returns false). The driver sees the error on DuckDB's result (its"
                    + " private result reference and metadata call) and throws. The engine's text stays inside,"
                    + " so an interrupt the driver sent (a time bound, a cancel, the connection's close) reads"
                    + " like any failure: whoever interrupts a stream records why first (wrapper.StreamStop), and"
                    + " the stream fails with that cause's SQLState.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("engine.EngineInternals", "wrapper.LakeResultSet", "wrapper.StreamStop"),
            provedBy(
                    "wrapper.StreamingTest#theFirstRowsArriveBeforeTheEngineComputedTheRest",
                    "wrapper.StoppedStreamTest#aQueryTimeoutReachedWhileTheRowsAreReadIs57014",
                    "wrapper.StoppedStreamTest#closeOrAbortFromAnotherThreadStopsAFetchWith08003")),

    /** Sites: LakeStatement#cancel, LakeResultSet#stop and #fetchNext. */
    CANCEL_MISSES_FETCH(
            "duckdb_jdbc's Statement.cancel() interrupts the engine only while that statement object executes:"
                    + " a result whose rows are still being fetched (a stream) is not stopped, and its query runs to"
                    + " its end (40 s in the proving test). The driver stops the statement's streams itself: a fetch"
                    + " under way is interrupted, and the stream's reads fail with 57014 from then on.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakeStatement", "wrapper.LakeResultSet"),
            provedBy(
                    "wrapper.StoppedStreamTest#cancelStopsAFetchUnderWay",
                    "wrapper.StoppedStreamTest#cancelBetweenFetchesEndsTheStreamAtItsNextRow",
                    "wrapper.EarlyClosedStreamTest#aStreamCancelledBetweenItsFetchesEndsItsQueryAtItsNextRead")),

    /** Sites: AutoMaintenance#query. */
    EARLY_CLOSE_ROLLS_BACK(
            "An auto-commit query whose streamed result is closed before its last row is rolled back without an"
                    + " error: SELECT … FROM ducklake_flush_inlined_data('lake') read for one row and closed keeps"
                    + " none of its changes (the same query read to its end, or not streamed, keeps them)."
                    + " maintenance=auto reads every result to its end.",
            "none filed",
            "DuckDB 1.5.5, duckdb_jdbc 1.5.5.1",
            heldBy("instance.AutoMaintenance"),
            provedBy("faults.AutoMaintenanceTest#fileLakeShrinksToFewFilesWhileAnotherConnectionWrites")),

    /**
     * Sites: LakeResultSet#closeEngineResult (close, max rows, moving aside, scrollable results); the driver's
     * own one-row queries read to their end (Validity, LakeConnection#queryLong, LakeInstance).
     */
    EARLY_CLOSE_HOLDS_CATALOG_TRANSACTION(
            "An auto-commit query whose streamed result is closed before its last row is not ended until its"
                    + " connection runs the next statement: meanwhile the catalog's connection stays idle in a"
                    + " transaction (PostgreSQL: a REPEATABLE READ snapshot and its table locks) for as long as"
                    + " the connection is idle, and an engine connection used again carries it to its next user."
                    + " A point read (one next(), then close) or setMaxRows does this. The driver runs a statement"
                    + " of no effect when it closes such a result.",
            "none filed",
            "DuckDB 1.5.5, duckdb_jdbc 1.5.5.1 (its DuckLake and postgres extensions)",
            heldBy(
                    "wrapper.LakeResultSet",
                    "engine.EngineInternals",
                    "wrapper.Validity",
                    "wrapper.LakeConnection",
                    "instance.LakeInstance"),
            provedBy(
                    "wrapper.EarlyClosedStreamTest",
                    "faults.BoundedWaitsTest#aFrozenCatalogBoundsTheCloseOfAStreamBeforeItsEnd")),

    /** Sites: LakeStatement (moving a stream aside), BufferedRows, LakeConnection (before each use). */
    ONE_STREAM_PER_CONNECTION(
            "DuckDB runs one query per connection and a new statement ends an open stream. The driver reads the"
                    + " newest streaming result into memory (moves it aside) before anything else runs on the"
                    + " connection.",
            "none filed",
            "DuckDB 1.5.5, duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakeStatement", "wrapper.BufferedRows", "wrapper.LakeConnection"),
            provedBy(
                    "wrapper.StreamingTest#interleavedResultSetsAndMetadataOnOneConnection",
                    "wrapper.StreamingTest#aStatementPerRowWhileReadingAStreamAutoCommit")),

    /** Sites: LakeStatement (a fresh statement after a failed execute). */
    STATEMENT_CLOSED_AFTER_FAILURE(
            "duckdb_jdbc closes its statement when an execution fails, so the next call on it fails. The driver's"
                    + " statement opens a new one and stays usable.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakeStatement", "wrapper.LakePreparedStatement"),
            provedBy(
                    "wrapper.ForwardingTest#aStatementStaysUsableAfterAFailedExecute",
                    "wrapper.ForwardingTest#aPreparedStatementIsPreparedAgainAfterAFailedExecute")),

    /** Sites: LakeStatement (the row limit applied as rows are read). */
    MAX_ROWS_IGNORED(
            "duckdb_jdbc ignores setMaxRows. The driver applies the limit as the rows are read and closes the"
                    + " engine's result there, so the scan stops.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakeStatement"),
            provedBy(
                    "wrapper.StreamingTest#maxRowsEndTheScanAndFreeTheConnection",
                    "tools.DbApiTest#maxRowsIsHonouredAndFetchSizeAccepted")),

    /** Sites: Transactions#begin (READ ONLY); LakeConnection (setTransactionIsolation, setHoldability, setClientInfo). */
    CONNECTION_STATE_REFUSED(
            "duckdb_jdbc refuses read-only mode on an open connection, every isolation level, holdability and"
                    + " client info, which pools and tools set. The driver remembers isolation, holdability and"
                    + " client info without touching the engine, and runs read-only mode as READ ONLY"
                    + " transactions.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakeConnection"),
            provedBy(
                    "wrapper.ForwardingTest#connectionStateRoundTripsWithoutTouchingTheEngine",
                    "errors.ErrorStatesTest#connectionStateMethodsNeverThrowFeatureNotSupported")),

    /** Sites: LakeConnection#prepareCall, LakeCallableStatement. */
    NO_PREPARE_CALL(
            "duckdb_jdbc has no prepareCall and binds parameters by position only. A call is a prepared"
                    + " statement wrapped as a CallableStatement, with $name parameters bound through its named"
                    + " setters.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakeCallableStatement", "wrapper.LakeConnection", "sql.NamedParameters"),
            provedBy(
                    "wrapper.ForwardingTest#callableStatementIsAPreparedStatementWithoutOutParameters",
                    "wrapper.EscapesTest#callsRunDuckDbsCall",
                    "tools.DbApiTest#namedParametersThroughCallableStatementSetters")),

    /** Sites: LakeResultSet (getBytes/getString by label, the stream getters). */
    LOBS_BY_INDEX_ONLY(
            "duckdb_jdbc reads bytes and text by column index only and has no stream getters; tools read BLOB and"
                    + " text columns by label and as streams.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakeResultSet"),
            provedBy("wrapper.NamedStreamsTest#bytesAndTextCanBeReadByLabelAndAsStreams")),

    /** Sites: LakeDatabaseMetaData (the engine's version, read once). */
    VERSION_REPORTED_AS_1_0(
            "duckdb_jdbc's DatabaseMetaData reports major version 1, minor 0 whatever the engine. The driver"
                    + " parses the engine's own version.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakeDatabaseMetaData"),
            provedBy("tools.DbeaverSequenceTest#connectReadsIdentityCapabilitiesAndTypes")),

    /** Sites: SqlErrors (the state read off DuckDB's error type). */
    NO_SQLSTATE(
            "duckdb_jdbc leaves the SQLState of its exceptions null (SQLFeatureNotSupportedException included)."
                    + " The driver derives it from DuckDB's error type and message.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("errors.SqlErrors"),
            provedBy("errors.ErrorStatesTest#engineErrorsCarryTheirState", "errors.SqlErrorsTest")),

    /** Sites: LakePreparedStatement (setObject with a target type). */
    TYPED_SET_OBJECT(
            "duckdb_jdbc's setObject with a target type knows only some combinations: a LocalDate for Types.DATE"
                    + " is \"Unknown type\". Those values are bound as DuckDB binds them without a target type.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.LakePreparedStatement"),
            provedBy("wrapper.TypedSetObjectTest#javaTimeBinaryAndUuidValuesWithTheirTargetTypes")),

    /** Sites: DuckLakeDialect (LOB types). */
    NO_LOB_OBJECTS(
            "duckdb_jdbc has no Blob and Clob objects; the Hibernate dialect sends LOB-mapped values as byte[] and"
                    + " String.",
            "none filed",
            "duckdb_jdbc 1.5.5.1",
            heldBy("hibernate.DuckLakeDialect"),
            provedBy("hibernate.TypesTest#everyTypeRoundTripsThroughTheLake")),

    /** Sites: StagedBatch, LakePreparedStatement#executeBatch, EngineAppender. */
    BATCH_INLINES_EACH_ROW(
            "duckdb_jdbc's executeBatch runs a prepared INSERT once per row, which DuckLake inlines into the"
                    + " catalog row by row (about 1,500 rows/s). The driver appends the batch to a TEMP table and"
                    + " moves it with one INSERT … SELECT.",
            "none filed",
            "DuckDB 1.5.5, duckdb_jdbc 1.5.5.1",
            heldBy("wrapper.StagedBatch", "wrapper.LakePreparedStatement", "engine.EngineAppender"),
            provedBy(
                    "wrapper.BulkBatchTest#hundredThousandRowsInOneTransactionMakeAtMostTwoFilesAndInlineNothing",
                    "wrapper.BulkBatchTest#storedValuesEqualTheRowPathForEveryType")),

    /** Sites: EngineLock; LakeConnection and LakeStatement take it around commits and auto-commit writes. */
    CONCURRENT_COMMITS_COLLIDE(
            "DuckLake numbers a snapshot by reading the latest and adding one, so two connections of one engine"
                    + " committing at once collide (\"Duplicate key snapshot_id\") and fail after DuckLake's"
                    + " retries. An engine's commits are serialized.",
            "none filed",
            "DuckDB 1.5.5 (its DuckLake extension)",
            heldBy("engine.EngineLock", "wrapper.LakeConnection", "wrapper.LakeStatement"),
            provedBy("faults.WritersInOneJvmTest#concurrentAutoCommitInsertsOfOneInstanceNeverFail")),

    /** Sites: EngineLock#everyStatement, LakeInstance (entering the lake under the lock). */
    SQLITE_READER_WRITER_DEADLOCK(
            "On a SQLite catalog a reader and a writer of one engine each hold a SQLite lock the other waits for,"
                    + " until the busy timeout fails one (\"database is locked\"); plain DuckDB does the same. There"
                    + " every auto-commit statement takes the engine's lock.",
            "none filed",
            "DuckDB 1.5.5 (its DuckLake and sqlite extensions)",
            heldBy("engine.EngineLock", "instance.LakeInstance"),
            provedBy("faults.WritersInOneJvmTest#concurrentAutoCommitInsertsOfOneInstanceNeverFail")),

    /** Sites: LakeInstance (spares, newEngineConnection), LakeInstances.EngineConnection#reuse. */
    NO_STARTING_DATABASE(
            "A new DuckDB connection starts in the in-memory home database and cannot be made to start in an"
                    + " attached lake (USE is per connection; no default-database setting; detaching memory breaks"
                    + " later connections); USE costs a catalog round trip. The instance keeps spare connections"
                    + " that have run USE.",
            "none filed",
            "DuckDB 1.5.5",
            heldBy("instance.LakeInstance", "instance.LakeInstances"),
            provedBy("instance.EngineReuseTest#aConnectionLeftAsItWasServesTheNextConnect")),

    /** Sites: EngineSettings#AFTER_START. */
    TIMEZONE_NOT_AT_START(
            "DuckDB refuses TimeZone and Calendar as start-up configuration (they need the ICU extension, loaded"
                    + " once the engine runs). They are set right after start.",
            "none filed",
            "DuckDB 1.5.5",
            heldBy("instance.EngineSettings", "instance.SetupSql"),
            provedBy("instance.ConnectErrorsTest#duckDbSettingsInAnyCase")),

    /** Sites: LakeConfig#secretSettingRefused. */
    PROXY_PASSWORD_SHOWN(
            "httpfs takes an S3 request's proxy password only from the http_proxy_password setting or the S3"
                    + " secret, and shows both to any SQL; a redacted HTTP secret does not serve S3 requests. The"
                    + " property is refused.",
            "none filed",
            "DuckDB 1.5.5 (its httpfs extension)",
            heldBy("config.LakeConfig"),
            provedBy("config.LakeConfigTest#rejects")),

    /** Sites: LakeConfig#takeSslPassword. */
    SSLPASSWORD_IN_PATH(
            "An sslpassword in a PostgreSQL DSN shows in duckdb_databases().path. It is moved into the catalog"
                    + " secret, which DuckDB's postgres extension hands to libpq and shows redacted.",
            "none filed",
            "DuckDB 1.5.5 (its postgres extension)",
            heldBy("config.LakeConfig"),
            provedBy("config.LakeConfigTest#sslpasswordLeavesTheDsnForTheCatalogSecret")),

    /** Sites: LakeInstance#createLocalDirectory. */
    DATA_PATH_CREATED_LAZILY(
            "DuckLake creates a local data path lazily, and with external access off (sql_access=lake) DuckDB"
                    + " refuses to create the directory that holds the allowed one. The driver creates it before it"
                    + " locks SQL down.",
            "none filed",
            "DuckDB 1.5.5 (its DuckLake extension)",
            heldBy("instance.LakeInstance"),
            provedBy()),

    /** Sites: SqlErrors (the rule and the hint). */
    MYSQL_CATALOG_SECOND_WRITE(
            "On a MySQL catalog the second commit that writes to a table fails: DuckLake updates the table's"
                    + " statistics with an UPDATE the mysql extension cannot run (\"Unsupported operator type"
                    + " HASH_JOIN in UPDATE statement\"), with or without data inlining. The driver cannot work"
                    + " around it; the error is 0A000 and says so, and README lists MySQL catalogs as limited.",
            "duckdb/ducklake#51",
            "DuckDB 1.5.5 (its DuckLake and mysql extensions)",
            heldBy("errors.SqlErrors"),
            provedBy("instance.EndToEndTest#mysqlCatalogRefusesASecondWriteToATableClearly")),

    /** Sites: CatalogFile#missing, called by LakeInstance before ATTACH. */
    CATALOG_FILE_CREATED_WHEN_CREATE_DISABLED(
            "ATTACH 'ducklake:duckdb:<file>' (or sqlite:) with CREATE_IF_NOT_EXISTS false creates the missing"
                    + " catalog file, empty, before DuckLake refuses to create a lake in it. When the lake may not"
                    + " be created, the driver checks that a local catalog file exists and does not attach a"
                    + " missing one.",
            "none filed",
            "DuckDB 1.5.5 (its DuckLake extension)",
            heldBy("instance.CatalogFile", "instance.LakeInstance"),
            provedBy(
                    "doctor.DoctorTest#missingFileLakeFailsTheAttachWhenItMayNotBeCreated",
                    "doctor.DoctorTest#missingFileLakeIsReportedAndNotCreatedUnlessAsked",
                    "doctor.DoctorTest#missingSqliteLakeIsReportedAndNotCreated"));

    /** What the tests list holds when no test proves the workaround yet. */
    public static final String NO_TEST_YET = "no test yet";

    private final String description;
    private final String issue;
    private final String versions;
    private final List<String> driverClasses;
    private final List<String> tests;

    Quirk(String description, String issue, String versions, String[] driverClasses, String[] tests) {
        this.description = description;
        this.issue = issue;
        this.versions = versions;
        this.driverClasses = Collections.unmodifiableList(Arrays.asList(driverClasses));
        this.tests = tests.length == 0
                ? Collections.singletonList(NO_TEST_YET)
                : Collections.unmodifiableList(Arrays.asList(tests));
    }

    private static String[] heldBy(String... names) {
        return names;
    }

    private static String[] provedBy(String... names) {
        return names;
    }

    /** What goes wrong upstream, and what the driver does about it. */
    public String description() {
        return description;
    }

    /** The upstream issue ({@code owner/repo#number}), or "none filed". */
    public String issue() {
        return issue;
    }

    /** The DuckDB (and duckdb_jdbc or extension) versions it was seen on. */
    public String versions() {
        return versions;
    }

    /** The driver classes holding the workaround, relative to {@code org.ducklake.jdbc}. */
    public List<String> driverClasses() {
        return driverClasses;
    }

    /**
     * The tests proving the workaround, relative to {@code org.ducklake.jdbc}, as {@code Class#method} or
     * {@code Class}; {@link #NO_TEST_YET} alone when there is none.
     */
    public List<String> tests() {
        return tests;
    }
}
