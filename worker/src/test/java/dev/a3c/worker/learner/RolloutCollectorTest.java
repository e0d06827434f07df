package dev.a3c.worker.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.NetworkSpec;
import dev.a3c.env.Environment;
import dev.a3c.env.Environments;
import dev.a3c.env.Step;
import dev.a3c.learning.Categorical;
import dev.a3c.learning.Softmax;
import dev.a3c.learning.normalization.MomentsAccumulator;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.learning.normalization.ObservationStandardizer;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.PlainNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RolloutCollector} filling a {@link Rollout}: replays the recorded actions in reference
 * environments (same seeds) and checks every slot of the time-major layout.
 */
class RolloutCollectorTest {

    private static final String CARTPOLE = "CartPole-v1";
    private static final int OBS = 4;
    /** Per-environment time limits: short ones force truncations inside a rollout, 500 lets the pole fall. */
    private static final List<Integer> LIMITS = List.of(3, 7, 500);
    private static final long ENV_SEED = 21;
    private static final long ACTION_SEED = 99;

    private static ActorCriticNetwork network;

    @BeforeAll
    static void createNetwork() {
        network = ActorCriticNetwork.create(NetworkSpec.mlp(OBS, 2, List.of(16), "tanh"), 5);
    }

    private static RolloutCollector collector(VectorEnv envs, PlainNetwork policy) {
        return new RolloutCollector(envs, policy, new Categorical(2), 0, new SplittableRandom(ACTION_SEED), r -> r);
    }

    private static VectorEnv vector() {
        Iterator<Integer> next = LIMITS.iterator();
        return new VectorEnv(() -> Environments.make(CARTPOLE, next.next()), LIMITS.size(), new SplittableRandom(ENV_SEED));
    }

    private static Environment[] references() {
        SplittableRandom seeds = new SplittableRandom(ENV_SEED);
        Environment[] refs = new Environment[LIMITS.size()];
        for (int k = 0; k < refs.length; k++) {
            refs[k] = Environments.make(CARTPOLE, LIMITS.get(k));
            refs[k].reset(seeds.nextLong());
        }
        return refs;
    }

