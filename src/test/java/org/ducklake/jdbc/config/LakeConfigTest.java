package org.ducklake.jdbc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LakeConfigTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("jdbc:ducklake:", "the URL names no catalog"),
                Arguments.of("jdbc:ducklake:   ", "the URL names no catalog"),
                Arguments.of("jdbc:ducklake:oracle:host=x", "unknown catalog type \"oracle\""),
                Arguments.of("jdbc:ducklake:postgresql:host=x", "(write postgres:)"),
                Arguments.of("jdbc:ducklake:postgres:", "names the catalog type \"postgres\" but no connection string"),
                Arguments.of("jdbc:ducklake:sqlite:", "but no file"),
                Arguments.of("jdbc:ducklake:postgres:postgresql://u:p@h/db", "not a URI"),
                Arguments.of("jdbc:ducklake:postgres:host", "missing \"=\" at the start of the connection string"),
                Arguments.of("jdbc:ducklake:postgres:host='x", "unterminated quoted value for \"host\""),
                Arguments.of("jdbc:ducklake:postgres:host=a host=b", "\"host\" is given twice"),
                Arguments.of(
                        "jdbc:ducklake:postgres:host=h PASSWORD=x",
                        "\"PASSWORD\": its keys are lower case (write password)"),
                Arguments.of("jdbc:ducklake:mysql:host=h sslpassword=x", "sslpassword is a PostgreSQL (libpq) key"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;http_proxy_password=x",
                        "\"http_proxy_password\" holds a secret, "
                                + "and DuckDB shows every setting to any SQL (duckdb_settings()), so the driver does not pass it through"),
                Arguments.of("jdbc:ducklake:m.ducklake;pg_oauth_token=x", "set the PGOAUTHTOKEN environment variable"),
                Arguments.of(
                        "jdbc:ducklake:postgres:host=h passwd=x",
                        "passwd is not a key of a postgres catalog's connection string (write password)"),
                Arguments.of(
                        "jdbc:ducklake:mysql:host=h passwd=x password=y", "has both password and passwd: give one"),
                Arguments.of("jdbc:ducklake:m.ducklake;alias=x;alias=y", "URL option \"alias\" is given twice"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;secretvalue",
                        "URL option number 1 after the catalog is not of the form"),
                Arguments.of("jdbc:ducklake:m.ducklake;aliass=x", "unknown URL option \"aliass\" (did you mean alias"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;ducklake_retry_backoff=fast",
                        "invalid value for ducklake_retry_backoff: expected a number"),
                Arguments.of("jdbc:ducklake:m.ducklake;Bad-Key=1", "unknown URL option \"bad-key\""),
                Arguments.of("jdbc:ducklake:m.ducklake;datapath=/x", "did you mean data_path"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;read_only=perhaps",
                        "invalid value for read_only: expected true or false"),
                Arguments.of("jdbc:ducklake:m.ducklake;snapshot_version=-1", "expected a whole number from 0"),
                Arguments.of("jdbc:ducklake:m.ducklake;snapshot_version=x", "invalid value for snapshot_version"),
                Arguments.of("jdbc:ducklake:m.ducklake;login_timeout=999999", "invalid value for login_timeout"),
                Arguments.of("jdbc:ducklake:m.ducklake;alias=1lake", "invalid value for alias"),
                Arguments.of("jdbc:ducklake:m.ducklake;alias=my lake", "invalid value for alias"),
                Arguments.of("jdbc:ducklake:m.ducklake;s3_url_style=virtual", "expected one of vhost, path"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;snapshot_version=1;snapshot_time=2026-01-01",
                        "snapshot_version and snapshot_time exclude each other"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;snapshot_version=1;read_only=false",
                        "read_only=false conflicts with snapshot_version"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;data_path=/d/;s3_endpoint=x:1",
                        "s3_endpoint is set but data_path is not an s3://, gs:// or r2:// path"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;data_path=s3://b/;s3_provider=credential_chain;s3_access_key_id=k;s3_secret_access_key=s",
                        "s3_provider=credential_chain takes its keys from the environment"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;data_path=gs://b/;s3_provider=credential_chain",
                        "credential_chain needs an s3:// data_path"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;data_path=r2://b/;s3_access_key_id=k;s3_secret_access_key=s",
                        "an r2:// data_path needs r2_account_id"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;data_path=s3://b/;r2_account_id=a",
                        "r2_account_id is set but data_path is not an r2:// path"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;data_path=s3://b/;s3_access_key_id=k",
                        "s3_access_key_id and s3_secret_access_key go together"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;data_inlining_row_limit=ten",
                        "invalid value for data_inlining_row_limit"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;login_timeout=30 seconds",
                        "expected a duration such as 30, 30s, 2m, 1h or 7d"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;instance_idle_timeout=48h", "expected a duration from 0s to 86400s"),
                Arguments.of("jdbc:ducklake:m.ducklake;encrypted=sure", "invalid value for encrypted"),
                Arguments.of("jdbc:ducklake:m.ducklake;maintenance=on", "expected one of off, auto"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;maintenance_keep_snapshots=0",
                        "expected a duration from 1s to 315360000s"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;maintenance_keep_snapshots=1 week",
                        "expected a duration such as 30, 30s, 2m, 1h or 7d"),
                Arguments.of("jdbc:ducklake:m.ducklake;maintenance_idle=0", "expected a duration from 1s to 86400s"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;maintenance_timeout=2d", "expected a duration from 1s to 86400s"),
                Arguments.of("jdbc:ducklake:m.ducklake;extension_bundle=2", "invalid value for extension_bundle"),
                // ?key=value&key=value: the same rules as ;key=value, and a key in both forms is given twice.
                Arguments.of(
                        "jdbc:ducklake:m.ducklake?read_only=true;read_only=false",
                        "URL option \"read_only\" is given twice"),
                Arguments.of("jdbc:ducklake:m.ducklake?alias=a&ALIAS=b", "URL option \"ALIAS\" is given twice"),
                Arguments.of("jdbc:ducklake:m.ducklake?aliass=x", "unknown URL option \"aliass\" (did you mean alias"),
                Arguments.of("jdbc:ducklake:sqlite:m.sqlite?read_only=perhaps", "invalid value for read_only"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake?secretvalue", "URL parameter number 1 after '?' is not of the form"),
                Arguments.of("jdbc:ducklake:m.ducklake?data_path=%zz", "\"data_path\" has a '%' that is not followed"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake?data_path=%C3",
                        "\"data_path\" has percent escapes that are not UTF-8"),
                Arguments.of(
                        "jdbc:ducklake:duckdb:?read_only=true", "names the catalog type \"duckdb\" but no file before"),
                Arguments.of("jdbc:ducklake:?alias=x", "the URL names no catalog"),
                // Never a catalog file named after an option: & without ? is refused, not made part of the name.
                Arguments.of(
                        "jdbc:ducklake:/d/m.ducklake&read_only=true", "the catalog file name holds \"&read_only=\""),
                Arguments.of("jdbc:ducklake:sqlite:/d/m.sqlite&alias=x", "the catalog file name holds \"&alias=\""),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;alias=x?read_only=true",
                        "the value of URL option \"alias\" holds \"?read_only=\""),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;data_path=/d/&read_only=true",
                        "holds \"&read_only=\": write ;read_only="),
                // In a DSN a '?' may be part of a value: where it cannot be told, it is refused with the way out.
                Arguments.of(
                        "jdbc:ducklake:postgres:host=h password=Sec?read_only=true",
                        "unquoted '?' in the value of \"password\": quote the value (password='…')"),
                Arguments.of(
                        "jdbc:ducklake:mysql:host=h passwd=Sec?alias=x", "unquoted '?' in the value of \"passwd\""),
                Arguments.of(
                        "jdbc:ducklake:postgres:host=h dbname=d?x y",
                        "unquoted '?' in the value of \"dbname\" that is not followed by key=value options"),
                Arguments.of("jdbc:ducklake:postgres:host=h dbname=what?", "that is not followed by key=value options"),
                Arguments.of("jdbc:ducklake:postgres:host=h dbname=d?aliass=x", "unknown URL option \"aliass\""),
                // A blank value in the URL is refused, not taken as "use the default".
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;metadata_schema=", "URL option \"metadata_schema\" has no value"),
                Arguments.of(
                        "jdbc:ducklake:postgres:host=h?metadata_schema=&alias=x",
                        "URL option \"metadata_schema\" has no value"),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;alias= ",
                        "URL option \"alias\" has no value: leave it out (default: lake)"));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("jdbc:ducklake:m.ducklake;login_timeout=45", "login_timeout", 45L),
                Arguments.of("jdbc:ducklake:m.ducklake;login_timeout=2m", "login_timeout", 120L),
                Arguments.of("jdbc:ducklake:m.ducklake;login_timeout=1500ms", "login_timeout", 2L),
                Arguments.of("jdbc:ducklake:m.ducklake;instance_idle_timeout=1h", "instance_idle_timeout", 3600L),
                Arguments.of("jdbc:ducklake:m.ducklake;instance_idle_timeout=1d", "instance_idle_timeout", 86_400L),
                Arguments.of("jdbc:ducklake:m.ducklake;maintenance=AUTO", "maintenance", "auto"),
                Arguments.of("jdbc:ducklake:m.ducklake", "maintenance", "off"),
                Arguments.of("jdbc:ducklake:m.ducklake", "maintenance_keep_snapshots", 604_800L),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;maintenance_keep_snapshots=2d",
                        "maintenance_keep_snapshots",
                        172_800L),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;maintenance_keep_snapshots=90", "maintenance_keep_snapshots", 90L),
                Arguments.of("jdbc:ducklake:m.ducklake", "maintenance_idle", 60L),
                Arguments.of("jdbc:ducklake:m.ducklake;maintenance_idle=1500ms", "maintenance_idle", 2L),
                Arguments.of("jdbc:ducklake:m.ducklake", "maintenance_timeout", 300L),
                Arguments.of("jdbc:ducklake:m.ducklake;read_only=TRUE", "read_only", true),
                Arguments.of("jdbc:ducklake:m.ducklake;read_only=off", "read_only", false),
                Arguments.of("jdbc:ducklake:m.ducklake;encrypted=yes", "encrypted", true),
                Arguments.of("jdbc:ducklake:m.ducklake;s3_url_style=PATH;data_path=s3://b/", "s3_url_style", "path"),
                Arguments.of("jdbc:ducklake:m.ducklake;alias=my_lake_2", "alias", "my_lake_2"),
                Arguments.of("jdbc:ducklake:m.ducklake;ALIAS=upper", "alias", "upper"),
                Arguments.of("jdbc:ducklake:m.ducklake;snapshot_version=3", "snapshot_version", 3L),
                Arguments.of(
                        "jdbc:ducklake:m.ducklake;snapshot_time=2026-05-26 00:00:00",
                        "snapshot_time",
                        "2026-05-26 00:00:00"),
                Arguments.of("jdbc:ducklake:m.ducklake;data_path=/d/;;", "data_path", "/d/"),
                Arguments.of("jdbc:ducklake:m.ducklake;data_path=s3://b/p/?x=1", "data_path", "s3://b/p/?x=1"),
                Arguments.of("jdbc:ducklake:postgres:host=h password='p;w=x' dbname=d", "password", "p;w=x"),
                Arguments.of("jdbc:ducklake:m.ducklake", "login_timeout", 30L),
                Arguments.of("jdbc:ducklake:m.ducklake", "alias", "lake"),
                Arguments.of("jdbc:ducklake:/d/m.ducklake?read_only=true", "read_only", true),
                Arguments.of("jdbc:ducklake:duckdb:/d/m.ducklake?alias=a&read_only=on", "alias", "a"),
                Arguments.of("jdbc:ducklake:sqlite:/d/m.sqlite?alias=b", "alias", "b"),
                Arguments.of("jdbc:ducklake:m.ducklake?read_only=true;alias=c", "alias", "c"),
                Arguments.of("jdbc:ducklake:m.ducklake?read_only=true;alias=c", "read_only", true),
                Arguments.of("jdbc:ducklake:m.ducklake?&alias=d&", "alias", "d"),
                Arguments.of("jdbc:ducklake:m.ducklake?data_path=%2Fd%20%C3%BC/", "data_path", "/d ü/"),
                Arguments.of("jdbc:ducklake:postgres:host=h dbname=d?read_only=true", "read_only", true),
                Arguments.of("jdbc:ducklake:postgres:host=h dbname=d ?alias=e", "alias", "e"),
                Arguments.of("jdbc:ducklake:postgres:host=h dbname=d?password=a%2Bb+c%26%3F", "password", "a+b+c&?"),
                Arguments.of("jdbc:ducklake:mysql:host=h database=d?alias=f&data_inlining_row_limit=3", "alias", "f"),
                Arguments.of(
                        "jdbc:ducklake:postgres:host=h password='a?b&alias=x' dbname=d", "password", "a?b&alias=x"),
                Arguments.of("jdbc:ducklake:postgres:host=h password=a&b=c dbname=d", "password", "a&b=c"),
                Arguments.of("jdbc:ducklake:m.ducklake;password=x&y=z", "login_timeout", 30L),
                // Without data_path the S3 settings are for the data path an existing lake keeps in its catalog.
                Arguments.of("jdbc:ducklake:m.ducklake;s3_region=us-east-1", "s3_region", "us-east-1"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void accepts(String url, String key, Object expected) throws Exception {
        LakeConfig c = LakeConfig.parse(url, new Properties());
        LakeProperty p = LakeProperty.byKey(key).orElseThrow();
        Object actual;
        switch (p.type()) {
            case BOOLEAN:
                actual = c.bool(p);
                break;
            case INTEGER:
            case DURATION:
                actual = c.integer(p);
                break;
            default:
                actual = p.isSensitive() ? c.secret(p).reveal() : c.string(p);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejects(String url, String message) {
        assertThatThrownBy(() -> LakeConfig.parse(url, new Properties()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aValueIsNeverEchoedInAnError() {
        Properties p = new Properties();
        p.setProperty("password", "pw");
        p.setProperty("login_timeout", "secret-looking-Value");
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:postgres:host=h", p))
                .hasMessageNotContaining("secret-looking-Value");
    }

    @Test
    void anUnquotedPasswordWithASpaceIsNotEchoed() {
        assertThatThrownBy(() -> LakeConfig.parse(
                        "jdbc:ducklake:postgres:host=h password=first Second dbname=d", new Properties()))
                .hasMessageContaining("missing \"=\" after the value of \"password\"")
                .hasMessageNotContaining("Second");
        assertThatThrownBy(() ->
                        LakeConfig.parse("jdbc:ducklake:postgres:host=h password=first 'Se=cond'", new Properties()))
                .hasMessageContaining("invalid key after the value of \"password\"")
                .hasMessageNotContaining("cond");
    }

    @Test
    void urlOptionsWinOverProperties() throws Exception {
        Properties p = new Properties();
        p.setProperty("alias", "from_props");
        p.setProperty("data_inlining_row_limit", "5");
        LakeConfig c = LakeConfig.parse("jdbc:ducklake:m.ducklake;alias=from_url", p);
        assertThat(c.alias()).isEqualTo("from_url");
        assertThat(c.integer(LakeProperty.DATA_INLINING_ROW_LIMIT)).isEqualTo(5);
    }

    @Test
    void userAndPasswordAreMergedIntoTheDsnAndTheDsnWins() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "props user");
        p.setProperty("password", "props pw");
        LakeConfig c = LakeConfig.parse("jdbc:ducklake:postgres:host=h dbname=d", p);
        assertThat(c.catalogDsn().render()).isEqualTo("host=h dbname=d user='props user'");
        assertThat(c.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("props pw");

        LakeConfig d = LakeConfig.parse("jdbc:ducklake:postgres:host=h user=u password='in url' dbname=d", p);
        assertThat(d.catalogDsn().render()).isEqualTo("host=h user=u dbname=d");
        assertThat(d.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("in url");
        assertThat(d.user()).isEqualTo("u");
    }

    @Test
    void sslpasswordLeavesTheDsnForTheCatalogSecret() throws Exception {
        LakeConfig c = LakeConfig.parse(
                "jdbc:ducklake:postgres:host=h sslpassword='k p' sslkey=/k dbname=d", new Properties());
        assertThat(c.catalogDsn().render()).isEqualTo("host=h sslkey=/k dbname=d");
        assertThat(c.catalogDsnSecrets()).containsOnlyKeys("sslpassword");
        assertThat(c.catalogDsnSecrets().get("sslpassword").reveal()).isEqualTo("k p");
        assertThat(c.isSet(LakeProperty.PASSWORD)).isFalse();
        LakeConfig other =
                LakeConfig.parse("jdbc:ducklake:postgres:host=h sslpassword=x sslkey=/k dbname=d", new Properties());
        assertThat(c.instanceKey()).isNotEqualTo(other.instanceKey());
    }

    @Test
    void mysqlPasswdIsThePassword() throws Exception {
        LakeConfig c = LakeConfig.parse("jdbc:ducklake:mysql:host=h passwd='p w' database=d", new Properties());
        assertThat(c.catalogDsn().render()).isEqualTo("host=h database=d");
        assertThat(c.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("p w");
        assertThat(LakeConfig.maskedUrl("jdbc:ducklake:mysql:host=h passwd=pw database=d"))
                .isEqualTo("jdbc:ducklake:mysql:host=h database=d");
    }

    @Test
    void secretManagerSettingsPassThroughTheirNamesNotWithstanding() throws Exception {
        LakeConfig c = LakeConfig.parse("jdbc:ducklake:m.ducklake;allow_persistent_secrets=false", new Properties());
        assertThat(c.engineSettings()).containsEntry("allow_persistent_secrets", "false");
        assertThat(LakeConfig.isSensitiveKey("allow_unredacted_secrets")).isFalse();
        assertThat(LakeConfig.isSensitiveKey("http_proxy_password")).isTrue();
        assertThat(LakeConfig.isSensitiveKey("passwd")).isTrue();
    }

    @Test
    void emptyPropertiesCountAsNotGiven() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "");
        p.setProperty("password", "");
        LakeConfig c = LakeConfig.parse("jdbc:ducklake:postgres:host=h", p);
        assertThat(c.isSet(LakeProperty.PASSWORD)).isFalse();
        assertThat(c.user()).isEmpty();
    }

    @Test
    void catalogForms() throws Exception {
        Properties none = new Properties();
        assertThat(LakeConfig.parse("jdbc:ducklake:/data/m.ducklake", none).catalogType())
                .isEqualTo(CatalogType.DUCKDB);
        assertThat(LakeConfig.parse("jdbc:ducklake:duckdb:/data/m.ducklake", none)
                        .catalogPath())
                .isEqualTo("/data/m.ducklake");
        assertThat(LakeConfig.parse("jdbc:ducklake:C:\\lake\\m.ducklake", none).catalogType())
                .isEqualTo(CatalogType.DUCKDB);
        assertThat(LakeConfig.parse("jdbc:ducklake:sqlite:m.sqlite", none).catalogType())
                .isEqualTo(CatalogType.SQLITE);
        assertThat(LakeConfig.parse("jdbc:ducklake:mysql:host=h database=d", none)
                        .catalogType())
                .isEqualTo(CatalogType.MYSQL);
        LakeConfig pg = LakeConfig.parse("jdbc:ducklake:postgres:host=h password='a;b' dbname=d;alias=x", none);
        assertThat(pg.alias()).isEqualTo("x");
        assertThat(pg.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("a;b");
    }

    @Test
    void maskedUrlHasNoSecret() throws Exception {
        Properties p = new Properties();
        p.setProperty("password", "Canary-pw-1");
        p.setProperty("data_path", "s3://b/p/");
        p.setProperty("s3_access_key_id", "k");
        LakeConfig c = LakeConfig.parse(
                "jdbc:ducklake:postgres:host=h sslpassword=Canary-ssl dbname=d;"
                        + "s3_secret_access_key=Canary-key-2;alias=lk",
                p);
        assertThat(c.maskedUrl())
                .isEqualTo("jdbc:ducklake:postgres:host=h dbname=d;alias=lk")
                .doesNotContain("Canary");
        assertThat(c.toString()).doesNotContain("Canary");
        assertThat(c.secret(LakeProperty.S3_SECRET_ACCESS_KEY).toString()).isEqualTo("****");
    }

    @Test
    void questionMarkOptionsAreOptionsForEveryCatalogForm() throws Exception {
        Properties p = new Properties();
        p.setProperty("alias", "from_props");
        LakeConfig file = LakeConfig.parse("jdbc:ducklake:/d/e.ducklake?read_only=true&alias=from_url", p);
        assertThat(file.catalogType()).isEqualTo(CatalogType.DUCKDB);
        assertThat(file.catalogPath()).as("no '?' in a file name").isEqualTo("/d/e.ducklake");
        assertThat(file.bool(LakeProperty.READ_ONLY)).isTrue();
        assertThat(file.alias()).as("a URL key wins over Properties").isEqualTo("from_url");
        assertThat(file.maskedUrl()).isEqualTo("jdbc:ducklake:duckdb:/d/e.ducklake;read_only=true;alias=from_url");
        assertThat(LakeConfig.parse("jdbc:ducklake:duckdb:/d/e.ducklake?read_only=true", p)
                        .catalogPath())
                .isEqualTo("/d/e.ducklake");
        assertThat(LakeConfig.parse("jdbc:ducklake:sqlite:/d/m.sqlite?read_only=true", p)
                        .catalogPath())
                .isEqualTo("/d/m.sqlite");
        assertThat(LakeConfig.parse("jdbc:ducklake:/d/a&b.ducklake", p).catalogPath())
                .as("an & that starts no key= is part of the file name")
                .isEqualTo("/d/a&b.ducklake");
        LakeConfig pg = LakeConfig.parse("jdbc:ducklake:postgres:host=h dbname=d?read_only=true&alias=x", p);
        assertThat(pg.catalogDsn().render()).isEqualTo("host=h dbname=d");
        assertThat(pg.bool(LakeProperty.READ_ONLY)).isTrue();
        LakeConfig my = LakeConfig.parse("jdbc:ducklake:mysql:host=h database=d?read_only=true", p);
        assertThat(my.catalogDsn().render()).isEqualTo("host=h database=d");
        assertThat(my.bool(LakeProperty.READ_ONLY)).isTrue();
        LakeConfig quoted = LakeConfig.parse("jdbc:ducklake:postgres:host=h dbname='d?read_only=true'", p);
        assertThat(quoted.catalogDsn().get("dbname"))
                .as("a quoted '?' is the value's")
                .isEqualTo("d?read_only=true");
        assertThat(quoted.bool(LakeProperty.READ_ONLY)).isFalse();
    }

    @Test
    void aPasswordInTheQueryIsMaskedLikeAnyOther() throws Exception {
        String url = "jdbc:ducklake:postgres:host=h dbname=d?password=Canary%2Dq1&s3_secret_access_key=Canary-q2"
                + "&data_path=s3://b/p/&s3_access_key_id=k&alias=lk";
        LakeConfig c = LakeConfig.parse(url, new Properties());
        assertThat(c.secret(LakeProperty.PASSWORD).reveal()).isEqualTo("Canary-q1");
        assertThat(c.maskedUrl())
                .isEqualTo("jdbc:ducklake:postgres:host=h dbname=d;data_path=s3://b/p/;s3_access_key_id=k;alias=lk");
        assertThat(c.toString()).doesNotContain("Canary");
        assertThat(LakeConfig.maskedUrl(url)).isEqualTo(c.maskedUrl());
        assertThat(LakeConfig.displayValues(url, new Properties()))
                .containsEntry("alias", "lk")
                .doesNotContainKey("password")
                .doesNotContainKey("s3_secret_access_key");
        assertThatThrownBy(() -> LakeConfig.parse(url + "&aliass=1", new Properties()))
                .hasMessageContaining("aliass")
                .hasMessageNotContaining("Canary");
        assertThatThrownBy(() ->
                        LakeConfig.parse("jdbc:ducklake:postgres:host=h password=Canary-q3?alias=x", new Properties()))
                .hasMessageNotContaining("Canary");
        assertThatThrownBy(() -> LakeConfig.parse(
                        "jdbc:ducklake:postgres:host=h dbname=d?password=Canary-q4%zz", new Properties()))
                .hasMessageNotContaining("Canary");
    }

    @Test
    void blankValuesOutsideProperties() throws Exception {
        Properties p = new Properties();
        p.setProperty("metadata_schema", "");
        assertThat(LakeConfig.parse("jdbc:ducklake:m.ducklake", p).isSet(LakeProperty.METADATA_SCHEMA))
                .as("an empty Properties value is not given")
                .isFalse();
        p.setProperty("metadata_schema", "  ");
        assertThatThrownBy(() -> LakeConfig.parse("jdbc:ducklake:m.ducklake", p))
                .hasMessage("property \"metadata_schema\" has no value: leave it out or give one");
    }

    @Test
    void aConnectionStringIsTheCatalogsWhenHostPortAndDatabaseAgree() throws Exception {
        CatalogLogin pg = LakeConfig.parse("jdbc:ducklake:postgres:host=h port=5 dbname=d", new Properties())
                .catalogLogin();
        assertThat(pg.isThisCatalog(
                        "postgres:host=h port=5 dbname=d user=u connect_timeout=30 require_auth='!password'"))
                .isTrue();
        assertThat(pg.isThisCatalog("host=h port=6 dbname=d")).isFalse();
        assertThat(pg.isThisCatalog("host=h port=5 dbname=other")).isFalse();
        assertThat(pg.isThisCatalog("host=other port=5 dbname=d")).isFalse();
        assertThat(pg.isThisCatalog("host='unterminated"))
                .as("unreadable: keep the catalog hint")
                .isTrue();
        CatalogLogin file =
                LakeConfig.parse("jdbc:ducklake:m.ducklake", new Properties()).catalogLogin();
        assertThat(file.isThisCatalog("host=h port=5 dbname=d")).isFalse();
    }

    @Test
    void instanceKeyIgnoresTheLoginTimeoutOnly() throws Exception {
        LakeConfig a = LakeConfig.parse("jdbc:ducklake:m.ducklake;login_timeout=5", new Properties());
        LakeConfig b = LakeConfig.parse("jdbc:ducklake:m.ducklake;login_timeout=9", new Properties());
        LakeConfig c = LakeConfig.parse("jdbc:ducklake:m.ducklake;read_only=true", new Properties());
        assertThat(a.instanceKey()).isEqualTo(b.instanceKey()).hasSameHashCodeAs(b.instanceKey());
        assertThat(a.instanceKey()).isNotEqualTo(c.instanceKey());
    }
}
