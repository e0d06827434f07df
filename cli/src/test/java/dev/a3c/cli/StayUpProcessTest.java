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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code a3c server --stay-up} and {@code a3c worker --stay-up} as real processes, the way the
 * Kubernetes base runs them: when the run is over both stay up (the server serving the finished
 * run's status, the worker asking for a new run), SIGTERM ends both promptly, and a server
 * restarted with {@code --resume} on the finished run stays up as well.
 */
@Tag("integration")
class StayUpProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private JsonNode status(Path run) throws Exception {
        int port = JSON.readTree(run.resolve("server.json").toFile()).get("http_port").asInt();
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static Process server(int grpcPort, Path run, Path log, boolean resume) throws IOException {
        List<String> args = new ArrayList<>(List.of("server", "--stay-up", "--bind", "127.0.0.1",
                "--port", Integer.toString(grpcPort), "--http-port", "0", "--run-dir", run.toString(),
                "--env", "CartPole-v1", "--target-return", "none", "--max-steps", "20000", "--stop-grace", "1"));
        if (resume) {
            args.add("--resume");
        }
        return JvmLauncher.a3c(JvmLauncher.Memory.SERVER, args)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM; the JVM runs its shutdown hooks and exits with 143 (128 + 15). */
    private static int terminate(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ended within a minute of SIGTERM");
        return p.exitValue();
    }

    @Test
    void serverAndWorkerStayUpAfterTheRunAndStopCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        int grpcPort = freePort();
        Path run = dir.resolve("run");
        Path logs = Files.createDirectories(dir.resolve("test-logs"));
        List<Process> processes = new ArrayList<>();
        try {
            Process server = server(grpcPort, run, logs.resolve("server.log"), false);
            processes.add(server);
            Process worker = JvmLauncher.a3c(JvmLauncher.Memory.WORKER, List.of("worker", "--server",
                            "127.0.0.1:" + grpcPort, "--stay-up", "--stay-up-poll", "1"))
                    .redirectErrorStream(true).redirectOutput(logs.resolve("worker.log").toFile()).start();
            processes.add(worker);

            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(run.resolve("summary.json")));
            assertEquals(20000, JSON.readTree(run.resolve("summary.json").toFile()).get("env_steps").asLong(),
                    Files.readString(logs.resolve("server.log")));
            assertTrue(Files.exists(run.resolve("final-model.zip")));
            // past the stop grace, and a few of the worker's polls
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Files.readString(logs.resolve("worker.log")).split("asking again in", -1).length > 3);
            assertTrue(server.isAlive(), "the server stays up: " + Files.readString(logs.resolve("server.log")));
            assertTrue(worker.isAlive(), "the worker stays up: " + Files.readString(logs.resolve("worker.log")));
            assertTrue(status(run).get("finished").asBoolean());

            assertEquals(143, terminate(worker), Files.readString(logs.resolve("worker.log")));
            assertEquals(143, terminate(server), Files.readString(logs.resolve("server.log")));
            assertEquals(20000, JSON.readTree(run.resolve("summary.json").toFile()).get("env_steps").asLong());

            // a restarted pod: it resumes the finished run, finds it over, and stays up
            Process again = server(grpcPort, run, logs.resolve("server-2.log"), true);
            processes.add(again);
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                    Files.readString(logs.resolve("server-2.log")).contains("staying up until stopped"));
            assertTrue(status(run).get("finished").asBoolean());
            assertTrue(again.isAlive());
            assertEquals(143, terminate(again), Files.readString(logs.resolve("server-2.log")));
        } finally {
            TestProcesses.stopAll(processes);
        }
    }
}
