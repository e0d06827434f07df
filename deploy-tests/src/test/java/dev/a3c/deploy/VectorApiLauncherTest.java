package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker/vector-api.sh, which both launchers source: the Vector API's module on the java command line when the
 * JDK on the PATH has it (its {@code release} file lists it), nothing otherwise (the network then runs scalar loops).
 */
class VectorApiLauncherTest {

    private static final Path SNIPPET = Deployment.repositoryRoot().resolve("deploy/docker/vector-api.sh");

    /** A fake JDK: bin/java (never run) and a release file listing {@code modules}. */
    private static Path jdk(Path dir, String modules) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 1\n");
        java.toFile().setExecutable(true);
        Files.writeString(dir.resolve("release"), "JAVA_VERSION=\"17.0.15\"\nMODULES=\"" + modules + "\"\n");
        return bin;
    }

    private static String optionsAfterSourcing(Path bin) throws IOException, InterruptedException {
        return Deployment.afterSourcing(SNIPPET, "A3C_VECTOR_OPTS", Map.of("PATH", bin + ":/usr/bin:/bin"));
    }

    @Test
    void aJdkWithTheVectorApiGetsItsModule(@TempDir Path dir) throws Exception {
        assertEquals("--add-modules jdk.incubator.vector",
                optionsAfterSourcing(jdk(dir, "java.base java.logging jdk.incubator.vector jdk.jfr")));
    }

    @Test
    void aRuntimeWithoutItStartsWithoutTheOption(@TempDir Path dir) throws Exception {
        assertEquals("", optionsAfterSourcing(jdk(dir, "java.base java.logging jdk.jfr")));
    }
}
