package dev.a3c.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.infra.metrics.PrometheusScrape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One worker on a slow link (150 ms each way) among two on direct ones, against a server with {@code --max-staleness
 * 6}: the slow worker's staleness is visible per worker (in /status and in its own metrics), and the
 * {@code --stale-pushes} policy does what it says: {@code reject} refuses the pushes beyond the limit (nearly all of
 * the slow worker's; no applied push of any worker is beyond it), {@code downweight} applies them with a smaller step
 * and refuses none.
 */
@Tag("integration")
class SlowLinkTest {

    private static final int MAX_STALENESS = 6;
    private static final TestCluster.LinkSpec SLOW = new TestCluster.LinkSpec(150, 0, 0, null);

    @Test
    void rejectRefusesTheSlowWorkersStalePushes(@TempDir Path dir) throws Exception {
        Optional<String> unavailable = NetworkNamespaces.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> "network namespaces: " + unavailable.orElse(""));
        try (TestCluster cluster = TestCluster.namespaced(dir, new NetworkNamespaces())) {
            int slow = start(cluster, "reject");
            double refusedEverywhere = 0;
            for (int w = 0; w < cluster.workers(); w++) {
                PrometheusScrape m = cluster.workerMetrics(w);
                refusedEverywhere += rejectedStale(m);
                // what was applied was within the limit (a fast worker descheduled on these 2 cores can be refused too)
                if (m.value("a3c_worker_push_staleness_count") > 0) {
                    assertTrue(m.value("a3c_worker_push_staleness_max") <= MAX_STALENESS, "worker " + w);
                }
            }
            PrometheusScrape slowMetrics = cluster.workerMetrics(slow);
            double refused = rejectedStale(slowMetrics);
            double applied = slowMetrics.value("a3c_worker_pushes_total", "result", "applied");
            assertTrue(refused >= 5 && refused >= 0.8 * (refused + applied),
                    "the slow worker's pushes are refused as stale: " + refused + ", applied " + applied);
            PrometheusScrape server = cluster.serverMetrics();
            assertEquals(0, server.value("a3c_push_downweighted_total"));
            double serverRefused = server.value("a3c_requests_rejected_total", "reason", "stale");
            // scraped after the workers, while training goes on: at least what they were told
            assertTrue(serverRefused >= refusedEverywhere, "the server counts every refusal the workers were told of: "
                    + serverRefused + " vs " + refusedEverywhere);
        }
    }

    @Test
    void downweightAppliesTheSlowWorkersPushesWithASmallerStep(@TempDir Path dir) throws Exception {
        Optional<String> unavailable = NetworkNamespaces.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> "network namespaces: " + unavailable.orElse(""));
        try (TestCluster cluster = TestCluster.namespaced(dir, new NetworkNamespaces())) {
            int slow = start(cluster, "downweight");
            for (int w = 0; w < cluster.workers(); w++) {
                assertEquals(0, rejectedStale(cluster.workerMetrics(w)), "nothing is refused as stale: worker " + w);
            }
            PrometheusScrape slowMetrics = cluster.workerMetrics(slow);
            double applied = slowMetrics.value("a3c_worker_pushes_total", "result", "applied");
            assertTrue(applied >= 5, "the slow worker's pushes are applied: " + applied);
            double meanStaleness = slowMetrics.value("a3c_worker_push_staleness_sum")
                    / slowMetrics.value("a3c_worker_push_staleness_count");
            assertTrue(meanStaleness > MAX_STALENESS, "its pushes are beyond the limit: " + meanStaleness);
            assertTrue(cluster.serverMetrics().value("a3c_push_downweighted_total") >= applied / 2,
                    "those beyond the limit applied with a smaller step");
        }
    }

    /**
     * Two workers on direct links and one on the slow link, trained until the slow one has pushed (or been refused)
     * 10 times; prints each worker's staleness as /status and its metrics show it; returns the slow one's index.
     */
    private static int start(TestCluster cluster, String policy) throws Exception {
        cluster.startServer(List.of("--env", "CartPole-v1", "--target-return", "none", "--max-steps", "1000000000",
                "--max-staleness", Integer.toString(MAX_STALENESS), "--stale-pushes", policy));
        cluster.addWorker(TestCluster.LinkSpec.DIRECT, List.of());
        cluster.addWorker(TestCluster.LinkSpec.DIRECT, List.of());
        int slow = cluster.addWorker(SLOW, List.of());
        await(policy + ": the slow worker has pushed").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().untilAsserted(() -> {
                    PrometheusScrape m = cluster.workerMetrics(slow);
                    double answered = m.value("a3c_worker_pushes_total", "result", "applied") + rejectedStale(m);
                    assertTrue(answered >= 10, "slow worker: " + answered + " pushes answered");
                });
        JsonNode status = cluster.status();
        StringBuilder table = new StringBuilder("policy " + policy + ": worker | link | last staleness (/status) | "
                + "mean staleness of its applied pushes | applied | refused as stale\n");
        for (int w = 0; w < cluster.workers(); w++) {
            PrometheusScrape m = cluster.workerMetrics(w);
            long pid = cluster.worker(w).pid();
            JsonNode last = null;
            for (JsonNode worker : status.path("workers")) {
                if (worker.path("pid").asLong() == pid) {
                    last = worker.path("last_staleness");
                }
            }
            double count = m.value("a3c_worker_push_staleness_count");
            table.append(String.format(Locale.ROOT, "%d | %s | %s | %.1f | %.0f | %.0f%n", w,
                    w == slow ? SLOW : TestCluster.LinkSpec.DIRECT, last,
                    count == 0 ? Double.NaN : m.value("a3c_worker_push_staleness_sum") / count,
                    m.value("a3c_worker_pushes_total", "result", "applied"), rejectedStale(m)));
            if (w == slow) {
                assertTrue(last != null && last.asLong() > MAX_STALENESS, "the slow worker's staleness shows: " + last);
            }
        }
        System.out.println(table);
        Path report = java.nio.file.Files.createDirectories(Path.of("target")).resolve("slow-link-report.md");
        java.nio.file.Files.writeString(report, table + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return slow;
    }

    private static double rejectedStale(PrometheusScrape m) {
        return m.has("a3c_worker_pushes_rejected_total", "reason", "stale")
                ? m.value("a3c_worker_pushes_rejected_total", "reason", "stale") : 0;
    }
}
