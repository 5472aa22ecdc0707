package org.ducklake.jdbc.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Reads the archives the database servers come in, keeping what a server needs to run from them: the Unix modes
 * (executables stay executable) and symbolic links (the shared libraries' version names). Nothing lands outside the
 * target directory.
 */
final class Archives {
    private static final PosixFilePermission[] BY_BIT = {
        PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ
    };

    private Archives() {}

    /** Unpacks the tar.xz that a jar holds as its one entry ending in {@code .txz} (PostgreSQL's artifact). */
    static void untarXzInJar(Path jar, Path dir) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(jar)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().endsWith(".txz")) {
                    untarXz(zip, dir);
                    return;
                }
            }
        }
        throw new IOException("no .txz entry in " + jar);
    }

    private static void untarXz(InputStream in, Path dir) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(in)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path to = inside(dir, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(to.getParent());
                    Files.createSymbolicLink(to, Paths.get(e.getLinkName()));
                } else if (e.isLink()) {
                    Files.createDirectories(to.getParent());
                    Files.createLink(to, inside(dir, e.getLinkName()));
                } else if (e.isFile()) {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to);
                    Files.setPosixFilePermissions(to, permissions(e.getMode()));
                }
            }
        }
    }

    /**
     * Unpacks the files of a jar that {@code rename} maps to a relative path (null: leave the file out), with their
     * Unix modes (MariaDB's artifact).
     */
    static void unzip(Path jar, Function<String, String> rename, Path dir) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(jar).get()) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                String name = e.isDirectory() || e.isUnixSymlink() ? null : rename.apply(e.getName());
                if (name == null) {
                    continue;
                }
                Path to = inside(dir, name);
                Files.createDirectories(to.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, to);
                }
                int mode = e.getUnixMode();
                Files.setPosixFilePermissions(to, permissions(mode == 0 ? 0644 : mode));
            }
        }
    }

    private static Path inside(Path dir, String name) throws IOException {
        Path to = dir.resolve(name).normalize();
        if (!to.startsWith(dir) || to.equals(dir)) {
            throw new IOException("archive entry outside its directory: " + name);
        }
        return to;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BY_BIT.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                p.add(BY_BIT[bit]);
            }
        }
        return p;
    }
}
