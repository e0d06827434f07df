package dev.a3c.worker.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Environment;
import dev.a3c.env.Environments;
import dev.a3c.env.Step;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorEnv} against reference environments stepped by hand with the same seeds: the seeds
 * are drawn in environment order from the generator handed to the constructor.
 */
class VectorEnvTest {

    private static final String CARTPOLE = "CartPole-v1";

    /** Reference copies of the environments, reset with the seeds VectorEnv draws. */
    private static Environment[] references(List<Integer> limits, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        Environment[] refs = new Environment[limits.size()];
        for (int k = 0; k < refs.length; k++) {
            refs[k] = Environments.make(CARTPOLE, limits.get(k));
            refs[k].reset(seeds.nextLong());
        }
        return refs;
    }

    private static VectorEnv vector(List<Integer> limits, long seed) {
        Iterator<Integer> next = limits.iterator();
        return new VectorEnv(() -> Environments.make(CARTPOLE, next.next()), limits.size(), new SplittableRandom(seed));
    }

    @Test
    void initialObservationsComeFromSeededResetsInEnvironmentOrder() {
        List<Integer> limits = List.of(10, 10, 10);
        SplittableRandom seeds = new SplittableRandom(7);
        VectorEnv envs = vector(limits, 7);
        assertEquals(3, envs.size());
        assertEquals(4, envs.observationSize());
        for (int k = 0; k < 3; k++) {
            float[] expected = Environments.make(CARTPOLE, 10).reset(seeds.nextLong());
            assertArrayEquals(expected, Arrays.copyOfRange(envs.observations(), k * 4, k * 4 + 4), "env " + k);
        }
    }

    @Test
    void truncatedEpisodesAreResetKeepTheirFinalObservationAndAreReportedOnce() {
        // Limits of 3 and 5 steps: CartPole cannot fall that fast from its initial state, so both truncate.
        List<Integer> limits = List.of(3, 5);
        long seed = 11;
        VectorEnv envs = vector(limits, seed);
        Environment[] refs = references(limits, seed);
        int k = limits.size();
        float[] actions = new float[k];
        double[] rewards = new double[k];
        boolean[] terminated = new boolean[k];
        boolean[] truncated = new boolean[k];
        int[] stepsInEpisode = new int[k];

        for (int t = 0; t < 15; t++) {
            for (int e = 0; e < k; e++) {
                actions[e] = (t + e) % 2;
            }
            envs.step(actions, 0, rewards, terminated, truncated, 0);
            for (int e = 0; e < k; e++) {
                Step ref = refs[e].step((int) actions[e]);
                stepsInEpisode[e]++;
                boolean end = stepsInEpisode[e] == limits.get(e);
                assertFalse(terminated[e], "t=" + t + " env " + e + " cannot terminate this early");
                assertEquals(end, truncated[e], "t=" + t + " env " + e + " truncation flag");
                assertEquals(1.0, rewards[e]);
                float[] current = Arrays.copyOfRange(envs.observations(), e * 4, e * 4 + 4);
                if (end) {
                    assertArrayEquals(ref.observation(), envs.finalObservation(e),
                            "the final observation of the finished episode is kept");
                    float[] afterReset = refs[e].reset();
                    assertArrayEquals(afterReset, current, "the environment was reset: a new episode starts");
                    stepsInEpisode[e] = 0;
                } else {
                    assertNull(envs.finalObservation(e), "no final observation while the episode runs");
                    assertArrayEquals(ref.observation(), current);
                }
            }
            List<VectorEnv.Episode> finished = envs.drainFinishedEpisodes();
            long expectedCount = 0;
            for (int e = 0; e < k; e++) {
                if (truncated[e]) {
                    expectedCount++;
                    assertTrue(finished.contains(new VectorEnv.Episode(limits.get(e), limits.get(e))),
                            "episode of env " + e + " reported with its return and length: " + finished);
                }
            }
            assertEquals(expectedCount, finished.size(), "each finished episode is reported once: " + finished);
            assertTrue(envs.drainFinishedEpisodes().isEmpty(), "draining empties the list");
        }
    }

