package dev.a3c.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Application class-data sharing (AppCDS, JDK 13+) for the JVMs that {@code a3c train} starts: a JVM of a role
 * (server, worker) maps the classes a previous JVM of that role loaded from an archive instead of loading, verifying
 * and linking them from the jars again: a shorter start-up for every run after the first
 * (docs/results.md#start-up-class-data-sharing).
 *
 * <p>The first run after a build has no archive: one JVM of the role writes it when it exits
 * ({@code -XX:ArchiveClassesAtExit}, into a file of its own), and {@link Pending#publish} moves it into place once
 * that JVM has exited cleanly. An archive is named by a digest of the JVM and of the class path with each jar's size
 * and modification time, so a rebuilt jar or another JDK gets an archive of its own; the JVM itself also refuses an
 * archive that does not match and then simply loads the classes as usual. Off with {@code A3C_CDS=off}, and
 * wherever the folder beside the jars is not writable and holds no archive (a read-only image).
 */
final class ClassDataArchive {

    /** The environment variable that turns archives off ({@code off}). */
    static final String SWITCH = "A3C_CDS";

    private final Path folder;
    private final String role;
    private final String key;

    ClassDataArchive(Path folder, String role, String key) {
        this.folder = folder;
        this.role = role;
        this.key = key;
    }

    /** The archive of {@code role} for this JVM's class path, or none when archives are off. */
    static Optional<ClassDataArchive> forRole(String role) {
        return forRole(role, System.getenv(), System.getProperty("java.class.path"));
    }

    static Optional<ClassDataArchive> forRole(String role, Map<String, String> environment, String classPath) {
        if ("off".equalsIgnoreCase(environment.getOrDefault(SWITCH, "")) || classPath == null || classPath.isBlank()) {
            return Optional.empty();
        }
        List<Path> entries = entries(classPath);
        if (entries.isEmpty() || !Files.isRegularFile(entries.get(0))) {
            return Optional.empty();
        }
        Path folder = entries.get(0).toAbsolutePath().getParent().resolve("cds");
        try {
            return Optional.of(new ClassDataArchive(folder, role, key(classPath, entries)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The archive file. */
    Path file() {
        return folder.resolve(role + "-" + key + ".jsa");
    }

    /**
     * The JVM options that use the archive, or that write it when there is none yet and {@code mayCreate} (one JVM
     * of a role is enough); empty when neither is possible.
     */
    Launch launch(boolean mayCreate) {
        // the JVM's own notes about archives (classes it cannot archive, an archive it cannot use) stay out of the logs
        String quiet = "-Xlog:cds*=off";
        if (Files.isRegularFile(file())) {
            return new Launch(List.of(quiet, "-XX:SharedArchiveFile=" + file()), null);
        }
        if (!mayCreate) {
            return new Launch(List.of(), null);
        }
        try {
            Files.createDirectories(folder);
            if (!Files.isWritable(folder)) {
                return new Launch(List.of(), null);
            }
        } catch (IOException e) {
            return new Launch(List.of(), null);
        }
        Path partial = folder.resolve(role + "-" + key + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".partial");
        return new Launch(List.of(quiet, "-XX:ArchiveClassesAtExit=" + partial), new Pending(partial, file(), role));
    }

    /** JVM options, and the archive being written, if any. */
    record Launch(List<String> options, Pending pending) {}

    /** An archive a JVM writes as it exits. */
    record Pending(Path partial, Path target, String role) {

        /**
         * After the JVM has exited: moves its archive into place if it exited cleanly (code 0) and wrote one, else
         * deletes what it left; older archives of the role are removed. Whether an archive was published.
         */
        boolean publish(int exitCode) {
            try {
                if (exitCode != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                    Files.deleteIfExists(partial);
                    return false;
                }
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
                removeOthers();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private void removeOthers() throws IOException {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(), role + "-*.jsa")) {
                for (Path f : files) {
                    if (!f.equals(target)) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    /** The class path's entries, a {@code dir/*} entry expanded to its jars in name order (as the launcher does). */
    static List<Path> entries(String classPath) {
        List<Path> entries = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.endsWith("*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1));
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                    List<Path> sorted = new ArrayList<>();
                    jars.forEach(sorted::add);
                    sorted.sort(null);
                    entries.addAll(sorted);
                } catch (IOException e) {
                    // an entry that does not exist adds nothing, as for the launcher
                }
            } else {
                entries.add(Path.of(entry));
            }
        }
        return entries;
    }

    /** A digest of the JVM, the class path as given and each entry's size and modification time. */
    private static String key(String classPath, List<Path> entries) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, System.getProperty("java.home"));
            update(digest, System.getProperty("java.vm.version"));
            update(digest, classPath);
            for (Path entry : entries) {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                update(digest, entry.toAbsolutePath() + ":" + attributes.size() + ":" + attributes.lastModifiedTime().toMillis());
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
