package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Database server binaries, unpacked once from their registry artifact (Maven copies it into target/test-tools)
 * into a cache that every test JVM and every later run on the machine reuses:
 * {@code <java.io.tmpdir>/ducklake-test-servers-<user>/<name>-<checksum of the artifact>}; a new artifact version
 * has a new checksum, so it gets a directory of its own.
 *
 * <p>Why under the temporary directory: when the tests run as root the servers run as {@code nobody}
 * ({@link Processes#asServerUser}), who must read and execute the binaries, while the checkout (CI clones into a
 * {@code mktemp -d} directory) and root's home are closed to others. The cache directory is the current user's,
 * mode 755: one that someone else owns is refused, not trusted.
 *
 * <p>Unpacking goes to a temporary directory next to the cache entry, renamed into place when complete, so JVMs
 * starting at the same time never see half an entry: the first rename wins and the others drop their copy.
 */
final class ServerBinaries {

    /** Writes an artifact's binaries into an empty directory. */
    @FunctionalInterface
    interface Unpack {
        void into(Path artifact, Path dir) throws IOException;
    }

    private static final Set<PosixFilePermission> OPEN_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private ServerBinaries() {}

    /** The artifact file Maven copied into target/test-tools (a system property may name another). */
    static Path artifact(String property, String fileName) {
        Path file = Paths.get(System.getProperty(property, "target/test-tools/" + fileName));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("server binaries not found at " + file.toAbsolutePath()
                    + " (system property " + property + "): run the tests through Maven, which copies them there");
        }
        return file;
    }

    /** The directory holding the artifact's unpacked binaries, unpacked now if no earlier run did. */
    static Path unpacked(String name, Path artifact, Unpack unpack) throws IOException {
        String user = System.getProperty("user.name");
        Path cache = Paths.get(System.getProperty("java.io.tmpdir"), "ducklake-test-servers-" + user);
        return unpacked(cacheDirectory(cache), name, artifact, unpack);
    }

    /** {@link #unpacked(String, Path, Unpack)} in a given cache directory (see {@link #cacheDirectory}). */
    static Path unpacked(Path cache, String name, Path artifact, Unpack unpack) throws IOException {
        Path entry = cache.resolve(name + "-" + sha256(artifact).substring(0, 16));
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            return entry;
        }
        Path partial = Files.createTempDirectory(cache, name + ".unpacking-");
        try {
            unpack.into(artifact, partial);
            openToOthers(partial);
            Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            // Another JVM renamed its copy into place first: that one is used.
        } finally {
            deleteTree(partial);
        }
        return entry;
    }

    /** The cache directory, created if missing, mode 755; refused if someone else owns it or it is a link. */
    static Path cacheDirectory(Path dir) throws IOException {
        String user = System.getProperty("user.name");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException raced) {
                // Another JVM created it meanwhile: checked below like any existing one.
            }
        }
        UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(me)) {
            throw new IOException(dir + " is not a directory of user " + user
                    + ": refusing to run server binaries from it; remove it or set java.io.tmpdir");
        }
        // Under root's umask or a 700 default the server user could not enter it.
        Files.setPosixFilePermissions(dir, OPEN_DIRECTORY);
        return dir;
    }

    /** Directories 755, files readable by all and executable by all where the owner may execute them. */
    private static void openToOthers(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, OPEN_DIRECTORY);
                } else {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
                    mode.remove(PosixFilePermission.GROUP_WRITE);
                    mode.remove(PosixFilePermission.OTHERS_WRITE);
                    mode.add(PosixFilePermission.GROUP_READ);
                    mode.add(PosixFilePermission.OTHERS_READ);
                    if (mode.contains(PosixFilePermission.OWNER_EXECUTE)) {
                        mode.add(PosixFilePermission.GROUP_EXECUTE);
                        mode.add(PosixFilePermission.OTHERS_EXECUTE);
                    }
                    Files.setPosixFilePermissions(p, mode);
                }
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Deletes a directory and everything in it, if it exists (symbolic links themselves, not their targets). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
