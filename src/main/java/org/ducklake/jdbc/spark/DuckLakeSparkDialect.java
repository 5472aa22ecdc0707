package org.ducklake.jdbc.spark;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.apache.spark.sql.execution.datasources.jdbc.JDBCOptions;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.jdbc.JdbcType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.Function1;
import scala.Option;
import scala.runtime.AbstractFunction1;

/**
 * Spark's JDBC data source on a lake: the column types Spark creates and reads, identifier quoting, TRUNCATE for
 * {@code overwrite} with {@code truncate=true}, LIMIT/OFFSET push-down, and timestamps that keep their instant or
 * their wall time whatever zone Spark's JVM runs in.
 *
 * <p>Spark 4.3 loads it through {@code META-INF/services/org.apache.spark.sql.jdbc.JdbcDialect} when the driver jar
 * is on its class path as it starts; otherwise {@link #register()} (or {@code JdbcDialects.registerDialect(new
 * DuckLakeSparkDialect())}) before the first read or write. All instances are equal, so registering again replaces
 * the one registered rather than adding a second.
 *
 * <p>Without it Spark's generic dialect creates {@code BIT(1)} for booleans and {@code BYTE} for bytes (DuckLake
 * has neither), {@code TIMESTAMP} (no zone) for Spark's instant-valued {@code TimestampType}, and drops the table on
 * {@code overwrite} even with {@code truncate=true}; and it cannot read TIMESTAMPTZ, UUID, HUGEINT or list columns.
 */
public class DuckLakeSparkDialect extends JdbcDialect {
    private static final long serialVersionUID = 1L;

    static final String URL_PREFIX = "jdbc:ducklake:";

    /** DuckDB's largest DECIMAL precision, Spark's too. */
    static final int MAX_DECIMAL_PRECISION = 38;

    /** A TIMESTAMPTZ literal at UTC, to the microsecond (DuckDB's resolution). */
    private static final DateTimeFormatter UTC_LITERAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .appendLiteral("+00")
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter WALL_LITERAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .toFormatter(Locale.ROOT);

    /** Registers the dialect with Spark (again: the registered one is replaced). */
    public static void register() {
        JdbcDialects.registerDialect(new DuckLakeSparkDialect());
    }

    @Override
    public boolean canHandle(String url) {
        return url.startsWith(URL_PREFIX);
    }

    /** The column type Spark creates for a Spark type; empty for Spark's own choice (VARCHAR(n), CHAR(n)). */
    @Override
    public Option<JdbcType> getJDBCType(DataType dt) {
        String sql = lakeType(dt);
        return sql == null ? Option.empty() : Option.apply(new JdbcType(sql, nullType(dt)));
    }

    static String lakeType(DataType dt) {
        if (dt instanceof BooleanType) {
            return "BOOLEAN";
        } else if (dt instanceof ByteType) {
            return "TINYINT";
        } else if (dt instanceof ShortType) {
            return "SMALLINT";
        } else if (dt instanceof IntegerType) {
            return "INTEGER";
        } else if (dt instanceof LongType) {
            return "BIGINT";
        } else if (dt instanceof FloatType) {
            return "FLOAT";
        } else if (dt instanceof DoubleType) {
            return "DOUBLE";
        } else if (dt instanceof StringType) {
            return "VARCHAR";
        } else if (dt instanceof BinaryType) {
            return "BLOB";
        } else if (dt instanceof DateType) {
            return "DATE";
        } else if (dt instanceof TimestampType) {
            return "TIMESTAMPTZ"; // Spark's TimestampType is an instant
        } else if (dt instanceof TimestampNTZType) {
            return "TIMESTAMP";
        } else if (dt instanceof DecimalType) {
            DecimalType d = (DecimalType) dt;
            return "DECIMAL(" + Math.min(d.precision(), MAX_DECIMAL_PRECISION) + "," + d.scale() + ")";
        }
        return null;
    }

    private static int nullType(DataType dt) {
        if (dt instanceof BooleanType) {
            return Types.BOOLEAN;
        } else if (dt instanceof ByteType) {
            return Types.TINYINT;
        } else if (dt instanceof ShortType) {
            return Types.SMALLINT;
        } else if (dt instanceof IntegerType) {
            return Types.INTEGER;
        } else if (dt instanceof LongType) {
            return Types.BIGINT;
        } else if (dt instanceof FloatType) {
            return Types.FLOAT;
        } else if (dt instanceof DoubleType) {
            return Types.DOUBLE;
        } else if (dt instanceof StringType) {
            return Types.VARCHAR;
        } else if (dt instanceof BinaryType) {
            return Types.BLOB;
        } else if (dt instanceof DateType) {
            return Types.DATE;
        } else if (dt instanceof DecimalType) {
            return Types.DECIMAL;
        }
        return Types.TIMESTAMP;
    }

    /**
     * The Spark type of a lake column where Spark's default is wrong or missing: TINYINT and SMALLINT keep their
     * width, unsigned integers get the next wider type, HUGEINT and UHUGEINT are DECIMAL(38,0), TIMESTAMPTZ is
     * Spark's TimestampType; UUID, JSON, INTERVAL, TIME WITH TIME ZONE, lists, structs and maps are read as their
     * text. Everything else is Spark's own mapping (TIMESTAMP follows the {@code preferTimestampNTZ} option).
     */
    @Override
    public Option<DataType> getCatalystType(int sqlType, String typeName, int size, MetadataBuilder md) {
        DataType t = sparkType(sqlType, typeName);
        return t == null ? Option.empty() : Option.apply(t);
    }

