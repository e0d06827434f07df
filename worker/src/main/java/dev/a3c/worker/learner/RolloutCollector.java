package dev.a3c.worker.learner;

import dev.a3c.learning.ActionDistribution;
import dev.a3c.network.LstmState;
import dev.a3c.network.PolicyInference;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Plays T steps in K environments with the current policy, sampling actions from its
 * distribution, one batch of K per step. A recurrent policy's LSTM state is carried from rollout
 * to rollout and reset for an environment whose episode ended. With standardized observations, the rollout records
 * them as the policy saw them, so that learning sees the same inputs as acting.
 */
public final class RolloutCollector {

    private final VectorEnv envs;
    private final PolicyInference policy;
    private final ActionDistribution distribution;
    private final SplittableRandom random;
    private final DoubleUnaryOperator rewardShaping;
    private final LstmState state;
    private final float[] outputs;
    private final float[] values;
    private final WorkerObservations observations;

    /**
     * @param lstmSize the policy's LSTM size, 0 for a feed-forward policy
     * @param rewardShaping the learner's reward from the environment's (scaling, clipping)
     */
    public RolloutCollector(VectorEnv envs, PolicyInference policy, ActionDistribution distribution, int lstmSize,
                     SplittableRandom random, DoubleUnaryOperator rewardShaping) {
        this(envs, policy, distribution, lstmSize, random, rewardShaping, null);
    }

    /**
     * @param observations standardizes what the policy sees and counts it ({@code --standardize-observations}); null
     *                     for observations as the environments give them
     */
    public RolloutCollector(VectorEnv envs, PolicyInference policy, ActionDistribution distribution, int lstmSize,
                     SplittableRandom random, DoubleUnaryOperator rewardShaping, WorkerObservations observations) {
        this.observations = observations;
        this.envs = envs;
        this.policy = policy;
        this.distribution = distribution;
        this.random = random;
        this.rewardShaping = rewardShaping;
        this.state = lstmSize > 0 ? LstmState.zeros(envs.size(), lstmSize) : null;
        this.outputs = new float[envs.size() * distribution.outputWidth()];
        this.values = new float[envs.size()];
    }

    /** Forgets the LSTM state (after the weights were replaced wholesale, for example). */
    public void resetState() {
        if (state != null) {
            for (int k = 0; k < envs.size(); k++) {
                state.reset(k);
            }
        }
    }

    /** Fills {@code rollout} with {@code rollout.steps} steps of every environment. */
    public void collect(Rollout rollout) {
        rollout.clear();
        int k = envs.size();
        int obsSize = envs.observationSize();
        int width = distribution.outputWidth();
        int actionWidth = distribution.actionWidth();
        if (state != null) {
            rollout.initialState = state.copy();
        }
        for (int t = 0; t < rollout.steps; t++) {
            float[] obs = observations == null ? envs.observations() : observations.acted(envs.observations(), k);
            System.arraycopy(obs, 0, rollout.observations, t * k * obsSize, k * obsSize);
            policy.act(obs, k, state, outputs, values);
            rollout.record(t, outputs, width, values);
            for (int e = 0; e < k; e++) {
                distribution.sample(outputs, e * width, random, rollout.actions, (t * k + e) * actionWidth);
            }
            envs.step(rollout.actions, t * k * actionWidth, rollout.rewards, rollout.terminated, rollout.truncated, t * k);
            for (int e = 0; e < k; e++) {
                int index = t * k + e;
                rollout.rewards[index] = rewardShaping.applyAsDouble(rollout.rewards[index]);
                if (rollout.truncated[index]) {
                    rollout.truncatedIndices.add(index);
                    float[] last = envs.finalObservation(e);
                    rollout.truncatedObservations.add(observations == null ? last : observations.standardized(last));
                }
                if (state != null && rollout.done(index)) {
                    state.reset(e);
                }
            }
        }
        float[] next = observations == null ? envs.observations() : observations.standardized(envs.observations());
        System.arraycopy(next, 0, rollout.bootstrapObservations, 0, k * obsSize);
        rollout.recorded = true;
    }
}
