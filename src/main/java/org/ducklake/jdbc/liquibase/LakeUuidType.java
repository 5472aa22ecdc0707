package org.ducklake.jdbc.liquibase;

import liquibase.database.Database;
import liquibase.datatype.DataTypeInfo;
import liquibase.datatype.DatabaseDataType;
import liquibase.datatype.LiquibaseDataType;
import liquibase.datatype.core.UUIDType;

/** {@code uuid}: DuckDB's own UUID type (Liquibase's fallback would be char(36)). */
@DataTypeInfo(
        name = "uuid",
        aliases = {"uniqueidentifier", "java.util.UUID"},
        minParameters = 0,
        maxParameters = 0,
        priority = LiquibaseDataType.PRIORITY_DATABASE)
public class LakeUuidType extends UUIDType {
    @Override
    public boolean supports(Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public DatabaseDataType toDatabaseDataType(Database database) {
        return new DatabaseDataType("UUID");
    }
}
