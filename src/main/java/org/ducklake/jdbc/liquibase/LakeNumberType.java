package org.ducklake.jdbc.liquibase;

import liquibase.database.Database;
import liquibase.datatype.DataTypeInfo;
import liquibase.datatype.DatabaseDataType;
import liquibase.datatype.LiquibaseDataType;
import liquibase.datatype.core.NumberType;

/** {@code number}/{@code numeric}: DuckDB's DECIMAL, with the precision and scale given (DuckDB has no NUMBER). */
@DataTypeInfo(
        name = "number",
        aliases = {"numeric", "java.sql.Types.NUMERIC"},
        minParameters = 0,
        maxParameters = 2,
        priority = LiquibaseDataType.PRIORITY_DATABASE)
public class LakeNumberType extends NumberType {
    @Override
    public boolean supports(Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public DatabaseDataType toDatabaseDataType(Database database) {
        return new DatabaseDataType("DECIMAL", getParameters());
    }
}
