package dev.a3c.server.training;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.validation.RequestRefusedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingHistoryTest {

    @Test
    void mergedEpisodesKeepTheirMeanExtremesAndTheLatestAverage() {
        TrainingHistory.EpisodePoint a = new TrainingHistory.EpisodePoint(100, 1, 10, 10, 10, 10);
        TrainingHistory.EpisodePoint b = new TrainingHistory.EpisodePoint(300, 3, 30, 20, 50, 25);
        TrainingHistory.EpisodePoint m = TrainingHistory.EpisodePoint.merge(a, b);
        assertEquals(new TrainingHistory.EpisodePoint(300, 4, 25, 10, 50, 25), m);
    }

    @Test
    void theCurveOfALongRunIsDownsampledButCountsEveryEpisode() {
        TrainingHistory history = new TrainingHistory(200, 10);
        int n = 10_000;
        for (int i = 1; i <= n; i++) {
            history.episode(10L * i, i, i - 0.5);
        }
        List<TrainingHistory.EpisodePoint> curve = history.snapshot().curve();
        assertTrue(curve.size() >= 100 && curve.size() <= 201, "bounded: " + curve.size());
        assertEquals(n, curve.stream().mapToLong(TrainingHistory.EpisodePoint::episodes).sum());
        TrainingHistory.EpisodePoint first = curve.get(0);
        assertEquals(1, first.minReturn());
        assertEquals(first.episodes(), first.maxReturn(), "returns 1..k in the first point");
        assertEquals((first.episodes() + 1) / 2.0, first.meanReturn(), 1e-9);
        TrainingHistory.EpisodePoint last = curve.get(curve.size() - 1);
        assertEquals(10L * n, last.envSteps());
        assertEquals(n - 0.5, last.avgReturn100());
        assertEquals(n, last.maxReturn());
    }

    @Test
    void keepsTheStalenessOfTheMostRecentPushesInOrder() {
        TrainingHistory history = new TrainingHistory(10, 4);
        assertArrayEquals(new long[0], history.snapshot().recentStaleness());
        history.push(7);
        history.push(1);
        assertArrayEquals(new long[] {7, 1}, history.snapshot().recentStaleness());
        for (long s = 2; s <= 6; s++) {
            history.push(s);
        }
        assertArrayEquals(new long[] {3, 4, 5, 6}, history.snapshot().recentStaleness());
        assertEquals(7, history.snapshot().pushes());
        assertThrows(IllegalArgumentException.class, () -> new TrainingHistory(10, 0));
    }

    @Test
    void progressSamplesCarryTheCumulativePushesAndStaleness() {
        TrainingHistory history = new TrainingHistory(4, 10);
        history.progress(1.0, 100, 10, 2);
        history.push(2);
        history.push(4);
        history.progress(2.0, 300, 12, 2);
        assertEquals(List.of(new TrainingHistory.ProgressPoint(1.0, 100, 10, 2, 0, 0),
                new TrainingHistory.ProgressPoint(2.0, 300, 12, 2, 2, 6)), history.snapshot().progress());
        history.progress(3.0, 400, 13, 1);
        history.progress(4.0, 500, 14, 1);
        assertEquals(List.of(new TrainingHistory.ProgressPoint(2.0, 300, 12, 2, 2, 6),
                new TrainingHistory.ProgressPoint(4.0, 500, 14, 1, 2, 6)), history.snapshot().progress(),
                "merged samples keep the later counters");
    }

    @Test
    void theSessionRecordsEpisodesStalenessProgressAndEachWorkersLastPush() {
        TrainingSession session = SessionLoader.create(TestSupport.config(), new SimpleMeterRegistry(), null);
        int a = TestSupport.join(session, "a", 1, 1, "t");
        int b = TestSupport.join(session, "b", 2, 1, "t");
        assertNull(session.status().workers().get(0).lastPush());
        assertNull(session.status().workers().get(0).lastStaleness());
        float[] g = gradient(PARAMETERS, 0.01f);
        Instant before = Instant.now();
        session.push(TestSupport.rawPush(a, 1, 0, ByteBuffer.wrap(TestSupport.encode(g)), 30,
                List.of(new TrainingSession.EpisodeResult(10, 10), new TrainingSession.EpisodeResult(20, 20))));
        session.push(TestSupport.rawPush(a, 2, 1, ByteBuffer.wrap(TestSupport.encode(g)), 30,
                List.of(new TrainingSession.EpisodeResult(30, 30))));
        session.push(TestSupport.rawPush(b, 1, 0, ByteBuffer.wrap(TestSupport.encode(g)), 40, List.of()));
        session.recordProgress();

        TrainingHistory.Snapshot history = session.history().snapshot();
        assertEquals(List.of(new TrainingHistory.EpisodePoint(30, 1, 10, 10, 10, 10),
                new TrainingHistory.EpisodePoint(30, 1, 20, 20, 20, 15),
                new TrainingHistory.EpisodePoint(60, 1, 30, 30, 30, 20)), history.curve());
        assertArrayEquals(new long[] {0, 0, 2}, history.recentStaleness());
        TrainingHistory.ProgressPoint progress = history.progress().get(0);
        assertEquals(100, progress.envSteps());
        assertEquals(3, progress.updates());
        assertEquals(2, progress.activeWorkers());
        assertEquals(3, progress.pushes());
        assertEquals(2, progress.stalenessSum());
        assertTrue(progress.wallSeconds() > 0);

        WorkerStatus wa = session.status().workers().get(0);
        WorkerStatus wb = session.status().workers().get(1);
        assertEquals(0L, wa.lastStaleness());
        assertEquals(2L, wb.lastStaleness());
        assertNotNull(wa.lastPush());
        assertTrue(!Instant.parse(wa.lastPush()).isBefore(before.minusSeconds(1)), wa.lastPush());
    }

    @Test
    void aPushRefusedAsTooStaleCountsForStalenessButNotAsALastPush() {
        var d = TestSupport.config();
        var config = d.with("--max-staleness 1");
        TrainingSession session = SessionLoader.create(config, new SimpleMeterRegistry(), null);
        int a = TestSupport.join(session, "a", 1, 1, "t");
        int b = TestSupport.join(session, "b", 2, 1, "t");
        float[] g = gradient(PARAMETERS, 0.01f);
        for (int seq = 1; seq <= 3; seq++) {
            session.push(TestSupport.rawPush(a, seq, seq - 1, ByteBuffer.wrap(TestSupport.encode(g)), 10, List.of()));
        }
        assertThrows(RequestRefusedException.class, () -> session.push(
                TestSupport.rawPush(b, 1, 0, ByteBuffer.wrap(TestSupport.encode(g)), 10, List.of())));
        WorkerStatus wb = session.status().workers().get(1);
        assertEquals(3L, wb.lastStaleness());
        assertNull(wb.lastPush(), "nothing of b was applied");
        assertArrayEquals(new long[] {0, 0, 0, 3}, session.history().snapshot().recentStaleness());
    }
}
