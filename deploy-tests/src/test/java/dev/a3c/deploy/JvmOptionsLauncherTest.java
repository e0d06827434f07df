package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/jvm-options.sh, which both launchers source: the JVM options every a3c JVM gets (the collector, JIT
 * inlining), exported so that the JVMs `a3c train` starts get them too; a value the user set (even empty) is kept.
 */
class JvmOptionsLauncherTest {

    private static final Path SNIPPET = Deployment.repositoryRoot().resolve("deploy/docker/jvm-options.sh");

    private static String optionsAfterSourcing(String userValue) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("A3C_JVM_OPTS", userValue);
        return Deployment.afterSourcing(SNIPPET, "A3C_JVM_OPTS", environment);
    }

    @Test
    void byDefaultTheParallelCollectorAndSmallInlining() throws Exception {
        assertEquals("-XX:+UseParallelGC -XX:InlineSmallCode=1000", optionsAfterSourcing(null));
    }

    @Test
    void theUsersValueIsKeptEvenEmpty() throws Exception {
        assertEquals("-XX:+UseG1GC -XX:+PrintCompilation", optionsAfterSourcing("-XX:+UseG1GC -XX:+PrintCompilation"));
        assertEquals("", optionsAfterSourcing(""));
    }

    @Test
    void bothLaunchersPassTheOptionsAndTheImageHasTheSnippet() throws Exception {
        Path root = Deployment.repositoryRoot();
        for (String launcher : new String[] {"a3c", "deploy/docker/a3c"}) {
            String text = Files.readString(root.resolve(launcher));
            assertTrue(text.contains("jvm-options.sh") && text.contains("$A3C_JVM_OPTS"), launcher);
        }
        assertTrue(Files.readString(root.resolve("Dockerfile")).contains("deploy/docker/jvm-options.sh"));
        assertTrue(Files.readString(SNIPPET).contains("export A3C_JVM_OPTS"));
    }
}
