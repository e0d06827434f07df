package dev.a3c.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.infra.metrics.PrometheusScrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CartPole-v1 to 475 with two workers, first on loopback, then with each worker in a network namespace of its own
 * behind a WAN link to the server's (one-way delay 25 +- 5 ms each way, so a round trip of 50 +- 10 ms; 1% random loss
 * each way; 20 Mbit/s each way), in the same test: both reach the target, and the figures of each are printed and
 * written to target/network-report.md (time to target, env steps/s, push latency p50/p99 as the workers saw it,
 * staleness mean and p90).
 */
@Tag("integration")
class WanLinkTest {

    static final List<String> CARTPOLE = List.of("--env", "CartPole-v1", "--target-return", "475",
            "--max-steps", "3000000", "--seed", "1", "--stay-up");

    @Test
    void trainingReachesItsTargetOverAWanLinkAndLoopbackInTheSameRun(@TempDir Path dir) throws Exception {
        Optional<String> unavailable = NetworkNamespaces.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> "network namespaces: " + unavailable.orElse(""));

        NetworkFigures loopback;
        try (TestCluster cluster = TestCluster.loopback(dir.resolve("loopback"))) {
            loopback = train(cluster, TestCluster.LinkSpec.DIRECT, "loopback");
        }
        TestCluster.LinkSpec wan = new TestCluster.LinkSpec(25, 5, 1, "20mbit");
        NetworkFigures overWan;
        try (TestCluster cluster = TestCluster.namespaced(dir.resolve("wan"), new NetworkNamespaces())) {
            overWan = train(cluster, wan, "WAN: " + wan);
        }
        String report = NetworkFigures.tableHeader() + loopback.row() + overWan.row();
        System.out.println(report);
        Files.writeString(Files.createDirectories(Path.of("target")).resolve("network-report.md"), report);
        assertTrue(loopback.reachedTarget(), report);
        assertTrue(overWan.reachedTarget(), report);
    }

    private static NetworkFigures train(TestCluster cluster, TestCluster.LinkSpec link, String name) throws Exception {
        cluster.startServer(CARTPOLE);
        for (int i = 0; i < 2; i++) {
            cluster.addWorker(link, List.of("--stay-up", "--stay-up-poll", "600"));
        }
        await(name + ": training finished").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertTrue(cluster.server().isAlive(), PackagedA3c.tail(cluster.serverLog(), 20));
                    JsonNode status = cluster.status();
                    assertTrue(status != null && status.path("finished").asBoolean(), String.valueOf(status));
                });
        List<PrometheusScrape> workers = new ArrayList<>();
        for (int i = 0; i < cluster.workers(); i++) {
            workers.add(cluster.workerMetrics(i));
        }
        return NetworkFigures.of(name, cluster.status(), cluster.serverMetrics(), workers);
    }
}
