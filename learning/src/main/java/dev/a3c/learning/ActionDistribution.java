package dev.a3c.learning;

import java.util.SplittableRandom;

/**
 * The policy's distribution over actions, given one row of the network's policy output. Actions
 * are stored as floats, {@link #actionWidth()} per row (a discrete action as its index).
 */
public sealed interface ActionDistribution permits Categorical, DiagonalGaussian {

    static ActionDistribution of(ActionHead head) {
        return head.isGaussian() ? new DiagonalGaussian(head.size()) : new Categorical(head.size());
    }

    /** Values of the policy output per row. */
    int outputWidth();

    /** Numbers per action. */
    int actionWidth();

    /** Draws an action from the row at {@code offset} of {@code output}. */
    void sample(float[] output, int offset, SplittableRandom random, float[] actions, int actionOffset);

    /** The most likely action (greedy play). */
    void mode(float[] output, int offset, float[] actions, int actionOffset);

    /** {@code log pi(a)} of the action at {@code actionOffset}. */
    double logProbability(double[] output, int offset, float[] actions, int actionOffset);

    /** The entropy of the row's distribution. */
    double entropy(double[] output, int offset);

    /**
     * Writes {@code scale * d/d(output) [ -advantage * log pi(a) - entropyCoef * H ]} for one row.
     */
    void policyGradient(double[] output, int offset, float[] actions, int actionOffset, double advantage,
                        double entropyCoef, double scale, double[] gradient, int gradientOffset);
}
