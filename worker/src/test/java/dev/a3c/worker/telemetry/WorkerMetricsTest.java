package dev.a3c.worker.telemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.a3c.config.TrainingConfig;
import dev.a3c.infra.metrics.PrometheusScrape;
import dev.a3c.proto.DType;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.worker.Worker;
import dev.a3c.worker.client.ParameterServerClient;
import dev.a3c.worker.client.ServerException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's metrics, scraped over HTTP from {@link WorkerTelemetry} after it ran against a real
 * server on loopback, checked against what the server counted: per-method calls, bytes on the wire,
 * pushes, refusals by reason (a stale push, an oversized one), steps and episodes.
 */
class WorkerMetricsTest {

    private static final int K = 8;
    private static final int T = 5;
    private static final long BUDGET = 4_000;
    private static final String A3C = "a3c.v1.ParameterServer";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static TrainingConfig config() {
        return TrainingConfig.of("CartPole-v1", "--envs-per-worker " + K + " --rollout-steps " + T + " --lr 7e-4 --max-steps " + BUDGET
                + " --target-return none --checkpoint-interval 1h");
    }

    private static ParameterServer startServer(Path runDir, TrainingConfig config, int maxMessageBytes) throws Exception {
        return ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(2)).keepCheckpoints(1).maxMessageBytes(maxMessageBytes).build());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusScrape scrape(int port) throws Exception {
        HttpResponse<String> response = get(port, "/metrics");
        assertEquals(200, response.statusCode());
        return PrometheusScrape.parse(response.body());
    }

    private static Worker worker(WorkerTelemetry telemetry, Channel channel) {
        return new Worker(new ParameterServerClient(telemetry.instrument(channel), Duration.ofSeconds(10)),
                new Worker.Identity("metrics-test", ProcessHandle.current().pid(), 1, "test"), Duration.ofSeconds(20),
                telemetry.registry());
    }

    @Test
    void theVersionGaugeOutlivesTheWorkerThatSetIt() {
        // the registry serves /metrics after a worker's loop has returned (and in this class's tests, after the
        // worker is gone): its gauge must not read a collected object as NaN
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new WorkerMetrics(registry).weightsVersion(7);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertEquals(7.0, registry.get("a3c.worker.weights.version").gauge().value());
    }

    @Test
    void theWorkersMetricsAgreeWithWhatTheServerCounted(@TempDir Path runDir) throws Exception {
        try (ParameterServer server = startServer(runDir, config(), 16 << 20);
             WorkerTelemetry telemetry = new WorkerTelemetry()) {
            int port = telemetry.serveHttp("127.0.0.1", 0);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            Worker.Summary summary;
            try {
                summary = worker(telemetry, channel).run();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertEquals(BUDGET / (K * T), summary.pushes());

            HttpResponse<String> health = get(port, "/healthz");
            assertEquals(200, health.statusCode());
            assertEquals("ok\n", health.body());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                PrometheusScrape w = scrape(port);
                PrometheusScrape s = scrape(server.httpPort());
                // domain metrics against the server's
                assertEquals(summary.pushes(), w.value("a3c_worker_pushes_total", "result", "applied"));
                assertEquals(s.value("a3c_updates_total"), w.value("a3c_worker_pushes_total", "result", "applied"));
                assertEquals(s.value("a3c_env_steps_total"), w.value("a3c_worker_applied_env_steps_total"));
                assertEquals(summary.pushes(), w.value("a3c_worker_push_staleness_count"));
                assertEquals(s.value("a3c_push_staleness_sum"), w.value("a3c_worker_push_staleness_sum"));
                double played = w.value("a3c_worker_env_steps_total");
                assertTrue(played == BUDGET || played == BUDGET + K * T,
                        "the pushed steps, and at most the rollout played while the last push was answered: " + played);
                double episodes = w.value("a3c_worker_episodes_total");
                assertTrue(episodes >= s.value("a3c_episode_return_count") && episodes > 0, "episodes " + episodes);
                assertEquals(episodes, w.value("a3c_worker_episode_return_count"));
                assertEquals(episodes, w.value("a3c_worker_episode_length_count"));
                assertTrue(w.value("a3c_worker_episode_length_sum") >= s.value("a3c_episode_length_sum"));
                double version = w.value("a3c_worker_weights_version");
                assertTrue(version > 0 && version <= s.value("a3c_weights_version"), "version " + version);
                // nothing was refused: the honest refusals are there at 0, no other reason is
                assertEquals(2, w.find("a3c_worker_pushes_rejected_total").size());
                assertEquals(0, w.value("a3c_worker_pushes_rejected_total", "reason", "stale"));
                assertEquals(0, w.value("a3c_worker_pushes_rejected_total", "reason", "unknown_worker"));

                // client-side latency: one per answered push and per pull, as the calls counted on both sides
                double pushesOk = s.value("grpc_server_processing_duration_seconds_count", "method", "PushGradients",
                        "statusCode", "OK");
                double pullsOk = s.value("grpc_server_processing_duration_seconds_count", "method", "PullWeights",
                        "statusCode", "OK");
                assertEquals(pushesOk, w.value("a3c_worker_push_latency_seconds_count"));
                assertEquals(pullsOk, w.value("a3c_worker_pull_latency_seconds_count"));
                assertEquals(pushesOk, w.value("grpc_client_processing_duration_seconds_count", "method", "PushGradients",
                        "statusCode", "OK"));
                assertEquals(pullsOk, w.value("grpc_client_processing_duration_seconds_count", "method", "PullWeights",
                        "statusCode", "OK"));
                for (String method : List.of("Register", "PullWeights", "PushGradients", "Deregister")) {
                    assertEquals(s.value("grpc_server_requests_received_messages_total", "service", A3C, "method", method),
                            w.value("grpc_client_requests_sent_messages_total", "service", A3C, "method", method), method);
                    assertEquals(s.value("grpc_server_responses_sent_messages_total", "service", A3C, "method", method),
                            w.value("grpc_client_responses_received_messages_total", "service", A3C, "method", method),
                            method);
                    // bytes on the wire: what one side sent, the other received
                    assertEquals(s.value("a3c_grpc_server_received_bytes_sum", "method", method),
                            w.value("a3c_grpc_client_sent_bytes_sum", "method", method), method);
                    assertEquals(s.value("a3c_grpc_server_sent_bytes_sum", "method", method),
                            w.value("a3c_grpc_client_received_bytes_sum", "method", method), method);
                }
                assertEquals(1, w.value("grpc_client_requests_sent_messages_total", "method", "Deregister"));
                // a push carries at least its gradient: 4 bytes per parameter
                double gradientBytes = 4.0 * server.session().parameterCount();
                assertTrue(w.value("a3c_grpc_client_sent_bytes_sum", "method", "PushGradients") > summary.pushes() * gradientBytes);
                assertTrue(w.value("a3c_grpc_client_sent_bytes_max", "method", "PushGradients") < gradientBytes + 1024);
                // JVM and process metrics
                assertTrue(w.has("jvm_memory_used_bytes") && w.has("jvm_threads_live_threads"));
                assertTrue(w.has("process_cpu_usage") && w.has("process_uptime_seconds"));
            });
        }
    }

    /** Before the n-th push leaves, a rival moves the server two versions on: that push is too stale. */
    private static final class RivalBeforePush implements ClientInterceptor {
        private final ParameterServerGrpc.ParameterServerBlockingStub rival;
        private final int rivalId;
        private final ByteString rivalKey;
        private final byte[] zeros;
        private final int nth;
        private final AtomicInteger pushes = new AtomicInteger();
        private long sequence;

        RivalBeforePush(ParameterServerGrpc.ParameterServerBlockingStub rival, int parameters, int nth) {
            this.rival = rival;
            RegisterResponse registered = rival.register(RegisterRequest.newBuilder().setHost("rival").setPid(1)
                    .setCores(1).setProgramVersion("test").build());
            this.rivalId = registered.getWorkerId();
            this.rivalKey = registered.getWorkerKey();
            this.zeros = new byte[4 * parameters];
            this.nth = nth;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            ClientCall<Q, R> call = next.newCall(method, options);
            if (!method.getFullMethodName().equals(ParameterServerGrpc.getPushGradientsMethod().getFullMethodName())
                    || pushes.incrementAndGet() != nth) {
                return call;
            }
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void sendMessage(Q message) {
                    // the rival pushes on the newest weights, as an honest worker would
                    long version = rival.pullWeights(PullWeightsRequest.newBuilder().setWorkerId(rivalId)
                            .setWorkerKey(rivalKey).setSinceVersion(-1).build()).getVersion();
                    for (int i = 0; i < 2; i++) {
                        version = rival.pushGradients(PushGradientsRequest.newBuilder().setWorkerId(rivalId)
                                .setWorkerKey(rivalKey).setSequence(++sequence).setBaseVersion(version).setEnvSteps(1)
                                .setGradient(Tensor.newBuilder().addShape(zeros.length / 4).setDtype(DType.FLOAT32)
                                        .setData(ByteString.copyFrom(zeros))).build()).getVersion();
                    }
                    super.sendMessage(message);
                }
            };
        }
    }

    @Test
    void aStalePushIsCountedByReasonOnTheWorkerAsOnTheServer(@TempDir Path runDir) throws Exception {
        try (ParameterServer server = startServer(runDir, config().with("--max-staleness 1"), 16 << 20);
             WorkerTelemetry telemetry = new WorkerTelemetry()) {
            int port = telemetry.serveHttp("127.0.0.1", 0);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            ManagedChannel rivalChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            try {
                RivalBeforePush rival = new RivalBeforePush(ParameterServerGrpc.newBlockingStub(rivalChannel)
                        .withDeadlineAfter(60, TimeUnit.SECONDS), server.session().parameterCount(), 3);
                Worker.Summary summary = worker(telemetry, ClientInterceptors.intercept(channel, rival)).run();
                assertEquals(Worker.OVER, summary.stopReason(), "a refused push is not a reason to leave");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                rivalChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            PrometheusScrape w = scrape(port);
            PrometheusScrape s = scrape(server.httpPort());
            double stale = w.value("a3c_worker_pushes_rejected_total", "reason", "stale");
            assertTrue(stale >= 1, "the push overtaken by the rival was refused");
            assertEquals(s.value("a3c_requests_rejected_total", "reason", "stale"), stale);
            assertEquals(stale, w.value("grpc_client_processing_duration_seconds_count", "method", "PushGradients",
                    "statusCode", "FAILED_PRECONDITION"));
            assertEquals(s.value("a3c_updates_total") - 2, w.value("a3c_worker_pushes_total", "result", "applied"),
                    "every update but the rival's two came from the worker");
        }
    }

    @Test
    void anOversizedPushIsCountedOnTheWorkerAsOnTheServer(@TempDir Path runDir) throws Exception {
        // 4,675 parameters: an 18.7 KB gradient against a 4 KB limit, while registration and pull requests fit
        try (ParameterServer server = startServer(runDir, config(), 4 * 1024);
             WorkerTelemetry telemetry = new WorkerTelemetry()) {
            int port = telemetry.serveHttp("127.0.0.1", 0);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            try {
                ServerException refused = assertThrows(ServerException.class,
                        () -> worker(telemetry, channel).run());
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.status().getCode());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                PrometheusScrape w = scrape(port);
                PrometheusScrape s = scrape(server.httpPort());
                assertEquals(1, w.value("a3c_worker_pushes_rejected_total", "reason", "message_too_large"));
                assertEquals(1, w.value("grpc_client_processing_duration_seconds_count", "method", "PushGradients",
                        "statusCode", "RESOURCE_EXHAUSTED"));
                assertEquals(1, s.value("a3c_requests_rejected_total", "reason", "message_too_large"));
                assertEquals(0, s.value("a3c_updates_total"));
            });
        }
    }
}