    @Test
    void fillsTheTimeMajorLayoutAndRecordsTruncationsAndBootstrapObservations() {
        int steps = 40;
        int k = LIMITS.size();
        VectorEnv envs = vector();
        PlainNetwork policy = new PlainNetwork(network);
        RolloutCollector collector = collector(envs, policy);
        Rollout rollout = new Rollout(steps, k, OBS, 1);
        collector.collect(rollout);

        assertEquals(steps * k, rollout.transitions());
        Environment[] refs = references();
        float[][] current = new float[k][];
        SplittableRandom seeds = new SplittableRandom(ENV_SEED);
        for (int e = 0; e < k; e++) {
            current[e] = Environments.make(CARTPOLE, LIMITS.get(e)).reset(seeds.nextLong());
        }
        List<Integer> expectedTruncated = new ArrayList<>();
        List<float[]> expectedFinal = new ArrayList<>();
        int terminations = 0;
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < k; e++) {
                int i = t * k + e;
                assertArrayEquals(current[e], Arrays.copyOfRange(rollout.observations, i * OBS, (i + 1) * OBS),
                        "observation at t=" + t + ", env " + e + " (index t*K+k)");
                Step s = refs[e].step((int) rollout.actions[i]);
                assertEquals(s.reward(), rollout.rewards[i], "reward at " + i);
                assertEquals(s.terminated(), rollout.terminated[i], "terminated at " + i);
                assertEquals(s.truncated() && !s.terminated(), rollout.truncated[i], "truncated at " + i);
                if (rollout.terminated[i]) {
                    terminations++;
                }
                if (rollout.truncated[i]) {
                    expectedTruncated.add(i);
                    expectedFinal.add(s.observation());
                }
                current[e] = s.done() ? refs[e].reset() : s.observation();
            }
        }
        assertEquals(expectedTruncated, rollout.truncatedIndices);
        assertEquals(expectedFinal.size(), rollout.truncatedObservations.size());
        for (int m = 0; m < expectedFinal.size(); m++) {
            assertArrayEquals(expectedFinal.get(m), rollout.truncatedObservations.get(m), "final observation " + m);
        }
        // env 0 (limit 3) truncates at t = 2, 5, 8, ...; env 1 (limit 7) at t = 6, 13, ...
        assertTrue(rollout.truncatedIndices.contains(2 * k), rollout.truncatedIndices.toString());
        assertTrue(rollout.truncatedIndices.contains(6 * k + 1), rollout.truncatedIndices.toString());
        assertTrue(terminations > 0, "the uncapped environment should fall within 40 random steps");

        float[] expectedBootstrap = new float[k * OBS];
        for (int e = 0; e < k; e++) {
            System.arraycopy(current[e], 0, expectedBootstrap, e * OBS, OBS);
        }
        assertArrayEquals(expectedBootstrap, rollout.bootstrapObservations, "observations after the last step");
        assertArrayEquals(envs.observations(), rollout.bootstrapObservations, "equal to the environments' observations");
    }

    @Test
    void actionsAreSampledFromThePolicyOnTheRecordedObservations() {
        int steps = 12;
        int k = LIMITS.size();
        PlainNetwork policy = new PlainNetwork(network);
        RolloutCollector collector = collector(vector(), policy);
        Rollout rollout = new Rollout(steps, k, OBS, 1);
        collector.collect(rollout);

        SplittableRandom random = new SplittableRandom(ACTION_SEED);
        float[] logits = new float[k * 2];
        float[] values = new float[k];
        for (int t = 0; t < steps; t++) {
            float[] obs = Arrays.copyOfRange(rollout.observations, t * k * OBS, (t + 1) * k * OBS);
            policy.act(obs, k, null, logits, values);
            for (int e = 0; e < k; e++) {
                assertEquals(Softmax.sample(logits, e * 2, 2, random), rollout.actions[t * k + e], "action at t=" + t + ", env " + e);
            }
        }
    }

    @Test
    void consecutiveRolloutsContinueWhereTheLastOneStoppedAndForgetOldTruncations() {
        int k = LIMITS.size();
        VectorEnv envs = vector();
        RolloutCollector collector = collector(envs, new PlainNetwork(network));
        Rollout rollout = new Rollout(5, k, OBS, 1);
        collector.collect(rollout);
        assertFalse(rollout.truncatedIndices.isEmpty(), "env 0 truncates at t = 2");
        float[] bootstrap = rollout.bootstrapObservations.clone();
        int previousTruncations = rollout.truncatedIndices.size();

        collector.collect(rollout);
        assertArrayEquals(bootstrap, Arrays.copyOfRange(rollout.observations, 0, k * OBS),
                "the next rollout starts from the previous bootstrap observations");
        // global steps 5..9: env 0 (limit 3) truncates at global steps 5 and 8 (t = 0, 3), env 1 (limit 7) at 6 (t = 1)
        assertEquals(List.of(0, k + 1, 3 * k), rollout.truncatedIndices);
        assertEquals(3, rollout.truncatedObservations.size());
        assertEquals(1, previousTruncations, "first rollout: env 0 at t = 2 only");
        for (int i = 0; i < rollout.transitions(); i++) {
            assertEquals(rollout.truncatedIndices.contains(i), rollout.truncated[i], "flag and index list agree at " + i);
        }
    }

    @Test
    void withStandardizedObservationsRecordsWhatThePolicySawAndCountsWhatItActedOn() {
        int steps = 20;
        int k = LIMITS.size();
        VectorEnv envs = vector();
        WorkerObservations observations = new WorkerObservations(OBS);
        ObservationMoments moments = new ObservationMoments(50, new double[] {0.1, -0.2, 0.03, 0.5},
                new double[] {2, 8, 0.5, 50});
        observations.use(moments);
        ObservationStandardizer standardizer = new ObservationStandardizer(moments);
        RolloutCollector collector = new RolloutCollector(envs, new PlainNetwork(network), new Categorical(2), 0,
                new SplittableRandom(ACTION_SEED), r -> r, observations);
        Rollout rollout = new Rollout(steps, k, OBS, 1);
        collector.collect(rollout);

        Environment[] refs = references();
        float[][] current = new float[k][];
        SplittableRandom seeds = new SplittableRandom(ENV_SEED);
        for (int e = 0; e < k; e++) {
            current[e] = Environments.make(CARTPOLE, LIMITS.get(e)).reset(seeds.nextLong());
        }
        MomentsAccumulator acted = new MomentsAccumulator(OBS);
        List<float[]> expectedFinal = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < k; e++) {
                int i = t * k + e;
                acted.add(current[e], 1);
                assertArrayEquals(standardizer.standardized(current[e]),
                        Arrays.copyOfRange(rollout.observations, i * OBS, (i + 1) * OBS), "observation " + i);
                Step s = refs[e].step((int) rollout.actions[i]);
                if (rollout.truncated[i]) {
                    expectedFinal.add(standardizer.standardized(s.observation()));
                }
                current[e] = s.done() ? refs[e].reset() : s.observation();
            }
        }
        assertFalse(expectedFinal.isEmpty(), "env 0 truncates every 3 steps");
        for (int m = 0; m < expectedFinal.size(); m++) {
            assertArrayEquals(expectedFinal.get(m), rollout.truncatedObservations.get(m), "final observation " + m);
        }
        for (int e = 0; e < k; e++) {
            assertArrayEquals(standardizer.standardized(current[e]),
                    Arrays.copyOfRange(rollout.bootstrapObservations, e * OBS, (e + 1) * OBS), "bootstrap " + e);
        }
        ObservationMoments counted = observations.drain();
        ObservationMoments expected = acted.drain();
        assertEquals(steps * k, counted.count(), "one observation per env step");
        assertArrayEquals(expected.mean(), counted.mean(), 1e-12);
        assertArrayEquals(expected.m2(), counted.m2(), 1e-9);
        assertEquals(0, observations.drain().count(), "drained");
        assertEquals(moments, observations.moments(), "counting does not change what the policy is standardized by");
    }
}
