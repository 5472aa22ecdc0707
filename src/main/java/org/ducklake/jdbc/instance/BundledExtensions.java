package org.ducklake.jdbc.instance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The extension binaries bundled with the driver: DuckDB's signed files for the pinned version, laid out like
 * DuckDB's repository under {@value #ROOT}, with one manifest per platform ({@code <platform>.properties}) of
 * the SHA-256 sums recorded at build time. A platform's self-contained jar carries its own platform's files; an
 * application gets them from the {@code extensions-<platform>} artifact, several of which may sit side by side
 * on one class path. An extension is extracted once into a cache keyed by DuckDB version and checksum, checked
 * against its sum, and then installed by DuckDB from there with {@code INSTALL … FROM}, which checks its
 * signature.
 */
final class BundledExtensions {
    static final String ROOT = "/org/ducklake/jdbc/extensions/";

    /** The platforms a jar is built for, in the order messages name them. */
    static final List<String> PLATFORMS =
            List.of("linux_amd64", "linux_arm64", "osx_arm64", "osx_amd64", "windows_amd64");

    private static final Map<String, Properties> MANIFESTS = new ConcurrentHashMap<>();
    private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();
    private static final ReentrantLock EXTRACT = new ReentrantLock();

    private BundledExtensions() {}

    /** The manifest of one platform's bundled files; empty when none are on the class path. */
    private static Properties manifest(String platform) {
        return MANIFESTS.computeIfAbsent(platform, p -> {
            Properties props = new Properties();
            try (InputStream in = BundledExtensions.class.getResourceAsStream(ROOT + p + ".properties")) {
                if (in != null) {
                    props.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return props;
        });
    }

    /** The platforms whose extensions are on the class path (may be empty). */
    static String platforms() {
        List<String> carried = new ArrayList<>();
        for (String p : PLATFORMS) {
            if (!manifest(p).isEmpty()) {
                carried.add(p);
            }
        }
        return String.join(", ", carried);
    }

    /** The bundled extensions of one platform as "version name", sorted; empty when none are on the class path. */
    static List<String> listed(String platform) {
        List<String> out = new ArrayList<>();
        for (String key : manifest(platform).stringPropertyNames()) {
            String[] parts = key.split("/");
            if (parts.length == 3 && parts[2].endsWith(SUFFIX)) {
                out.add(parts[0] + " " + parts[2].substring(0, parts[2].length() - SUFFIX.length()));
            }
        }
        out.sort(null);
        return out;
    }

    static boolean has(String version, String platform, String name) {
        return manifest(platform).containsKey(relative(version, platform, name));
    }

    /**
     * Checks (and extracts where needed) the bundled copies of {@code names} that the extension directory
     * does not hold yet, on a background thread, while the engine starts: the installer then finds them
     * verified. In a fresh JVM hashing the copies (about 100 MB) takes a third of a second, which the
     * engine's own start-up (loading its native library) now covers. Does only what the installer would do
     * next; a failure here is left for the installer to meet and report.
     *
     * @param extensionDirectory the extension directory, or null for DuckDB's default
     */
    static void verifyInBackground(String extensionDirectory, List<String> names) {
        String platform = hostPlatform();
        if (platform == null) {
            return;
        }
        Path dir = extensionDirectory != null
                ? Paths.get(extensionDirectory)
                : Paths.get(System.getProperty("user.home"), ".duckdb", "extensions");
        List<String[]> wanted = new ArrayList<>();
        for (String key : manifest(platform).stringPropertyNames()) {
            String[] parts = key.split("/");
            if (parts.length == 3 && parts[1].equals(platform) && parts[2].endsWith(SUFFIX)) {
                String name = parts[2].substring(0, parts[2].length() - SUFFIX.length());
                if (names.contains(name) && !Files.exists(dir.resolve(key))) {
                    wanted.add(new String[] {parts[0], name});
                }
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        try {
            Background.WORK.execute(() -> {
                for (String[] w : wanted) {
                    try {
                        repositoryWith(w[0], platform, w[1]);
                    } catch (IOException | RuntimeException e) {
                        return; // the installer tries again and reports what failed
                    }
                }
            });
        } catch (RuntimeException e) {
            // rejected: the installer does it on the connecting thread
        }
    }

    /** DuckDB's name for this machine's platform (linux_amd64, osx_arm64, windows_amd64, …), or null. */
    static String hostPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux")
                ? "linux"
                : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "windows" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64")
                ? "amd64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : null;
        return o == null || a == null ? null : o + "_" + a;
    }

    private static final String SUFFIX = ".duckdb_extension";

    private static String relative(String version, String platform, String name) {
        return version + "/" + platform + "/" + name + ".duckdb_extension";
    }

    /**
     * Extracts one bundled extension and returns the repository directory to {@code INSTALL … FROM}.
     *
     * @throws IOException when the file cannot be written or does not match the recorded checksum
     */
    static Path repositoryWith(String version, String platform, String name) throws IOException {
        String rel = relative(version, platform, name);
        String expected = manifest(platform).getProperty(rel);
        if (expected == null) {
            throw new IOException("no bundled copy of " + name + " for " + version + " " + platform);
        }
        Path repo = cacheDirectory().resolve(expected.substring(0, 16));
        Path target = repo.resolve(rel);
        EXTRACT.lock();
        try {
            if (VERIFIED.contains(target.toString())) {
                return repo;
            }
            if (!Files.exists(target) || !sha256(target).equals(expected)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), name, ".part");
                try (InputStream in = BundledExtensions.class.getResourceAsStream(ROOT + rel)) {
                    if (in == null) {
                        throw new IOException("the jar's manifest lists " + rel + " but the file is missing");
                    }
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    String actual = sha256(tmp);
                    if (!actual.equals(expected)) {
                        throw new IOException("bundled " + rel + " does not match the checksum recorded at build time");
                    }
                    move(tmp, target);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            VERIFIED.add(target.toString());
            return repo;
        } finally {
            EXTRACT.unlock();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The extraction cache, a directory only this OS user can read or write: the platform's per-user cache
     * directory ({@code $XDG_CACHE_HOME} or {@code ~/.cache} on Linux, {@code ~/Library/Caches} on macOS,
     * {@code %LOCALAPPDATA%} on Windows) + {@code ducklake-jdbc/extensions}, or the temp directory when there
     * is no home to write to. Entries are keyed by checksum and DuckDB version, so JVMs of one user share them
     * and a new driver version never meets an old file under the same name.
     */
    private static Path cacheDirectory() throws IOException {
        Path preferred = userCacheRoot();
        if (preferred != null) {
            try {
                return PrivateDirectories.privateDirectory(
                        preferred.resolve("ducklake-jdbc").resolve("extensions"));
            } catch (IOException | SecurityException e) {
                // a read-only or missing home: the temp directory still works
            }
        }
        return PrivateDirectories.privateDirectory(
                PrivateDirectories.userTempRoot().resolve("extensions"));
    }

    private static Path userCacheRoot() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.startsWith("windows")) {
            String local = System.getenv("LOCALAPPDATA");
            return local != null && !local.isEmpty() ? Paths.get(local) : null;
        }
        if (home == null || home.isEmpty() || home.equals("?")) {
            return null;
        }
        if (os.startsWith("mac")) {
            return Paths.get(home, "Library", "Caches");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && xdg.startsWith("/") ? Paths.get(xdg) : Paths.get(home, ".cache");
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : md.digest()) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
