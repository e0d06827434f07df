package dev.a3c.env;

import java.util.function.Supplier;

/** K environments of this JVM, stepped one after the other. */
public final class LocalBatch implements BatchedEnvironment {

    private final Environment[] envs;
    private final EnvironmentSpec spec;
    private final int observationSize;
    private final int actionWidth;

    public LocalBatch(Supplier<Environment> factory, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a batch needs at least one environment, got " + count);
        }
        envs = new Environment[count];
        for (int k = 0; k < count; k++) {
            envs[k] = factory.get();
        }
        spec = envs[0].spec();
        observationSize = spec.observationSize();
        actionWidth = spec.actionSpace().size();
    }

    @Override
    public EnvironmentSpec spec() {
        return spec;
    }

    @Override
    public int size() {
        return envs.length;
    }

    @Override
    public void reset(long[] seeds, float[] observations) {
        for (int k = 0; k < envs.length; k++) {
            System.arraycopy(envs[k].reset(seeds[k]), 0, observations, k * observationSize, observationSize);
        }
    }

    @Override
    public void step(float[] actions, int actionOffset, float[] observations, double[] rewards, boolean[] terminated,
                     boolean[] truncated, int offset, float[][] finalObservations) {
        for (int k = 0; k < envs.length; k++) {
            Step step = envs[k].act(actions, actionOffset + k * actionWidth);
            rewards[offset + k] = step.reward();
            terminated[offset + k] = step.terminated();
            truncated[offset + k] = step.truncated() && !step.terminated();
            float[] next;
            if (step.done()) {
                finalObservations[k] = step.observation();
                next = envs[k].reset();
            } else {
                finalObservations[k] = null;
                next = step.observation();
            }
            System.arraycopy(next, 0, observations, k * observationSize, observationSize);
        }
    }

    @Override
    public void close() {
        // nothing held outside this JVM
    }
}
