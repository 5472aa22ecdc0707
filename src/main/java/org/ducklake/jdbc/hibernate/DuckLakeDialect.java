package org.ducklake.jdbc.hibernate;

import static org.hibernate.type.SqlTypes.BIGINT;
import static org.hibernate.type.SqlTypes.BINARY;
import static org.hibernate.type.SqlTypes.BLOB;
import static org.hibernate.type.SqlTypes.BOOLEAN;
import static org.hibernate.type.SqlTypes.CHAR;
import static org.hibernate.type.SqlTypes.CLOB;
import static org.hibernate.type.SqlTypes.DATE;
import static org.hibernate.type.SqlTypes.DECIMAL;
import static org.hibernate.type.SqlTypes.DOUBLE;
import static org.hibernate.type.SqlTypes.FLOAT;
import static org.hibernate.type.SqlTypes.INTEGER;
import static org.hibernate.type.SqlTypes.JSON;
import static org.hibernate.type.SqlTypes.LONG32NVARCHAR;
import static org.hibernate.type.SqlTypes.LONG32VARBINARY;
import static org.hibernate.type.SqlTypes.LONG32VARCHAR;
import static org.hibernate.type.SqlTypes.NCHAR;
import static org.hibernate.type.SqlTypes.NCLOB;
import static org.hibernate.type.SqlTypes.NUMERIC;
import static org.hibernate.type.SqlTypes.NVARCHAR;
import static org.hibernate.type.SqlTypes.REAL;
import static org.hibernate.type.SqlTypes.SMALLINT;
import static org.hibernate.type.SqlTypes.TIME;
import static org.hibernate.type.SqlTypes.TIMESTAMP;
import static org.hibernate.type.SqlTypes.TIMESTAMP_UTC;
import static org.hibernate.type.SqlTypes.TIMESTAMP_WITH_TIMEZONE;
import static org.hibernate.type.SqlTypes.TIME_UTC;
import static org.hibernate.type.SqlTypes.TIME_WITH_TIMEZONE;
import static org.hibernate.type.SqlTypes.TINYINT;
import static org.hibernate.type.SqlTypes.UUID;
import static org.hibernate.type.SqlTypes.VARBINARY;
import static org.hibernate.type.SqlTypes.VARCHAR;

import jakarta.persistence.TemporalType;
import java.sql.Types;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import org.hibernate.LockMode;
import org.hibernate.LockOptions;
import org.hibernate.Locking;
import org.hibernate.UnsupportedLockAttemptException;
import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.NationalizationSupport;
import org.hibernate.dialect.NullOrdering;
import org.hibernate.dialect.TimeZoneSupport;
import org.hibernate.dialect.identity.IdentityColumnSupport;
import org.hibernate.dialect.lock.LockingStrategy;
import org.hibernate.dialect.lock.spi.LockingSupport;
import org.hibernate.dialect.pagination.LimitHandler;
import org.hibernate.dialect.pagination.LimitOffsetLimitHandler;
import org.hibernate.dialect.temptable.StandardLocalTemporaryTableStrategy;
import org.hibernate.dialect.temptable.TemporaryTableStrategy;
import org.hibernate.dialect.unique.UniqueDelegate;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.env.spi.NameQualifierSupport;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Index;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.spi.RuntimeModelCreationContext;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.common.TemporalUnit;
import org.hibernate.query.sqm.IntervalType;
import org.hibernate.query.sqm.mutation.internal.temptable.LocalTemporaryTableInsertStrategy;
import org.hibernate.query.sqm.mutation.internal.temptable.LocalTemporaryTableMutationStrategy;
import org.hibernate.query.sqm.mutation.spi.SqmMultiTableInsertStrategy;
import org.hibernate.query.sqm.mutation.spi.SqmMultiTableMutationStrategy;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.sql.ast.SqlAstTranslator;
import org.hibernate.sql.ast.SqlAstTranslatorFactory;
import org.hibernate.sql.ast.spi.SqlAppender;
import org.hibernate.sql.ast.spi.StandardSqlAstTranslatorFactory;
import org.hibernate.sql.ast.tree.Statement;
import org.hibernate.sql.exec.spi.JdbcOperation;
import org.hibernate.tool.schema.spi.Exporter;
import org.hibernate.tool.schema.spi.TableMigrator;
import org.hibernate.type.descriptor.jdbc.BlobJdbcType;
import org.hibernate.type.descriptor.jdbc.ClobJdbcType;
import org.hibernate.type.descriptor.jdbc.JsonJdbcType;
import org.hibernate.type.descriptor.jdbc.TimestampUtcAsOffsetDateTimeJdbcType;
import org.hibernate.type.descriptor.jdbc.UUIDJdbcType;
import org.hibernate.type.descriptor.sql.internal.DdlTypeImpl;

