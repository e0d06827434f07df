package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.envbridge.BridgeLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gymnasium's CartPole-v1 through the environment bridge, in real processes: a server and two workers, each JVM
 * with its own bridge process. One worker is killed with SIGKILL early on, and its bridge must end with it; the
 * other trains to a 100-episode average of 475; when all is over no bridge process is left.
 */
@Tag("integration")
class GymnasiumTrainingProcessTest {

    private static final Pattern BRIDGE_PID = Pattern.compile("environment bridge started: pid (\\d+)");
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(420);

    @Test
    void cartPoleThroughTheBridgeReachesItsThresholdAndLeavesNoBridgeBehind(@TempDir Path runDir) throws Exception {
        Optional<BridgeLocation> location = BridgeLocation.find(System.getenv(), Path.of(""));
        assumeTrue(location.isPresent(), "no bridge/.venv: run bridge/venv.sh (CI does) for the Gymnasium process test");
        List<String> serverArgs = List.of("--env", "gymnasium:CartPole-v1", "--target-return", "475",
                "--max-steps", "3000000", "--eval-episodes", "10");
        LocalCluster cluster = LocalCluster.start(runDir, serverArgs, 2, Duration.ofSeconds(120));
        Set<Long> bridges = new HashSet<>();
        try {
            LocalCluster.Child victim = cluster.workers().get(1);
            Path victimLog = runDir.resolve("logs/" + victim.name + ".log");
            long victimBridge = awaitBridgePid(victimLog, Duration.ofSeconds(120));
            bridges.add(victimBridge);
            victim.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(awaitGone(victimBridge, Duration.ofSeconds(10)),
                    "the killed worker's bridge (pid " + victimBridge + ") outlived it by 10 s");

            assertTrue(cluster.server().process.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                    "training did not end within " + TRAINING_TIMEOUT + "; server log:\n"
                            + LocalCluster.tail(runDir.resolve("logs/server.log"), 20));
            assertEquals(0, cluster.server().process.exitValue(), LocalCluster.tail(runDir.resolve("logs/server.log"), 20));
            assertTrue(cluster.awaitWorkers(Duration.ofSeconds(60)));
            JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
            System.out.println("summary.json: " + summary);
            assertTrue(summary.required("reached_target").asBoolean(), summary.toString());
            assertEquals("gymnasium:CartPole-v1", summary.required("env").asText());
            assertTrue(summary.required("eval_episodes").asInt() == 10, "the server evaluated through its own bridge");
            assertEquals("", LogErrors.in(runDir.resolve("logs/server.log")), "errors in the server log");
        } finally {
            cluster.close();
            for (String log : List.of("server", "worker-0", "worker-1")) {
                bridges.addAll(bridgePids(runDir.resolve("logs/" + log + ".log")));
            }
            for (long pid : bridges) {
                boolean gone = awaitGone(pid, Duration.ofSeconds(10));
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                assertTrue(gone, "bridge process " + pid + " outlived its JVM");
            }
        }
        assertEquals(3, bridges.size(), "one bridge per JVM: " + bridges);
    }

    @Test
    void pongTrainsForHundredsOfUpdatesAndReportsGameScores(@TempDir Path runDir) throws Exception {
        Optional<BridgeLocation> location = BridgeLocation.find(System.getenv(), Path.of(""));
        assumeTrue(location.isPresent(), "no bridge/.venv: run bridge/venv.sh (CI does) for the Atari process test");
        // 2 workers x 16 games x 5 steps a rollout: 40,000 steps are 500 updates, and the first games end near 25,000
        List<String> serverArgs = List.of("--env", "gymnasium:ALE/Pong-v5", "--max-steps", "40000",
                "--target-return", "none", "--eval-episodes", "0");
        LocalCluster cluster = LocalCluster.start(runDir, serverArgs, 2, Duration.ofSeconds(120));
        try {
            assertTrue(cluster.server().process.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                    "Pong did not end within " + TRAINING_TIMEOUT + "; server log:\n"
                            + LocalCluster.tail(runDir.resolve("logs/server.log"), 20));
            assertEquals(0, cluster.server().process.exitValue(), LocalCluster.tail(runDir.resolve("logs/server.log"), 20));
            JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
            System.out.println("summary.json: " + summary);
            assertTrue(summary.required("updates").asLong() >= 300, summary.toString());
            assertTrue(summary.required("episodes").asLong() >= 1, "games finished: " + summary);
            double average = summary.required("avg_return_100").asDouble();
            assertTrue(average >= -21 && average <= -10, "a new player's game scores: " + average);
            List<String> episodes = Files.readAllLines(runDir.resolve("episodes.csv"));
            assertTrue(episodes.size() >= 2, "episodes.csv lists the games: " + episodes);
            assertEquals("", LogErrors.in(runDir.resolve("logs/server.log")), "errors in the server log");
        } finally {
            cluster.close();
        }
    }

    private static long awaitBridgePid(Path log, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Set<Long> pids = bridgePids(log);
            if (!pids.isEmpty()) {
                return pids.iterator().next();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no bridge started within " + timeout + ": " + LocalCluster.tail(log, 20));
    }

    private static Set<Long> bridgePids(Path log) {
        Set<Long> pids = new HashSet<>();
        try {
            Matcher m = BRIDGE_PID.matcher(Files.readString(log));
            while (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
            }
        } catch (IOException e) {
            // no log (yet)
        }
        return pids;
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
