package dev.a3c.server.training;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.decode;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.push;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.optim.Optimizer;
import dev.a3c.learning.optim.SharedRmsProp;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.Dl4jUpdaters;
import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.validation.RequestRefusedException;
import dev.a3c.wire.Refusal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.FloatBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The transport-free session logic, called directly. */
class TrainingSessionTest {

    private static TrainingSession session(TrainingConfig config) {
        return SessionLoader.create(config, new SimpleMeterRegistry(), null);
    }

    private static TrainingSession restored(TrainingConfig config, long version, EpisodeStatistics stats, long envSteps,
                                            Consumer<TrainingSession.EpisodeRecord> log) {
        ActorCriticNetwork network = ActorCriticNetwork.create(config.networkSpec(), config.schedule().seed(), DataType.FLOAT,
                Dl4jUpdaters.of(config.optimizer()));
        Optimizer optimizer = Optimizer.create(config.optimizer().kind(), network.parameterCount(), config.optimizer().settings());
        return new TrainingSession(config, new GlobalModel(network, optimizer, version), stats, envSteps, 12.5,
                new SimpleMeterRegistry(), Clock.systemUTC(), log);
    }

    @Test
    void theRunStateCarriesTheConfigurationItIsJudgedBy() {
        TrainingConfig config = TestSupport.config(5_000, 150.0, false).with("--stop-on train --eval-actions sample");
        RunState state = session(config).status();
        assertEquals("CartPole-v1", state.env());
        assertEquals(5_000, state.maxSteps());
        assertEquals(150.0, state.targetReturn());
        assertEquals(TestSupport.ENVS, state.envsPerWorker());
        assertEquals("train", state.stopOn());
        assertEquals("sample", state.evalActions());
        assertEquals(false, state.reachedTarget());
        assertEquals(null, state.stopReason());
        assertEquals("server shut down", state.withStopReasonIfMissing("server shut down").stopReason());
    }

    @Test
    void theTrainingTimeStopsWhenTrainingFinishes() throws Exception {
        TrainingSession session = session(TestSupport.config());
        double running = session.wallSeconds();
        Thread.sleep(20);
        assertTrue(session.wallSeconds() > running, "the clock runs while training does");
        session.finish("test");
        double finished = session.wallSeconds();
        Thread.sleep(20);
        assertEquals(finished, session.wallSeconds(), "a server that stays up does not count its idle time");
        assertEquals(finished, session.status().wallSeconds());
    }

    @Test
    void aGaussianPolicyStartsAtTheConfiguredLogStd() {
        TrainingConfig pendulum = TrainingConfig.defaults("Pendulum-v1");
        TrainingSession session = session(pendulum.with("--initial-log-std -1.25"));
        int id = TestSupport.join(session, "w", 1, 1, "t");
        ActorCriticNetwork local = ActorCriticNetwork.create(pendulum.networkSpec(), 99);
        local.parameters().put(decode(session.pull(id, TestSupport.key(id), -1).weights())).clear();
        float[] policy = new float[2];
        local.predict(new float[] {0.5f, -0.5f, 1f}, 1, policy, new float[1]);
        assertEquals(-1.25f, policy[1], 1e-7);
    }

    @Test
    void aStateDependentStandardDeviationStartsNearTheConfiguredLogStd() {
        TrainingConfig base = TrainingConfig.defaults("Pendulum-v1");
        TrainingConfig pendulum = base.with("--initial-log-std -1.25 --state-dependent-std");
        TrainingSession session = session(pendulum);
        int id = TestSupport.join(session, "w", 1, 1, "t");
        ActorCriticNetwork local = ActorCriticNetwork.create(pendulum.networkSpec(), 99);
        local.parameters().put(decode(session.pull(id, TestSupport.key(id), -1).weights())).clear();
        float[] policy = new float[2];
        local.predict(new float[] {0.5f, -0.5f, 1f}, 1, policy, new float[1]);
        assertEquals(-1.25f, policy[1], 0.1, "the bias starts there, the small weights move it a little");
    }

