package dev.a3c.worker;

import dev.a3c.common.env.Environment;
import dev.a3c.common.env.Environments;
import dev.a3c.common.env.ObservationRescaling;

/**
 * What the server tells a worker about its job when it registers.
 *
 * @param env environment id
 * @param maxEpisodeSteps time limit per episode
 * @param envsPerWorker environments stepped together (K)
 * @param rolloutSteps steps per environment between pushes (t_max)
 * @param gamma discount factor
 * @param entropyCoef entropy bonus weight
 * @param valueLossCoef value loss weight
 * @param maxGradNorm global gradient-norm bound, 0 for none
 * @param seed base seed; the worker uses {@code seed + rank}
 * @param rewardScale rewards are multiplied by this for learning
 * @param rewardClip then clipped to [-rewardClip, rewardClip]; 0 for no clipping
 * @param gaeLambda lambda of generalized advantage estimation; 1 for n-step returns
 * @param normalizeObservations rescale observations by the bounds of the observation space
 */
public record WorkerSettings(String env, int maxEpisodeSteps, int envsPerWorker, int rolloutSteps, double gamma,
                             double entropyCoef, double valueLossCoef, double maxGradNorm, long seed,
                             double rewardScale, double rewardClip, double gaeLambda,
                             boolean normalizeObservations) {

    /** An environment as the learner sees it (time limit, observation normalisation). */
    public Environment makeEnvironment() {
        Environment e = Environments.make(env, maxEpisodeSteps);
        return normalizeObservations ? new ObservationRescaling(e) : e;
    }

    /** The reward the learner sees. */
    public double shapeReward(double reward) {
        double scaled = reward * rewardScale;
        return rewardClip > 0 ? Math.max(-rewardClip, Math.min(rewardClip, scaled)) : scaled;
    }
}
