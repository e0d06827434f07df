package dev.a3c.worker.learner;

import dev.a3c.network.LstmState;
import java.util.ArrayList;
import java.util.List;

/**
 * T steps of K environments, time-major (index {@code t * K + k}), plus what the returns need:
 * the observations after the last step (bootstrap) and the final observations of truncated
 * episodes; for a recurrent policy, also the LSTM state the rollout started from.
 */
public final class Rollout {

    final int steps;
    final int envs;
    final int observationSize;
    final int actionWidth;
    final float[] observations;
    /** {@code actionWidth} numbers per transition: a discrete index, or the unclipped continuous action. */
    final float[] actions;
    /** Rewards as the learner sees them (scaled and clipped). */
    final double[] rewards;
    final boolean[] terminated;
    final boolean[] truncated;
    final float[] bootstrapObservations;
    /** Indices (t * K + k) of truncated steps, and their final observations, in the same order. */
    final List<Integer> truncatedIndices = new ArrayList<>();
    final List<float[]> truncatedObservations = new ArrayList<>();
    /** The LSTM state of every environment before the first step; null for a feed-forward policy. */
    LstmState initialState;
    /** The policy's outputs (its output width per transition) and values as it acted; null before the first rollout. */
    float[] policyOutputs;
    float[] values;
    /** Whether the outputs and values are those of the rollout played last (every step recorded). */
    boolean recorded;

    public Rollout(int steps, int envs, int observationSize, int actionWidth) {
        this.steps = steps;
        this.envs = envs;
        this.observationSize = observationSize;
        this.actionWidth = actionWidth;
        this.observations = new float[steps * envs * observationSize];
        this.actions = new float[steps * envs * actionWidth];
        this.rewards = new double[steps * envs];
        this.terminated = new boolean[steps * envs];
        this.truncated = new boolean[steps * envs];
        this.bootstrapObservations = new float[envs * observationSize];
    }

    public int transitions() {
        return steps * envs;
    }

    boolean done(int index) {
        return terminated[index] || truncated[index];
    }

    /** The final observation of the truncated step {@code index}. */
    float[] truncatedObservation(int index) {
        int position = truncatedIndices.indexOf(index);
        if (position < 0) {
            throw new IllegalArgumentException("step " + index + " was not truncated");
        }
        return truncatedObservations.get(position);
    }

    /** Keeps the policy's outputs ({@code width} per environment) and values of step {@code t}. */
    void record(int t, float[] outputs, int width, float[] stepValues) {
        if (policyOutputs == null || policyOutputs.length != transitions() * width) {
            policyOutputs = new float[transitions() * width];
            values = new float[transitions()];
        }
        System.arraycopy(outputs, 0, policyOutputs, t * envs * width, envs * width);
        System.arraycopy(stepValues, 0, values, t * envs, envs);
    }

    void clear() {
        truncatedIndices.clear();
        truncatedObservations.clear();
        initialState = null;
        recorded = false;
    }
}
