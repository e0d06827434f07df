package dev.a3c.common.env.minatar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.common.env.Environment;
import dev.a3c.common.env.Step;
import java.util.SplittableRandom;

/** Helpers shared by the MinAtar tests. */
final class MinAtarTesting {

    private MinAtarTesting() {}

    static boolean at(float[] observation, int row, int column, int channel, int channels) {
        return observation[MinAtarGame.index(row, column, channel, channels)] == 1f;
    }

    static int count(float[] observation, int channel, int channels) {
        int count = 0;
        for (int i = channel; i < observation.length; i += channels) {
            count += observation[i] == 1f ? 1 : 0;
        }
        return count;
    }

    /** Mean and standard deviation of the episode lengths of uniformly random actions. */
    static double[] randomPolicyLengths(Environment env, int episodes, long seed) {
        SplittableRandom policy = new SplittableRandom(seed);
        int actions = env.spec().actionCount();
        double sum = 0;
        double sumSquares = 0;
        env.reset(seed);
        for (int episode = 0; episode < episodes; episode++) {
            int length = 0;
            Step step;
            do {
                step = env.step(policy.nextInt(actions));
                length++;
            } while (!step.done());
            sum += length;
            sumSquares += (double) length * length;
            env.reset();
        }
        double mean = sum / episodes;
        return new double[] {mean, Math.sqrt(sumSquares / episodes - mean * mean)};
    }

    /** As {@link #assertRandomPolicyReturn} for the mean episode length. */
    static void assertRandomPolicyLength(Environment env, int episodes, double referenceMean, double referenceSd,
                                         int referenceEpisodes) {
        double[] stats = randomPolicyLengths(env, episodes, 2025);
        double standardError = Math.sqrt(stats[1] * stats[1] / episodes
                + referenceSd * referenceSd / referenceEpisodes);
        assertTrue(Math.abs(stats[0] - referenceMean) <= 4 * standardError,
                env.spec().id() + ": random-policy mean length " + stats[0] + " (sd " + stats[1] + ") vs reference "
                        + referenceMean + " +- " + 4 * standardError);
    }

    /** Mean and standard deviation of the returns of uniformly random actions over {@code episodes} episodes. */
    static double[] randomPolicyReturns(Environment env, int episodes, long seed) {
        SplittableRandom policy = new SplittableRandom(seed);
        int actions = env.spec().actionCount();
        double sum = 0;
        double sumSquares = 0;
        env.reset(seed);
        for (int episode = 0; episode < episodes; episode++) {
            double episodeReturn = 0;
            Step step;
            do {
                step = env.step(policy.nextInt(actions));
                episodeReturn += step.reward();
            } while (!step.done());
            sum += episodeReturn;
            sumSquares += episodeReturn * episodeReturn;
            env.reset();
        }
        double mean = sum / episodes;
        return new double[] {mean, Math.sqrt(sumSquares / episodes - mean * mean)};
    }

    /**
     * Asserts that the random-policy mean return is within 4 standard errors (of the sum of the two estimates) of
     * the reference implementation's mean.
     */
    static void assertRandomPolicyReturn(Environment env, int episodes, double referenceMean, double referenceSd,
                                         int referenceEpisodes) {
        double[] stats = randomPolicyReturns(env, episodes, 2024);
        double standardError = Math.sqrt(stats[1] * stats[1] / episodes
                + referenceSd * referenceSd / referenceEpisodes);
        assertTrue(Math.abs(stats[0] - referenceMean) <= 4 * standardError + 1e-9,
                env.spec().id() + ": random-policy mean return " + stats[0] + " (sd " + stats[1] + ") vs reference "
                        + referenceMean + " +- " + 4 * standardError);
    }

    /**
     * Chooses, at every step, an action whose full-set meaning differs from the last executed action and returns
     * the fraction of steps where the last action was repeated instead.
     */
    static double stickyFraction(MinAtarGame env, int steps, long seed) {
        int[] actionSet = env.actionSet();
        env.reset(seed);
        int repeats = 0;
        for (int i = 0; i < steps; i++) {
            int last = env.lastExecutedAction();
            int choice = 0;
            while (actionSet[choice] == last) {
                choice++;
            }
            Step step = env.step(choice);
            if (env.lastExecutedAction() == last) {
                repeats++;
            } else {
                assertEquals(actionSet[choice], env.lastExecutedAction());
            }
            if (step.done()) {
                env.reset();
            }
        }
        return (double) repeats / steps;
    }
}
