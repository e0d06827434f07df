package dev.a3c.learning.optim;

import java.nio.FloatBuffer;

/**
 * A first-order optimizer over flat float parameters whose state (moment estimates) is shared by
 * every gradient applied to it. Not thread-safe: callers serialise {@link #step}.
 */
public interface Optimizer {

    OptimizerKind kind();

    /**
     * {@code params -= update(gradient)}, in place.
     *
     * @param params the parameters, indices 0 .. limit
     * @param gradient the gradient, same length as params
     */
    void step(FloatBuffer params, FloatBuffer gradient, double learningRate);

    /** Steps taken so far. */
    long steps();

    /** The flat state, in DeepLearning4J's updater-state layout for the same updater (a copy). */
    float[] state();

    /** Replaces state and step count, e.g. from a checkpoint. */
    void restore(float[] state, long steps);

    static Optimizer create(OptimizerKind kind, int parameterCount, OptimizerSettings settings) {
        return switch (kind) {
            case RMSPROP -> new SharedRmsProp(parameterCount, settings.rmsDecay(), settings.epsilon());
            case ADAM -> new Adam(parameterCount, settings.adamBeta1(), settings.adamBeta2(), settings.epsilon());
        };
    }
}
