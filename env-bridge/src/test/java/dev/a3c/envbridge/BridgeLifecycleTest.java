package dev.a3c.envbridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.EnvironmentRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real bridge process: its batches, its errors, and its end. */
@Tag("integration")
class BridgeLifecycleTest {

    private static final int K = 4;

    private static BridgedBatch batch(Bridge bridge, String id, int count) {
        return new BridgedBatch(BridgeSession.open(bridge, EnvironmentRequest.of("gymnasium:" + id), count));
    }

    @Test
    void aBatchIsSeededPerEnvironmentAndResetsEndedEpisodesInTheSameStep() {
        try (Bridge bridge = Bridge.launch(PythonBridge.locationOrSkip());
             BridgedBatch first = batch(bridge, "CartPole-v1", K);
             BridgedBatch second = batch(bridge, "CartPole-v1", K)) {
            float[] a = new float[K * 4];
            float[] b = new float[K * 4];
            first.reset(new long[] {1, 2, 3, 4}, a);
            second.reset(new long[] {1, 2, 3, 5}, b);
            for (int i = 0; i < 12; i++) {
                assertEquals(a[i], b[i], "the same seed, the same first state");
            }
            assertFalse(java.util.Arrays.equals(a, 12, 16, b, 12, 16), "another seed, another first state");

            // always push right: every pole falls within a few dozen steps
            float[] actions = {1, 1, 1, 1};
            double[] rewards = new double[K];
            boolean[] terminated = new boolean[K];
            boolean[] truncated = new boolean[K];
            float[][] finals = new float[K][];
            boolean[] ended = new boolean[K];
            for (int t = 0; t < 200 && !(ended[0] && ended[1] && ended[2] && ended[3]); t++) {
                float[] before = a.clone();
                first.step(actions, 0, a, rewards, terminated, truncated, 0, finals);
                for (int k = 0; k < K; k++) {
                    assertEquals(1.0, rewards[k]);
                    assertFalse(truncated[k]);
                    if (terminated[k]) {
                        ended[k] = true;
                        assertNotNull(finals[k], "an ended episode's last observation is kept");
                        assertTrue(Math.abs(finals[k][2]) > 0.2 || Math.abs(finals[k][0]) > 2.4,
                                "the last observation is past a limit: " + java.util.Arrays.toString(finals[k]));
                        for (int j = 0; j < 4; j++) {
                            assertTrue(Math.abs(a[k * 4 + j]) <= 0.05f, "the next episode starts near upright");
                        }
                    } else {
                        assertNull(finals[k]);
                        assertTrue(a[k * 4 + 1] > before[k * 4 + 1], "pushed right, the cart speeds up");
                    }
                }
            }
            assertTrue(ended[0] && ended[1] && ended[2] && ended[3], "every episode ended");
        }
    }

    @Test
    void anUnknownIdIsAOneLineErrorThatNamesIt() {
        try (Bridge bridge = Bridge.launch(PythonBridge.locationOrSkip())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> batch(bridge, "NoSuchGame-v9", 1));
            assertTrue(e.getMessage().contains("unknown Gymnasium id 'NoSuchGame-v9'"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aMissingPackageSaysWhatToInstall() {
        // LunarLander needs Box2D, which the bridge's requirements leave out
        try (Bridge bridge = Bridge.launch(PythonBridge.locationOrSkip())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> batch(bridge, "LunarLander-v3", 1));
            assertTrue(e.getMessage().contains("pip install"), e.getMessage());
        }
    }

    @Test
    void aBridgeThatDiesIsReportedNotWaitedFor() {
        try (Bridge bridge = Bridge.launch(PythonBridge.locationOrSkip());
             BridgedBatch envs = batch(bridge, "CartPole-v1", 2)) {
            float[] observations = new float[8];
            envs.reset(new long[] {1, 2}, observations);
            ProcessHandle.of(bridge.pid()).orElseThrow().destroyForcibly();
            IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    IllegalStateException.class, () -> {
                        for (int i = 0; i < 100; i++) {
                            envs.step(new float[] {0, 1}, 0, observations, new double[2], new boolean[2],
                                    new boolean[2], 0, new float[2][]);
                            Thread.sleep(50);
                        }
                    }));
            assertTrue(e.getMessage().contains("exited"), e.getMessage());
        }
    }

    @Test
    void aBridgeThatRunsOnItsOwnServesAnyJvmThatConnects(@TempDir Path dir) throws Exception {
        BridgeLocation location = PythonBridge.locationOrSkip();
        Path portFile = dir.resolve("port");
        ProcessBuilder builder = new ProcessBuilder(location.python().toString(), "-m", "a3c_bridge", "--port", "0",
                "--port-file", portFile.toString())
                .directory(location.home().toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        builder.environment().put("PYTHONPATH", location.home().toString());
        Process standalone = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String target = "127.0.0.1:" + Files.readString(portFile).strip();
            try (Bridge bridge = Bridge.connect(target); BridgedBatch envs = batch(bridge, "Acrobot-v1", 2)) {
                assertEquals(-1, bridge.pid(), "not this JVM's process");
                float[] observations = new float[12];
                envs.reset(new long[] {1, 2}, observations);
                double[] rewards = new double[2];
                envs.step(new float[] {0, 2}, 0, observations, rewards, new boolean[2], new boolean[2], 0, new float[2][]);
                assertArrayEquals(new double[] {-1, -1}, rewards);
            }
            assertTrue(standalone.isAlive(), "closing a connection leaves a bridge this JVM does not own running");
        } finally {
            standalone.destroy();
            if (!standalone.waitFor(10, TimeUnit.SECONDS)) {
                standalone.destroyForcibly();
            }
        }
        assertEquals(0, standalone.exitValue(), "SIGTERM stops a bridge cleanly");
    }

    @Test
    void aBridgeEndsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        BridgeLocation location = PythonBridge.locationOrSkip();
        Path portFile = dir.resolve("port");
        // a shell stands in for a worker JVM: the bridge's parent, killed with SIGKILL
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c", "\"$0\" -m a3c_bridge --port 0 --port-file \"$1\""
                + " --parent-pid $$ & echo $! > \"$2\"; wait", location.python().toString(), portFile.toString(),
                dir.resolve("pid").toString()))
                .directory(location.home().toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        builder.environment().put("PYTHONPATH", location.home().toString());
        Process parent = builder.start();
        Optional<ProcessHandle> bridge = Optional.empty();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(portFile), "the bridge started: " + Files.readString(dir.resolve("log")));
            bridge = ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("pid")).strip()));
            assertTrue(bridge.isPresent() && bridge.get().isAlive());
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            ProcessHandle orphan = bridge.get();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (orphan.isAlive() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertFalse(orphan.isAlive(), "the bridge outlived its parent by 10 s");
        } finally {
            parent.destroyForcibly();
            bridge.ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
