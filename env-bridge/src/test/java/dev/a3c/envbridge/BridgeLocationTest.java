package dev.a3c.envbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the bridge's Python is: the launcher's variables, the repository, or a virtual environment made now. */
class BridgeLocationTest {

    private static Path executable(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void theLaunchersVariablesWin(@TempDir Path dir) {
        Map<String, String> env = Map.of(BridgeLocation.PYTHON_VARIABLE, "/opt/py/bin/python",
                BridgeLocation.HOME_VARIABLE, "/opt/bridge");
        assertEquals(Optional.of(new BridgeLocation(Path.of("/opt/py/bin/python"), Path.of("/opt/bridge"))),
                BridgeLocation.find(env, dir));
    }

    @Test
    void aRepositoryAroundTheWorkingDirectoryIsFoundWithItsVirtualEnvironment(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("bridge/a3c_bridge"));
        Path module = Files.createDirectories(repo.resolve("cli/target"));
        assertEquals(Optional.empty(), BridgeLocation.find(Map.of(), module), "no bridge/.venv yet");
        Path python = executable(repo.resolve("bridge/.venv/bin/python"), "#!/bin/sh\n");
        assertEquals(Optional.of(new BridgeLocation(python, repo.resolve("bridge"))), BridgeLocation.find(Map.of(), module));
    }

    @Test
    void aWorkerThatLearnsItNeedsTheBridgeMakesItsVirtualEnvironment(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("bridge");
        executable(home.resolve("venv.sh"), "#!/bin/sh\necho preparing >&2\necho /made/by/venv.sh/bin/python\n");
        BridgeLocation location = BridgeLocation.require(Map.of(BridgeLocation.HOME_VARIABLE, home.toString()), dir);
        assertEquals(new BridgeLocation(Path.of("/made/by/venv.sh/bin/python"), home), location);

        executable(home.resolve("venv.sh"), "#!/bin/sh\nexit 3\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BridgeLocation.require(Map.of(BridgeLocation.HOME_VARIABLE, home.toString()), dir));
        assertTrue(e.getMessage().contains("status 3"), e.getMessage());
    }

    @Test
    void withoutAnyItSaysHowToGetOne(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BridgeLocation.require(Map.of(), dir));
        assertTrue(e.getMessage().contains("bridge/venv.sh") && e.getMessage().contains("--env-server"), e.getMessage());
    }
}
