package dev.a3c.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.server.evaluation.Evaluation;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingHistory;
import dev.a3c.server.training.WorkerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardViewTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private static WorkerStatus worker(int id, String state, String lastPush, Long staleness) {
        return new WorkerStatus(id, "host-" + id, 100 + id, 2, state.equals("active"), state, 7,
                350, "2026-01-02T03:04:00Z", lastPush, staleness);
    }

    private static RunState status(List<WorkerStatus> workers) {
        return new RunState("CartPole-v1", 42, 12_345, 3_000_000, 42, 77, 123.5, 150.25, 475.0, false, "train", 1, 32,
                false, null, 61.5, 200.7, 480.5, 3.25, 100, 40L, "greedy", 499.0, 2.5, 36L, 9L, workers);
    }

    @Test
    void theHeadlineIsTheRunStateWithItsCountOfKnownWorkers() throws Exception {
        RunState state = status(List.of(worker(1, "active", null, null), worker(2, "left", null, null)));
        JsonNode json = new ObjectMapper().readTree(Dashboard.json(new DashboardView(state, List.of(),
                DashboardView.curve(List.of()), DashboardView.evaluations(List.of()), DashboardView.throughput(List.of()),
                DashboardView.staleness(new long[0], 0))));
        assertEquals(2, json.at("/headline/known_workers").asInt());
        assertEquals(1, json.at("/headline/active_workers").asInt());
        assertEquals(3_000_000, json.at("/headline/max_steps").asLong());
        assertEquals(475.0, json.at("/headline/target_return").asDouble());
        assertEquals(499.0, json.at("/headline/best_eval_mean_return").asDouble());
    }

    @Test
    void workerAgesAreCountedFromTheMomentOfTheView() {
        List<DashboardView.WorkerRow> rows = DashboardView.workers(status(List.of(
                worker(1, "active", "2026-01-02T03:04:03.500Z", 3L),
                worker(2, "expired", null, null))), NOW);
        assertEquals(new DashboardView.WorkerRow(1, "host-1", 101, 2, "active", 7, 350, 3L, 1.5, 5.0), rows.get(0));
        assertEquals(new DashboardView.WorkerRow(2, "host-2", 102, 2, "expired", 7, 350, null, null, 5.0), rows.get(1));
    }

    @Test
    void theCurveBecomesColumns() {
        DashboardView.Curve c = DashboardView.curve(List.of(
                new TrainingHistory.EpisodePoint(100, 1, 10, 10, 10, 10),
                new TrainingHistory.EpisodePoint(300, 4, 25, 5, 60, 20)));
        assertArrayEquals(new long[] {100, 300}, c.envSteps());
        assertArrayEquals(new long[] {1, 4}, c.episodes());
        assertArrayEquals(new double[] {10, 25}, c.mean());
        assertArrayEquals(new double[] {10, 5}, c.min());
        assertArrayEquals(new double[] {10, 60}, c.max());
        assertArrayEquals(new double[] {10, 20}, c.avgReturn100());
    }

    @Test
    void ratesAreDifferencesBetweenSamples() {
        DashboardView.Throughput t = DashboardView.throughput(List.of(
                new TrainingHistory.ProgressPoint(1.0, 1_000, 10, 2, 10, 20),
                new TrainingHistory.ProgressPoint(3.0, 5_000, 50, 2, 50, 140),
                new TrainingHistory.ProgressPoint(4.0, 5_000, 50, 0, 50, 140),
                new TrainingHistory.ProgressPoint(4.0, 5_000, 50, 0, 50, 140)));
        assertArrayEquals(new double[] {1, 3, 4, 4}, t.wallSeconds());
        assertArrayEquals(new long[] {1_000, 5_000, 5_000, 5_000}, t.envSteps());
        assertArrayEquals(new long[] {10, 50, 50, 50}, t.updates());
        assertArrayEquals(new int[] {2, 2, 0, 0}, t.activeWorkers());
        assertArrayEquals(new Double[] {null, 2_000.0, 0.0, null}, t.stepsPerSecond(), "none for the first and a zero interval");
        assertArrayEquals(new Double[] {null, 20.0, 0.0, null}, t.updatesPerSecond());
        assertArrayEquals(new Double[] {null, 3.0, null, null}, t.meanStaleness(), "120 over 40 pushes; none without pushes");
    }

    @Test
    void stalenessHistogramSummaryAndOverflowBucket() {
        DashboardView.Staleness s = DashboardView.staleness(new long[] {2, 0, 1, 1, 2, 2, 3, 2, 1, 36}, 5_000);
        assertEquals(5_000, s.pushes());
        assertEquals(10, s.window());
        assertEquals(5.0, s.mean(), 1e-12);
        assertEquals(2L, s.p50());
        assertEquals(3L, s.p90());
        assertEquals(36L, s.max());
        assertEquals(DashboardView.STALENESS_BUCKETS + 1, s.labels().size());
        assertEquals("0", s.labels().get(0));
        assertEquals("30+", s.labels().get(30));
        long[] counts = new long[31];
        counts[0] = 1;
        counts[1] = 3;
        counts[2] = 4;
        counts[3] = 1;
        counts[30] = 1;
        assertArrayEquals(counts, s.counts());

        DashboardView.Staleness small = DashboardView.staleness(new long[] {0, 0, 1}, 3);
        assertEquals(List.of("0", "1"), small.labels(), "buckets up to the largest value only");
        assertArrayEquals(new long[] {2, 1}, small.counts());

        DashboardView.Staleness none = DashboardView.staleness(new long[0], 0);
        assertNull(none.mean());
        assertNull(none.max());
        assertEquals(List.of(), none.labels());
    }

    @Test
    void nearestRankPercentiles() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, DashboardView.percentile(sorted, 0.5));
        assertEquals(90, DashboardView.percentile(sorted, 0.9));
        assertEquals(100, DashboardView.percentile(sorted, 1.0));
        assertEquals(7, DashboardView.percentile(new long[] {7}, 0.9));
    }

    @Test
    void theJsonUsesSnakeCaseNamesNullsAndColumns() throws Exception {
        List<TrainingHistory.ProgressPoint> progress = new ArrayList<>();
        progress.add(new TrainingHistory.ProgressPoint(1.0, 100, 1, 1, 1, 0));
        progress.add(new TrainingHistory.ProgressPoint(2.0, 300, 3, 1, 3, 2));
        DashboardView view = new DashboardView(
                status(List.of()),
                DashboardView.workers(status(List.of(worker(5, "active", null, null))), NOW),
                DashboardView.curve(List.of(new TrainingHistory.EpisodePoint(300, 1, 10, 10, 10, 10))),
                DashboardView.evaluations(List.of(new Evaluation(0, 3, 250, 1.5, 9, 100, 42.5, 1.25, 20, 60))),
                DashboardView.throughput(progress),
                DashboardView.staleness(new long[] {0, 1}, 2));
        JsonNode json = new ObjectMapper().readTree(Dashboard.json(view));
        assertEquals(12_345, json.at("/headline/env_steps").asLong());
        assertEquals(123.5, json.at("/headline/avg_return_100").asDouble());
        assertTrue(json.at("/headline/stop_reason").isNull());
        assertEquals(5, json.at("/workers/0/id").asInt());
        assertTrue(json.at("/workers/0/last_push_age_seconds").isNull());
        assertTrue(json.at("/workers/0/last_staleness").isNull());
        assertEquals(5.0, json.at("/workers/0/last_seen_age_seconds").asDouble());
        assertEquals(300, json.at("/curve/env_steps/0").asLong());
        assertEquals(10.0, json.at("/curve/avg_return_100/0").asDouble());
        assertEquals(250, json.at("/evaluations/env_steps/0").asLong());
        assertEquals(3, json.at("/evaluations/version/0").asLong());
        assertEquals(42.5, json.at("/evaluations/mean/0").asDouble());
        assertEquals(1.25, json.at("/evaluations/stderr/0").asDouble());
        assertEquals(100, json.at("/evaluations/episodes/0").asInt());
        assertEquals(480.5, json.at("/headline/eval_mean_return").asDouble());
        assertEquals(36, json.at("/headline/best_eval_version").asLong());
        assertTrue(json.at("/throughput/steps_per_second/0").isNull());
        assertEquals(200.0, json.at("/throughput/steps_per_second/1").asDouble());
        assertEquals(1.0, json.at("/throughput/mean_staleness/1").asDouble());
        assertEquals("[1,1]", json.at("/staleness/counts").toString());
        assertTrue(new String(Dashboard.json(view)).indexOf('\n') < 0, "compact: no indentation");
    }
}
