package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** {@link NativesCommand}: DL4J's native libraries unpacked flat into one directory, as the Docker image needs. */
@Tag("integration")
class NativesCommandTest {

    @Test
    void unpacksTheNativeLibrariesFlatIntoTheDirectoryAndLoadsThemFromThere(@TempDir Path dir) throws Exception {
        Path natives = dir.resolve("natives");
        Process process = JvmLauncher.a3c(JvmLauncher.Memory.WORKER, List.of("natives", natives.toString()))
                .redirectErrorStream(true).start();
        try {
            assertTrue(process.waitFor(100, TimeUnit.SECONDS), "the child JVM did not exit");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("a3c natives: ") && output.contains("libraries loaded from " + natives.toRealPath()),
                    output);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (String library : List.of("libnd4jcpu.so", "libjnind4jcpu.so", "libopenblas_nolapack.so.0", "libgomp.so.1",
                "libjnijavacpp.so")) {
            assertTrue(Files.isRegularFile(natives.resolve(library), LinkOption.NOFOLLOW_LINKS), library);
        }
        try (Stream<Path> entries = Files.list(natives)) {
            assertFalse(entries.anyMatch(Files::isDirectory), "flat: no subdirectories per jar");
        }
        assertTrue(Files.size(natives.resolve("libnd4jcpu.so")) > 100L << 20, "ND4J's library is the big one");
    }

    @Test
    void refusesWhenThisJvmAlreadyLoadedThemFromElsewhere(@TempDir Path dir) throws IOException {
        Nd4j.create(new float[] {1});   // this JVM's libraries now come from the user's JavaCPP cache
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("natives", dir.resolve("natives").toString());
        assertEquals(2, outcome.exitCode(), outcome.toString());
        assertTrue(outcome.err().startsWith("a3c: native library ") && outcome.err().contains("run 'a3c natives' in a fresh JVM"),
                outcome.err());
    }
}
