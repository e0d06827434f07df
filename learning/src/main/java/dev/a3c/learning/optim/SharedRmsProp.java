package dev.a3c.learning.optim;

import java.nio.FloatBuffer;

/**
 * RMSProp with one squared-gradient average shared by all workers (the A3C paper's "shared
 * RMSProp"): {@code g = decay * g + (1 - decay) * grad^2; theta -= lr * grad / (sqrt(g) + eps)}.
 * Same update and state as DL4J's {@code RmsProp} (which starts its average at eps instead of 0).
 */
public final class SharedRmsProp implements Optimizer {

    /** Values per chunk of the update: a few pages of parameters, gradient and state stay in the cache. */
    static final int CHUNK = 4096;

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
        float[] p = new float[Math.min(n, CHUNK)];
        float[] g = new float[p.length];
        float[] ms = new float[p.length];
        // in chunks copied to arrays indexed alike, a loop C2 vectorises (over buffers, or arrays at different
        // offsets, it does not: ten times slower)
        for (int from = 0; from < n; from += CHUNK) {
            int length = Math.min(CHUNK, n - from);
            params.get(from, p, 0, length);
            gradient.get(from, g, 0, length);
            System.arraycopy(meanSquare, from, ms, 0, length);
            for (int i = 0; i < length; i++) {
                float s = d * ms[i] + oneMinusD * g[i] * g[i];
                ms[i] = s;
                p[i] -= lr * g[i] / ((float) Math.sqrt(s) + eps);
            }
            System.arraycopy(ms, 0, meanSquare, from, length);
            params.put(from, p, 0, length);
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
