package dev.a3c.learning.optim;

import java.nio.FloatBuffer;

/**
 * RMSProp with one squared-gradient average shared by all workers (the A3C paper's "shared
 * RMSProp"): {@code g = decay * g + (1 - decay) * grad^2; theta -= lr * grad / (sqrt(g) + eps)}.
 * Same update and state as DL4J's {@code RmsProp} (which starts its average at eps instead of 0).
 */
public final class SharedRmsProp implements Optimizer {

    private final float[] meanSquare;
    private final double decay;
    private final double epsilon;
    private long steps;

    public SharedRmsProp(int parameterCount, double decay, double epsilon) {
        this.meanSquare = new float[parameterCount];
        this.decay = decay;
        this.epsilon = epsilon;
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.RMSPROP;
    }

    @Override
    public void step(FloatBuffer params, FloatBuffer gradient, double learningRate) {
        int n = meanSquare.length;
        if (params.limit() != n || gradient.limit() != n) {
            throw new IllegalArgumentException("expected " + n + " values");
        }
        float d = (float) decay;
        float oneMinusD = (float) (1 - decay);
        float lr = (float) learningRate;
        float eps = (float) epsilon;
        for (int i = 0; i < n; i++) {
            float g = gradient.get(i);
            float s = d * meanSquare[i] + oneMinusD * g * g;
            meanSquare[i] = s;
            params.put(i, params.get(i) - lr * g / ((float) Math.sqrt(s) + eps));
        }
        steps++;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public float[] state() {
        return meanSquare.clone();
    }

    @Override
    public void restore(float[] state, long steps) {
        if (state.length != meanSquare.length) {
            throw new IllegalArgumentException("RMSProp state must have " + meanSquare.length + " values, got " + state.length);
        }
        System.arraycopy(state, 0, meanSquare, 0, state.length);
        this.steps = steps;
    }

    @Override
    public String toString() {
        return "SharedRmsProp[decay=" + decay + ", eps=" + epsilon + ", steps=" + steps + ", n=" + meanSquare.length + "]";
    }
}