    @Test
    void learningRateIsAnnealedWithTheGlobalStepCount() {
        TrainingSession annealed = session(TestSupport.config(1000, null, true));
        TrainingSession constant = session(TestSupport.config(1000, null, false));
        int a = TestSupport.join(annealed, "a", 1, 1, "t");
        int c = TestSupport.join(constant, "c", 1, 1, "t");
        float[] initial = decode(annealed.pull(a, TestSupport.key(a), -1).weights());
        assertArrayEquals(initial, decode(constant.pull(c, TestSupport.key(c), -1).weights()), "same seed, same start");
        float[] g = gradient(PARAMETERS, 0.1f);

        // at step 0 the annealed rate is still the initial one
        annealed.push(push(a, 1, g, 500));
        constant.push(push(c, 1, g, 500));
        assertArrayEquals(annealed.pull(a, TestSupport.key(a), -1).weights(), constant.pull(c, TestSupport.key(c), -1).weights());

        // half the budget is spent: the annealed rate is half the initial one
        annealed.push(push(a, 2, g, 100));
        constant.push(push(c, 2, g, 100));
        float[] withAnnealing = decode(annealed.pull(a, TestSupport.key(a), -1).weights());
        float[] without = decode(constant.pull(c, TestSupport.key(c), -1).weights());
        assertFalse(Arrays.equals(withAnnealing, without), "annealing must change the update");

        TrainingConfig config = annealed.config();
        SharedRmsProp reference = new SharedRmsProp(PARAMETERS, config.optimizer().settings().rmsDecay(),
                config.optimizer().settings().epsilon());
        FloatBuffer expected = FloatBuffer.wrap(initial.clone());
        reference.step(expected, FloatBuffer.wrap(g), TestSupport.LEARNING_RATE);
        reference.step(expected, FloatBuffer.wrap(g), TestSupport.LEARNING_RATE * 0.5);
        assertArrayEquals(expected.array(), withAnnealing);

        SharedRmsProp constantReference = new SharedRmsProp(PARAMETERS, config.optimizer().settings().rmsDecay(),
                config.optimizer().settings().epsilon());
        FloatBuffer expectedConstant = FloatBuffer.wrap(initial.clone());
        constantReference.step(expectedConstant, FloatBuffer.wrap(g), TestSupport.LEARNING_RATE);
        constantReference.step(expectedConstant, FloatBuffer.wrap(g), TestSupport.LEARNING_RATE);
        assertArrayEquals(expectedConstant.array(), without);
    }

    @Test
    void pushesBeyondTheMaximumStalenessAreRejectedAndChangeNothing() {
        TrainingSession s = session(TestSupport.config(1000, null, false).with("--max-staleness 2"));
        int id = TestSupport.join(s, "w", 1, 1, "t");
        float[] g = gradient(PARAMETERS, 0.1f);
        for (int sequence = 1; sequence <= 3; sequence++) {
            assertTrue(s.push(push(id, sequence, g, 1)).applied(), "staleness " + (sequence - 1) + " is within 2");
        }
        byte[] before = s.pull(id, TestSupport.key(id), -1).weights();
        RequestRefusedException e = assertThrows(RequestRefusedException.class, () -> s.push(push(id, 4, g, 1)));
        assertEquals(Refusal.STALE, e.refusal());
        assertTrue(e.getMessage().contains("3 versions old"), e.getMessage());
        assertArrayEquals(before, s.pull(id, TestSupport.key(id), -1).weights(), "a rejected push changes nothing");
        assertEquals(3, s.status().version());
        assertEquals(3, s.status().envSteps());
        // the worker drops it and pushes its next gradient, on fresh weights: applied
        TrainingSession.Push fresh = TestSupport.rawPush(id, 5, 3, java.nio.ByteBuffer.wrap(TestSupport.encode(g)),
                1, List.of());
        assertTrue(s.push(fresh).applied());
    }

    @Test
    void downweightedPushesTakeAProportionallySmallerStep() {
        TrainingConfig base = TestSupport.config(1000, null, false);
        TrainingSession limited = session(base.with("--max-staleness 1 --stale-pushes downweight"));
        TrainingSession unlimited = session(base);
        int a = TestSupport.join(limited, "a", 1, 1, "t");
        int b = TestSupport.join(unlimited, "b", 1, 1, "t");
        float[] g = gradient(PARAMETERS, 0.1f);
        for (int sequence = 1; sequence <= 2; sequence++) {
            limited.push(push(a, sequence, g, 1));
            unlimited.push(push(b, sequence, g, 1));
        }
        float[] start = decode(limited.pull(a, TestSupport.key(a), -1).weights());
        assertArrayEquals(start, decode(unlimited.pull(b, TestSupport.key(b), -1).weights()), "within the limit: the same steps");
        limited.push(push(a, 3, g, 1));      // staleness 2 > 1: step size times 1/2
        unlimited.push(push(b, 3, g, 1));
        float[] half = decode(limited.pull(a, TestSupport.key(a), -1).weights());
        float[] full = decode(unlimited.pull(b, TestSupport.key(b), -1).weights());
        for (int i = 0; i < PARAMETERS; i++) {
            assertEquals((full[i] - start[i]) / 2, half[i] - start[i], 1e-6, "parameter " + i);
        }
        assertEquals(1.0, limited.meters().get("a3c.push.downweighted").counter().count());
    }

