package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/jit-options.sh, which both launchers source: the JIT options every a3c JVM gets, exported so that the
 * JVMs `a3c train` starts get them too; a value the user set (even an empty one) is kept.
 */
class JitOptionsLauncherTest {

    private static final Path SNIPPET = Deployment.repositoryRoot().resolve("deploy/docker/jit-options.sh");

    private static String optionsAfterSourcing(String userValue) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("A3C_JIT_OPTS", userValue);
        return Deployment.afterSourcing(SNIPPET, "A3C_JIT_OPTS", environment);
    }

    @Test
    void byDefaultCallsIntoCompiledCodeAreInlinedOnlyWhenSmall() throws Exception {
        assertEquals("-XX:InlineSmallCode=1000", optionsAfterSourcing(null));
    }

    @Test
    void theUsersValueIsKeptEvenEmpty() throws Exception {
        assertEquals("-XX:InlineSmallCode=2500 -XX:+PrintCompilation",
                optionsAfterSourcing("-XX:InlineSmallCode=2500 -XX:+PrintCompilation"));
        assertEquals("", optionsAfterSourcing(""));
    }

    @Test
    void bothLaunchersPassTheOptionsAndTheImageHasTheSnippet() throws Exception {
        Path root = Deployment.repositoryRoot();
        for (String launcher : new String[] {"a3c", "deploy/docker/a3c"}) {
            String text = Files.readString(root.resolve(launcher));
            assertTrue(text.contains("jit-options.sh") && text.contains("$A3C_JIT_OPTS"), launcher);
        }
        assertTrue(Files.readString(root.resolve("Dockerfile")).contains("deploy/docker/jit-options.sh"));
        assertTrue(Files.readString(SNIPPET).contains("export A3C_JIT_OPTS"));
    }
}
