package dev.a3c.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.infra.metrics.PrometheusScrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions between a worker's namespace and the server's, while a second worker trains on: first one shorter than
 * the lease and longer than the call deadline (answers lost for a while, then both ways cut), then one longer than
 * the lease. The worker retries through the first and keeps its registration; the server expires it in the second and
 * it comes back with a new registration by itself; training goes on; and at the end the server's update and step
 * counters equal what the workers were told was applied, so no push was applied twice or lost unnoticed.
 */
@Tag("integration")
class PartitionTest {

    private static final int LEASE_SECONDS = 8;
    private static final Pattern STOPPED = Pattern.compile("stopped: .* \\((\\d+) pushes, (\\d+) env steps");

    @Test
    void aWorkerRidesOutAShortPartitionAndRejoinsAfterALongOne(@TempDir Path dir) throws Exception {
        Optional<String> unavailable = NetworkNamespaces.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> "network namespaces: " + unavailable.orElse(""));

        try (TestCluster cluster = TestCluster.namespaced(dir, new NetworkNamespaces())) {
            cluster.startServer(List.of("--env", "CartPole-v1", "--target-return", "none", "--max-steps", "1000000000",
                    "--lease", Integer.toString(LEASE_SECONDS), "--checkpoint-interval", "1h"));
            List<String> workerOptions = List.of("--deadline", "2", "--retry-for", "120");
            cluster.addWorker(TestCluster.LinkSpec.DIRECT, workerOptions);
            int cut = cluster.addWorker(TestCluster.LinkSpec.DIRECT, workerOptions);
            NetworkNamespaces nets = cluster.nets();
            NetworkNamespaces.End end = cluster.workerEnd(cut);

            await("both workers push").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        JsonNode status = cluster.status();
                        assertTrue(status != null && status.path("active_workers").asInt() == 2
                                && pushesOf(status, cluster, cut) > 20 && status.path("updates").asLong() > 100,
                                String.valueOf(status));
                    });

            // 1. shorter than the lease, longer than the deadline: answers lost for 3 s, then both ways for 2 s
            StringBuilder report = new StringBuilder("| moment | version | env steps | workers active | expired |"
                    + " cut-off worker: id, pushes applied (server), duplicates (worker) |\n|---|---:|---:|---:|---:|---|\n");
            report.append(counters("before the short partition", cluster, cut));
            long idBefore = activeIdOf(cluster.status(), pidOf(cluster, cut));
            long pushesBefore = pushesOf(cluster.status(), cluster, cut);
            nets.partition(end, NetworkNamespaces.Direction.INBOUND);
            Thread.sleep(3_000);
            nets.heal(end);
            nets.partition(end, NetworkNamespaces.Direction.BOTH);
            long updatesDuringCut = cluster.status().path("updates").asLong();
            Thread.sleep(2_000);
            assertTrue(cluster.status().path("updates").asLong() > updatesDuringCut, "the other worker trains on");
            nets.heal(end);
            await("the short partition healed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertTrue(pushesOf(cluster.status(), cluster, cut) > pushesBefore + 10));
            assertEquals(idBefore, activeIdOf(cluster.status(), pidOf(cluster, cut)), "same registration");
            assertEquals(0, cluster.serverMetrics().value("a3c_workers_expired_total"));
            PrometheusScrape afterShort = cluster.workerMetrics(cut);
            report.append(counters("after it healed", cluster, cut));

            // 2. longer than the lease: the server expires the worker, which registers again once the link is back
            nets.partition(end, NetworkNamespaces.Direction.BOTH);
            await("the server expires the cut-off worker").atMost(Duration.ofSeconds(LEASE_SECONDS + 20))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        assertEquals(1, cluster.serverMetrics().value("a3c_workers_expired_total"));
                        assertEquals(1, cluster.status().path("active_workers").asInt());
                    });
            report.append(counters("long partition: expired", cluster, cut));
            Thread.sleep(2_000);
            nets.heal(end);
            await("the worker registers again by itself").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        JsonNode status = cluster.status();
                        long id = activeIdOf(status, pidOf(cluster, cut));
                        assertTrue(id >= 0 && id != idBefore, String.valueOf(status));
                        assertTrue(pushesOf(status, cluster, cut) > 10, String.valueOf(status));
                        assertEquals(2, status.path("active_workers").asInt());
                    });
            assertTrue(Files.readString(cluster.workerLog(cut)).contains("registering again"));
            report.append(counters("healed: registered again", cluster, cut));

            // the end: workers leave (each logs what the server confirmed), then the server writes its summary
            cluster.stopWorkers();
            long confirmedPushes = 0;
            long confirmedSteps = 0;
            for (int w = 0; w < cluster.workers(); w++) {
                Matcher m = STOPPED.matcher(Files.readString(cluster.workerLog(w)));
                assertTrue(m.find(), "worker " + w + " logged no summary:\n" + PackagedA3c.tail(cluster.workerLog(w), 20));
                confirmedPushes += Long.parseLong(m.group(1));
                confirmedSteps += Long.parseLong(m.group(2));
            }
            cluster.stopServer();
            JsonNode summary = Deployment.JSON.readTree(cluster.runDir().resolve("summary.json").toFile());
            String totals = String.format("updates %d (version %d), env steps %d; the workers were told of %d pushes "
                            + "and %d env steps; the cut-off worker's duplicate answers after the short partition: %.0f",
                    summary.path("updates").asLong(), summary.path("version").asLong(), summary.path("env_steps").asLong(),
                    confirmedPushes, confirmedSteps, afterShort.value("a3c_worker_pushes_total", "result", "duplicate"));
            report.append(totals).append('\n');
            System.out.println(report);
            Files.writeString(Files.createDirectories(Path.of("target")).resolve("partition-report.md"), report);
            assertEquals(summary.path("updates").asLong(), confirmedPushes, totals);
            assertEquals(summary.path("version").asLong(), confirmedPushes, totals);
            assertEquals(summary.path("env_steps").asLong(), confirmedSteps, totals);
        }
    }

    /** A row of the server's counters and the cut-off worker's, now. */
    private static String counters(String moment, TestCluster cluster, int worker) throws Exception {
        JsonNode status = cluster.status();
        PrometheusScrape server = cluster.serverMetrics();
        PrometheusScrape metrics = cluster.workerMetrics(worker);
        return String.format("| %s | %d | %d | %d | %.0f | %d, %d, %.0f |%n", moment, status.path("version").asLong(),
                status.path("env_steps").asLong(), status.path("active_workers").asInt(),
                server.value("a3c_workers_expired_total"), activeIdOf(status, pidOf(cluster, worker)),
                pushesOf(status, cluster, worker), metrics.value("a3c_worker_pushes_total", "result", "duplicate"));
    }

    private static long pidOf(TestCluster cluster, int worker) {
        return cluster.worker(worker).pid();
    }

    /** The id of the active registration of the worker with this pid, or -1. */
    private static long activeIdOf(JsonNode status, long pid) {
        for (JsonNode w : status.path("workers")) {
            if (w.path("pid").asLong() == pid && "active".equals(w.path("state").asText())) {
                return w.path("id").asLong();
            }
        }
        return -1;
    }

    /** The pushes the server applied from this worker's active registration. */
    private static long pushesOf(JsonNode status, TestCluster cluster, int worker) {
        long pid = pidOf(cluster, worker);
        for (JsonNode w : status.path("workers")) {
            if (w.path("pid").asLong() == pid && "active".equals(w.path("state").asText())) {
                return w.path("pushes").asLong();
            }
        }
        return -1;
    }
}
