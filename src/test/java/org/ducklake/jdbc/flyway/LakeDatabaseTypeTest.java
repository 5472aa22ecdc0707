package org.ducklake.jdbc.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.junit.jupiter.api.Test;

/** What Flyway shows of a URL when told not to hide it all: no sensitive value. */
class LakeDatabaseTypeTest {

    @Test
    void sensitiveValuesAreRedactedFromUrls() {
        String url = "jdbc:ducklake:postgres:host=db password='pa ss\\'w;rd' dbname=lake;"
                + "s3_secret_access_key=SECRETKEY;s3_session_token=TOKEN123;s3_access_key_id=AKID;data_path=s3://b/";
        String redacted = DatabaseTypeRegister.redactValueUsingPattern(url, LakeDatabaseType.SENSITIVE_VALUE);
        assertThat(redacted)
                .doesNotContain("pa ss")
                .doesNotContain("w;rd")
                .doesNotContain("SECRETKEY")
                .doesNotContain("TOKEN123")
                .contains("host=db")
                .contains("dbname=lake")
                .contains("data_path=s3://b/");
        assertThat(new LakeDatabaseType().getJDBCCredentialsPatterns())
                .containsExactly(LakeDatabaseType.SENSITIVE_VALUE);
    }
}
