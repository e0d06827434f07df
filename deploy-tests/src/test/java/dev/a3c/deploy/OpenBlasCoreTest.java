package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** deploy/docker/openblas-core.sh, which both launchers source: Haswell kernels on AVX2 + FMA, unless the user chose. */
class OpenBlasCoreTest {

    private static final Path SNIPPET = Deployment.repositoryRoot().resolve("deploy/docker/openblas-core.sh");

    private static String coreAfterSourcing(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", ". \"$0\"; printf '%s' \"${OPENBLAS_CORETYPE:-}\"",
                SNIPPET.toString());
        builder.environment().remove("OPENBLAS_CORETYPE");
        builder.environment().putAll(environment);
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out;
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