    @Test
    void episodesAccumulateUntilDrained() {
        VectorEnv envs = vector(List.of(2, 3), 5);
        float[] actions = {0, 1};
        double[] rewards = new double[12];
        boolean[] terminated = new boolean[12];
        boolean[] truncated = new boolean[12];
        for (int t = 0; t < 6; t++) {
            envs.step(actions, 0, rewards, terminated, truncated, 2 * t);
        }
        // 6 steps: env 0 finishes 3 episodes of 2 steps, env 1 two episodes of 3 steps
        List<VectorEnv.Episode> finished = envs.drainFinishedEpisodes();
        assertEquals(5, finished.size(), finished.toString());
        assertEquals(3, finished.stream().filter(e -> e.equals(new VectorEnv.Episode(2, 2))).count());
        assertEquals(2, finished.stream().filter(e -> e.equals(new VectorEnv.Episode(3, 3))).count());
        for (int t = 0; t < 6; t++) {
            assertEquals((t + 1) % 2 == 0, truncated[2 * t], "env 0 step " + t);
            assertEquals((t + 1) % 3 == 0, truncated[2 * t + 1], "env 1 step " + t);
        }
        assertTrue(envs.drainFinishedEpisodes().isEmpty());
    }

    @Test
    void terminationIsReportedAsTerminatedOnlyAndTheEpisodeIsReported() {
        // Always pushing right makes the pole fall within a few dozen steps.
        long seed = 3;
        int fallsAt = stepsUntilTermination(seed, 500);
        assertTrue(fallsAt > 3 && fallsAt < 100, "pole falls at " + fallsAt);

        VectorEnv envs = vector(List.of(500), seed);
        Environment ref = references(List.of(500), seed)[0];
        float[] actions = {1};
        double[] rewards = new double[1];
        boolean[] terminated = new boolean[1];
        boolean[] truncated = new boolean[1];
        for (int t = 1; t <= fallsAt; t++) {
            envs.step(actions, 0, rewards, terminated, truncated, 0);
            Step s = ref.step(1);
            assertEquals(t == fallsAt, terminated[0], "step " + t);
            assertFalse(truncated[0]);
            if (t == fallsAt) {
                assertArrayEquals(s.observation(), envs.finalObservation(0));
                assertArrayEquals(ref.reset(), envs.observations(), "reset after termination");
            }
        }
        assertEquals(List.of(new VectorEnv.Episode(fallsAt, fallsAt)), envs.drainFinishedEpisodes());
    }

    @Test
    void aStepThatBothTerminatesAndHitsTheTimeLimitIsNotTruncated() {
        long seed = 3;
        int fallsAt = stepsUntilTermination(seed, 500);
        // The time limit is hit on the very step the pole falls: the episode terminated, it was not cut.
        Environment check = Environments.make(CARTPOLE, fallsAt);
        check.reset(new SplittableRandom(seed).nextLong());
        Step last = null;
        for (int t = 0; t < fallsAt; t++) {
            last = check.step(1);
        }
        assertNotNull(last);
        assertTrue(last.terminated() && last.truncated(), "the wrapped environment reports both flags");

        VectorEnv envs = vector(List.of(fallsAt), seed);
        float[] actions = {1};
        double[] rewards = new double[1];
        boolean[] terminated = new boolean[1];
        boolean[] truncated = new boolean[1];
        for (int t = 0; t < fallsAt; t++) {
            envs.step(actions, 0, rewards, terminated, truncated, 0);
        }
        assertTrue(terminated[0]);
        assertFalse(truncated[0], "truncated only when not terminated");
        assertArrayEquals(last.observation(), envs.finalObservation(0));
        assertEquals(List.of(new VectorEnv.Episode(fallsAt, fallsAt)), envs.drainFinishedEpisodes());
    }

    @Test
    void writesOutcomesAtTheGivenOffsets() {
        VectorEnv envs = vector(List.of(2, 2, 2), 9);
        float[] actions = {9, 9, 0, 1, 0, 9};
        double[] rewards = new double[8];
        boolean[] terminated = new boolean[8];
        boolean[] truncated = new boolean[8];
        Arrays.fill(rewards, -5);
        envs.step(actions, 2, rewards, terminated, truncated, 4);
        assertArrayEquals(new double[] {-5, -5, -5, -5, 1, 1, 1, -5}, rewards);
        envs.step(actions, 2, rewards, terminated, truncated, 0);
        assertArrayEquals(new boolean[] {true, true, true, false, false, false, false, false}, truncated);
    }

    private static int stepsUntilTermination(long seed, int limit) {
        Environment env = Environments.make(CARTPOLE, limit);
        env.reset(new SplittableRandom(seed).nextLong());
        for (int t = 1; t <= limit; t++) {
            if (env.step(1).terminated()) {
                return t;
            }
        }
        throw new AssertionError("never terminated");
    }
}
