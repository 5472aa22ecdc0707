package org.ducklake.jdbc.liquibase;

import liquibase.database.Database;
import liquibase.datatype.DataTypeInfo;
import liquibase.datatype.DatabaseDataType;
import liquibase.datatype.LiquibaseDataType;
import liquibase.datatype.core.MediumIntType;

/** {@code mediumint} (MySQL's 3-byte integer): DuckDB's INTEGER, the smallest type that holds it. */
@DataTypeInfo(name = "mediumint", minParameters = 0, maxParameters = 1, priority = LiquibaseDataType.PRIORITY_DATABASE)
public class LakeMediumIntType extends MediumIntType {
    @Override
    public boolean supports(Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public DatabaseDataType toDatabaseDataType(Database database) {
        return new DatabaseDataType("INTEGER");
    }
}
