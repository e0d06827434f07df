package dev.a3c.learning;

import java.util.SplittableRandom;

/**
 * A softmax over {@code n} logits.
 *
 * <pre>
 *   d/dz_j [ -A log p_a - c_e H ] = -A (1[j = a] - p_j) + c_e p_j (log p_j + H)
 * </pre>
 */
public record Categorical(int n) implements ActionDistribution {

    public Categorical {
        if (n < 1) {
            throw new IllegalArgumentException("a categorical distribution needs n >= 1");
        }
    }

    @Override
    public int outputWidth() {
        return n;
    }

    @Override
    public int actionWidth() {
        return 1;
    }

    @Override
    public void sample(float[] output, int offset, SplittableRandom random, float[] actions, int actionOffset) {
        actions[actionOffset] = Softmax.sample(output, offset, n, random);
    }

    @Override
    public void mode(float[] output, int offset, float[] actions, int actionOffset) {
        actions[actionOffset] = Softmax.argmax(output, offset, n);
    }

    @Override
    public double logProbability(double[] output, int offset, float[] actions, int actionOffset) {
        double[] logProbs = new double[n];
        Softmax.logSoftmax(output, offset, n, logProbs);
        return logProbs[action(actions[actionOffset])];
    }

    @Override
    public double entropy(double[] output, int offset) {
        double[] logProbs = new double[n];
        Softmax.logSoftmax(output, offset, n, logProbs);
        double entropy = 0;
        for (double lp : logProbs) {
            entropy -= Math.exp(lp) * lp;
        }
        return entropy;
    }

    @Override
    public void policyGradient(double[] output, int offset, float[] actions, int actionOffset, double advantage,
                               double entropyCoef, double scale, double[] gradient, int gradientOffset) {
        double[] logProbs = new double[n];
        Softmax.logSoftmax(output, offset, n, logProbs);
        double entropy = 0;
        for (double lp : logProbs) {
            entropy -= Math.exp(lp) * lp;
        }
        int action = action(actions[actionOffset]);
        for (int j = 0; j < n; j++) {
            double p = Math.exp(logProbs[j]);
            double indicator = j == action ? 1.0 : 0.0;
            gradient[gradientOffset + j] = scale * (-advantage * (indicator - p) + entropyCoef * p * (logProbs[j] + entropy));
        }
    }

    private int action(float value) {
        int action = (int) value;
        if (action != value || action < 0 || action >= n) {
            throw new IllegalArgumentException("action " + value + " out of range [0, " + n + ")");
        }
        return action;
    }
}
