package org.ducklake.jdbc.instance;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Directories only this OS user can enter: the extraction cache's fallback in the shared temp directory, and
 * each engine's own spill directory (DuckDB's {@code temp_directory}).
 */
final class PrivateDirectories {
    private PrivateDirectories() {}

    /**
     * The user's own directory in the shared temp directory, {@code <java.io.tmpdir>/ducklake-jdbc-<user>}, made
     * private (and checked) first, so no other user can have made or can replace anything below it.
     */
    static Path userTempRoot() throws IOException {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return privateDirectory(Paths.get(System.getProperty("java.io.tmpdir"), "ducklake-jdbc-" + user));
    }

    /**
     * A new spill directory for one engine, {@code <user temp root>/spill-<random>}. DuckDB lets SQL reach its
     * temp directory even with external access off, so each engine gets one of its own, holding nothing but
     * that engine's spill files, instead of DuckDB's default {@code .tmp} in the working directory; it is
     * deleted when the engine closes ({@link #deleteQuietly}).
     */
    static Path newSpillDirectory() throws IOException {
        Path dir = Files.createTempDirectory(userTempRoot(), "spill-");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    /** Creates the directory (only this user may enter it) or checks that an existing one is this user's. */
    static Path privateDirectory(Path dir) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                if (posix) {
                    Files.createDirectory(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException e) {
                // made by another JVM in the meantime: checked below like any existing directory
            }
        }
        if (posix) {
            // Another user could have created the directory first; then it is not ours to trust.
            if (!Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) {
                throw new IOException(dir + " belongs to another user");
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    /** Deletes a directory tree, as far as it can; a spill directory left behind is only a leftover. */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
