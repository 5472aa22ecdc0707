package org.ducklake.jdbc.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.ducklake.jdbc.testsupport.ChildJvm;
import org.ducklake.jdbc.testsupport.LogCapture;
import org.ducklake.jdbc.testsupport.TestLakes;
import org.junit.jupiter.api.Test;

/** Signature checks stay on unless a user turns them off; bundled files are private and checksummed. */
class ExtensionTrustTest {
    private static final Duration CHILD_DEADLINE = Duration.ofSeconds(180);

    private static String setting(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void unsignedExtensionsOnlyWhenAskedAndThenWithAWarning() throws Exception {
        Path dir = TestLakes.freshDirectory("trust");
        try (Connection c = TestLakes.fileAt(dir.resolve("a.ducklake")).connect()) {
            assertThat(setting(c, "allow_unsigned_extensions")).isEqualTo("false");
        }
        List<LogRecord> records;
        try (LogCapture logs = LogCapture.driver()) {
            TestLakes.FileLake b =
                    TestLakes.fileAt(dir.resolve("b.ducklake")).with("allow_unsigned_extensions", "true");
            try (Connection c = b.connect()) {
                assertThat(setting(c, "allow_unsigned_extensions")).isEqualTo("true");
            }
            records = logs.records();
        }
        assertThat(records)
                .anyMatch(r -> r.getLevel() == Level.WARNING
                        && String.valueOf(r.getParameters()[0]).equals("allow_unsigned_extensions"));
    }

    /**
     * A fresh extension directory makes the driver extract its bundled copy into the user's cache
     * (~/.cache/ducklake-jdbc/extensions, private to the user, keyed by checksum and DuckDB version). A
     * tampered copy left there is not installed: the checksum recorded at build time no longer matches, so
     * the file is extracted again. Runs in child JVMs so no earlier check in this JVM is reused.
     */
    @Test
    void bundledCopiesArePrivateAndATamperedCopyIsReplaced() throws Exception {
        Properties manifest = new Properties();
        try (InputStream in = getClass()
                .getResourceAsStream(
                        "/org/ducklake/jdbc/extensions/" + BundledExtensions.hostPlatform() + ".properties")) {
            manifest.load(in);
        }
        String rel = manifest.stringPropertyNames().stream()
                .filter(k -> k.endsWith("/ducklake.duckdb_extension"))
                .findFirst()
                .orElseThrow();
        String sum = manifest.getProperty(rel);
        Path home = TestLakes.freshDirectory("home");
        Path priv = home.resolve(".cache").resolve("ducklake-jdbc").resolve("extensions");

        ChildJvm.Result first = ChildJvm.main(TrustMain.class)
                .env("TEST_DIR", TestLakes.freshDirectory("trust-a").toString())
                .jvmOptions("-Duser.home=" + home)
                .run(CHILD_DEADLINE);
        assertThat(first.exit).as(first.output).isZero();
        assertThat(Files.getPosixFilePermissions(priv)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        Path extracted = priv.resolve(sum.substring(0, 16)).resolve(rel);
        assertThat(sha256(extracted)).isEqualTo(sum);

        Files.write(extracted, "not an extension".getBytes());
        ChildJvm.Result second = ChildJvm.main(TrustMain.class)
                .env("TEST_DIR", TestLakes.freshDirectory("trust-b").toString())
                .jvmOptions("-Duser.home=" + home)
                .run(CHILD_DEADLINE);
        assertThat(second.exit).as(second.output).isZero();
        assertThat(sha256(extracted)).isEqualTo(sum);
    }

    /**
     * Without a usable home (here user.home names a regular file) the cache goes to the temp directory, under a
     * directory of the user's own that is private too.
     */
    @Test
    void withoutAUsableHomeTheCacheIsAPrivateDirectoryInTemp() throws Exception {
        Path home = Files.createFile(TestLakes.freshDirectory("no-home").resolve("not-a-directory"));
        Path tmp = TestLakes.freshDirectory("tmpdir");
        ChildJvm.Result r = ChildJvm.main(TrustMain.class)
                .env("TEST_DIR", TestLakes.freshDirectory("trust-c").toString())
                .jvmOptions("-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp)
                .run(CHILD_DEADLINE);
        assertThat(r.exit).as(r.output).isZero();
        Path own = tmp.resolve("ducklake-jdbc-" + System.getProperty("user.name"));
        assertThat(Files.getPosixFilePermissions(own)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(own.resolve("extensions")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (java.util.stream.Stream<Path> files = Files.walk(own.resolve("extensions"))) {
            assertThat(files.filter(f -> f.toString().endsWith("/ducklake.duckdb_extension")))
                    .hasSize(1);
        }
    }

    public static final class TrustMain {
        public static void main(String[] args) throws Exception {
            Path dir = Paths.get(System.getenv("TEST_DIR"));
            Properties p = new Properties();
            p.setProperty("extension_directory", dir.resolve("ext").toString());
            p.setProperty("sql_access", "unrestricted"); // duckdb_extensions() lists files outside the lake
            try (Connection c = DriverManager.getConnection("jdbc:ducklake:" + dir.resolve("m.ducklake"), p);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT install_path FROM duckdb_extensions() WHERE extension_name = 'ducklake'")) {
                rs.next();
                System.out.println("installed=" + rs.getString(1));
            }
        }
    }

    private static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        StringBuilder sb = new StringBuilder();
        for (byte b : md.digest(Files.readAllBytes(f))) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
