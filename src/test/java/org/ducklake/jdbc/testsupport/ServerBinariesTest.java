package org.ducklake.jdbc.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ServerBinariesTest {

    private static Path postgresArtifact() {
        return ServerBinaries.artifact("ducklake.test.postgres.binaries", "postgres-binaries.jar");
    }

    @Test
    void theServerBinariesKeepTheirModesAndLinksAndAreOpenToTheServerUser() throws Exception {
        Path cache = ServerBinaries.cacheDirectory(
                TestLakes.freshDirectory("server-cache").resolve("c"));
        Path pg = ServerBinaries.unpacked(cache, "postgresql", postgresArtifact(), Archives::untarXzInJar);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pg.resolve("bin/initdb"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(pg.resolve("share/postgresql/postgres.bki"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.isSymbolicLink(pg.resolve("lib/libpq.so.5"))).isTrue();
        assertThat(Files.isRegularFile(pg.resolve("lib/libpq.so.5"))).isTrue();
        String version = Processes.run(30, pg.resolve("bin/postgres").toString(), "--version");
        assertThat(version).startsWith("postgres (PostgreSQL) ");
    }

    @Test
    void jvmsUnpackingAtOnceGetOneCompleteEntryAndLeaveNoPartialCopy() throws Exception {
        Path cache = ServerBinaries.cacheDirectory(
                TestLakes.freshDirectory("server-cache").resolve("c"));
        AtomicInteger unpacks = new AtomicInteger();
        CountDownLatch allStarted = new CountDownLatch(4);
        ServerBinaries.Unpack slowly = (artifact, dir) -> {
            unpacks.incrementAndGet();
            allStarted.countDown();
            try {
                allStarted.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            Files.writeString(dir.resolve("binary"), "complete");
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> entries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                entries.add(pool.submit(() -> ServerBinaries.unpacked(cache, "server", postgresArtifact(), slowly)));
            }
            for (Future<Path> entry : entries) {
                Path dir = entry.get(60, TimeUnit.SECONDS);
                assertThat(dir).isEqualTo(entries.get(0).get());
                assertThat(Files.readString(dir.resolve("binary"))).isEqualTo("complete");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unpacks).hasValue(4);
        try (Stream<Path> left = Files.list(cache)) {
            assertThat(left).hasSize(1);
        }

        // A later run finds the entry and unpacks nothing.
        ServerBinaries.unpacked(cache, "server", postgresArtifact(), slowly);
        assertThat(unpacks).hasValue(4);
    }

    @Test
    void aCacheDirectoryThatSomeoneElseOwnsIsRefused() throws Exception {
        assumeTrue(Processes.isRoot(), "only root can give a directory to another user");
        Path foreign =
                Files.createDirectory(TestLakes.freshDirectory("server-cache").resolve("c"));
        Processes.giveToServerUser(foreign);

        assertThatThrownBy(() -> ServerBinaries.cacheDirectory(foreign))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to run server binaries from it");
    }
}
