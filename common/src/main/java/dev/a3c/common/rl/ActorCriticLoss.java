package dev.a3c.common.rl;

/**
 * The advantage actor-critic loss for a softmax policy and a scalar critic, averaged over a batch
 * of {@code n} rows, and its gradient with respect to the network's two heads.
 *
 * <pre>
 *   L = 1/n * sum_i [ -log pi(a_i|s_i) * A_i  +  c_v * (R_i - V_i)^2 / 2  -  c_e * H(pi(.|s_i)) ]
 *   A_i: the advantage (R_i - V_i, or a GAE estimate), a constant of the loss
 *   dL/dz_ij = 1/n * [ -A_i * (1[j = a_i] - p_ij) + c_e * p_ij * (log p_ij + H_i) ]
 *   dL/dV_i  = 1/n * c_v * (V_i - R_i)
 * </pre>
 * where {@code z} are the policy logits and {@code p = softmax(z)}.
 */
public final class ActorCriticLoss {

    private final double valueLossCoef;
    private final double entropyCoef;

    public ActorCriticLoss(double valueLossCoef, double entropyCoef) {
        if (!(valueLossCoef >= 0) || !(entropyCoef >= 0)) {
            throw new IllegalArgumentException("loss coefficients must be >= 0");
        }
        this.valueLossCoef = valueLossCoef;
        this.entropyCoef = entropyCoef;
    }

    /** The loss terms, each averaged over the batch. */
    public record Terms(double policyLoss, double valueLoss, double entropy, double total) {}

    /**
     * Computes the loss and writes its gradient with respect to the logits and the values.
     *
     * @param logits {@code n * actions} policy logits, row-major
     * @param values {@code n} critic outputs
     * @param actions {@code n} actions taken
     * @param returns {@code n} value targets (n-step returns)
     * @param advantages {@code n} advantages, held constant
     * @param rows the number of rows {@code n} to use (the arrays may be longer)
     * @param logitGrad out: {@code n * actions}
     * @param valueGrad out: {@code n}
     */
    public Terms evaluate(double[] logits, double[] values, int[] actions, double[] returns, double[] advantages, int rows,
                          double[] logitGrad, double[] valueGrad) {
        if (rows < 1 || rows > values.length || logits.length % values.length != 0) {
            throw new IllegalArgumentException("inconsistent batch arrays");
        }
        int actionCount = logits.length / values.length;
        if (actions.length < rows || returns.length < rows || advantages.length < rows
                || logitGrad.length < rows * actionCount || valueGrad.length < rows) {
            throw new IllegalArgumentException("inconsistent batch arrays");
        }
        double[] probs = new double[actionCount];
        double[] logProbs = new double[actionCount];
        double policyLoss = 0;
        double valueLoss = 0;
        double entropySum = 0;
        double scale = 1.0 / rows;
        for (int i = 0; i < rows; i++) {
            int base = i * actionCount;
            Softmax.logSoftmax(logits, base, actionCount, logProbs);
            double entropy = 0;
            for (int j = 0; j < actionCount; j++) {
                probs[j] = Math.exp(logProbs[j]);
                entropy -= probs[j] * logProbs[j];
            }
            int action = actions[i];
            if (action < 0 || action >= actionCount) {
                throw new IllegalArgumentException("action " + action + " out of range [0, " + actionCount + ")");
            }
            double advantage = advantages[i];
            double valueError = returns[i] - values[i];
            policyLoss -= logProbs[action] * advantage;
            valueLoss += 0.5 * valueError * valueError;
            entropySum += entropy;
            for (int j = 0; j < actionCount; j++) {
                double indicator = j == action ? 1.0 : 0.0;
                logitGrad[base + j] = scale * (-advantage * (indicator - probs[j])
                        + entropyCoef * probs[j] * (logProbs[j] + entropy));
            }
            valueGrad[i] = scale * valueLossCoef * (values[i] - returns[i]);
        }
        policyLoss *= scale;
        valueLoss *= scale;
        double meanEntropy = entropySum * scale;
        double total = policyLoss + valueLossCoef * valueLoss - entropyCoef * meanEntropy;
        return new Terms(policyLoss, valueLoss, meanEntropy, total);
    }
}
