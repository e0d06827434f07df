package dev.a3c.server.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.ActionSelection;
import dev.a3c.config.EvaluationConfig;
import dev.a3c.config.Interval;
import dev.a3c.config.PolicyConfig;
import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Step;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.run.RunFolder;
import dev.a3c.server.training.TrainingSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator against a scripted environment whose returns are known, its seeds, and its records. */
class EvaluatorTest {

    /**
     * Episode e (counted from the seeded reset) lasts {@code 1 + (seed + e) mod 4} steps, each worth
     * 2, whatever the actions: its return is known in advance.
     */
    static final class Scripted implements Environment {
        static final EnvironmentSpec SPEC = EnvironmentSpec.discrete("Scripted-v0", 1, 2, 100, null);
        final List<Long> seeds = new ArrayList<>();
        long seed;
        int episode = -1;
        int left;

        static int length(long seed, int episode) {
            return 1 + (int) Math.floorMod(seed + episode, 4L);
        }

        @Override
        public EnvironmentSpec spec() {
            return SPEC;
        }

        @Override
        public float[] reset(long seed) {
            seeds.add(seed);
            this.seed = seed;
            episode = -1;
            return reset();
        }

        @Override
        public float[] reset() {
            episode++;
            left = length(seed, episode);
            return new float[] {left};
        }

        @Override
        public Step step(int action) {
            left--;
            return new Step(new float[] {left}, 2.0, left == 0, false);
        }
    }

    private static ActorCriticNetwork network() {
        return ActorCriticNetwork.create(new PolicyConfig("mlp", List.of(4), "tanh", 0).networkSpec(Scripted.SPEC), 5);
    }

