package dev.a3c.learning;

import java.util.SplittableRandom;

/**
 * A Gaussian with independent dimensions; a row of the policy output holds the {@code d} means
 * followed by the {@code d} log standard deviations {@code l}. Actions are the unclipped samples:
 * clipping to the action space happens only when an action is sent to the environment, so the
 * log-probability is that of the action actually drawn.
 *
 * <pre>
 *   log pi(a) = sum_j [ -(a_j - mu_j)^2 / (2 s_j^2) - l_j - log(2 pi) / 2 ],   s_j = exp(l_j)
 *   H         = sum_j [ l_j + (1 + log(2 pi)) / 2 ]
 *   d/dmu_j [ -A log pi - c_e H ] = -A (a_j - mu_j) / s_j^2
 *   d/dl_j  [ -A log pi - c_e H ] = -A ((a_j - mu_j)^2 / s_j^2 - 1) - c_e
 * </pre>
 */
public record DiagonalGaussian(int dimension) implements ActionDistribution {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    public DiagonalGaussian {
        if (dimension < 1) {
            throw new IllegalArgumentException("a Gaussian needs dimension >= 1");
        }
    }

    @Override
    public int outputWidth() {
        return 2 * dimension;
    }

    @Override
    public int actionWidth() {
        return dimension;
    }

    @Override
    public void sample(float[] output, int offset, SplittableRandom random, float[] actions, int actionOffset) {
        for (int j = 0; j < dimension; j++) {
            double std = Math.exp(output[offset + dimension + j]);
            actions[actionOffset + j] = (float) (output[offset + j] + std * gaussian(random));
        }
    }

    @Override
    public void mode(float[] output, int offset, float[] actions, int actionOffset) {
        System.arraycopy(output, offset, actions, actionOffset, dimension);
    }

    @Override
    public double logProbability(double[] output, int offset, float[] actions, int actionOffset) {
        double sum = 0;
        for (int j = 0; j < dimension; j++) {
            double logStd = output[offset + dimension + j];
            double z = (actions[actionOffset + j] - output[offset + j]) * Math.exp(-logStd);
            sum += -0.5 * z * z - logStd - HALF_LOG_TWO_PI;
        }
        return sum;
    }

    @Override
    public double entropy(double[] output, int offset) {
        double sum = 0;
        for (int j = 0; j < dimension; j++) {
            sum += output[offset + dimension + j] + 0.5 + HALF_LOG_TWO_PI;
        }
        return sum;
    }

    @Override
    public void policyGradient(double[] output, int offset, float[] actions, int actionOffset, double advantage,
                               double entropyCoef, double scale, double[] gradient, int gradientOffset) {
        for (int j = 0; j < dimension; j++) {
            double logStd = output[offset + dimension + j];
            double inverseVariance = Math.exp(-2 * logStd);
            double diff = actions[actionOffset + j] - output[offset + j];
            gradient[gradientOffset + j] = scale * (-advantage * diff * inverseVariance);
            gradient[gradientOffset + dimension + j] = scale * (-advantage * (diff * diff * inverseVariance - 1) - entropyCoef);
        }
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();   // (0, 1]
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
