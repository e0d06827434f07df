package dev.a3c.server.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.run.Checkpointer;
import dev.a3c.server.run.RunFolder;
import dev.a3c.server.training.TrainingSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's evaluations of a real session (CartPole, the initial weights) and the rows it writes. */
class EvaluationRunnerTest {

    @TempDir
    Path dir;

    private RunFolder folder;
    private TrainingSession session;

    /** A runner over a new session of its own that stops on evaluations at {@code target}. */
    private EvaluationRunner stoppingOnEvaluations(double target) {
        TrainingConfig config = TestSupport.config(1_000_000_000L, target, false)
                .with("--eval-episodes 100 --eval-every 5s --eval-actions greedy --stop-on eval");
        folder = new RunFolder(dir);
        session = SessionLoader.create(config, new SimpleMeterRegistry(), folder);
        return new EvaluationRunner(session, folder, new Checkpointer(session, folder, 2));
    }

    @Test
    void anEvaluationAtTheTargetIsPlayedAgainOnOtherEpisodesBeforeItEndsTraining() throws Exception {
        // the initial weights keep CartPole's pole up for at least 8 steps: every evaluation reaches a target of 5
        try (EvaluationRunner runner = stoppingOnEvaluations(5)) {
            Evaluation evaluation = runner.evaluateNow().orElseThrow();

            List<Evaluation> rows = folder.readEvaluations();
            assertEquals(2, rows.size(), "the evaluation and its confirmation");
            assertEquals(rows.get(0).version(), rows.get(1).version(), "the same weights");
            assertNotEquals(rows.get(0).seed(), rows.get(1).seed(), "other fresh episodes");
            assertSame(Evaluation.pooled(rows.get(0), rows.get(1)), evaluation);
            assertEquals(200, evaluation.episodes());
            assertTrue(session.isFinished());
            assertTrue(session.reachedTarget());
            assertSame(evaluation, session.bestEvaluation());
            assertTrue(Files.exists(folder.bestModel()));
            assertEquals(2, session.nextEvaluationIndex());
        }
    }

    @Test
    void anEvaluationBelowTheTargetIsPlayedOnce() throws Exception {
        try (EvaluationRunner runner = stoppingOnEvaluations(1e6)) {
            Evaluation evaluation = runner.evaluateNow().orElseThrow();
            List<Evaluation> rows = folder.readEvaluations();
            assertEquals(1, rows.size());
            assertSame(rows.get(0), evaluation);
            assertEquals(100, evaluation.episodes());
            assertFalse(session.isFinished());
            assertEquals(1, session.nextEvaluationIndex());
            assertTrue(runner.evaluateNow().isEmpty(), "the same version is not evaluated twice");
        }
    }

    /** The same evaluation, but for its wall time, which {@code evaluations.csv} keeps to the millisecond. */
    private static void assertSame(Evaluation expected, Evaluation actual) {
        assertEquals(expected.index(), actual.index());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.seed(), actual.seed());
        assertEquals(expected.episodes(), actual.episodes());
        assertEquals(expected.mean(), actual.mean(), 1e-9);
        assertEquals(expected.stderr(), actual.stderr(), 1e-9);
        assertEquals(expected.wallSeconds(), actual.wallSeconds(), 1e-3);
    }
}
