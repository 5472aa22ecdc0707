package org.ducklake.jdbc.hibernate;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.DateJdbcType;
import org.hibernate.type.descriptor.jdbc.InstantJdbcType;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.descriptor.jdbc.TimeJdbcType;
import org.hibernate.type.descriptor.jdbc.TimestampJdbcType;
import org.hibernate.type.descriptor.jdbc.ZonedDateTimeJdbcType;

/**
 * java.time values handed to DuckDB's driver in the forms it takes: {@code setObject(i, value)} without a target
 * type, and {@code getObject(i, LocalTime.class)} etc.
 *
 * <p>By default Hibernate binds DATE, TIME and TIMESTAMP through {@code java.sql} types: a {@code LocalTime} would
 * lose its microseconds on the way in and everything below the second on the way back, and a
 * {@code LocalDateTime} in the JVM zone's daylight-saving gap would move by an hour. {@link Date}, {@link Time}
 * and {@link Timestamp} pass {@code LocalDate}, {@code LocalTime} and {@code LocalDateTime} as they are and keep
 * the {@code java.sql} binding for {@code java.util.Date}, {@code Calendar} and {@code java.sql.*}.
 *
 * <p>With {@code hibernate.type.java_time_use_direct_jdbc=true} Hibernate's own java.time types bind with a
 * target type ({@code setObject(i, value, Types.DATE)}), which the driver takes for java.time values; reading a
 * zoned value is the {@code *Column} types' part.
 */
final class DirectJavaTime {
    private DirectJavaTime() {}

    static final class Date extends DateJdbcType {
        private static final long serialVersionUID = 1L;
        static final Date INSTANCE = new Date();

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return is(javaType, LocalDate.class) ? binder(javaType, this, LocalDate.class) : super.getBinder(javaType);
        }

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return is(javaType, LocalDate.class)
                    ? extractor(javaType, this, LocalDate.class)
                    : super.getExtractor(javaType);
        }
    }

    static final class Time extends TimeJdbcType {
        private static final long serialVersionUID = 1L;
        static final Time INSTANCE = new Time();

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return is(javaType, LocalTime.class) ? binder(javaType, this, LocalTime.class) : super.getBinder(javaType);
        }

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return is(javaType, LocalTime.class)
                    ? extractor(javaType, this, LocalTime.class)
                    : super.getExtractor(javaType);
        }
    }

    static final class Timestamp extends TimestampJdbcType {
        private static final long serialVersionUID = 1L;
        static final Timestamp INSTANCE = new Timestamp();

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return is(javaType, LocalDateTime.class)
                    ? binder(javaType, this, LocalDateTime.class)
                    : super.getBinder(javaType);
        }

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return is(javaType, LocalDateTime.class)
                    ? extractor(javaType, this, LocalDateTime.class)
                    : super.getExtractor(javaType);
        }
    }

    /**
     * Hibernate's zoned column types for {@code hibernate.type.java_time_use_direct_jdbc=true} read the
     * {@code ZonedDateTime} or {@code Instant} with {@code getObject(i, ZonedDateTime.class)}, which DuckDB's driver
     * does not answer: they are read as {@code OffsetDateTime}, which it reads from TIMESTAMPTZ. (Binding them with
     * their target type, as Hibernate does, the driver takes.)
     */
    static final class ZonedDateTimeColumn extends ZonedDateTimeJdbcType {
        private static final long serialVersionUID = 1L;
        static final ZonedDateTimeColumn INSTANCE = new ZonedDateTimeColumn();

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return extractor(javaType, this, OffsetDateTime.class);
        }
    }

    /** As {@link ZonedDateTimeColumn}, for {@code Instant}. */
    static final class InstantColumn extends InstantJdbcType {
        private static final long serialVersionUID = 1L;
        static final InstantColumn INSTANCE = new InstantColumn();

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            return extractor(javaType, this, OffsetDateTime.class);
        }
    }

    private static boolean is(JavaType<?> javaType, Class<?> type) {
        return javaType.getJavaTypeClass() == type;
    }

    private static <X> ValueBinder<X> binder(JavaType<X> javaType, JdbcType jdbcType, Class<?> valueType) {
        return new BasicBinder<>(javaType, jdbcType) {
            @Override
            protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options)
                    throws SQLException {
                st.setObject(index, javaType.unwrap(value, valueType, options));
            }

            @Override
            protected void doBind(CallableStatement st, X value, String name, WrapperOptions options)
                    throws SQLException {
                st.setObject(name, javaType.unwrap(value, valueType, options));
            }
        };
    }

    private static <X> ValueExtractor<X> extractor(JavaType<X> javaType, JdbcType jdbcType, Class<?> valueType) {
        return new BasicExtractor<>(javaType, jdbcType) {
            @Override
            protected X doExtract(ResultSet rs, int paramIndex, WrapperOptions options) throws SQLException {
                return javaType.wrap(rs.getObject(paramIndex, valueType), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                return javaType.wrap(statement.getObject(index, valueType), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, String name, WrapperOptions options)
                    throws SQLException {
                return javaType.wrap(statement.getObject(name, valueType), options);
            }
        };
    }
}
