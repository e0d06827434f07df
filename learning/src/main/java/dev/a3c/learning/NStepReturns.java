package dev.a3c.learning;

/**
 * n-step discounted returns for a time-major rollout of {@code envs} environments.
 *
 * <p>Index {@code t * envs + k} is step {@code t} of environment {@code k}. Walking backwards from
 * the bootstrap value {@code V(s_T)} of each environment:
 * <ul>
 *   <li>a terminated step has return {@code r_t} (a terminal state is worth 0);</li>
 *   <li>a truncated step has return {@code r_t + gamma * V(final observation)}: the episode did not
 *       end in the MDP, it was cut, so its tail is estimated by the critic;</li>
 *   <li>any other step has return {@code r_t + gamma * R_{t+1}}.</li>
 * </ul>
 */
public final class NStepReturns {

    private NStepReturns() {}

    /**
     * @param rewards rewards, time-major, length {@code steps * envs}
     * @param terminated whether step {@code t} of env {@code k} terminated the episode
     * @param truncated whether step {@code t} of env {@code k} truncated the episode
     * @param truncationValues {@code V(final observation)} where truncated, ignored elsewhere
     * @param bootstrapValues {@code V(s_T)} per environment, for the cut at the rollout's end
     * @param gamma discount factor
     * @return the returns, time-major
     */
    public static double[] compute(double[] rewards, boolean[] terminated, boolean[] truncated,
                                   double[] truncationValues, double[] bootstrapValues, double gamma) {
        int envs = bootstrapValues.length;
        if (envs == 0 || rewards.length % envs != 0
                || terminated.length != rewards.length || truncated.length != rewards.length
                || truncationValues.length != rewards.length) {
            throw new IllegalArgumentException("inconsistent rollout arrays");
        }
        int steps = rewards.length / envs;
        double[] returns = new double[rewards.length];
        for (int k = 0; k < envs; k++) {
            double next = bootstrapValues[k];
            for (int t = steps - 1; t >= 0; t--) {
                int i = t * envs + k;
                double value;
                if (terminated[i]) {
                    value = rewards[i];
                } else if (truncated[i]) {
                    value = rewards[i] + gamma * truncationValues[i];
                } else {
                    value = rewards[i] + gamma * next;
                }
                returns[i] = value;
                next = value;
            }
        }
        return returns;
    }
}
