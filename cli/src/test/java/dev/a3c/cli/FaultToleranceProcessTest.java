package dev.a3c.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.checkpoint.CheckpointState;
import dev.a3c.config.TrainingConfig;
import dev.a3c.server.run.RunFolder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures with real processes on loopback: a worker killed with SIGKILL, a worker that joins
 * late, and a parameter server killed with SIGKILL and started again on the same run folder.
 * Training must still reach its target, and nothing may be counted twice or lost beyond the
 * design's promise (a restarted server continues from its last checkpoint).
 */
@Tag("integration")
class FaultToleranceProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static List<String> trainingArgs(Path runDir, String target, long budget) throws IOException {
        Path configFile = runDir.resolve("base-config.json");
        Files.createDirectories(runDir);
        TrainingOptions.writeConfig(TrainingConfig.defaults("CartPole-v1"), configFile);
        return List.of("--config", configFile.toString(), "--target-return", target, "--max-steps", Long.toString(budget));
    }

    private JsonNode status(int httpPort) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/status"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private JsonNode awaitStatus(int httpPort, Duration timeout, Predicate<JsonNode> condition, String what) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return await(what).atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class)   // not listening (yet, or any more)
                    .until(() -> {
                        last.set(status(httpPort));
                        return last.get();
                    }, condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; last status " + last.get(), e);
        }
    }

    /** The newest registration of the process {@code pid} (a worker the server forgot registers again). */
    private static JsonNode worker(JsonNode status, long pid) {
        JsonNode newest = null;
        for (JsonNode w : status.path("workers")) {
            if (w.required("pid").asLong() == pid && (newest == null || w.required("id").asLong() > newest.required("id").asLong())) {
                newest = w;
            }
        }
        return newest;
    }

    @Test
    void aKilledWorkerExpiresALateOneContributesAndTrainingRunsToItsEnd(@TempDir Path runDir) throws Exception {
        // a step budget rather than a target: CartPole now learns fast enough to reach a target before a late
        // worker's JVM has started, and this test is about the late worker contributing
        List<String> serverArgs = new ArrayList<>(trainingArgs(runDir, "none", 1_200_000));
        serverArgs.addAll(List.of("--lease", "3"));
        LocalCluster cluster = LocalCluster.start(runDir, serverArgs, 2, Duration.ofSeconds(120));
        List<LocalCluster.Child> extra = new ArrayList<>();
        try {
            awaitStatus(cluster.httpPort(), Duration.ofSeconds(90), s -> s.required("updates").asLong() > 20, "first updates");
            LocalCluster.Child victim = cluster.workers().get(0);
            victim.process.destroyForcibly();                       // SIGKILL: no deregistration
            assertTrue(victim.process.waitFor(10, TimeUnit.SECONDS));
            long victimPid = victim.process.pid();
            JsonNode expired = awaitStatus(cluster.httpPort(), Duration.ofSeconds(30),
                    s -> worker(s, victimPid) != null && "expired".equals(worker(s, victimPid).required("state").asText()),
                    "the killed worker's lease to expire");
            assertEquals(1, expired.required("active_workers").asInt(), expired.toString());

            Process late = JvmLauncher.a3c(JvmLauncher.Memory.WORKER,
                            List.of("worker", "--server", "127.0.0.1:" + cluster.grpcPort()))
                    .redirectErrorStream(true).redirectOutput(runDir.resolve("logs/late-worker.log").toFile()).start();
            extra.add(new LocalCluster.Child("late-worker", late));
            long latePid = late.pid();
            awaitStatus(cluster.httpPort(), Duration.ofSeconds(90),
                    s -> worker(s, latePid) != null && worker(s, latePid).required("pushes").asLong() > 0,
                    "the late worker's first pushes");

            assertTrue(cluster.server().process.waitFor(180, TimeUnit.SECONDS), "training finished; server log:\n"
                    + LocalCluster.tail(runDir.resolve("logs/server.log"), 20));
            JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
            assertTrue(summary.required("finished").asBoolean(), summary.toString());
            assertTrue(summary.required("env_steps").asLong() >= 1_200_000, summary.toString());
            String serverLog = Files.readString(runDir.resolve("logs/server.log"));
            assertTrue(serverLog.contains("missed its lease"), "the expiry is logged");
            long pushes = 0;
            boolean lateContributed = false;
            for (JsonNode w : summary.path("workers")) {
                pushes += w.required("pushes").asLong();
                lateContributed |= w.required("pid").asLong() == latePid && w.required("pushes").asLong() > 0;
            }
            assertTrue(lateContributed, summary.toString());
            assertEquals(summary.required("updates").asLong(), pushes, "every update belongs to exactly one worker's push");
            assertTrue(late.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, late.exitValue(), LocalCluster.tail(runDir.resolve("logs/late-worker.log"), 20));
        } finally {
            cluster.close();
            extra.forEach(c -> c.process.destroyForcibly());
        }
    }

    @Test
    void aKilledServerRestartsFromItsLastCheckpointAndTheWorkersComeBack(@TempDir Path runDir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> server = new ArrayList<>(List.of("server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--http-port", "0", "--run-dir", runDir.toString(), "--checkpoint-every", "50"));
        server.addAll(trainingArgs(runDir, "300", 5_000_000));
        Path logs = Files.createDirectories(runDir.resolve("logs"));
        List<Process> processes = new ArrayList<>();
        try {
            Process first = start(JvmLauncher.Memory.SERVER, server, logs.resolve("server-1.log"));
            processes.add(first);
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Process w = start(JvmLauncher.Memory.WORKER, List.of("worker", "--server", "127.0.0.1:" + port,
                        "--retry-for", "180"), logs.resolve("worker-" + i + ".log"));
                workers.add(w);
                processes.add(w);
            }
            RunFolder folder = new RunFolder(runDir);
            try {
                await("a checkpoint of version 200").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> checkpointVersion(folder) >= 200);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no checkpoint of version 200; log:\n"
                        + LocalCluster.tail(logs.resolve("server-1.log"), 20), e);
            }
            first.destroyForcibly();                                  // SIGKILL mid-training
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            CheckpointState saved = CheckpointFile.read(folder.latestCheckpoint().orElseThrow()).state();

            List<String> again = new ArrayList<>(server);
            again.add("--resume");
            Process second = start(JvmLauncher.Memory.SERVER, again, logs.resolve("server-2.log"));
            processes.add(second);
            Files.deleteIfExists(runDir.resolve("server.json"));
            JsonNode endpoint = awaitEndpoint(runDir.resolve("server.json"), second);
            JsonNode resumed = status(endpoint.get("http_port").asInt());
            assertTrue(resumed.required("version").asLong() >= saved.version(), "version never goes below the checkpoint's: "
                    + resumed + " vs " + saved.version());
            assertTrue(resumed.required("env_steps").asLong() >= saved.envSteps(), "nor do env steps");

            assertTrue(second.waitFor(240, TimeUnit.SECONDS), "training finished after the restart; log:\n"
                    + LocalCluster.tail(logs.resolve("server-2.log"), 30));
            assertEquals(0, second.exitValue());
            JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
            assertTrue(summary.required("reached_target").asBoolean(), summary.toString());
            assertEquals(2, summary.path("workers").size(), "both surviving workers joined the restarted server: " + summary);
            for (int i = 0; i < workers.size(); i++) {
                assertTrue(workers.get(i).waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, workers.get(i).exitValue(), LocalCluster.tail(logs.resolve("worker-" + i + ".log"), 20));
                assertTrue(Files.readString(logs.resolve("worker-" + i + ".log")).contains("registering again"),
                        "worker " + i + " re-registered by itself");
            }
            assertTrue(Files.readString(logs.resolve("server-2.log")).contains("resum"), "the restart says it resumed");
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
    }

    private static Process start(JvmLauncher.Memory memory, List<String> args, Path log) throws IOException {
        return JvmLauncher.a3c(memory, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long checkpointVersion(RunFolder folder) {
        return folder.latestCheckpoint().map(p -> {
            try {
                return CheckpointFile.read(p).state().version();
            } catch (RuntimeException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    private static JsonNode awaitEndpoint(Path endpoint, Process server) {
        return await("the restarted server's endpoint file").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IOException.class)   // being written
                .until(() -> {
                    assertTrue(server.isAlive(), "the restarted server exited early");
                    return Files.exists(endpoint) ? JSON.readTree(endpoint.toFile()) : null;
                }, Objects::nonNull);
    }
}
