package dev.a3c.learning;

/**
 * Generalized advantage estimation (Schulman et al. 2016) for a time-major rollout of
 * {@code envs} environments, with the same terminated/truncated rules as {@link NStepReturns}:
 *
 * <pre>
 *   delta_t = r_t + gamma * V_next - V(s_t)     V_next: 0 after termination, V(final observation) after
 *                                               truncation, V(s_{t+1}) otherwise (V(s_T) at the rollout's end)
 *   A_t     = delta_t + gamma * lambda * A_{t+1}   (A_{t+1} = 0 when step t ended the episode)
 * </pre>
 * The value targets are {@code A_t + V(s_t)}. With {@code lambda = 1} the targets are the n-step
 * returns of {@link NStepReturns}; smaller lambdas trade variance for bias.
 */
public final class GeneralizedAdvantage {

    private GeneralizedAdvantage() {}

    /**
     * @param values {@code V(s_t)} of every step, time-major
     * @return the advantages, time-major
     */
    public static double[] compute(double[] rewards, double[] values, boolean[] terminated, boolean[] truncated,
                                   double[] truncationValues, double[] bootstrapValues, double gamma, double lambda) {
        int envs = bootstrapValues.length;
        if (envs == 0 || rewards.length % envs != 0 || values.length != rewards.length
                || terminated.length != rewards.length || truncated.length != rewards.length
                || truncationValues.length != rewards.length) {
            throw new IllegalArgumentException("inconsistent rollout arrays");
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        int steps = rewards.length / envs;
        double[] advantages = new double[rewards.length];
        for (int k = 0; k < envs; k++) {
            double nextValue = bootstrapValues[k];
            double nextAdvantage = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int i = t * envs + k;
                double delta;
                if (terminated[i]) {
                    delta = rewards[i] - values[i];
                    nextAdvantage = 0;
                } else if (truncated[i]) {
                    delta = rewards[i] + gamma * truncationValues[i] - values[i];
                    nextAdvantage = 0;
                } else {
                    delta = rewards[i] + gamma * nextValue - values[i];
                }
                advantages[i] = delta + gamma * lambda * nextAdvantage;
                nextAdvantage = advantages[i];
                nextValue = values[i];
            }
        }
        return advantages;
    }
}
