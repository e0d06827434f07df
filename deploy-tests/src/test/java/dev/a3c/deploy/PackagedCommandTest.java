package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The packaged a3c command (what the image and the a3c script run) as a user gets it. */
@Tag("integration")
class PackagedCommandTest {

    @Test
    void theJarReportsTheProjectVersion() throws Exception {
        Path cli = Deployment.repositoryRoot().resolve("cli/target");
        assertTrue(Files.isRegularFile(cli.resolve("a3c.jar")), "the reactor packages cli before deploy-tests");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", cli.resolve("a3c.jar") + File.pathSeparator + cli.resolve("lib") + File.separator + "*",
                "dev.a3c.cli.A3cCommand", "--version"))
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), out);
            // workers report this version when they register; "dev" would mean an unversioned build
            assertEquals("a3c " + System.getProperty("a3c.version"), out.lines().reduce((a, b) -> b).orElse(""));
        } finally {
            process.destroyForcibly();
        }
    }
}
