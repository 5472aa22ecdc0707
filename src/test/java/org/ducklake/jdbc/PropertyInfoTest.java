package org.ducklake.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ducklake.jdbc.config.LakeProperty;
import org.ducklake.jdbc.instance.LakeInstances;
import org.junit.jupiter.api.Test;

/** What a tool's connection dialog gets from getPropertyInfo, without the driver opening anything. */
class PropertyInfoTest {

    @Test
    void listsEveryPropertyWithDescriptionDefaultAndChoices() throws Exception {
        Driver d = DriverManager.getDriver("jdbc:ducklake:x.ducklake");
        Properties info = new Properties();
        info.setProperty("user", "alice");
        info.setProperty("password", "Canary-info-pw");
        info.setProperty("s3_secret_access_key", "Canary-info-key");
        DriverPropertyInfo[] props =
                d.getPropertyInfo("jdbc:ducklake:postgres:host=h dbname=d;alias=from_url;read_only=true", info);
        Map<String, DriverPropertyInfo> byName =
                Arrays.stream(props).collect(Collectors.toMap(p -> p.name, Function.identity()));
        assertThat(byName.keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(LakeProperty.values())
                        .map(LakeProperty::key)
                        .collect(Collectors.toList()));
        for (DriverPropertyInfo p : props) {
            assertThat(p.description).as(p.name).isNotBlank();
            assertThat(String.valueOf(p.value)).doesNotContain("Canary");
        }
        assertThat(byName.get("user").value).isEqualTo("alice");
        assertThat(byName.get("password").value).isNull();
        assertThat(byName.get("s3_secret_access_key").value).isNull();
        assertThat(byName.get("alias").value).isEqualTo("from_url");
        assertThat(byName.get("read_only").value).isEqualTo("true");
        assertThat(byName.get("read_only").choices).containsExactly("true", "false");
        assertThat(byName.get("s3_url_style").choices).containsExactly("vhost", "path");
        assertThat(byName.get("login_timeout").value).isEqualTo("30");
        assertThat(byName.get("login_timeout").description).contains("Default: 30");
    }

    @Test
    void questionMarkOptionsAreShownLikeSemicolonOnes() throws Exception {
        Driver d = DriverManager.getDriver("jdbc:ducklake:x.ducklake");
        String url = "jdbc:ducklake:/d/e.ducklake?read_only=true&alias=from_query&password=Canary-q;data_path=/x/";
        assertThat(d.acceptsURL(url)).isTrue();
        Map<String, DriverPropertyInfo> byName = Arrays.stream(d.getPropertyInfo(url, new Properties()))
                .collect(Collectors.toMap(p -> p.name, Function.identity()));
        assertThat(byName.get("read_only").value).isEqualTo("true");
        assertThat(byName.get("alias").value).isEqualTo("from_query");
        assertThat(byName.get("data_path").value).isEqualTo("/x/");
        assertThat(byName.get("password").value).isNull();
    }

    @Test
    void opensNothingAndTouchesNoNetwork() throws Exception {
        Driver d = DriverManager.getDriver("jdbc:ducklake:x.ducklake");
        int before = LakeInstances.openCount();
        try (ServerSocket catalog = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String url = "jdbc:ducklake:postgres:host=127.0.0.1 port=" + catalog.getLocalPort() + " dbname=d";
            DriverPropertyInfo[] props = d.getPropertyInfo(url, new Properties());
            assertThat(props).hasSize(LakeProperty.values().length);
            // A connect made by the call is already in the backlog; the wait gives a late one a chance to show.
            catalog.setSoTimeout(300);
            boolean connected;
            try {
                catalog.accept().close();
                connected = true;
            } catch (SocketTimeoutException e) {
                connected = false;
            }
            assertThat(connected)
                    .as("getPropertyInfo connected to the catalog host")
                    .isFalse();
        }
        // At most as many: an instance of an earlier test may close on its idle timeout meanwhile.
        assertThat(LakeInstances.openCount()).isLessThanOrEqualTo(before);
    }
}
