package dev.a3c.envbridge;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The bridge's Python environment for tests, or a skip that says how to get it (.ci/run prepares it). */
final class PythonBridge {

    private PythonBridge() {}

    static BridgeLocation locationOrSkip() {
        Optional<BridgeLocation> location = BridgeLocation.find(System.getenv(), Path.of(""));
        assumeTrue(location.isPresent(), "no bridge/.venv with a python: run bridge/venv.sh (CI does) for the bridge tests");
        String missing = importsMissing(location.get().python());
        assumeTrue(missing.isEmpty(), "bridge/.venv cannot import the bridge's packages (run bridge/venv.sh): " + missing);
        return location.get();
    }

    private static String importsMissing(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import gymnasium, grpc, grpc_tools, numpy")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "python did not answer within 60 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? "" : out.lines().reduce((a, b) -> b).orElse("exit " + p.exitValue());
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
