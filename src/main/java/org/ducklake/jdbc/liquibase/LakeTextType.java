package org.ducklake.jdbc.liquibase;

import liquibase.database.Database;
import liquibase.datatype.DataTypeInfo;
import liquibase.datatype.DatabaseDataType;
import liquibase.datatype.LiquibaseDataType;
import liquibase.datatype.core.ClobType;

/** {@code clob}, {@code text} and their kin: DuckDB's VARCHAR (it has no CLOB, and VARCHAR has no length limit). */
@DataTypeInfo(
        name = "clob",
        aliases = {
            "longvarchar",
            "text",
            "longtext",
            "java.sql.Types.LONGVARCHAR",
            "java.sql.Types.CLOB",
            "nclob",
            "longnvarchar",
            "ntext",
            "java.sql.Types.LONGNVARCHAR",
            "java.sql.Types.NCLOB",
            "tinytext",
            "mediumtext",
            "long varchar",
            "long nvarchar"
        },
        minParameters = 0,
        maxParameters = 0,
        priority = LiquibaseDataType.PRIORITY_DATABASE)
public class LakeTextType extends ClobType {
    @Override
    public boolean supports(Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public DatabaseDataType toDatabaseDataType(Database database) {
        return new DatabaseDataType("VARCHAR");
    }
}