    @Test
    void playsTheConfiguredEpisodesFromItsOwnSeedAndReportsTheirStatistics() {
        for (ActionSelection mode : ActionSelection.values()) {
            Scripted env = new Scripted();
            EvaluationConfig settings = new EvaluationConfig(7, mode, Interval.ofSeconds(1),
                    EvaluationConfig.StopRule.TRAIN, EvaluationConfig.AT_TARGET);
            Evaluation e = new Evaluator(settings, () -> env, 42).evaluate(3, network(), null, 17, 1000, 12.5);

            long seed = EvaluationSeeds.of(42, 3);
            assertEquals(List.of(seed), env.seeds, "one seeded reset, then the generator continues");
            List<Double> returns = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                returns.add(2.0 * Scripted.length(seed, i));
            }
            double mean = returns.stream().mapToDouble(Double::doubleValue).sum() / 7;
            double squares = returns.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum();
            assertEquals(new Evaluation(3, 17, 1000, 12.5, seed, 7, mean, Math.sqrt(squares / 6 / 7),
                    returns.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    returns.stream().mapToDouble(Double::doubleValue).max().orElseThrow()), e);
        }
    }

    @Test
    void statisticsByHand() {
        Evaluation e = Evaluation.of(0, 1, 2, 3.0, 4, List.of(1.0, 2.0, 6.0));
        assertEquals(3.0, e.mean());
        // sample variance ((-2)^2 + (-1)^2 + 3^2) / 2 = 7; standard error sqrt(7 / 3)
        assertEquals(Math.sqrt(7.0 / 3), e.stderr(), 1e-15);
        assertEquals(1.0, e.min());
        assertEquals(6.0, e.max());
        assertEquals(0.0, Evaluation.of(0, 1, 2, 3.0, 4, List.of(5.0)).stderr(), "one episode: no spread");
        assertThrows(IllegalArgumentException.class, () -> Evaluation.of(0, 1, 2, 3.0, 4, List.of()));
    }

    /**
     * Workers seed themselves from {@code seed + rank} ({@code Worker.run}: the network from the
     * first draw, the environments from the split that follows, one draw each): the evaluator's
     * seeds are none of these, nor any {@code seed + rank}, for the first 10,000 evaluations of 256
     * workers with 64 environments each, over several run seeds.
     */
    @Test
    void evaluationSeedsNeverCollideWithAWorkersSeeds() {
        for (long runSeed : new long[] {0, 1, 7, -3, Long.MAX_VALUE}) {
            Set<Long> workerSeeds = new HashSet<>();
            for (int rank = 0; rank < 256; rank++) {
                workerSeeds.add(runSeed + rank);
                SplittableRandom seeds = new SplittableRandom(runSeed + rank);
                workerSeeds.add(seeds.nextLong());
                SplittableRandom envs = seeds.split();
                for (int k = 0; k < 64; k++) {
                    workerSeeds.add(envs.nextLong());
                }
            }
            Set<Long> evaluationSeeds = new HashSet<>();
            for (long index = 0; index < 10_000; index++) {
                long seed = EvaluationSeeds.of(runSeed, index);
                assertFalse(workerSeeds.contains(seed), "evaluation " + index + " of run seed " + runSeed);
                evaluationSeeds.add(seed);
            }
            assertEquals(10_000, evaluationSeeds.size(), "every evaluation plays other episodes");
            assertEquals(EvaluationSeeds.of(runSeed, 5), EvaluationSeeds.of(runSeed, 5), "repeatable");
        }
    }

    @Test
    void anEvaluationAndItsConfirmationPoolAsTheirEpisodesTogether() {
        List<Double> first = List.of(200.0, 180.0, 230.0, 215.0);
        List<Double> second = List.of(190.0, 150.0, 205.0);
        List<Double> all = new ArrayList<>(first);
        all.addAll(second);
        Evaluation pooled = Evaluation.pooled(Evaluation.of(4, 9, 900, 9.5, 31, first),
                Evaluation.of(5, 9, 900, 9.5, 32, second));
        Evaluation expected = Evaluation.of(5, 9, 900, 9.5, 31, all);
        assertEquals(expected.episodes(), pooled.episodes());
        assertEquals(expected.mean(), pooled.mean(), 1e-9);
        assertEquals(expected.stderr(), pooled.stderr(), 1e-9);
        assertEquals(expected.min(), pooled.min());
        assertEquals(expected.max(), pooled.max());
        assertEquals(5, pooled.index(), "numbered as the confirmation: the next evaluation comes after both");
        assertEquals(31, pooled.seed());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.pooled(Evaluation.of(4, 9, 900, 9.5, 31, first),
                Evaluation.of(5, 10, 900, 9.5, 32, second)), "other weights");
    }

    @Test
    void aResumedRunPoolsEachConfirmationWithItsEvaluation(@TempDir Path dir) {
        RunFolder folder = new RunFolder(dir);
        List<Evaluation> rows = List.of(
                Evaluation.of(0, 10, 100, 1.0, 11, List.of(210.0, 214.0)),
                Evaluation.of(1, 10, 100, 1.0, 12, List.of(150.0, 160.0)),   // its confirmation fell short
                Evaluation.of(2, 20, 200, 2.0, 13, List.of(190.0, 192.0)));
        rows.forEach(folder::appendEvaluation);
        Evaluations resumed = new Evaluations(folder.readEvaluations());
        assertEquals(20, resumed.best().version(), "version 10 played 183.5 over its four episodes");
        assertEquals(183.5, Evaluations.pooled(rows).get(0).mean());
        assertEquals(3, resumed.next());
    }

    @Test
    void theBestIsTheHighestMeanAndSurvivesInTheRunFolder(@TempDir Path dir) {
        RunFolder folder = new RunFolder(dir);
        Evaluations evaluations = new Evaluations();
        assertNull(evaluations.best());
        List<Evaluation> written = List.of(
                Evaluation.of(0, 10, 100, 1.0, 11, List.of(20.0, 22.0)),
                Evaluation.of(1, 20, 200, 2.0, 12, List.of(500.0, 480.0)),
                Evaluation.of(2, 30, 300, 3.0, 13, List.of(150.0, 160.0)),
                Evaluation.of(3, 40, 400, 4.0, 14, List.of(490.0, 490.0)));
        List<Boolean> best = new ArrayList<>();
        for (Evaluation e : written) {
            best.add(evaluations.record(e));
            folder.appendEvaluation(e);
        }
        assertEquals(List.of(true, true, false, false), best);
        assertEquals(20, evaluations.best().version());
        assertEquals(40, evaluations.latest().version());
        assertEquals(4, evaluations.next());

        assertEquals(written, folder.readEvaluations(), "evaluations.csv holds every field exactly");
        Evaluations resumed = new Evaluations(folder.readEvaluations());
        assertEquals(evaluations.best(), resumed.best());
        assertEquals(evaluations.latest(), resumed.latest());
        assertEquals(4, resumed.next(), "a resumed run numbers its evaluations on");
    }

    @Test
    void withStopOnEvalAnEvaluationOfAHundredEpisodesAtTheTargetEndsTrainingAndTheTrainingAverageDoesNot() {
        var d = TestSupport.config(1_000_000_000L, 100.0, false);
        var config = d.with("--eval-episodes 100 --eval-actions greedy --eval-every 5s --stop-on eval");
        TrainingSession s = SessionLoader.create(config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                null);
        int id = TestSupport.join(s, "w", 1, 1, "t");
        List<TrainingSession.EpisodeResult> great = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            great.add(new TrainingSession.EpisodeResult(500, 500));
        }
        s.push(TestSupport.rawPush(id, 1, 0, java.nio.ByteBuffer.wrap(TestSupport.encode(new float[TestSupport.PARAMETERS])),
                500, great));
        assertFalse(s.isFinished(), "the training average alone does not stop a run that stops on evaluations");
        Evaluation small = Evaluation.of(0, 1, 500, 1.0, 1, java.util.Collections.nCopies(50, 200.0));
        assertFalse(s.needsConfirmation(small), "50 episodes are not enough");
        assertTrue(s.recordEvaluation(small));
        assertFalse(s.isFinished(), "50 episodes are not enough");
        Evaluation below = Evaluation.of(1, 2, 500, 1.0, 2, java.util.Collections.nCopies(100, 99.0));
        assertFalse(s.needsConfirmation(below));
        s.recordEvaluation(below);
        assertFalse(s.isFinished(), "below the target");
        Evaluation lucky = Evaluation.of(2, 3, 500, 1.0, 3, java.util.Collections.nCopies(100, 104.0));
        assertTrue(s.needsConfirmation(lucky), "at the target: to be played again");
        s.recordEvaluation(lucky, Evaluation.of(3, 3, 500, 1.0, 4, java.util.Collections.nCopies(100, 94.0)));
        assertFalse(s.isFinished(), "the same weights on other episodes fell short");
        assertEquals(99.0, s.status().evalMeanReturn(), "the two count as one evaluation of 200 episodes");
        Evaluation at = Evaluation.of(4, 4, 500, 1.0, 5, java.util.Collections.nCopies(100, 101.0));
        s.recordEvaluation(at, Evaluation.of(5, 4, 500, 1.0, 6, java.util.Collections.nCopies(100, 100.0)));
        assertTrue(s.isFinished());
        assertTrue(s.reachedTarget());
        assertTrue(s.status().stopReason().startsWith("target reached by evaluation"), s.status().stopReason());
        assertEquals(200.0, s.status().bestEvalMeanReturn(), "the best is the highest mean, whatever its size");
        assertEquals(100.5, s.status().evalMeanReturn());
        assertEquals(6, s.nextEvaluationIndex());
    }

    @Test
    void withAStopConfidenceAConfirmationJustAtTheTargetDoesNotEndTraining() {
        var config = TestSupport.config(1_000_000_000L, 100.0, false)
                .with("--eval-episodes 100 --eval-actions greedy --eval-every 5s --stop-on eval --stop-confidence 0.95");
        TrainingSession s = SessionLoader.create(config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                null);
        // returns alternating mean - 20 and mean + 20: a standard error of 20.1 / 10 = 2.01, so a margin of
        // z(0.95) * 2.01 * sqrt(2) = 4.68 above the target of 100
        s.recordEvaluation(Evaluation.of(0, 1, 500, 1.0, 1, alternating(120)), Evaluation.of(1, 1, 500, 1.0, 2,
                alternating(103)));
        assertFalse(s.isFinished(), "103 is at the target but not 4.68 above it");
        s.recordEvaluation(Evaluation.of(2, 2, 500, 1.0, 3, alternating(120)), Evaluation.of(3, 2, 500, 1.0, 4,
                alternating(105)));
        assertTrue(s.isFinished(), "105 is");
        assertTrue(s.status().stopReason().contains(">= 100.00 + 4.68 (2.33 standard errors)"), s.status().stopReason());
    }

    private static List<Double> alternating(double mean) {
        List<Double> returns = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            returns.add(i % 2 == 0 ? mean - 20 : mean + 20);
        }
        return returns;
    }
}
