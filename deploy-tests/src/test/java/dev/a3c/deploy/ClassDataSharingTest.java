package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Class-data sharing for the JVMs of {@code a3c train}, with the packaged jars: the first run writes an archive per
 * role beside the jars, and the next run's JVMs map them (with {@code -Xshare:on}, a JVM that cannot use its archive
 * does not start, so the run succeeding is the proof).
 */
@Tag("integration")
class ClassDataSharingTest {

    @Test
    void theFirstRunWritesTheArchivesAndTheNextRunStartsFromThem() throws Exception {
        Path cli = Deployment.repositoryRoot().resolve("cli/target");
        assertTrue(Files.isRegularFile(cli.resolve("a3c.jar")), "the reactor packages cli before deploy-tests");
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "cds-").toAbsolutePath();
        try {
            // the packaged layout in a folder of its own (hard links: same files, no copying), so that its
            // archives are this test's
            Files.createDirectories(dir.resolve("lib"));
            link(cli.resolve("a3c.jar"), dir.resolve("a3c.jar"));
            try (Stream<Path> jars = Files.list(cli.resolve("lib"))) {
                for (Path jar : jars.toList()) {
                    link(jar, dir.resolve("lib").resolve(jar.getFileName()));
                }
            }
            Path cds = dir.resolve("cds");

            Path first = dir.resolve("first");
            assertEquals(0, train(dir, first, null), PackagedA3c.tail(first.resolve("train.log"), 30));
            List<String> archives = names(cds);
            assertEquals(2, archives.size(), archives.toString());
            assertTrue(archives.get(0).matches("server-[0-9a-f]{16}\\.jsa") && archives.get(1).matches("worker-[0-9a-f]{16}\\.jsa"),
                    archives.toString());
            assertTrue(Files.readString(first.resolve("train.log")).contains("class-data archive for the worker JVMs written"));

            Path second = dir.resolve("second");
            assertEquals(0, train(dir, second, "-Xshare:on"), PackagedA3c.tail(second.resolve("train.log"), 30)
                    + "\n" + PackagedA3c.tail(second.resolve("logs/worker-0.log"), 10));
            assertTrue(Files.readString(second.resolve("train.log")).contains("step budget spent"));
            assertEquals(archives, names(cds), "the archives are used, not written again");
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void link(Path target, Path link) throws IOException {
        try {
            Files.createLink(link, target);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(target, link, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** {@code a3c train} of a short CartPole run from the jars in {@code dir}; its exit code. */
    private static int train(Path dir, Path runDir, String childJavaOptions) throws Exception {
        Files.createDirectories(runDir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.bytedeco.javacpp.maxbytes=256m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=768m",
                "-cp", dir.resolve("a3c.jar") + File.pathSeparator + dir.resolve("lib") + File.separator + "*",
                "dev.a3c.cli.A3cCommand", "train", "--env", "CartPole-v1", "--workers", "2", "--max-steps", "20000",
                "--run-dir", runDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("train.log").toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().remove("A3C_CDS");
        if (childJavaOptions != null) {
            builder.environment().put("A3C_CHILD_JAVA_OPTS", childJavaOptions);
        } else {
            builder.environment().remove("A3C_CHILD_JAVA_OPTS");
        }
        Process process = builder.start();
        try {
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                throw new AssertionError("a3c train did not finish in 240 s: " + PackagedA3c.tail(runDir.resolve("train.log"), 20));
            }
            return process.exitValue();
        } finally {
            PackagedA3c.stopAll(List.of(process));
        }
    }
}
