package dev.a3c.worker;

import java.util.ArrayList;
import java.util.List;

/**
 * T steps of K environments, time-major (index {@code t * K + k}), plus what the returns need:
 * the observations after the last step (bootstrap) and the final observations of truncated episodes.
 */
final class Rollout {

    final int steps;
    final int envs;
    final int observationSize;
    final float[] observations;
    final int[] actions;
    final double[] rewards;
    final boolean[] terminated;
    final boolean[] truncated;
    final float[] bootstrapObservations;
    /** Indices (t * K + k) of truncated steps, and their final observations, in the same order. */
    final List<Integer> truncatedIndices = new ArrayList<>();
    final List<float[]> truncatedObservations = new ArrayList<>();

    Rollout(int steps, int envs, int observationSize) {
        this.steps = steps;
        this.envs = envs;
        this.observationSize = observationSize;
        this.observations = new float[steps * envs * observationSize];
        this.actions = new int[steps * envs];
        this.rewards = new double[steps * envs];
        this.terminated = new boolean[steps * envs];
        this.truncated = new boolean[steps * envs];
        this.bootstrapObservations = new float[envs * observationSize];
    }

    int transitions() {
        return steps * envs;
    }

    void clear() {
        truncatedIndices.clear();
        truncatedObservations.clear();
    }
}
