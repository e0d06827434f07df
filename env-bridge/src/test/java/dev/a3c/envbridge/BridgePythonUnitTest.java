package dev.a3c.envbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Python package's own unit tests (bridge/tests), run with the bridge's interpreter as part of the build. */
@Tag("integration")
class BridgePythonUnitTest {

    @Test
    void thePythonTestsPass() throws Exception {
        BridgeLocation location = PythonBridge.locationOrSkip();
        Process p = new ProcessBuilder(location.python().toString(), "-m", "unittest", "discover", "-s", "tests", "-t", ".")
                .directory(location.home().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python tests did not finish");
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OK"), out);
    }
}
