package org.ducklake.jdbc.liquibase;

import java.util.Locale;
import liquibase.database.Database;
import liquibase.datatype.DataTypeInfo;
import liquibase.datatype.DatabaseDataType;
import liquibase.datatype.LiquibaseDataType;
import liquibase.datatype.core.TimestampType;

/**
 * {@code timestamp}: DuckDB's TIMESTAMP, or TIMESTAMPTZ when the definition asks for a time zone
 * ({@code timestamp with time zone}, {@code timestamptz}), which Liquibase's fallback would drop.
 */
@DataTypeInfo(
        name = "timestamp",
        aliases = {
            "java.sql.Types.TIMESTAMP",
            "java.sql.Types.TIMESTAMP_WITH_TIMEZONE",
            "java.sql.Timestamp",
            "timestamptz"
        },
        minParameters = 0,
        maxParameters = 1,
        priority = LiquibaseDataType.PRIORITY_DATABASE)
public class LakeTimestampType extends TimestampType {
    @Override
    public boolean supports(Database database) {
        return database instanceof DuckLakeDatabase;
    }

    @Override
    public DatabaseDataType toDatabaseDataType(Database database) {
        String raw = String.valueOf(getRawDefinition()).toLowerCase(Locale.ROOT);
        String info = String.valueOf(getAdditionalInformation()).toLowerCase(Locale.ROOT);
        boolean withZone = raw.startsWith("timestamptz")
                || raw.contains("timestamp_with_timezone")
                || (info.contains("with") && !info.contains("without") && info.contains("zone"));
        return new DatabaseDataType(withZone ? "TIMESTAMPTZ" : "TIMESTAMP");
    }
}
