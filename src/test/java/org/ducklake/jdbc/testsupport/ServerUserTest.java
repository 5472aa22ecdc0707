package org.ducklake.jdbc.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The test servers run as nobody when the tests run as root (PostgreSQL refuses root), as the tests' user else. */
class ServerUserTest {

    private static String expectedUser() {
        return Processes.isRoot() ? Processes.SERVER_USER : System.getProperty("user.name");
    }

    private static String userOf(long pid) {
        return ProcessHandle.of(pid).orElseThrow().info().user().orElseThrow();
    }

    @Test
    void postgresql() throws Exception {
        try (Connection c = PostgresServer.get().connectAsSuperuser("postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            assertThat(userOf(rs.getLong(1))).isEqualTo(expectedUser());
        }
    }

    @Test
    void mariadb() throws Exception {
        MySqlServer server = MySqlServer.get();
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + server.port() + "/", p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@pid_file")) {
            rs.next();
            long pid =
                    Long.parseLong(Files.readString(Paths.get(rs.getString(1))).trim());
            assertThat(userOf(pid)).isEqualTo(expectedUser());
        }
    }
}
