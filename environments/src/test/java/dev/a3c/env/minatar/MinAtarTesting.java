package dev.a3c.env.minatar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Environment;
import dev.a3c.env.Step;
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

    /** Random-policy statistics of the reference implementation or of ours. */
    record Statistics(int episodes, double returnMean, double returnSd, double lengthMean, double lengthSd) {}

    /** Return and length statistics of uniformly random actions over {@code episodes} episodes. */
    static Statistics randomPolicy(Environment env, int episodes, long seed) {
        SplittableRandom policy = new SplittableRandom(seed);
        int actions = env.spec().actionCount();
        double sum = 0;
        double sumSquares = 0;
        double lengths = 0;
        double lengthSquares = 0;
        env.reset(seed);
        for (int episode = 0; episode < episodes; episode++) {
            double episodeReturn = 0;
            double length = 0;
            Step step;
            do {
                step = env.step(policy.nextInt(actions));
                episodeReturn += step.reward();
                length++;
            } while (!step.done());
            sum += episodeReturn;
            sumSquares += episodeReturn * episodeReturn;
            lengths += length;
            lengthSquares += length * length;
            env.reset();
        }
        double mean = sum / episodes;
        double lengthMean = lengths / episodes;
        return new Statistics(episodes, mean, Math.sqrt(Math.max(0, sumSquares / episodes - mean * mean)),
                lengthMean, Math.sqrt(Math.max(0, lengthSquares / episodes - lengthMean * lengthMean)));
    }

    /**
     * Asserts that the random-policy mean return and mean episode length are each within 4 standard errors (of the
     * difference of the two estimates) of the reference implementation's.
     */
    static void assertRandomPolicyMatches(Environment env, int episodes, Statistics reference) {
        Statistics ours = randomPolicy(env, episodes, 2024);
        assertClose(env.spec().id() + " return", ours.episodes(), ours.returnMean(), ours.returnSd(),
                reference.episodes(), reference.returnMean(), reference.returnSd());
        assertClose(env.spec().id() + " length", ours.episodes(), ours.lengthMean(), ours.lengthSd(),
                reference.episodes(), reference.lengthMean(), reference.lengthSd());
    }

    private static void assertClose(String what, int n, double mean, double sd, int referenceN, double referenceMean,
                                    double referenceSd) {
        double standardError = Math.sqrt(sd * sd / n + referenceSd * referenceSd / referenceN);
        assertTrue(Math.abs(mean - referenceMean) <= 4 * standardError + 1e-9,
                what + ": random-policy mean " + mean + " (sd " + sd + ", " + n + " episodes) vs reference "
                        + referenceMean + " (sd " + referenceSd + ", " + referenceN + " episodes), tolerance "
                        + 4 * standardError);
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
