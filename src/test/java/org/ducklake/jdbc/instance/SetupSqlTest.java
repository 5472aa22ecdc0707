package org.ducklake.jdbc.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.ducklake.jdbc.config.LakeConfig;
import org.junit.jupiter.api.Test;

/** The SQL set-up makes from a configuration's typed parts (ObjectStore, CatalogLogin), without an engine. */
class SetupSqlTest {

    private static LakeConfig config(String url, String... keyValues) throws Exception {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return LakeConfig.parse(url, p);
    }

    @Test
    void anS3DataPathGetsAScopedSecretWithEveryGivenSetting() throws Exception {
        LakeConfig c = config(
                "jdbc:ducklake:postgres:host=h dbname=d",
                "data_path",
                "s3://b/p/",
                "s3_access_key_id",
                "AKID",
                "s3_secret_access_key",
                "it's-secret",
                "s3_session_token",
                "tok",
                "s3_region",
                "eu-west-1",
                "s3_endpoint",
                "127.0.0.1:9000",
                "s3_url_style",
                "path",
                "s3_use_ssl",
                "false");
        assertThat(SetupSql.dataSecret(c))
                .hasValue("CREATE TEMPORARY SECRET ducklake_jdbc_data (TYPE s3, PROVIDER config, KEY_ID 'AKID', "
                        + "SECRET 'it''s-secret', SESSION_TOKEN 'tok', REGION 'eu-west-1', ENDPOINT '127.0.0.1:9000', "
                        + "URL_STYLE 'path', USE_SSL false, SCOPE 's3://b/p/')");
        assertThat(SetupSql.extensions(c)).containsExactly("ducklake", "postgres_scanner", "httpfs");
        assertThat(SetupSql.dataPathCheck(c))
                .hasValue("SELECT count(*) FROM glob('s3://b/p/.ducklake-jdbc-access-check*')");
    }

    @Test
    void theCredentialChainNeedsTheAwsExtensionAndNoKeys() throws Exception {
        LakeConfig c =
                config("jdbc:ducklake:/tmp/x.ducklake", "data_path", "s3://b/", "s3_provider", "credential_chain");
        assertThat(SetupSql.dataSecret(c))
                .hasValue("CREATE TEMPORARY SECRET ducklake_jdbc_data (TYPE s3, PROVIDER credential_chain, "
                        + "SCOPE 's3://b/')");
        assertThat(SetupSql.extensions(c)).containsExactly("ducklake", "httpfs", "aws");
    }

    @Test
    void anR2PathTakesItsAccountAndAGcsPathItsType() throws Exception {
        LakeConfig r2 = config(
                "jdbc:ducklake:/tmp/x.ducklake",
                "data_path",
                "r2://b/",
                "s3_access_key_id",
                "k",
                "s3_secret_access_key",
                "s",
                "r2_account_id",
                "acct");
        assertThat(SetupSql.dataSecret(r2))
                .hasValue("CREATE TEMPORARY SECRET ducklake_jdbc_data (TYPE r2, PROVIDER config, KEY_ID 'k', "
                        + "SECRET 's', ACCOUNT_ID 'acct', SCOPE 'r2://b/')");
        LakeConfig gcs = config(
                "jdbc:ducklake:/tmp/x.ducklake",
                "data_path",
                "gs://b/",
                "s3_access_key_id",
                "k",
                "s3_secret_access_key",
                "s");
        assertThat(SetupSql.dataSecret(gcs))
                .get()
                .asString()
                .startsWith("CREATE TEMPORARY SECRET ducklake_jdbc_data (TYPE gcs,");
    }

    @Test
    void aLocalOrUnconfiguredDataPathGetsNoSecretAndNoHttpfs() throws Exception {
        LakeConfig local = config("jdbc:ducklake:/tmp/x.ducklake", "data_path", "/tmp/data/");
        assertThat(SetupSql.dataSecret(local)).isEmpty();
        assertThat(SetupSql.dataPathCheck(local)).isEmpty();
        assertThat(SetupSql.extensions(local)).containsExactly("ducklake");
        LakeConfig bare = config("jdbc:ducklake:/tmp/x.ducklake", "data_path", "s3://b/");
        assertThat(SetupSql.dataSecret(bare))
                .as("no S3 property: the engine's own secrets apply")
                .isEmpty();
        assertThat(SetupSql.extensions(bare)).containsExactly("ducklake", "httpfs");
    }

    @Test
    void s3PropertiesWithoutADataPathAreForTheStoredOne() throws Exception {
        LakeConfig c = config(
                "jdbc:ducklake:postgres:host=h dbname=d", "s3_access_key_id", "k", "s3_secret_access_key", "s'k");
        assertThat(SetupSql.storeForStoredDataPath(c)).isTrue();
        assertThat(SetupSql.dataSecret(c)).isEmpty();
        assertThat(SetupSql.extensions(c)).containsExactly("ducklake", "postgres_scanner", "httpfs");
        assertThat(SetupSql.storedDataSecret(c, "s3://b/p/"))
                .hasValue("CREATE TEMPORARY SECRET ducklake_jdbc_data (TYPE s3, PROVIDER config, KEY_ID 'k', "
                        + "SECRET 's''k', SCOPE 's3://b/p/')");
        assertThat(SetupSql.storedDataSecret(c, "/local/data/")).isEmpty();
        assertThat(SetupSql.storeForStoredDataPath(config("jdbc:ducklake:postgres:host=h dbname=d", "user", "u")))
                .isFalse();
    }

    @Test
    void theCatalogLoginTravelsInASecretNotTheAttachPath() throws Exception {
        LakeConfig c =
                config("jdbc:ducklake:postgres:host=h dbname=d sslpassword=ssl'pw", "user", "u", "password", "p'w");
        assertThat(SetupSql.catalogSecret(c))
                .hasValue("CREATE TEMPORARY SECRET ducklake_jdbc_catalog (TYPE postgres, PASSWORD 'p''w', "
                        + "SSLPASSWORD 'ssl''pw', REQUIRE_AUTH '!password')");
        assertThat(SetupSql.attach(c))
                .doesNotContain("p'w")
                .doesNotContain("p''w")
                .doesNotContain("ssl")
                .contains("'SECRET': 'ducklake_jdbc_catalog'");
        assertThat(SetupSql.dropCatalogSecret(c)).hasValue("DROP TEMPORARY SECRET ducklake_jdbc_catalog");
    }

    @Test
    void withoutAPasswordThePostgresDsnItselfRefusesClearText() throws Exception {
        LakeConfig c = config("jdbc:ducklake:postgres:host=h dbname=d", "user", "u");
        assertThat(SetupSql.catalogSecret(c)).isEmpty();
        assertThat(SetupSql.dropCatalogSecret(c)).isEmpty();
        assertThat(SetupSql.attach(c))
                .contains("require_auth=''!password''")
                .startsWith("ATTACH IF NOT EXISTS 'ducklake:postgres:");
        LakeConfig file = config("jdbc:ducklake:/tmp/x.ducklake", "password", "ignored");
        assertThat(SetupSql.catalogSecret(file))
                .as("a file catalog has no login")
                .isEmpty();
    }
}