/**
 * The Hibernate ORM 7 dialect for a DuckLake lake reached through ducklake-jdbc: DuckDB's SQL, types and functions,
 * and DuckLake's limits. Hibernate picks it by itself ({@link DuckLakeDialectResolver}); naming it in
 * {@code hibernate.dialect} works too.
 *
 * <p>It extends {@link Dialect}, not {@code PostgreSQLDialect}, although DuckDB's SQL looks like PostgreSQL's: the
 * PostgreSQL dialect binds JSON, intervals, inet and structs through pgjdbc's {@code PGobject} when pgjdbc is on the
 * class path (which DuckDB cannot take), emits {@code jsonb}, {@code bytea}, sequences, {@code for update},
 * identity columns and CTE-based bulk mutations, and reads {@code pg_catalog}; each would have to be found and
 * overridden, and a new Hibernate release could add another. Starting from {@link Dialect}, every mapping below is
 * one this class states.
 *
 * <p>What DuckLake refuses, and what this dialect does instead:
 * <ul>
 *   <li>PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK and indexes: not written ({@link LakeTableExporter},
 *       {@link NoConstraintExporter}, {@link NoUniqueConstraints}); NOT NULL is. Nothing is enforced but NOT NULL.
 *   <li>Sequences: none, so {@code SEQUENCE}/{@code AUTO} ids come from Hibernate's one-row table per sequence,
 *       which is safe: two transactions that take the same value both update that row, and DuckLake fails the
 *       later commit (SQLState 40001) instead of letting both have it.
 *   <li>Identity columns: refused at start-up ({@link NoIdentityColumns}). {@code GenerationType.TABLE}: refused at
 *       start-up ({@link #applyLocksToSql}), because a key's first use inserts its row and, without a primary key,
 *       two writers can both insert it and hand out the same ids.
 *   <li>Row locks ({@code for update}): none; pessimistic lock modes are refused, not silently ignored.
 *   <li>ADD COLUMN with NOT NULL: schema update adds new columns as nullable ({@link LakeTableMigrator}).
 * </ul>
 */
public class DuckLakeDialect extends Dialect {
    /** The DuckDB that ducklake-jdbc runs (1.5.x, whose ducklake extension writes DuckLake 1.0). */
    private static final DatabaseVersion MINIMUM_VERSION = DatabaseVersion.make(1, 5);

    private static final int NANOS_PER_MICROSECOND = 1_000;

    /** The constructor Hibernate calls when it resolves the dialect from a connection. */
    public DuckLakeDialect(DialectResolutionInfo info) {
        super(info);
    }

    /** For {@code hibernate.dialect=org.ducklake.jdbc.hibernate.DuckLakeDialect} without a connection at start-up. */
    public DuckLakeDialect() {
        super(MINIMUM_VERSION);
    }

    @Override
    protected DatabaseVersion getMinimumSupportedVersion() {
        return MINIMUM_VERSION;
    }

    // types ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

    /**
     * DuckDB's own type names, so schema validation finds the names the catalog reports. Strings have no length
     * ({@code varchar(255)} would be accepted and ignored: DuckDB does not enforce it), timestamps no precision
     * (DuckDB's are microseconds), {@code char(n)} is a varchar (DuckDB pads nothing), LOBs are the plain types.
     */
    @Override
    protected String columnType(int sqlTypeCode) {
        switch (sqlTypeCode) {
            case BOOLEAN:
                return "boolean";
            case TINYINT:
                return "tinyint";
            case SMALLINT:
                return "smallint";
            case INTEGER:
                return "integer";
            case BIGINT:
                return "bigint";
            case FLOAT:
                // float(p): DuckDB makes p <= 24 a FLOAT and anything wider a DOUBLE.
                return "float($p)";
            case REAL:
                return "float";
            case DOUBLE:
                return "double";
            case NUMERIC:
            case DECIMAL:
                return "decimal($p,$s)";
            case DATE:
                return "date";
            case TIME:
            case TIME_UTC:
                return "time";
            case TIME_WITH_TIMEZONE:
                return "time with time zone";
            case TIMESTAMP:
                return "timestamp";
            case TIMESTAMP_WITH_TIMEZONE:
            case TIMESTAMP_UTC:
                return "timestamp with time zone";
            case CHAR:
            case NCHAR:
            case VARCHAR:
            case NVARCHAR:
            case CLOB:
            case NCLOB:
            case LONG32VARCHAR:
            case LONG32NVARCHAR:
                return "varchar";
            case BINARY:
            case VARBINARY:
            case BLOB:
            case LONG32VARBINARY:
                return "blob";
            default:
                return super.columnType(sqlTypeCode);
        }
    }

