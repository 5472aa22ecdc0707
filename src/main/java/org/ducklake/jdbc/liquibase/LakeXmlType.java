package org.ducklake.jdbc.liquibase;

import liquibase.database.Database;
import liquibase.datatype.DataTypeInfo;
import liquibase.datatype.DatabaseDataType;
import liquibase.datatype.LiquibaseDataType;
import liquibase.datatype.core.XMLType;

/** {@code xml}: stored as text (VARCHAR); DuckDB has no XML type. */
@DataTypeInfo(
        name = "xml",
        aliases = {"xmltype", "java.sql.Types.SQLXML"},
        minParameters = 0,
        maxParameters = 1,
        priority = LiquibaseDataType.PRIORITY_DATABASE)
public class LakeXmlType extends XMLType {
    @Override
    public boolean supports(Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public DatabaseDataType toDatabaseDataType(Database database) {
        return new DatabaseDataType("VARCHAR");
    }
}
