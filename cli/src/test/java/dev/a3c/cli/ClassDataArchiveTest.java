package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which class-data archive a child JVM of a3c train uses or writes (the JVM's side: deploy-tests' ClassDataSharingTest). */
class ClassDataArchiveTest {

    private static String classPath(Path dir) throws IOException {
        Path jar = Files.write(dir.resolve("a3c.jar"), new byte[] {1, 2, 3});
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.write(lib.resolve("b.jar"), new byte[] {4});
        Files.write(lib.resolve("a.jar"), new byte[] {5, 6});
        return jar + File.pathSeparator + lib + File.separator + "*";
    }

    @Test
    void theArchiveLivesBesideTheJarsAndIsNamedByRoleAndClassPath(@TempDir Path dir) throws IOException {
        String cp = classPath(dir);
        ClassDataArchive worker = ClassDataArchive.forRole("worker", Map.of(), cp).orElseThrow();
        ClassDataArchive server = ClassDataArchive.forRole("server", Map.of(), cp).orElseThrow();
        assertEquals(dir.resolve("cds").toAbsolutePath(), worker.file().getParent());
        assertTrue(worker.file().getFileName().toString().matches("worker-[0-9a-f]{16}\\.jsa"), worker.file().toString());
        assertEquals(worker.file().getFileName().toString().substring(6),
                server.file().getFileName().toString().substring(6), "one key for the class path");
        assertEquals(worker.file(), ClassDataArchive.forRole("worker", Map.of(), cp).orElseThrow().file(), "stable");

        // a rebuilt jar (another size or time) is another class path to archive
        Files.setLastModifiedTime(dir.resolve("lib/a.jar"), FileTime.fromMillis(1_000_000));
        assertNotEquals(worker.file(), ClassDataArchive.forRole("worker", Map.of(), cp).orElseThrow().file());
        assertEquals(List.of(dir.resolve("a3c.jar"), dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")),
                ClassDataArchive.entries(cp), "lib/* expands to its jars in name order");
    }

    @Test
    void offWhenSwitchedOffOrWithoutAJarToSitBeside(@TempDir Path dir) throws IOException {
        String cp = classPath(dir);
        assertTrue(ClassDataArchive.forRole("worker", Map.of(ClassDataArchive.SWITCH, "off"), cp).isEmpty());
        assertTrue(ClassDataArchive.forRole("worker", Map.of(ClassDataArchive.SWITCH, "OFF"), cp).isEmpty());
        assertTrue(ClassDataArchive.forRole("worker", Map.of(), dir.toString()).isEmpty(), "a folder of classes");
        assertTrue(ClassDataArchive.forRole("worker", Map.of(), "").isEmpty());
    }

    @Test
    void theFirstJvmWritesTheArchiveAndTheNextOnesUseIt(@TempDir Path dir) throws IOException {
        ClassDataArchive archive = ClassDataArchive.forRole("worker", Map.of(), classPath(dir)).orElseThrow();
        ClassDataArchive.Launch other = archive.launch(false);
        assertEquals(List.of(), other.options(), "only one JVM of a role writes it");
        assertNull(other.pending());

        ClassDataArchive.Launch first = archive.launch(true);
        ClassDataArchive.Pending pending = first.pending();
        assertEquals(List.of("-Xlog:cds*=off", "-XX:ArchiveClassesAtExit=" + pending.partial()), first.options());
        assertEquals(archive.file(), pending.target());
        assertNotEquals(pending.partial(), archive.launch(true).pending().partial(), "each writer a file of its own");

        // the JVM wrote its archive and exited cleanly: moved into place, older archives of the role removed
        Path older = Files.write(dir.resolve("cds/worker-0123456789abcdef.jsa"), new byte[] {9});
        Path serverArchive = Files.write(dir.resolve("cds/server-0123456789abcdef.jsa"), new byte[] {9});
        Files.write(pending.partial(), new byte[] {7, 7, 7});
        assertTrue(pending.publish(0));
        assertTrue(Files.isRegularFile(archive.file()));
        assertFalse(Files.exists(pending.partial()));
        assertFalse(Files.exists(older));
        assertTrue(Files.exists(serverArchive), "another role's archive stays");

        assertEquals(List.of("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archive.file()), archive.launch(true).options());
        assertNull(archive.launch(true).pending());
    }

    @Test
    void aJvmThatFailedLeavesNoArchive(@TempDir Path dir) throws IOException {
        ClassDataArchive archive = ClassDataArchive.forRole("server", Map.of(), classPath(dir)).orElseThrow();
        ClassDataArchive.Pending failed = archive.launch(true).pending();
        Files.write(failed.partial(), new byte[] {7});
        assertFalse(failed.publish(1));
        assertFalse(Files.exists(failed.partial()), "what it wrote is deleted");
        assertFalse(Files.exists(archive.file()));

        ClassDataArchive.Pending nothing = archive.launch(true).pending();
        assertFalse(nothing.publish(0), "exited cleanly without writing one");
        assertFalse(Files.exists(archive.file()));
    }
}
