/**
 * Hibernate ORM 7 support: {@link org.ducklake.jdbc.hibernate.DuckLakeDialect}, found by Hibernate through
 * {@link org.ducklake.jdbc.hibernate.DuckLakeDialectResolver}. Compiled for Java 17 (Hibernate 7's level) and loaded
 * only by Hibernate: nothing else in the driver refers to this package, so the driver runs without Hibernate.
 */
package org.ducklake.jdbc.hibernate;
