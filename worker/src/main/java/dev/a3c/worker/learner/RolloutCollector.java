package dev.a3c.worker.learner;

import dev.a3c.learning.ActionDistribution;
import dev.a3c.network.LstmState;
import dev.a3c.network.PolicyInference;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Plays T steps in K environments with the current policy, sampling actions from its
 * distribution, one batch of K per step. A recurrent policy's LSTM state is carried from rollout
 * to rollout and reset for an environment whose episode ended.
 *
 * <p>When the environments come in several groups (environments in another process) and the policy is feed-forward,
 * the groups take turns: the policy acts for one group while the others step, so that neither this JVM nor the
 * environments' process waits for the other. The rollout, the actions drawn and the order of the policy's calls
 * (hence the trace a plain-Java network keeps) are exactly those of acting for all K at once.
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

    /**
     * @param lstmSize the policy's LSTM size, 0 for a feed-forward policy
     * @param rewardShaping the learner's reward from the environment's (scaling, clipping)
     */
    public RolloutCollector(VectorEnv envs, PolicyInference policy, ActionDistribution distribution, int lstmSize,
                     SplittableRandom random, DoubleUnaryOperator rewardShaping) {
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
        if (state == null && envs.groupCount() > 1) {
            collectInTurns(rollout);
            return;
        }
        rollout.clear();
        int k = envs.size();
        int obsSize = envs.observationSize();
        int width = distribution.outputWidth();
        int actionWidth = distribution.actionWidth();
        if (state != null) {
            rollout.initialState = state.copy();
        }
        for (int t = 0; t < rollout.steps; t++) {
            float[] obs = envs.observations();
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
                    rollout.truncatedObservations.add(envs.finalObservation(e));
                }
                if (state != null && rollout.done(index)) {
                    state.reset(e);
                }
            }
        }
        System.arraycopy(envs.observations(), 0, rollout.bootstrapObservations, 0, k * obsSize);
        rollout.recorded = true;
    }

    /** {@link #collect} for a feed-forward policy and several groups of environments, which step while it acts. */
    private void collectInTurns(Rollout rollout) {
        rollout.clear();
        int k = envs.size();
        int obsSize = envs.observationSize();
        int width = distribution.outputWidth();
        int actionWidth = distribution.actionWidth();
        float[] obs = envs.observations();
        for (int t = 0; t < rollout.steps; t++) {
            for (int g = 0; g < envs.groupCount(); g++) {
                int first = envs.groupStart(g);
                int count = envs.groupSize(g);
                if (t > 0) {
                    envs.endStep(g);
                    afterStep(rollout, t - 1, first, count);
                }
                float[] groupObs = java.util.Arrays.copyOfRange(obs, first * obsSize, (first + count) * obsSize);
                System.arraycopy(groupObs, 0, rollout.observations, (t * k + first) * obsSize, count * obsSize);
                policy.act(groupObs, count, null, outputs, values);
                rollout.record(t, first, count, outputs, width, values);
                for (int e = 0; e < count; e++) {
                    distribution.sample(outputs, e * width, random, rollout.actions, (t * k + first + e) * actionWidth);
                }
                envs.beginStep(g, rollout.actions, t * k * actionWidth, rollout.rewards, rollout.terminated,
                        rollout.truncated, t * k);
            }
        }
        for (int g = 0; g < envs.groupCount(); g++) {
            envs.endStep(g);
            afterStep(rollout, rollout.steps - 1, envs.groupStart(g), envs.groupSize(g));
        }
        System.arraycopy(obs, 0, rollout.bootstrapObservations, 0, k * obsSize);
        rollout.recorded = true;
    }

    /** The learner's rewards and the truncations of environments {@code first .. first + count} at step {@code t}. */
    private void afterStep(Rollout rollout, int t, int first, int count) {
        int k = envs.size();
        for (int e = first; e < first + count; e++) {
            int index = t * k + e;
            rollout.rewards[index] = rewardShaping.applyAsDouble(rollout.rewards[index]);
            if (rollout.truncated[index]) {
                rollout.truncatedIndices.add(index);
                rollout.truncatedObservations.add(envs.finalObservation(e));
            }
        }
    }
}
