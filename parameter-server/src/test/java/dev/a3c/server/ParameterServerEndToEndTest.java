package dev.a3c.server;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.pull;
import static dev.a3c.server.TestSupport.pushRequest;
import static dev.a3c.server.TestSupport.register;
import static dev.a3c.server.TestSupport.vector;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.checkpoint.CheckpointState;
import dev.a3c.config.Json;
import dev.a3c.config.TrainingConfig;
import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.server.grpc.GrpcServerSetup;
import dev.a3c.server.run.RunFolder;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingHistory;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server process on loopback: gRPC over Netty, HTTP, run folder, resume. */
class ParameterServerEndToEndTest {

    private static final ObjectMapper JSON = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Tensor g = vector(gradient(PARAMETERS, 0.1f));

    @TempDir
    Path dir;

    private static ParameterServer start(TrainingConfig config, Path runDir, boolean resume) throws Exception {
        return ParameterServer.start(ServerOptions.builder(config, runDir).resume(resume).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(2).build());
    }

    /** A blocking wait of the server's, run on another thread. */
    private interface Wait {
        void run() throws InterruptedException;
    }

    private static CompletableFuture<Void> inBackground(Wait wait) {
        return CompletableFuture.runAsync(() -> {
            try {
                wait.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static ManagedChannel connect(ParameterServer server) {
        return NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    }

    private static void shutdown(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow();
        assertTrue(channel.awaitTermination(5, TimeUnit.SECONDS));
    }

    private HttpResponse<String> get(ParameterServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of an unlabelled Prometheus sample. */
    private static double sample(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no sample " + name + " in\n" + metrics));
    }

    @Test
    void servesTrainsReportsWritesTheRunFolderAndResumes() throws Exception {
        Path runDir = dir.resolve("run");
        TrainingConfig config = TestSupport.config(1_000_000, 475.0, false);
        byte[] savedWeights;
        try (ParameterServer server = start(config, runDir, false)) {
            assertTrue(server.grpcPort() > 0);
            assertTrue(server.httpPort() > 0);
            JsonNode endpoint = JSON.readTree(Files.readString(runDir.resolve("server.json")));
            assertEquals(server.grpcPort(), endpoint.get("grpc_port").asInt());
            assertEquals(server.httpPort(), endpoint.get("http_port").asInt());
            assertEquals(config, JSON.readValue(runDir.resolve("config.json").toFile(), TrainingConfig.class));

            ManagedChannel channel = connect(server);
            ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            int id = register(stub, "e2e").getWorkerId();
            assertEquals(4 * PARAMETERS, pull(stub, id, -1).getWeights().getData().size());
            long version = 0;
            double[] returns = {10, 20, 30};
            for (int seq = 1; seq <= 3; seq++) {
                PushGradientsResponse r = stub.pushGradients(pushRequest(id, seq, version, g, 20, returns[seq - 1]).build());
                assertFalse(r.getStop());
                version = r.getVersion();
            }
            assertEquals(3, version);

            HttpResponse<String> statusResponse = get(server, "/status");
            assertEquals(200, statusResponse.statusCode());
            assertEquals("application/json", statusResponse.headers().firstValue("content-type").orElseThrow());
            JsonNode status = JSON.readTree(statusResponse.body());
            assertEquals(3, status.get("version").asLong());
            assertEquals(60, status.get("env_steps").asLong());
            assertEquals(3, status.get("updates").asLong());
            assertEquals(3, status.get("episodes").asLong());
            assertEquals(20.0, status.get("avg_return_100").asDouble(), 1e-9);
            assertEquals(1, status.get("active_workers").asInt());
            assertFalse(status.get("finished").asBoolean());
            assertEquals("e2e", status.get("workers").get(0).get("host").asText());
            assertEquals(3, status.get("workers").get(0).get("pushes").asLong());

            HttpResponse<String> metricsResponse = get(server, "/metrics");
            assertEquals(200, metricsResponse.statusCode());
            assertTrue(metricsResponse.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
            String metrics = metricsResponse.body();
            for (String name : List.of("a3c_env_steps_total", "a3c_updates_total", "a3c_push_staleness",
                    "a3c_push_latency", "a3c_episode_return", "a3c_workers_active")) {
                assertTrue(metrics.contains(name), name + " missing from\n" + metrics);
            }
            assertEquals(60.0, sample(metrics, "a3c_env_steps_total"));
            assertEquals(3.0, sample(metrics, "a3c_updates_total"));
            assertEquals(1.0, sample(metrics, "a3c_workers_active"));
            assertEquals(3.0, sample(metrics, "a3c_episode_return_count"));
            assertEquals(60.0, sample(metrics, "a3c_episode_return_sum"));
            assertEquals(3.0, sample(metrics, "a3c_push_staleness_count"));
            assertEquals(3.0, sample(metrics, "a3c_push_latency_seconds_count"));

            assertEquals("ok\n", get(server, "/healthz").body());

            savedWeights = pull(stub, id, -1).getWeights().getData().toByteArray();
            stub.deregister(DeregisterRequest.newBuilder().setWorkerId(id).setWorkerKey(TestSupport.keyBytes(id)).build());
            shutdown(channel);
        }

        // the run folder
        JsonNode summary = JSON.readTree(Files.readString(runDir.resolve("summary.json")));
        for (java.lang.reflect.RecordComponent c : RunState.class.getRecordComponents()) {
            com.fasterxml.jackson.annotation.JsonProperty name = c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            String field = name == null ? c.getName() : name.value();
            assertTrue(summary.has(field), field + ": summary.json is the run state of /status, missing from " + summary);
        }
        assertTrue(summary.has("known_workers"));
        assertEquals("CartPole-v1", summary.get("env").asText());
        assertEquals(TestSupport.ENVS, summary.get("envs_per_worker").asInt());
        assertEquals(60, summary.get("env_steps").asLong());
        assertEquals(3, summary.get("updates").asLong());
        assertEquals(3, summary.get("episodes").asLong());
        assertEquals(20.0, summary.get("avg_return_100").asDouble(), 1e-9);
        assertTrue(summary.get("best_avg_return_100").isNull(), "fewer than 100 episodes");
        assertFalse(summary.get("reached_target").asBoolean());
        assertTrue(summary.get("wall_seconds").asDouble() > 0);
        assertTrue(summary.get("steps_per_second").asDouble() > 0);
        assertEquals(1, summary.get("workers").size());
        java.awt.image.BufferedImage plot = javax.imageio.ImageIO.read(runDir.resolve("reward-curve.png").toFile());
        assertEquals(dev.a3c.server.plot.RewardCurvePlot.WIDTH, plot.getWidth(), "the reward curve is drawn at the end");
        assertEquals(3, summary.get("workers").get(0).get("pushes").asLong());
        assertEquals(60, summary.get("workers").get(0).get("env_steps").asLong());
        assertEquals("server shut down", summary.get("stop_reason").asText());

        RunFolder folder = new RunFolder(runDir);
        assertEquals(List.of(folder.checkpoint(3)), folder.checkpointsNewestFirst());
        CheckpointState checkpoint = CheckpointFile.readState(folder.checkpoint(3));
        assertEquals(3, checkpoint.version());
        assertEquals(60, checkpoint.envSteps());
        assertEquals(3, checkpoint.episodes());
        assertEquals(List.of(10.0, 20.0, 30.0), checkpoint.recentReturns());
        CheckpointFile.Contents finalModel = CheckpointFile.read(runDir.resolve("final-model.zip"));
        assertEquals(3, finalModel.state().version());
        assertArrayEquals(TestSupport.decode(savedWeights), finalModel.graph().params().toFloatVector());
        List<String> metricsCsv = Files.readAllLines(runDir.resolve("metrics.csv"));
        assertTrue(metricsCsv.get(0).startsWith("wall_seconds,env_steps,updates"), metricsCsv.get(0));
        assertTrue(metricsCsv.size() >= 2, "at least one row");
        assertTrue(metricsCsv.get(metricsCsv.size() - 1).contains(",60,3,3,"), metricsCsv.toString());
        List<String> episodesCsv = Files.readAllLines(runDir.resolve("episodes.csv"));
        assertEquals(4, episodesCsv.size(), episodesCsv.toString());

        // resume: counters and weights continue from the checkpoint; the given config is ignored
        TrainingConfig other = TestSupport.config(5_000, null, true);
        try (ParameterServer server = start(other, runDir, true)) {
            RunState status = server.session().status();
            assertEquals(3, status.version());
            assertEquals(60, status.envSteps());
            assertEquals(3, status.episodes());
            assertEquals(20.0, status.avgReturn100(), 1e-9);
            assertEquals(config, server.session().config());
            // the dashboard's curve continues the run's: the three episodes before the restart are replayed
            List<TrainingHistory.EpisodePoint> curve = server.session().history().snapshot().curve();
            assertEquals(List.of(10.0, 20.0, 30.0), curve.stream().map(TrainingHistory.EpisodePoint::meanReturn).toList());
            assertEquals(20.0, curve.get(2).avgReturn100(), 1e-9);

            ManagedChannel channel = connect(server);
            ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            int id = register(stub, "resumed").getWorkerId();
            PullWeightsResponse weights = pull(stub, id, -1);
            assertEquals(3, weights.getVersion());
            assertArrayEquals(savedWeights, weights.getWeights().getData().toByteArray());
            assertFalse(pull(stub, id, 3).getModified());

            PushGradientsResponse r = stub.pushGradients(pushRequest(id, 1, 3, g, 20, 40.0).build());
            assertEquals(4, r.getVersion());
            assertEquals(0, r.getStaleness());
            JsonNode resumedStatus = JSON.readTree(get(server, "/status").body());
            assertEquals(4, resumedStatus.get("version").asLong());
            assertEquals(80, resumedStatus.get("env_steps").asLong());
            assertEquals(4, resumedStatus.get("episodes").asLong());
            shutdown(channel);
        }
        assertEquals(4, CheckpointFile.readState(folder.latestCheckpoint().orElseThrow()).version());
        JsonNode resumedSummary = JSON.readTree(Files.readString(runDir.resolve("summary.json")));
        assertEquals(80, resumedSummary.get("env_steps").asLong());
        assertEquals(4, resumedSummary.get("updates").asLong());
        assertEquals(4, resumedSummary.get("episodes").asLong());
        assertEquals(5, Files.readAllLines(runDir.resolve("episodes.csv")).size(), "one header across both runs");
    }

    @Test
    void serverShutsItselfDownOnceTheBudgetIsSpentAndWorkersWereTold() throws Exception {
        Path runDir = dir.resolve("budget");
        ParameterServer server = start(TestSupport.config(50, null, false), runDir, false);
        ManagedChannel channel = connect(server);
        try {
            CompletableFuture<Void> completion = inBackground(server::awaitCompletion);
            ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            int id = register(stub, "w").getWorkerId();
            assertFalse(stub.pushGradients(pushRequest(id, 1, 0, g, 30).build()).getStop());
            assertTrue(stub.pushGradients(pushRequest(id, 2, 1, g, 30).build()).getStop());
            completion.get(20, TimeUnit.SECONDS);
        } finally {
            shutdown(channel);
            server.close();
        }
        JsonNode summary = JSON.readTree(Files.readString(runDir.resolve("summary.json")));
        assertEquals(60, summary.get("env_steps").asLong());
        assertEquals(2, summary.get("updates").asLong());
        assertTrue(summary.get("stop_reason").asText().contains("budget"), summary.toString());
        assertTrue(Files.exists(runDir.resolve("final-model.zip")));
    }

    @Test
    void withStayUpTheServerWritesItsOutputsWhenTheBudgetIsSpentAndServesUntilClosed() throws Exception {
        Path runDir = dir.resolve("stay-up");
        ParameterServer server = start(TestSupport.config(50, null, false), runDir, false);
        ManagedChannel channel = connect(server);
        CompletableFuture<Void> completion = inBackground(server::awaitCompletionAndStayUp);
        try {
            ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            int id = register(stub, "w").getWorkerId();
            assertFalse(stub.pushGradients(pushRequest(id, 1, 0, g, 30, 10.0).build()).getStop());
            assertTrue(stub.pushGradients(pushRequest(id, 2, 1, g, 30, 20.0).build()).getStop());
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(runDir.resolve("summary.json")));
            assertTrue(Files.exists(runDir.resolve("final-model.zip")));
            assertEquals(60, JSON.readTree(Files.readString(runDir.resolve("summary.json"))).get("env_steps").asLong());

            // still serving, past the stop grace (1 s): status, health, and "over" to a newcomer
            Thread.sleep(1500);
            assertFalse(completion.isDone(), "the server stays up until closed");
            JsonNode status = JSON.readTree(get(server, "/status").body());
            assertTrue(status.get("finished").asBoolean(), status.toString());
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(GrpcServerSetup.A3C_SERVICE).build()).getStatus());
            int late = register(stub, "late").getWorkerId();
            assertTrue(pull(stub, late, -1).getStop(), "a worker that joins after the end is told the run is over");
        } finally {
            shutdown(channel);
            server.close();
        }
        completion.get(20, TimeUnit.SECONDS);
        JsonNode summary = JSON.readTree(Files.readString(runDir.resolve("summary.json")));
        assertEquals(2, summary.get("updates").asLong());
        assertEquals(2, summary.get("episodes").asLong());
        assertEquals(3, Files.readAllLines(runDir.resolve("episodes.csv")).size(), "the header and both episodes");
    }

    @Test
    void resumeWithoutCheckpointStartsANewRun() throws Exception {
        Path runDir = dir.resolve("fresh");
        try (ParameterServer server = start(TestSupport.config(), runDir, true)) {
            assertEquals(0, server.session().status().version());
            assertEquals(0, server.session().envSteps());
        }
        assertTrue(Files.exists(runDir.resolve("summary.json")));
    }

    @Test
    void housekeepingWritesMetricsRowsAndPeriodicCheckpointsKeepingTheNewest() throws Exception {
        TrainingConfig base = TestSupport.config();
        TrainingConfig config = base.with("--checkpoint-interval 0.1s");
        Path runDir = dir.resolve("housekeeping");
        try (ParameterServer server = start(config, runDir, false)) {
            RunFolder folder = server.folder();
            await().atMost(Duration.ofSeconds(10)).until(() -> folder.latestCheckpoint().isPresent());
            assertEquals(0, RunFolder.versionOf(folder.latestCheckpoint().orElseThrow()));
            ManagedChannel channel = connect(server);
            try {
                ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS);
                int id = register(stub, "w").getWorkerId();
                for (int seq = 1; seq <= 3; seq++) {
                    stub.pushGradients(pushRequest(id, seq, seq - 1, g, 10, 10.0 * seq).build());
                    long version = seq;
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> folder.latestCheckpoint().map(RunFolder::versionOf).orElse(-1L) == version);
                }
            } finally {
                shutdown(channel);
            }
            // the older ones are pruned right after the newest is written: two are kept
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> folder.checkpointsNewestFirst().equals(List.of(folder.checkpoint(3), folder.checkpoint(2))));
            // one metrics row per second while running
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.metricsCsv())
                    && Files.readAllLines(folder.metricsCsv()).stream().anyMatch(l -> l.contains(",30,3,3,")));
            // the reward curve follows the periodic checkpoints, before the run ends
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folder.rewardCurve()));
        }
    }
}
