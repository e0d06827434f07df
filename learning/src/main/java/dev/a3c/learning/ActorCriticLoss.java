package dev.a3c.learning;

/**
 * The advantage actor-critic loss for any {@link ActionDistribution} and a scalar critic, averaged
 * over {@code n} transitions, and its gradient with respect to the network's outputs.
 *
 * <pre>
 *   L = 1/n * sum_i [ -log pi(a_i|s_i) * A_i  +  c_v * (R_i - V_i)^2 / 2  -  c_e * H(pi(.|s_i)) ]
 *   A_i: the advantage (R_i - V_i, or a GAE estimate), a constant of the loss
 *   dL/dV_i = 1/n * c_v * (V_i - R_i)
 * </pre>
 *
 * <p>Transition {@code i} reads its network outputs at row {@code rows[i]}: a batch may hold rows
 * that are not transitions (bootstrap observations, padding of sequences), and those get a zero
 * gradient.
 */
public final class ActorCriticLoss {

    private final ActionDistribution distribution;
    private final double valueLossCoef;
    private final double entropyCoef;

    public ActorCriticLoss(ActionDistribution distribution, double valueLossCoef, double entropyCoef) {
        if (!(valueLossCoef >= 0) || !(entropyCoef >= 0)) {
            throw new IllegalArgumentException("loss coefficients must be >= 0");
        }
        this.distribution = distribution;
        this.valueLossCoef = valueLossCoef;
        this.entropyCoef = entropyCoef;
    }

    /** The same loss with another entropy weight (a scheduled one). */
    public ActorCriticLoss withEntropyCoef(double coefficient) {
        return coefficient == entropyCoef ? this : new ActorCriticLoss(distribution, valueLossCoef, coefficient);
    }

    /** The loss terms, each averaged over the batch. */
    public record Terms(double policyLoss, double valueLoss, double entropy, double total) {}

    /** {@link #evaluate(double[], double[], float[], double[], double[], int[], double[], double[])} with row i = transition i. */
    public Terms evaluate(double[] policy, double[] values, float[] actions, double[] returns, double[] advantages,
                          int n, double[] policyGrad, double[] valueGrad) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return evaluate(policy, values, actions, returns, advantages, rows, policyGrad, valueGrad);
    }

    /**
     * Computes the loss and writes its gradient with respect to the policy outputs and the values;
     * rows that no transition reads get zeros.
     *
     * @param policy the policy outputs, {@code outputWidth} per row
     * @param values the critic's outputs, one per row
     * @param actions {@code n * actionWidth} actions taken
     * @param returns {@code n} value targets
     * @param advantages {@code n} advantages, held constant
     * @param rows {@code n} row indices: where transition i's outputs are
     * @param policyGrad out, like {@code policy}
     * @param valueGrad out, like {@code values}
     */
    public Terms evaluate(double[] policy, double[] values, float[] actions, double[] returns, double[] advantages,
                          int[] rows, double[] policyGrad, double[] valueGrad) {
        int n = rows.length;
        int width = distribution.outputWidth();
        int actionWidth = distribution.actionWidth();
        if (n < 1 || policy.length < values.length * width || actions.length < n * actionWidth || returns.length < n
                || advantages.length < n || policyGrad.length < policy.length || valueGrad.length < values.length) {
            throw new IllegalArgumentException("inconsistent batch arrays");
        }
        java.util.Arrays.fill(policyGrad, 0);
        java.util.Arrays.fill(valueGrad, 0);
        double policyLoss = 0;
        double valueLoss = 0;
        double entropySum = 0;
        double scale = 1.0 / n;
        for (int i = 0; i < n; i++) {
            int row = rows[i];
            if (row < 0 || row >= values.length) {
                throw new IllegalArgumentException("row " + row + " outside the batch of " + values.length);
            }
            double advantage = advantages[i];
            double valueError = returns[i] - values[row];
            policyLoss -= distribution.logProbability(policy, row * width, actions, i * actionWidth) * advantage;
            valueLoss += 0.5 * valueError * valueError;
            entropySum += distribution.entropy(policy, row * width);
            distribution.policyGradient(policy, row * width, actions, i * actionWidth, advantage, entropyCoef, scale,
                    policyGrad, row * width);
            valueGrad[row] = scale * valueLossCoef * (values[row] - returns[i]);
        }
        policyLoss *= scale;
        valueLoss *= scale;
        double meanEntropy = entropySum * scale;
        double total = policyLoss + valueLossCoef * valueLoss - entropyCoef * meanEntropy;
        return new Terms(policyLoss, valueLoss, meanEntropy, total);
    }
}