    private static void assertRefused(Refusal expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(RequestRefusedException.class, call).refusal());
    }

    @Test
    void pushValidatesBeforeChangingAnything() {
        TrainingSession s = session(TestSupport.config());
        int id = TestSupport.join(s, "w", 1, 1, "t");
        float[] g = gradient(PARAMETERS, 0.1f);
        assertRefused(Refusal.UNKNOWN_WORKER, () -> s.push(push(id + 1, 1, g, 1)));
        assertRefused(Refusal.WRONG_SIZE, () -> s.push(push(id, 1, Arrays.copyOf(g, PARAMETERS - 1), 1)));
        float[] nan = g.clone();
        nan[3] = Float.NaN;
        assertRefused(Refusal.NON_FINITE, () -> s.push(push(id, 1, nan, 1)));
        assertRefused(Refusal.ENV_STEPS, () -> s.push(push(id, 1, g, -5)));
        assertRefused(Refusal.EPISODE_RETURN,
                () -> s.push(push(id, 1, g, 1, new TrainingSession.EpisodeResult(Double.POSITIVE_INFINITY, 3))));
        assertRefused(Refusal.UNKNOWN_WORKER, () -> s.pull(42, TestSupport.key(42), -1));
        assertRefused(Refusal.UNKNOWN_WORKER, () -> s.deregister(42, TestSupport.key(42)));
        assertRefused(Refusal.WORKER_KEY, () -> s.pull(id, new byte[16], -1));
        RunState status = s.status();
        assertEquals(0, status.version());
        assertEquals(0, status.envSteps());
        assertEquals(0, status.episodes());
        assertEquals(0, status.workers().get(0).pushes());
        assertFalse(s.push(push(id, 1, g, 1)).duplicate(), "no sequence was used up");
    }

    @Test
    void episodesAreLoggedWithIndexStepsAndWorker() {
        List<TrainingSession.EpisodeRecord> log = Collections.synchronizedList(new ArrayList<>());
        TrainingSession s = restored(TestSupport.config(), 0, new EpisodeStatistics(), 0, log::add);
        int id = TestSupport.join(s, "w", 1, 1, "t");
        float[] g = gradient(PARAMETERS, 0.1f);
        s.push(push(id, 1, g, 30, new TrainingSession.EpisodeResult(12.0, 12), new TrainingSession.EpisodeResult(18.0, 18)));
        s.push(push(id, 2, g, 20, new TrainingSession.EpisodeResult(20.0, 20)));
        assertEquals(3, log.size());
        assertEquals(new TrainingSession.EpisodeRecord(1, 30, log.get(0).wallSeconds(), id, 12.0, 12), log.get(0));
        assertEquals(2, log.get(1).index());
        assertEquals(18.0, log.get(1).episodeReturn());
        assertEquals(3, log.get(2).index());
        assertEquals(50, log.get(2).envSteps());
        assertTrue(log.get(2).wallSeconds() >= 12.5, "wall time continues from the restored value");
        assertEquals(50.0 / 3, s.status().avgReturn100(), 1e-9);
    }

    @Test
    void restoredSessionContinuesItsCounters() {
        EpisodeStatistics stats = new EpisodeStatistics(250, List.of(1.0, 3.0), 9.0);
        TrainingSession s = restored(TestSupport.config(), 40, stats, 5000, e -> { });
        RunState status = s.status();
        assertEquals(40, status.version());
        assertEquals(5000, status.envSteps());
        assertEquals(250, status.episodes());
        assertEquals(2.0, status.avgReturn100());
        assertEquals(9.0, status.bestAvgReturn100());
        assertTrue(status.wallSeconds() >= 12.5);
        int id = TestSupport.join(s, "w", 1, 1, "t");
        assertEquals(40, s.pull(id, TestSupport.key(id), -1).version());
        TrainingSession.PushResult result = s.push(push(id, 1, gradient(PARAMETERS, 0.1f), 10));
        assertEquals(41, result.version());
        assertEquals(5010, s.envSteps());
        assertFalse(s.isFinished());
    }

    @Test
    void restoredSessionThatHadSpentItsBudgetIsFinishedAtOnce() {
        TrainingSession s = restored(TestSupport.config(100, null, false), 9, new EpisodeStatistics(), 100, e -> { });
        assertTrue(s.isFinished());
        int id = TestSupport.join(s, "w", 1, 1, "t");
        assertTrue(s.pull(id, TestSupport.key(id), -1).stop());
        assertTrue(s.push(push(id, 1, gradient(PARAMETERS, 0.1f), 1)).stop());
        assertEquals(9, s.status().version());
    }

    @Test
    void restoredSessionThatHadReachedItsTargetIsFinishedAtOnce() {
        List<Double> good = Collections.nCopies(100, 200.0);
        TrainingSession s = restored(TestSupport.config(1_000_000, 150.0, false), 9,
                new EpisodeStatistics(300, good, 200.0), 100, e -> { });
        assertTrue(s.isFinished());
        assertTrue(s.reachedTarget());
    }

    /**
     * A checkpoint taken while workers push must be consistent with itself: the step and episode
     * counters belong to exactly the updates in its version.
     */
    @Test
    void checkpointDataIsConsistentWhilePushesArrive() throws Exception {
        TrainingSession s = session(TestSupport.config());
        int threads = 4;
        int checks = 200;
        float[] g = gradient(PARAMETERS, 0.001f);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<Long>> pushers = new ArrayList<>();
        List<String> inconsistent = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int id = TestSupport.join(s, "w" + t, t + 1, 1, "t");
                pushers.add(pool.submit(() -> {
                    assertTrue(go.await(10, TimeUnit.SECONDS));
                    long seq = 0;
                    while (running.get()) {
                        s.push(push(id, ++seq, g, 10, new TrainingSession.EpisodeResult(1.0, 1)));
                    }
                    return seq;
                }));
            }
            go.countDown();
            // At least `checks` snapshots, and on until more than 100 pushes (episodes) have been applied,
            // however the pushers are scheduled against this thread.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long version = 0;
            for (int i = 0; (i < checks || version <= 100) && System.nanoTime() < deadline; i++) {
                TrainingSession.CheckpointData data = s.checkpointData();
                version = data.model().version();
                if (data.envSteps() != 10 * version || data.episodes() != version) {
                    inconsistent.add("version " + version + ": env steps " + data.envSteps() + ", episodes "
                            + data.episodes());
                }
            }
        } finally {
            running.set(false);
            pool.shutdown();
        }
        long pushes = 0;
        for (Future<Long> f : pushers) {
            pushes += f.get(30, TimeUnit.SECONDS);
        }
        assertTrue(inconsistent.isEmpty(), inconsistent.size() + " checkpoints inconsistent, e.g. "
                + (inconsistent.isEmpty() ? "" : inconsistent.get(0)));
        TrainingSession.CheckpointData last = s.checkpointData();
        assertEquals(pushes, last.model().version());
        assertEquals(10 * pushes, last.envSteps());
        assertEquals(pushes, last.episodes());
        assertNotNull(last.bestAverage(), "more than 100 episodes: " + pushes);
    }

    /** Under concurrent pushes, exactly one applied push crosses the step budget: none is applied after it. */
    @Test
    void noUpdateIsAppliedAfterTheStepBudgetIsSpent() throws Exception {
        int threads = 8;
        long budget = 2_000;
        int stepsPerPush = 10;
        TrainingSession s = session(TestSupport.config(budget, null, false));
        float[] g = gradient(PARAMETERS, 0.001f);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> pushers = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int id = TestSupport.join(s, "w" + t, t + 1, 1, "t");
                pushers.add(pool.submit(() -> {
                    assertTrue(go.await(10, TimeUnit.SECONDS));
                    long applied = 0;
                    long seq = 0;
                    while (!s.push(push(id, ++seq, g, stepsPerPush)).stop()) {
                        applied++;
                    }
                    return applied;
                }));
            }
            go.countDown();
            long appliedBeforeStop = 0;
            for (Future<Long> f : pushers) {
                appliedBeforeStop += f.get(30, TimeUnit.SECONDS);
            }
            RunState status = s.status();
            assertTrue(status.finished());
            assertEquals(budget, status.envSteps(), "the budget is a multiple of the push size: no overshoot");
            assertEquals(budget / stepsPerPush, status.version());
            // every push answered without "stop" was applied; of the applied ones only the last was told to stop
            assertEquals(budget / stepsPerPush - 1, appliedBeforeStop);
        } finally {
            pool.shutdownNow();
        }
    }
}
