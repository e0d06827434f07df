package dev.a3c.deploy;

import static dev.a3c.deploy.Deployment.CONTAINER_JAVA_OPTS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The image from the repository's Dockerfile, run the way Kubernetes runs it: read-only root file
 * system, a tmpfs at /tmp, a volume for the run folder, configured by environment variables only.
 * A server and two workers (host networking, loopback ports chosen here) train CartPole-v1 to a
 * modest target; the server's /metrics carries real values, and the run folder gets its summary.
 */
@Testcontainers(disabledWithoutDocker = true)
// building the image from scratch takes longer than the integration tier\'s 10 minutes on a cold cache
@Timeout(value = 12, unit = TimeUnit.MINUTES)
@Tag("integration")
class DockerImageTest {

    private static final Logger log = LoggerFactory.getLogger(DockerImageTest.class);

    /**
     * A 100-episode average that 2 workers reach in well under a minute of training on 2 cores, and not before both
     * have joined (120 took one worker a second or two).
     */
    private static final double TARGET = 400;

    /** Mount options of /tmp: those of {@code docker run --tmpfs /tmp} (no exec). */
    private static final Map<String, String> TMPFS = Map.of("/tmp", "rw,noexec,nosuid,nodev");

    @Test
    void serverAndTwoWorkersFromTheImageTrainCartPoleOnAReadOnlyRootFileSystem() throws Exception {
        long buildStart = System.nanoTime();
        String image = buildImage();
        log.info("image {} built in {} s", image, (System.nanoTime() - buildStart) / 1_000_000_000);

        DockerClient docker = DockerClientFactory.instance().client();
        String volume = "a3c-test-run-" + UUID.randomUUID().toString().substring(0, 8);
        docker.createVolumeCmd().withName(volume).exec();
        int grpcPort = Deployment.freePort();
        int httpPort = Deployment.freePort();
        List<GenericContainer<?>> containers = new ArrayList<>();
        try {
            long trainStart = System.nanoTime();
            GenericContainer<?> server = container(image, "server")
                    .withCommand("server")
                    .withEnv("A3C_BIND", "127.0.0.1")
                    .withEnv("A3C_PORT", Integer.toString(grpcPort))
                    .withEnv("A3C_HTTP_PORT", Integer.toString(httpPort))
                    .withEnv("A3C_RUN_DIR", "/data/run")
                    .withEnv("A3C_ENV", "CartPole-v1")
                    .withEnv("A3C_TARGET_RETURN", Double.toString(TARGET))
                    .withEnv("A3C_MAX_STEPS", "2000000")
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withReadonlyRootfs(true)
                            .withBinds(new Bind(volume, new Volume("/data"))))
                    .waitingFor(Wait.forLogMessage(".*parameter server listening.*\\n", 1)
                            .withStartupTimeout(Duration.ofMinutes(3)));
            containers.add(server);
            server.start();

            // the image's user, the read-only root, and the natives not unpacked at start
            assertEquals("10001", exec(server, "id", "-u").getStdout().strip());
            Container.ExecResult write = server.execInContainer("sh", "-c", "touch /opt/a3c/x");
            assertNotEquals(0, write.getExitCode(), "the root file system is read-only");
            assertTrue(write.getStderr().contains("Read-only file system"), write.getStderr());
            assertEquals("", exec(server, "find", "/tmp", "/data", "-name", "libnd4jcpu*").getStdout().strip(),
                    "ND4J's 320 MB library is loaded from the image, not unpacked");
            long tmpMb = Long.parseLong(exec(server, "sh", "-c", "du -sm /tmp | cut -f1").getStdout().strip());
            assertTrue(tmpMb < 128, "/tmp holds " + tmpMb + " MB");
            log.info("/tmp of the server holds {} MB", tmpMb);

            // the compose and Kubernetes healthcheck: bash, no curl
            assertEquals(0, server.execInContainer("a3c-healthcheck").getExitCode(), "A3C_HTTP_PORT is the default port");
            assertEquals(0, server.execInContainer("a3c-healthcheck", Integer.toString(httpPort), "/status").getExitCode());
            assertNotEquals(0, server.execInContainer("a3c-healthcheck", Integer.toString(httpPort), "/nowhere").getExitCode());
            assertNotEquals(0, server.execInContainer("a3c-healthcheck", Integer.toString(Deployment.freePort())).getExitCode());

            List<GenericContainer<?>> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                GenericContainer<?> worker = container(image, "worker-" + i)
                        .withCommand("worker")
                        .withEnv("A3C_SERVER", "127.0.0.1:" + grpcPort)
                        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true))
                        .waitingFor(Wait.forLogMessage(".*registered as worker.*\\n", 1)
                                .withStartupTimeout(Duration.ofMinutes(3)));
                containers.add(worker);
                workers.add(worker);
            }
            // both at once: one worker alone would train for a while before the other joined
            org.testcontainers.lifecycle.Startables.deepStart(workers).join();

            // while training: real values in /metrics
            await("progress in /status").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonNode status = Deployment.status(httpPort);
                return status != null && status.required("active_workers").asInt() == 2 && status.required("updates").asLong() >= 20
                        && status.path("avg_return_100").isNumber();
            });
            String metrics = Deployment.get(httpPort, "/metrics");
            assertEquals(2.0, Deployment.sample(metrics, "a3c_workers_active").orElseThrow(), metrics);
            assertTrue(Deployment.sample(metrics, "a3c_env_steps_total").orElseThrow() >= 20 * 32 * 5, "20 updates of 32x5 steps");
            assertTrue(Deployment.sample(metrics, "a3c_updates_total").orElseThrow() >= 20);
            assertTrue(Deployment.sample(metrics, "a3c_weights_version").orElseThrow() >= 20);
            assertTrue(Deployment.sample(metrics, "a3c_push_latency_seconds_count").orElseThrow() >= 20);
            assertTrue(Deployment.sample(metrics, "a3c_push_staleness_count").orElseThrow() >= 20);
            double average = Deployment.sample(metrics, "a3c_episode_return_avg100").orElseThrow();
            assertTrue(average >= 8 && average <= 500, "a CartPole return: " + average);
            assertDashboardMetricsExist(metrics);

            // training ends at the target: the server writes its summary and exits, the workers follow
            await("the server exits").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !server.isRunning());
            log.info("trained to {} in {} s (containers started, trained, stopped)", TARGET,
                    (System.nanoTime() - trainStart) / 1_000_000_000);
            assertEquals(0L, server.getCurrentContainerInfo().getState().getExitCodeLong(), server.getLogs());
            String summaryJson = server.copyFileFromContainer("/data/run/summary.json",
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JsonNode summary = Deployment.JSON.readTree(summaryJson);
            assertTrue(summary.required("reached_target").asBoolean(), summary.toString());
            assertTrue(summary.required("avg_return_100").asDouble() >= TARGET, summary.toString());
            assertEquals("CartPole-v1", summary.required("env").asText());
            assertEquals(2, summary.path("workers").size(), summary.toString());
            // the reward curve is drawn in the container too (AWT needs fonts in the image)
            java.awt.image.BufferedImage plot = server.copyFileFromContainer("/data/run/reward-curve.png",
                    in -> javax.imageio.ImageIO.read(in));
            assertNotNull(plot, "reward-curve.png decodes");
            Set<Integer> colours = new TreeSet<>();
            for (int y = 0; y < plot.getHeight(); y += 7) {
                for (int x = 0; x < plot.getWidth(); x += 7) {
                    colours.add(plot.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 4, "the plot shows something: " + colours.size() + " colours");
            for (GenericContainer<?> worker : containers.subList(1, containers.size())) {
                await("a worker exits").atMost(Duration.ofMinutes(1)).until(() -> !worker.isRunning());
                assertEquals(0L, worker.getCurrentContainerInfo().getState().getExitCodeLong(), worker.getLogs());
            }
        } finally {
            for (GenericContainer<?> container : containers) {
                container.stop();
            }
            docker.removeVolumeCmd(volume).exec();
        }
    }

    /**
     * Builds the Dockerfile as {@code docker build .} would: the build context is what
     * .dockerignore lets through (it starts with "*", then "!path" lines).
     */
    static String buildImage() throws IOException {
        Path root = Deployment.repositoryRoot();
        List<String> lines = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", lines.get(0), ".dockerignore excludes everything first");
        ImageFromDockerfile image = new ImageFromDockerfile(Deployment.IMAGE, false)
                .withFileFromPath("Dockerfile", root.resolve("Dockerfile"))
                .withBuildArg("BASE_IMAGE", Deployment.baseImage());
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.startsWith("!"), "only !path lines after '*': " + line);
            String path = line.substring(1).replaceAll("/+$", "");
            assertTrue(Files.exists(root.resolve(path)), path + " is missing: package the cli module first (mvn package)");
            image.withFileFromPath(path, root.resolve(path));
        }
        return image.get();
    }

    private static GenericContainer<?> container(String image, String name) {
        return new GenericContainer<>(image)
                .withNetworkMode("host")
                .withTmpFs(TMPFS)
                .withEnv("A3C_JAVA_OPTS", CONTAINER_JAVA_OPTS)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("container." + name)));
    }

    private static Container.ExecResult exec(GenericContainer<?> container, String... command) throws Exception {
        Container.ExecResult result = container.execInContainer(command);
        assertEquals(0, result.getExitCode(), String.join(" ", command) + ": " + result.getStderr());
        return result;
    }

    /** Every a3c_* series of the server that the Grafana dashboard queries is one the server exports. */
    private static void assertDashboardMetricsExist(String metrics) throws IOException {
        String dashboard = Files.readString(Deployment.repositoryRoot().resolve("deploy/grafana/dashboards/a3c.json"));
        Set<String> queried = new TreeSet<>();
        Matcher m = Pattern.compile("a3c_[a-z0-9_]+").matcher(dashboard);
        while (m.find()) {
            queried.add(m.group());
        }
        assertFalse(queried.isEmpty());
        for (String series : queried) {
            if (series.startsWith("a3c_worker_")) {
                continue;   // a worker's own /metrics (PrometheusMonitoringTest queries every panel through Prometheus)
            }
            assertTrue(Deployment.sample(metrics, series).isPresent(), "the dashboard queries " + series
                    + ", which /metrics does not have");
        }
    }
}
