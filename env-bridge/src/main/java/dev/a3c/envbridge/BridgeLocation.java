package dev.a3c.envbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Python side of the bridge is: the interpreter (of a virtual environment that has the bridge's
 * requirements, {@code bridge/requirements.txt}) and the directory that holds the {@code a3c_bridge} package.
 * The {@code a3c} launcher prepares both ({@code bridge/venv.sh}) and passes them in {@code A3C_BRIDGE_PYTHON} and
 * {@code A3C_BRIDGE_HOME}; without them the repository around the working directory is searched for
 * {@code bridge/.venv}.
 */
public record BridgeLocation(Path python, Path home) {

    public static final String PYTHON_VARIABLE = "A3C_BRIDGE_PYTHON";
    public static final String HOME_VARIABLE = "A3C_BRIDGE_HOME";

    /** Found from the environment variables, else from the repository around {@code workingDirectory}. */
    public static Optional<BridgeLocation> find(Map<String, String> environment, Path workingDirectory) {
        String python = environment.get(PYTHON_VARIABLE);
        String home = environment.get(HOME_VARIABLE);
        if (python != null && !python.isBlank() && home != null && !home.isBlank()) {
            return Optional.of(new BridgeLocation(Path.of(python), Path.of(home)));
        }
        for (Path dir = workingDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path bridge = dir.resolve("bridge");
            if (Files.isDirectory(bridge.resolve("a3c_bridge"))) {
                Path venvPython = bridge.resolve(".venv").resolve("bin").resolve("python");
                Path chosen = python != null && !python.isBlank() ? Path.of(python) : venvPython;
                return Files.isExecutable(chosen) ? Optional.of(new BridgeLocation(chosen, bridge)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The one the launcher or the repository gives; else, where the launcher named the bridge's directory
     * ({@code A3C_BRIDGE_HOME}: a worker started by {@code ./a3c worker} before it knew its environment), the one
     * {@code venv.sh} prepares now; failing all, an error that says how to get one.
     */
    public static BridgeLocation require() {
        return require(System.getenv(), Path.of(""));
    }

    static BridgeLocation require(Map<String, String> environment, Path workingDirectory) {
        Optional<BridgeLocation> found = find(environment, workingDirectory);
        if (found.isPresent()) {
            return found.get();
        }
        String home = environment.get(HOME_VARIABLE);
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "venv.sh"))) {
            return new BridgeLocation(prepare(Path.of(home)), Path.of(home));
        }
        return found.orElseThrow(() -> new IllegalStateException(
                "gymnasium: environments need the bridge's Python environment: run them through ./a3c (it creates "
                        + "bridge/.venv on first use), run bridge/venv.sh, or set " + PYTHON_VARIABLE + " and "
                        + HOME_VARIABLE + "; or give a running bridge with --env-server HOST:PORT"));
    }

    /** Runs {@code home/venv.sh} (creating the virtual environment if needed) and returns the python it prints. */
    private static Path prepare(Path home) {
        try {
            Process p = new ProcessBuilder(home.resolve("venv.sh").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
                p.destroyForcibly();
                throw new IllegalStateException(home.resolve("venv.sh") + " failed (status "
                        + (p.isAlive() ? "timeout" : p.exitValue()) + "): the bridge's Python environment could not be made");
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run " + home.resolve("venv.sh") + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the bridge's Python environment", e);
        }
    }
}