    @Override
    protected void registerColumnTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.registerColumnTypes(typeContributions, serviceRegistry);
        var ddlTypes = typeContributions.getTypeConfiguration().getDdlTypeRegistry();
        ddlTypes.addDescriptor(new DdlTypeImpl(UUID, "uuid", this));
        ddlTypes.addDescriptor(new DdlTypeImpl(JSON, "json", this));
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        var jdbcTypes = typeContributions.getTypeConfiguration().getJdbcTypeRegistry();
        // UUID as DuckDB's UUID (setObject/getObject(UUID.class)), not Hibernate's fallback of 16 bytes.
        jdbcTypes.addDescriptor(UUIDJdbcType.INSTANCE);
        jdbcTypes.addDescriptor(JsonJdbcType.INSTANCE);
        // Instants and UTC-normalized OffsetDateTimes go to TIMESTAMPTZ as OffsetDateTime values, which DuckDB's
        // driver binds and reads as instants; a java.sql.Timestamp would be read as local time by a TIMESTAMPTZ
        // cast and shift by the session's time zone.
        jdbcTypes.addDescriptor(TimestampUtcAsOffsetDateTimeJdbcType.INSTANCE);
        jdbcTypes.addDescriptor(DirectJavaTime.Date.INSTANCE);
        jdbcTypes.addDescriptor(DirectJavaTime.Time.INSTANCE);
        jdbcTypes.addDescriptor(DirectJavaTime.Timestamp.INSTANCE);
        jdbcTypes.addDescriptor(DirectJavaTime.ZonedDateTimeColumn.INSTANCE);
        jdbcTypes.addDescriptor(DirectJavaTime.InstantColumn.INSTANCE);
        // Quirk.NO_LOB_OBJECTS
        // DuckDB's driver has no Blob/Clob objects: LOB-mapped values travel as byte[] and String.
        jdbcTypes.addDescriptor(Types.BLOB, BlobJdbcType.PRIMITIVE_ARRAY_BINDING);
        jdbcTypes.addDescriptor(Types.CLOB, ClobJdbcType.STRING_BINDING);
        jdbcTypes.addDescriptor(Types.NCLOB, ClobJdbcType.STRING_BINDING);
    }

    @Override
    public int getMaxVarcharLength() {
        // DuckDB's VARCHAR has no length limit that matters (up to 4 GB).
        return Integer.MAX_VALUE;
    }

    @Override
    public int getMaxVarbinaryLength() {
        return Integer.MAX_VALUE;
    }

    @Override
    public NationalizationSupport getNationalizationSupport() {
        return NationalizationSupport.IMPLICIT;
    }

    /** TIMESTAMPTZ stores the instant and renders it in the session's zone, without keeping the offset. */
    @Override
    public TimeZoneSupport getTimeZoneSupport() {
        return TimeZoneSupport.NORMALIZE;
    }

    @Override
    public long getFractionalSecondPrecisionInNanos() {
        return NANOS_PER_MICROSECOND;
    }

    @Override
    public void appendBooleanValueString(SqlAppender appender, boolean bool) {
        appender.appendSql(bool ? "true" : "false");
    }

    @Override
    public void appendBinaryLiteral(SqlAppender appender, byte[] bytes) {
        DuckDbLiterals.appendBinary(appender, bytes);
    }

    @Override
    public boolean supportsTemporalLiteralOffset() {
        return true;
    }

    @Override
    public void appendDateTimeLiteral(
            SqlAppender appender,
            TemporalAccessor temporalAccessor,
            @SuppressWarnings("deprecation") TemporalType precision,
            TimeZone jdbcTimeZone) {
        DuckDbLiterals.appendDateTime(appender, temporalAccessor, precision, jdbcTimeZone);
    }

    @Override
    public void appendDateTimeLiteral(
            SqlAppender appender,
            Date date,
            @SuppressWarnings("deprecation") TemporalType precision,
            TimeZone jdbcTimeZone) {
        DuckDbLiterals.appendDateTime(appender, date, precision, jdbcTimeZone);
    }

    @Override
    public void appendDateTimeLiteral(
            SqlAppender appender,
            Calendar calendar,
            @SuppressWarnings("deprecation") TemporalType precision,
            TimeZone jdbcTimeZone) {
        DuckDbLiterals.appendDateTime(appender, calendar, precision, jdbcTimeZone);
    }

    // functions ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

    @Override
    public void initializeFunctionRegistry(FunctionContributions functionContributions) {
        super.initializeFunctionRegistry(functionContributions);
        DuckDbFunctions.register(functionContributions);
    }

    @Override
    public void appendDatetimeFormat(SqlAppender appender, String format) {
        appender.appendSql(StrftimeFormat.of(format));
    }

    @Override
    public String extractPattern(TemporalUnit unit) {
        String pattern = DuckDbFunctions.extractPattern(unit);
        return pattern != null ? pattern : super.extractPattern(unit);
    }

    @Override
    public String translateExtractField(TemporalUnit unit) {
        switch (unit) {
            case DAY_OF_MONTH:
                return "day";
            case DAY_OF_YEAR:
                return "doy";
            case DAY_OF_WEEK:
                return "dow";
            default:
                return super.translateExtractField(unit);
        }
    }

    @Override
    public String translateDurationField(TemporalUnit unit) {
        return unit == TemporalUnit.NATIVE ? "microsecond" : super.translateDurationField(unit);
    }

    @Override
    @SuppressWarnings("deprecation") // TemporalType: Hibernate's signature
    public String timestampdiffPattern(TemporalUnit unit, TemporalType fromTemporalType, TemporalType toTemporalType) {
        return DuckDbFunctions.timestampdiffPattern(unit);
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"}) // TemporalType, IntervalType: Hibernate's signature
    public String timestampaddPattern(TemporalUnit unit, TemporalType temporalType, IntervalType intervalType) {
        return DuckDbFunctions.timestampaddPattern(unit, temporalType);
    }

    @Override
    public String currentTime() {
        return "localtime";
    }

    @Override
    public String currentTimestamp() {
        return "localtimestamp";
    }

    @Override
    public String currentLocalTime() {
        return "localtime";
    }

    @Override
    public String currentLocalTimestamp() {
        return "localtimestamp";
    }

    @Override
    public String currentTimestampWithTimeZone() {
        return "current_timestamp";
    }

    @Override
    public NullOrdering getNullOrdering() {
        // DuckDB's default_null_order is NULLS LAST for both directions.
        return NullOrdering.LAST;
    }

    @Override
    public boolean supportsDistinctFromPredicate() {
        return true;
    }

    @Override
    public boolean supportsCaseInsensitiveLike() {
        return true;
    }

    @Override
    public String getCaseInsensitiveLike() {
        return "ilike";
    }

    @Override
    public boolean supportsWindowFunctions() {
        return true;
    }

    @Override
    public boolean supportsValuesList() {
        return true;
    }

    @Override
    public boolean supportsIsTrue() {
        return true;
    }

    @Override
    public SqlAstTranslatorFactory getSqlAstTranslatorFactory() {
        return new StandardSqlAstTranslatorFactory() {
            @Override
            protected <T extends JdbcOperation> SqlAstTranslator<T> buildTranslator(
                    SessionFactoryImplementor sessionFactory, Statement statement) {
                return new DuckLakeSqlAstTranslator<>(sessionFactory, statement);
            }
        };
    }

    @Override
    public LimitHandler getLimitHandler() {
        return LimitOffsetLimitHandler.INSTANCE;
    }

    // ids ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

    @Override
    public IdentityColumnSupport getIdentityColumnSupport() {
        return NoIdentityColumns.INSTANCE;
    }

    // (getSequenceSupport stays Dialect's NoSequenceSupport: sequences become one-row tables.)

    @Override
    public String getSelectGUIDString() {
        return "select uuid()";
    }

    // locking ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

    @Override
    public LockingSupport getLockingSupport() {
        return NoRowLocks.INSTANCE;
    }

    /**
     * No lock clause exists, so none is written. Hibernate's sequence table appends this to its
     * {@code select next_val}; its {@code update … where next_val = ?} and DuckLake's commit-time conflict check
     * are what keep two allocations apart.
     */
    @Override
    public String getForUpdateString() {
        return "";
    }

    /** A locking select built outside the SQL translator: only Hibernate's table generator asks for one. */
    @Override
    @SuppressWarnings("removal") // LockOptions: Hibernate's signature
    public String applyLocksToSql(String sql, LockOptions lockOptions, Map<String, String[]> keyColumnNames) {
        if (lockOptions != null && lockOptions.getLockMode().isPessimistic()) {
            throw new UnsupportedLockAttemptException(Refusals.lockingSelect());
        }
        return sql;
    }

    /** Locking an entity already loaded: optimistic modes as usual, pessimistic ones refused. */
    @Override
    @SuppressWarnings("removal") // Locking.Scope: Hibernate's signature
    public LockingStrategy getLockingStrategy(EntityPersister lockable, LockMode lockMode, Locking.Scope lockScope) {
        if (lockMode.isPessimistic()) {
            throw new UnsupportedLockAttemptException(Refusals.pessimisticLock(lockMode));
        }
        return super.getLockingStrategy(lockable, lockMode, lockScope);
    }

    // DDL ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

    private final Exporter<Table> tableExporter = new LakeTableExporter(this);
    private final TableMigrator tableMigrator = new LakeTableMigrator(this);
    private final Exporter<ForeignKey> noForeignKeys = new NoConstraintExporter<>();
    private final Exporter<UniqueKey> noUniqueKeys = new NoConstraintExporter<>();
    private final Exporter<Index> noIndexes = new NoConstraintExporter<>();
    private final UniqueDelegate noUniqueConstraints = new NoUniqueConstraints();

    @Override
    public Exporter<Table> getTableExporter() {
        return tableExporter;
    }

    @Override
    public TableMigrator getTableMigrator() {
        return tableMigrator;
    }

    @Override
    public Exporter<ForeignKey> getForeignKeyExporter() {
        return noForeignKeys;
    }

    @Override
    public Exporter<UniqueKey> getUniqueKeyExporter() {
        return noUniqueKeys;
    }

    @Override
    public Exporter<Index> getIndexExporter() {
        return noIndexes;
    }

    @Override
    public UniqueDelegate getUniqueDelegate() {
        return noUniqueConstraints;
    }

    @Override
    public boolean supportsColumnCheck() {
        return false;
    }

    @Override
    public boolean supportsTableCheck() {
        return false;
    }

    @Override
    public boolean supportsUniqueConstraints() {
        return false;
    }

    @Override
    public boolean dropConstraints() {
        return false;
    }

    @Override
    public boolean supportsCascadeDelete() {
        return false;
    }

    @Override
    public boolean supportsIfExistsBeforeTableName() {
        return true;
    }

    @Override
    public boolean supportsIfExistsAfterAlterTable() {
        return true;
    }

    @Override
    public boolean supportsCommentOn() {
        return true;
    }

    @Override
    public boolean canCreateSchema() {
        return true;
    }

    @Override
    public NameQualifierSupport getNameQualifierSupport() {
        return NameQualifierSupport.BOTH;
    }

    // bulk mutations of entities that span tables ~~~~~~~~~~~~~~~~~~~~~~~~~~~~

    /**
     * Hibernate's default keeps the ids of a multi-table bulk update in permanent helper tables, which would be
     * created in the lake; DuckDB's local temporary tables live in the connection's {@code temp} catalog instead.
     */
    @Override
    public SqmMultiTableMutationStrategy getFallbackSqmMutationStrategy(
            EntityMappingType entityDescriptor, RuntimeModelCreationContext runtimeModelCreationContext) {
        return new LocalTemporaryTableMutationStrategy(entityDescriptor, runtimeModelCreationContext);
    }

    @Override
    public SqmMultiTableInsertStrategy getFallbackSqmInsertStrategy(
            EntityMappingType entityDescriptor, RuntimeModelCreationContext runtimeModelCreationContext) {
        return new LocalTemporaryTableInsertStrategy(entityDescriptor, runtimeModelCreationContext);
    }

    @Override
    public TemporaryTableStrategy getLocalTemporaryTableStrategy() {
        return StandardLocalTemporaryTableStrategy.INSTANCE;
    }
}
