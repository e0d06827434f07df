package dev.a3c.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's docker-compose.yml, run by docker-compose (v1) or {@code docker compose}: the
 * image is built through compose, the server starts with the WORKERS replicas of the worker, and
 * {@code --scale worker=3} adds one while training runs; /status must show 3 active workers and
 * progress, and the server's healthcheck must turn healthy. Prometheus and Grafana are not started
 * (their images cannot be pulled everywhere). Everything runs on the host network on loopback,
 * with ports chosen here: a copy of the compose file without published ports (host networking
 * publishes none) plus an override that switches server and workers to the host network.
 */
@Testcontainers(disabledWithoutDocker = true)
@Tag("integration")
class ComposeTest {

    private static final Logger log = LoggerFactory.getLogger(ComposeTest.class);

    @Test
    void serverAndThreeWorkersTrainWithDockerCompose(@TempDir Path dir) throws Exception {
        Optional<List<String>> found = composeCommand();
        assumeTrue(found.isPresent(), "neither docker-compose nor 'docker compose' is installed");
        Path root = Deployment.repositoryRoot();
        int grpcPort = Deployment.freePort();
        int httpPort = Deployment.freePort();
        Path composeFile = writeHostNetworkCopy(root.resolve("docker-compose.yml"), dir.resolve("docker-compose.yml"));
        Path override = dir.resolve("host-network.yml");
        Files.writeString(override, hostNetworkOverride(grpcPort, httpPort));

        boolean v1 = found.get().get(0).equals("docker-compose");
        List<String> compose = new ArrayList<>(found.get());
        if (v1) {
            compose.add("--compatibility");   // docker-compose v1 reads deploy.replicas only with it
        }
        compose.addAll(List.of("--project-directory", root.toString(), "-p", "a3c-test-" + UUID.randomUUID().toString().substring(0, 8),
                "-f", composeFile.toString(), "-f", override.toString()));
        Map<String, String> environment = Map.of("A3C_BASE_IMAGE", Deployment.baseImage(), "WORKERS", "2");
        Throwable failure = null;
        try {
            long start = System.nanoTime();
            run(compose, environment, Duration.ofMinutes(5), "build", "server");
            log.info("compose build: {} s", (System.nanoTime() - start) / 1_000_000_000);
            run(compose, environment, Duration.ofMinutes(3), "up", "-d", "--no-build", "server", "worker");
            assertEquals(2, run(compose, environment, Duration.ofMinutes(1), "ps", "-q", "worker").lines().count(),
                    "WORKERS=2 workers");

            await("2 active workers").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> activeWorkers(httpPort) == 2);
            run(compose, environment, Duration.ofMinutes(3), "up", "-d", "--no-build", "--no-recreate", "--scale", "worker=3",
                    "server", "worker");
            assertEquals(3, run(compose, environment, Duration.ofMinutes(1), "ps", "-q", "worker").lines().count());
            await("3 active workers").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> activeWorkers(httpPort) == 3);
            log.info("3 workers active {} s after the build", (System.nanoTime() - start) / 1_000_000_000);

            AtomicLong updates = new AtomicLong(Deployment.status(httpPort).required("updates").asLong());
            await("training makes progress").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonNode status = Deployment.status(httpPort);
                return status != null && status.required("updates").asLong() > updates.get() + 20
                        && status.required("env_steps").asLong() > 0 && status.required("episodes").asLong() > 0;
            });
            String server = run(compose, environment, Duration.ofMinutes(1), "ps", "-q", "server").strip();
            await("the server's healthcheck passes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> run(List.of("docker"), Map.of(), Duration.ofSeconds(30), "inspect", "-f",
                            "{{.State.Health.Status}}", server).strip().equals("healthy"));
            String metrics = Deployment.get(httpPort, "/metrics");
            assertEquals(3.0, Deployment.sample(metrics, "a3c_workers_active").orElseThrow(), metrics);
        } catch (Exception | AssertionError e) {
            failure = e;
            log.info("compose logs:\n{}", run(compose, environment, Duration.ofMinutes(1), "logs", "--no-color", "--tail", "40"));
            throw e;
        } finally {
            long stop = System.nanoTime();
            try {
                run(compose, environment, Duration.ofMinutes(3), "down", "-v", "--remove-orphans", "-t", "20");
            } catch (Exception | AssertionError e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
            log.info("compose down: {} s", (System.nanoTime() - stop) / 1_000_000_000);
        }
    }

    /** {@code docker-compose} (v1) if installed, else {@code docker compose} (v2) if that works. */
    static Optional<List<String>> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
            try {
                List<String> command = new ArrayList<>(candidate);
                command.add("version");
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                process.destroyForcibly();
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The compose file without its published ports: docker refuses port bindings on the host network,
     * and a compose override can add to a list of ports but not empty it.
     */
    @SuppressWarnings("unchecked")
    static Path writeHostNetworkCopy(Path composeFile, Path copy) throws IOException {
        Map<String, Object> tree;
        try (Reader in = Files.newBufferedReader(composeFile)) {
            tree = new Yaml().load(in);
        }
        ((Map<String, Map<String, Object>>) tree.get("services")).values().forEach(service -> service.remove("ports"));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try (Writer out = Files.newBufferedWriter(copy)) {
            new Yaml(options).dump(tree, out);
        }
        return copy;
    }

    /** Server and workers on the host network, on loopback ports, with test-sized JVMs. */
    static String hostNetworkOverride(int grpcPort, int httpPort) {
        return """
                services:
                  server:
                    network_mode: host
                    environment:
                      A3C_BIND: 127.0.0.1
                      A3C_PORT: "%1$d"
                      A3C_HTTP_PORT: "%2$d"
                      A3C_TARGET_RETURN: none
                      A3C_JAVA_OPTS: %3$s
                  worker:
                    network_mode: host
                    environment:
                      A3C_SERVER: 127.0.0.1:%1$d
                      A3C_METRICS_PORT: "0"
                      A3C_JAVA_OPTS: %3$s
                    healthcheck:
                      # the replicas share one network: no fixed metrics port to ask; alive is healthy
                      test: ["CMD-SHELL", "kill -0 1"]
                """.formatted(grpcPort, httpPort, Deployment.CONTAINER_JAVA_OPTS);
    }

    private static int activeWorkers(int httpPort) {
        JsonNode status = Deployment.status(httpPort);
        return status == null ? -1 : status.required("active_workers").asInt();
    }

    /** Runs {@code command args} and returns its output; fails the test on a non-zero exit. */
    private static String run(List<String> command, Map<String, String> environment, Duration timeout, String... args)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(args));
        Path output = Files.createTempFile("a3c-compose", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", full) + " did not finish in " + timeout + ":\n" + Files.readString(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(process.exitValue() == 0, String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + text);
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
