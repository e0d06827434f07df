package dev.a3c.worker;

import dev.a3c.common.nn.MlpInference;
import dev.a3c.common.rl.Softmax;
import java.util.SplittableRandom;

/**
 * Plays T steps in K environments with the current policy, sampling actions from its softmax; the
 * policy is evaluated in plain Java ({@link MlpInference}), one batch of K per step.
 */
final class RolloutCollector {

    private final VectorEnv envs;
    private final MlpInference policy;
    private final SplittableRandom random;
    private final float[] logits;
    private final float[] values;
    private final int actionCount;

    RolloutCollector(VectorEnv envs, MlpInference policy, int actionCount, SplittableRandom random) {
        this.envs = envs;
        this.policy = policy;
        this.random = random;
        this.actionCount = actionCount;
        this.logits = new float[envs.size() * actionCount];
        this.values = new float[envs.size()];
    }

    /** Fills {@code rollout} with {@code rollout.steps} steps of every environment. */
    void collect(Rollout rollout) {
        rollout.clear();
        int k = envs.size();
        int obsSize = envs.observationSize();
        for (int t = 0; t < rollout.steps; t++) {
            float[] obs = envs.observations();
            System.arraycopy(obs, 0, rollout.observations, t * k * obsSize, k * obsSize);
            policy.predict(obs, k, logits, values);
            for (int e = 0; e < k; e++) {
                rollout.actions[t * k + e] = Softmax.sample(logits, e * actionCount, actionCount, random);
            }
            envs.step(rollout.actions, t * k, rollout.rewards, rollout.terminated, rollout.truncated, t * k);
            for (int e = 0; e < k; e++) {
                if (rollout.truncated[t * k + e]) {
                    rollout.truncatedIndices.add(t * k + e);
                    rollout.truncatedObservations.add(envs.finalObservation(e));
                }
            }
        }
        System.arraycopy(envs.observations(), 0, rollout.bootstrapObservations, 0, k * obsSize);
    }
}
