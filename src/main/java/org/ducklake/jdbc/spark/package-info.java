/**
 * Apache Spark support: {@link org.ducklake.jdbc.spark.DuckLakeSparkDialect}, the JDBC dialect Spark's {@code jdbc}
 * data source uses for {@code jdbc:ducklake:} URLs. Spark 4.3 finds it through {@code META-INF/services}; older
 * versions need {@link org.ducklake.jdbc.spark.DuckLakeSparkDialect#register()}. Compiled for Java 17 (Spark 4's
 * level) and loaded only by Spark: nothing else in the driver refers to this package, so the driver runs without
 * Spark.
 */
package org.ducklake.jdbc.spark;
