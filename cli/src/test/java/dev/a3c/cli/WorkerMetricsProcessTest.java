package dev.a3c.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code a3c worker --metrics-port} as a real process: while it trains against an {@code a3c server}
 * process, its port serves {@code /healthz} and {@code /metrics} in Prometheus' text format with the
 * worker's own series, its gRPC calls and its JVM.
 */
@Tag("integration")
class WorkerMetricsProcessTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the first sample line that starts with {@code prefix}, or -1. */
    private static double sample(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(-1.0);
    }

    @Test
    void aWorkerServesItsMetricsAndHealthWhileItTrains(@TempDir Path runDir) throws Exception {
        int grpcPort = freePort();
        int metricsPort = freePort();
        Path logs = Files.createDirectories(runDir.resolve("test-logs"));
        List<Process> processes = new ArrayList<>();
        try {
            processes.add(JvmLauncher.a3c(JvmLauncher.Memory.SERVER, List.of("server", "--bind", "127.0.0.1",
                            "--port", Integer.toString(grpcPort), "--http-port", "0", "--run-dir", runDir.resolve("run").toString(),
                            "--env", "CartPole-v1", "--target-return", "none", "--max-steps", "100000000"))
                    .redirectErrorStream(true).redirectOutput(logs.resolve("server.log").toFile()).start());
            processes.add(JvmLauncher.a3c(JvmLauncher.Memory.WORKER, List.of("worker", "--server", "127.0.0.1:" + grpcPort,
                            "--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(metricsPort)))
                    .redirectErrorStream(true).redirectOutput(logs.resolve("worker.log").toFile()).start());

            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> health = get(metricsPort, "/healthz");
                assertEquals(200, health.statusCode());
                assertEquals("ok\n", health.body());
                String metrics = get(metricsPort, "/metrics").body();
                assertTrue(sample(metrics, "a3c_worker_pushes_total{result=\"applied\"}") > 0, metrics);
                assertTrue(sample(metrics, "a3c_worker_env_steps_total") > 0, metrics);
                assertTrue(sample(metrics, "grpc_client_requests_sent_messages_total{method=\"PushGradients\"") > 0, metrics);
                assertTrue(sample(metrics, "a3c_grpc_client_sent_bytes_sum{method=\"PushGradients\"") > 0, metrics);
                assertTrue(sample(metrics, "a3c_worker_push_latency_seconds_count") > 0, metrics);
                assertTrue(sample(metrics, "jvm_memory_used_bytes") > 0, metrics);
                assertTrue(sample(metrics, "process_cpu_usage") >= 0, metrics);
            });
            JsonNode endpoint = new ObjectMapper().readTree(runDir.resolve("run/server.json").toFile());
            String serverMetrics = get(endpoint.get("http_port").asInt(), "/metrics").body();
            assertEquals(1.0, sample(serverMetrics, "a3c_workers_active "), serverMetrics);
            assertTrue(processes.get(1).isAlive(), "the worker is still training");
        } finally {
            TestProcesses.stopAll(processes);
        }
    }
}
