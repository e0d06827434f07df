package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/docker/openblas-core.sh, which both launchers source: Haswell kernels on AVX2 + FMA, unless the user chose. */
class OpenBlasCoreTest {

    private static final Path SNIPPET = Deployment.repositoryRoot().resolve("deploy/docker/openblas-core.sh");

    private static String coreAfterSourcing(Map<String, String> environment) throws IOException, InterruptedException {
        Map<String, String> changes = new java.util.HashMap<>(environment);
        changes.putIfAbsent("OPENBLAS_CORETYPE", null);
        return Deployment.afterSourcing(SNIPPET, "OPENBLAS_CORETYPE", changes);
    }

    @Test
    void aProcessorWithAvx2AndFmaGetsHaswellKernels() throws Exception {
        String flags = " " + Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                .findFirst().orElse("").replaceFirst("^flags\\s*:", "") + " ";
        String expected = flags.contains(" avx2 ") && flags.contains(" fma ") ? "Haswell" : "";
        assertEquals(expected, coreAfterSourcing(Map.of()));
    }

    @Test
    void theUsersChoiceStays() throws Exception {
        assertEquals("SkylakeX", coreAfterSourcing(Map.of("OPENBLAS_CORETYPE", "SkylakeX")));
        assertEquals("Prescott", coreAfterSourcing(Map.of("OPENBLAS_CORETYPE", "Prescott")));
    }
}
