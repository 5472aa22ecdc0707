package org.ducklake.jdbc.hibernate;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.DateJdbcType;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.descriptor.jdbc.TimeJdbcType;
import org.hibernate.type.descriptor.jdbc.TimestampJdbcType;

/**
 * DATE, TIME and TIMESTAMP columns that pass {@code LocalDate}, {@code LocalTime} and {@code LocalDateTime} values
 * to DuckDB's driver as they are ({@code setObject(i, value)}, {@code getObject(i, LocalTime.class)}), which it
 * takes natively. Through {@code java.sql.Time} a {@code LocalTime} would lose its microseconds on the way in and
 * everything below the second on the way back, and through {@code java.sql.Timestamp} a {@code LocalDateTime} in
 * the JVM zone's daylight-saving gap would move by an hour. Other Java types ({@code java.util.Date},
 * {@code Calendar}, {@code java.sql.*}) keep Hibernate's {@code java.sql} binding. (Hibernate's own java.time JDBC
 * types call {@code setObject(i, value, Types.TIME)}, whose target type DuckDB's driver does not take.)
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
