package dev.a3c.server;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.pushRequest;
import static dev.a3c.server.TestSupport.register;
import static dev.a3c.server.TestSupport.vector;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.config.Json;
import dev.a3c.infra.http.HttpEndpoint;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.server.dashboard.Dashboard;
import dev.a3c.server.training.TrainingHistory;
import dev.a3c.server.training.TrainingSession;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's routes on a real server: the page and its files, the JSON it polls, and nothing else. */
class DashboardHttpTest {

    private static final ObjectMapper JSON = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private ParameterServer server;

    @BeforeEach
    void start() throws Exception {
        server = ParameterServer.start(ServerOptions.builder(TestSupport.config(1_000_000, 475.0, false), dir.resolve("run")).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(2).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status line of a request sent byte for byte, so no client normalises the path first. */
    private String rawStatusLine(String path) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        }
    }

    @Test
    void servesThePageItsFilesAndTheChartingLibraryWithTheirContentTypes() throws Exception {
        for (String path : List.of("/", "/dashboard")) {
            HttpResponse<String> page = get(path);
            assertEquals(200, page.statusCode(), path);
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
            assertTrue(page.body().contains("<script src=\"dashboard/chart.umd.min.js\"></script>"), page.body());
            assertTrue(page.body().contains("<script src=\"dashboard/dashboard.js\"></script>"), page.body());
            assertTrue(!page.body().contains("http://") && !page.body().contains("https://"),
                    "nothing loaded from elsewhere");
        }
        HttpResponse<String> script = get("/dashboard/dashboard.js");
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElseThrow());
        assertTrue(script.body().contains("fetch('api/dashboard'"), "polls the API");
        assertEquals("text/css; charset=utf-8",
                get("/dashboard/dashboard.css").headers().firstValue("content-type").orElseThrow());
        HttpResponse<String> chart = get("/dashboard/chart.umd.min.js");
        assertEquals(200, chart.statusCode());
        assertEquals("text/javascript; charset=utf-8", chart.headers().firstValue("content-type").orElseThrow());
        assertTrue(chart.body().startsWith("/*!\n * Chart.js v4."), chart.body().substring(0, 60));
        assertTrue(chart.body().contains("Released under the MIT License"));
    }

    @Test
    void servesNothingButTheNamedFiles() throws Exception {
        for (String path : List.of("/dashboard/", "/dashboard/index.html", "/dashboard/../pom.xml",
                "/dashboard/..%2f..%2fpom.xml", "/dashboard/%2e%2e/%2e%2e/pom.xml", "/dashboard//dashboard.js",
                "/dashboard/./dashboard.js", "/dashboard/dashboard.js/..", "/logback-test.xml",
                "/META-INF/maven/org.webjars.npm/chart.js/pom.properties",
                "/dev/a3c/server/ParameterServer.class", "/api/dashboard/x")) {
            assertEquals("HTTP/1.1 404 Not Found", rawStatusLine(path), path);
        }
        assertEquals("HTTP/1.1 200 OK", rawStatusLine("/dashboard/dashboard.js?v=1"), "a query string is ignored");
    }

    @Test
    void theApiReflectsTheRunAndStatusKeepsItsFields() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        try {
            ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            int id = register(stub, "api-host").getWorkerId();
            stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.01f)), 25, 11.0, 13.0).build());
            stub.pushGradients(pushRequest(id, 2, 0, vector(gradient(PARAMETERS, 0.01f)), 25, 15.0).build());
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<TrainingHistory.ProgressPoint> progress = server.session().history().snapshot().progress();
            return progress.size() >= 2 && progress.get(progress.size() - 1).envSteps() == 50;
        });

        HttpResponse<String> response = get(Dashboard.API);
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode view = JSON.readTree(response.body());
        assertEquals("CartPole-v1", view.at("/headline/env").asText());
        assertEquals(50, view.at("/headline/env_steps").asLong());
        assertEquals(2, view.at("/headline/updates").asLong());
        assertEquals(3, view.at("/headline/episodes").asLong());
        assertEquals(13.0, view.at("/headline/avg_return_100").asDouble(), 1e-9);
        assertEquals(475.0, view.at("/headline/target_return").asDouble());
        assertEquals(1, view.at("/headline/active_workers").asInt());
        assertEquals("api-host", view.at("/workers/0/host").asText());
        assertEquals("active", view.at("/workers/0/state").asText());
        assertEquals(2, view.at("/workers/0/pushes").asLong());
        assertEquals(1, view.at("/workers/0/last_staleness").asLong(), "the second push was computed on version 0");
        assertTrue(view.at("/workers/0/last_push_age_seconds").asDouble() >= 0);
        assertEquals("[25,25,50]", view.at("/curve/env_steps").toString());
        assertEquals("[11.0,12.0,13.0]", view.at("/curve/avg_return_100").toString());
        assertTrue(view.at("/throughput/wall_seconds").size() >= 2);
        assertEquals(50, view.at("/throughput/env_steps").get(view.at("/throughput/env_steps").size() - 1).asLong());
        assertEquals("[1,1]", view.at("/staleness/counts").toString());
        assertEquals(2, view.at("/staleness/pushes").asLong());

        JsonNode status = JSON.readTree(get("/status").body());
        for (String field : List.of("version", "env_steps", "updates", "episodes", "avg_return_100",
                "best_avg_return_100", "active_workers", "finished", "stop_reason", "wall_seconds",
                "steps_per_second", "workers")) {
            assertTrue(status.has(field), field + " still in /status");
        }
        for (String field : List.of("id", "host", "pid", "cores", "active", "state", "pushes", "env_steps",
                "last_seen", "last_push", "last_staleness")) {
            assertTrue(status.at("/workers/0").has(field), field + " in /status workers");
        }
        assertEquals(1, status.at("/workers/0/last_staleness").asLong());
        assertEquals(200, get("/metrics").statusCode());
        assertEquals("ok\n", get("/healthz").body());
    }

    @Test
    void aRouteClaimedTwiceIsAnError() {
        TrainingSession session = SessionLoader.create(TestSupport.config(), new SimpleMeterRegistry(), null);
        assertThrows(IllegalArgumentException.class, () -> Dashboard.withRoutes(session,
                Map.of("/", () -> HttpEndpoint.Response.text("text/plain", "mine"))));
        assertTrue(Dashboard.withRoutes(session, Map.of("/status", () -> HttpEndpoint.Response.text("text/plain", "s")))
                .keySet().containsAll(List.of("/status", "/", "/dashboard", Dashboard.API)));
    }
}
