package dev.a3c.server;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.pushRequest;
import static dev.a3c.server.TestSupport.vector;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.infra.metrics.PrometheusScrape;
import dev.a3c.proto.EpisodeResult;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.server.grpc.ServerSecurity;
import dev.a3c.server.validation.Rejections;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's /metrics after real gRPC traffic over loopback: per-method call counts and statuses
 * (Micrometer's interceptor), message sizes on the wire equal to the serialized sizes, and the
 * refusals counted by reason, including the oversized message the transport refuses.
 */
class ServerMetricsTest {

    private static final String TOKEN = "metrics-token";
    private static final int LIMIT = 8 * 1024;
    private static final String A3C = "a3c.v1.ParameterServer";

    @Test
    void perMethodCallsBytesAndRejectionsAfterRealTraffic(@TempDir Path runDir) throws Exception {
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(TestSupport.config(), runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(LIMIT).security(ServerSecurity.token(TOKEN)).build())) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            try {
                ParameterServerGrpc.ParameterServerBlockingStub open = ParameterServerGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(20, TimeUnit.SECONDS);
                ParameterServerGrpc.ParameterServerBlockingStub stub = open.withCallCredentials(TestSupport.bearer(TOKEN));
                RegisterRequest registration = RegisterRequest.newBuilder().setHost("m").setPid(7).setCores(1)
                        .setProgramVersion("test").build();
                RegisterResponse registered = TestSupport.remember(stub.register(registration));
                int id = registered.getWorkerId();

                long pushBytes = 0;
                for (int seq = 1; seq <= 3; seq++) {
                    PushGradientsRequest push = pushRequest(id, seq, seq - 1, vector(gradient(PARAMETERS, 0.1f)), 20,
                            java.util.stream.DoubleStream.generate(() -> 10.0).limit(seq - 1).toArray()).build();
                    pushBytes += push.getSerializedSize();
                    stub.pushGradients(push);
                }
                long pullBytes = 0;
                for (long since : new long[] {-1, 3}) {
                    PullWeightsResponse pulled = stub.pullWeights(PullWeightsRequest.newBuilder().setWorkerId(id).setWorkerKey(TestSupport.keyBytes(id))
                            .setSinceVersion(since).build());
                    pullBytes += pulled.getSerializedSize();
                }
                assertTrue(pullBytes > 4 * PARAMETERS, "one pull carried the weights");

                StatusRuntimeException noToken = assertThrows(StatusRuntimeException.class, () -> open.register(registration));
                assertEquals(Status.Code.UNAUTHENTICATED, noToken.getStatus().getCode());

                PushGradientsRequest.Builder big = pushRequest(id, 4, 3, vector(gradient(PARAMETERS, 0.1f)), 3);
                for (int i = 0; i < LIMIT / 8; i++) {
                    big.addEpisodes(EpisodeResult.newBuilder().setEpisodeReturn(i).setLength(1));
                }
                StatusRuntimeException tooBig = assertThrows(StatusRuntimeException.class,
                        () -> stub.pushGradients(big.build()));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooBig.getStatus().getCode());

                HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance());

                // the server records a call when it completes, which may be just after the client has its answer
                long pushed = pushBytes;
                long pulled = pullBytes;
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> checkMetrics(scrape(server), pushed, pulled,
                        registered.getSerializedSize()));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void checkMetrics(PrometheusScrape m, long pushBytes, long pullBytes, long registerResponseBytes) {
        // per-method calls, by status (Micrometer's server interceptor)
        assertEquals(3, m.value("grpc_server_requests_received_messages_total", "service", A3C, "method", "PushGradients"));
        assertEquals(3, m.value("grpc_server_responses_sent_messages_total", "service", A3C, "method", "PushGradients"));
        assertEquals(3, m.value("grpc_server_processing_duration_seconds_count", "method", "PushGradients", "statusCode", "OK"));
        assertEquals(2, m.value("grpc_server_processing_duration_seconds_count", "method", "PullWeights", "statusCode", "OK"));
        assertEquals(1, m.value("grpc_server_processing_duration_seconds_count", "method", "Register", "statusCode", "OK"));
        assertEquals(1, m.value("grpc_server_processing_duration_seconds_count", "method", "Register",
                "statusCode", "UNAUTHENTICATED"));
        assertEquals(1, m.value("grpc_server_processing_duration_seconds_count", "method", "PushGradients",
                "statusCode", "CANCELLED"), "the interceptor sees the transport's refusal only as a cancelled call");
        assertEquals(1, m.value("grpc_server_processing_duration_seconds_count", "service", "grpc.health.v1.Health",
                "method", "Check", "statusCode", "OK"));
        assertEquals(0, m.value("grpc_server_requests_received_messages_total", "service", A3C, "method", "Deregister"),
                "every method is there from the start");

        // bytes on the wire: exactly the serialized messages
        assertEquals(3, m.value("a3c_grpc_server_received_bytes_count", "service", A3C, "method", "PushGradients"));
        assertEquals(pushBytes, m.value("a3c_grpc_server_received_bytes_sum", "service", A3C, "method", "PushGradients"));
        assertEquals(3, m.value("a3c_grpc_server_sent_bytes_count", "service", A3C, "method", "PushGradients"));
        assertEquals(2, m.value("a3c_grpc_server_sent_bytes_count", "service", A3C, "method", "PullWeights"));
        assertEquals(pullBytes, m.value("a3c_grpc_server_sent_bytes_sum", "service", A3C, "method", "PullWeights"));
        assertEquals(registerResponseBytes,
                m.value("a3c_grpc_server_sent_bytes_sum", "service", A3C, "method", "Register"));

        // refusals by reason, the transport's too
        assertEquals(1, m.value("a3c_requests_rejected_total", "reason", "unauthenticated"));
        assertEquals(1, m.value("a3c_requests_rejected_total", "reason", "message_too_large"));
        // every other reason is there at 0 from the start, so that rates and alerts have a series to work on
        for (String reason : Rejections.reasons()) {
            assertTrue(m.has("a3c_requests_rejected_total", "reason", reason), reason);
        }
        assertEquals(0, m.value("a3c_requests_rejected_total", "reason", "gradient_norm"));
        assertEquals(Rejections.reasons().size(), m.find("a3c_requests_rejected_total").size());
        assertEquals(3, m.value("a3c_updates_total"), "only the three pushes were applied");
        assertTrue(m.has("jvm_memory_used_bytes"));
        assertTrue(m.has("process_cpu_usage"));
    }

    private static PrometheusScrape scrape(ParameterServer server) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return PrometheusScrape.parse(response.body());
    }
}