    static DataType sparkType(int sqlType, String typeName) {
        String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        switch (name) {
            case "TINYINT":
                return DataTypes.ByteType;
            case "SMALLINT":
            case "UTINYINT":
                return DataTypes.ShortType;
            case "USMALLINT":
                return DataTypes.IntegerType;
            case "UINTEGER":
                return DataTypes.LongType;
            case "UBIGINT":
                return DataTypes.createDecimalType(20, 0);
            case "HUGEINT":
            case "UHUGEINT":
                return DataTypes.createDecimalType(MAX_DECIMAL_PRECISION, 0);
            case "VARCHAR":
                return DataTypes.StringType;
            case "TIMESTAMP WITH TIME ZONE":
                return DataTypes.TimestampType;
            default:
                break;
        }
        switch (sqlType) {
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return DataTypes.TimestampType;
            case Types.OTHER: // UUID, JSON, INTERVAL, MAP, UNION, VARINT, …
            case Types.ARRAY:
            case Types.STRUCT:
            case Types.TIME_WITH_TIMEZONE:
                return DataTypes.StringType;
            default:
                return null;
        }
    }

    /** DuckDB quotes identifiers with double quotes; one inside a name is doubled. */
    @Override
    public String quoteIdentifier(String colName) {
        return '"' + colName.replace("\"", "\"\"") + '"';
    }

    /** TRUNCATE never cascades: DuckLake has no foreign keys. */
    @Override
    public Option<Object> isCascadingTruncateTable() {
        return Option.apply(Boolean.FALSE);
    }

    /** {@code TRUNCATE TABLE t}, whatever {@code cascadeTruncate} says (DuckDB has no TRUNCATE … CASCADE). */
    @Override
    public String getTruncateQuery(String table, Option<Object> cascade) {
        return "TRUNCATE TABLE " + table;
    }

    @Override
    public String getTruncateQuery(String table) {
        return getTruncateQuery(table, isCascadingTruncateTable());
    }

    @Override
    public boolean supportsLimit() {
        return true;
    }

    @Override
    public boolean supportsOffset() {
        return true;
    }

    /**
     * Timestamps pushed down in filters as TIMESTAMPTZ literals at UTC (the instant Spark means, whatever the
     * zones of Spark's session, Spark's JVM and the engine), wall times ({@code TimestampNTZType}) as TIMESTAMP
     * literals; the rest as Spark does it.
     */
    @Override
    public Object compileValue(Object value) {
        if (value instanceof Timestamp) {
            return "TIMESTAMPTZ '" + UTC_LITERAL.format(((Timestamp) value).toInstant()) + "'";
        } else if (value instanceof Instant) {
            return "TIMESTAMPTZ '" + UTC_LITERAL.format((Instant) value) + "'";
        } else if (value instanceof LocalDateTime) {
            return "TIMESTAMP '" + WALL_LITERAL.format((LocalDateTime) value) + "'";
        }
        return super.compileValue(value);
    }

    /**
     * A wall time ({@code TimestampNTZType}) goes to the driver as a {@link Timestamp} whose local date and time
     * are that wall time, which is what the driver stores in a TIMESTAMP column (Spark's default shifts it by the
     * JVM zone's offset).
     */
    @Override
    public Timestamp convertTimestampNTZToJavaTimestamp(LocalDateTime ldt) {
        return Timestamp.valueOf(ldt);
    }

    /** The driver's {@link Timestamp} of a TIMESTAMP column carries the wall time as its local date and time. */
    @Override
    public LocalDateTime convertJavaTimestampToTimestampNTZ(Timestamp t) {
        return t.toLocalDateTime();
    }

    /**
     * Connections whose engine session is in the JVM's zone. Spark hands instants to the driver as {@link
     * Timestamp}s, which the engine receives as the JVM's local date and time and turns into a TIMESTAMPTZ in its
     * own {@code TimeZone}; the two zones must agree, so a {@code TimeZone} given with the connection's options is
     * replaced too.
     */
    @Override
    public Function1<Object, Connection> createConnectionFactory(JDBCOptions options) {
        return new InJvmZone(super.createConnectionFactory(options));
    }

    /** Sets the engine session's TimeZone to the zone of the JVM it runs in (on Spark's executors too). */
    private static final class InJvmZone extends AbstractFunction1<Object, Connection> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Function1<Object, Connection> connections;

        InJvmZone(Function1<Object, Connection> connections) {
            this.connections = connections;
        }

        @Override
        public Connection apply(Object partition) {
            Connection c = connections.apply(partition);
            String zone = ZoneId.systemDefault().getId();
            try (Statement s = c.createStatement()) {
                s.execute("SET TimeZone = '" + zone.replace("'", "''") + "'");
            } catch (SQLException e) {
                try {
                    c.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw new IllegalStateException(
                        "The engine does not know the JVM's time zone " + zone
                                + "; start Spark's JVM with -Duser.timezone=UTC (or another IANA zone name)",
                        e);
            }
            return c;
        }
    }

    /** Every instance is the same dialect, so registering one again replaces it in Spark's list. */
    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
