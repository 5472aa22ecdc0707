package org.ducklake.jdbc.testsupport;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Python packages the tests run (DuckDB's tokenizer, PySpark, JayDeBeApi), each installed with pip once into
 * {@code ~/.cache/ducklake-jdbc/python/<name>-<version>} and reused from there: a directory for {@code PYTHONPATH}.
 * A package pip cannot install fails the test that needs it, with pip's output.
 */
public final class PythonPackages {
    private PythonPackages() {}

    /** The Python the tests run ({@code -Dducklake.test.python}, else {@code python3}). */
    public static String python() {
        return System.getProperty("ducklake.test.python", "python3");
    }

    /**
     * The directory holding {@code requirements} (pip's {@code name==version} forms), named {@code dirName} and
     * complete when it has {@code marker} (a package directory pip creates): installed by pip into a fresh
     * sibling first and renamed into place, so a directory under the final name is always complete.
     */
    public static synchronized Path installed(String dirName, String marker, String... requirements)
            throws IOException, InterruptedException {
        Path root = Paths.get(System.getProperty("user.home"), ".cache", "ducklake-jdbc", "python");
        Path dir = root.resolve(dirName);
        if (Files.isDirectory(dir.resolve(marker))) {
            return dir;
        }
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, dirName + ".tmp-");
        try {
            String[] command = new String[8 + requirements.length];
            String[] head = {
                python(), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--target", tmp.toString()
            };
            System.arraycopy(head, 0, command, 0, head.length);
            System.arraycopy(requirements, 0, command, head.length, requirements.length);
            Processes.run(900, command);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isDirectory(dir.resolve(marker))) {
                    throw e;
                }
                // another process installed it first
            } catch (IOException e) {
                if (!Files.isDirectory(dir.resolve(marker))) {
                    throw e;
                }
            }
        } finally {
            deleteTree(tmp);
        }
        return dir;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }
}
