package dev.a3c.learning.optim;

import java.nio.FloatBuffer;

/**
 * Adam (Kingma and Ba 2015) with shared moment estimates, in DL4J's formulation:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * theta -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}. The state is {@code [m, v]},
 * DL4J's {@code Adam} layout.
 */
public final class Adam implements Optimizer {

    private final float[] m;
    private final float[] v;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long steps;

    public Adam(int parameterCount, double beta1, double beta2, double epsilon) {
        this.m = new float[parameterCount];
        this.v = new float[parameterCount];
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.ADAM;
    }

    @Override
    public void step(FloatBuffer params, FloatBuffer gradient, double learningRate) {
        int n = m.length;
        if (params.limit() != n || gradient.limit() != n) {
            throw new IllegalArgumentException("expected " + n + " values");
        }
        long t = steps + 1;
        double alpha = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        float a = (float) alpha;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        float[] p = new float[Math.min(n, SharedRmsProp.CHUNK)];
        float[] g = new float[p.length];
        float[] mc = new float[p.length];
        float[] vc = new float[p.length];
        // in chunks copied to arrays indexed alike, which C2 vectorises (see SharedRmsProp)
        for (int from = 0; from < n; from += SharedRmsProp.CHUNK) {
            int length = Math.min(SharedRmsProp.CHUNK, n - from);
            params.get(from, p, 0, length);
            gradient.get(from, g, 0, length);
            System.arraycopy(m, from, mc, 0, length);
            System.arraycopy(v, from, vc, 0, length);
            for (int i = 0; i < length; i++) {
                float mi = b1 * mc[i] + oneMinusB1 * g[i];
                float vi = b2 * vc[i] + oneMinusB2 * g[i] * g[i];
                mc[i] = mi;
                vc[i] = vi;
                p[i] -= a * mi / ((float) Math.sqrt(vi) + eps);
            }
            System.arraycopy(mc, 0, m, from, length);
            System.arraycopy(vc, 0, v, from, length);
            params.put(from, p, 0, length);
        }
        steps = t;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public float[] state() {
        float[] state = new float[2 * m.length];
        System.arraycopy(m, 0, state, 0, m.length);
        System.arraycopy(v, 0, state, m.length, v.length);
        return state;
    }

    @Override
    public void restore(float[] state, long steps) {
        if (state.length != 2 * m.length) {
            throw new IllegalArgumentException("Adam state must have " + 2 * m.length + " values, got " + state.length);
        }
        System.arraycopy(state, 0, m, 0, m.length);
        System.arraycopy(state, m.length, v, 0, v.length);
        this.steps = steps;
    }
}
