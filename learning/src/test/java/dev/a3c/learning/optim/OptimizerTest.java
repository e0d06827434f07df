package dev.a3c.learning.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void rmsPropStepsMatchHandComputedValues() {
        SharedRmsProp rms = new SharedRmsProp(1, 0.9, 1e-8);
        FloatBuffer p = FloatBuffer.wrap(new float[] {1f});
        rms.step(p, FloatBuffer.wrap(new float[] {0.5f}), 0.1);
        // s = 0.1 * 0.25 = 0.025; p = 1 - 0.1 * 0.5 / sqrt(0.025)
        assertEquals(0.6837722539831608, p.get(0), 1e-6);
        assertEquals(0.025, rms.state()[0], 1e-8);
        rms.step(p, FloatBuffer.wrap(new float[] {-0.25f}), 0.1);
        // s = 0.9 * 0.025 + 0.1 * 0.0625 = 0.02875
        assertEquals(0.8312142014424063, p.get(0), 1e-6);
        assertEquals(0.02875, rms.state()[0], 1e-8);
        assertEquals(2, rms.steps());
    }

    @Test
    void adamStepsMatchHandComputedValues() {
        Adam adam = new Adam(1, 0.9, 0.999, 1e-8);
        FloatBuffer p = FloatBuffer.wrap(new float[] {1f});
        adam.step(p, FloatBuffer.wrap(new float[] {0.5f}), 0.1);
        // m = 0.05, v = 0.00025, bias-corrected step = 0.1 * 0.05/0.1 / sqrt(0.00025/0.001) = 0.1
        assertEquals(0.9000000632455132, p.get(0), 1e-6);
        adam.step(p, FloatBuffer.wrap(new float[] {-0.25f}), 0.1);
        assertEquals(0.8733663743517929, p.get(0), 1e-6);
        float[] state = adam.state();
        assertEquals(0.02, state[0], 1e-7);        // m
        assertEquals(0.00031225, state[1], 1e-9);  // v
    }

    @Test
    void restoreReplacesStateAndStepCount() {
        Adam adam = new Adam(2, 0.9, 0.999, 1e-8);
        adam.restore(new float[] {1, 2, 3, 4}, 7);
        assertArrayEquals(new float[] {1, 2, 3, 4}, adam.state());
        assertEquals(7, adam.steps());
    }

    /**
     * Over several chunks (and a partial last one), on every kind of buffer the server hands in (direct memory like
     * DL4J's parameters, a little-endian view of received bytes), both optimizers do what the one-line formulas say,
     * element by element.
     */
    @Test
    void largeVectorsOnAnyBufferMatchTheElementwiseFormulas() {
        int n = 3 * SharedRmsProp.CHUNK + 123;
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        float[] start = new float[n];
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = (float) random.nextDouble(-1, 1);
            grad[i] = (float) random.nextDouble(-0.1, 0.1);
        }
        for (OptimizerKind kind : OptimizerKind.values()) {
            Optimizer optimizer = Optimizer.create(kind, n, new OptimizerSettings(0.99, 0.9, 0.999, 1e-5));
            FloatBuffer params = java.nio.ByteBuffer.allocateDirect(n * 4).order(java.nio.ByteOrder.nativeOrder())
                    .asFloatBuffer().put(start).flip();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(n * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(grad);
            FloatBuffer gradient = bytes.asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            optimizer.step(params, gradient, 0.01);
            optimizer.step(params, gradient, 0.01);
            for (int i = 0; i < n; i++) {
                double p = start[i];
                double g = grad[i];
                if (kind == OptimizerKind.RMSPROP) {
                    double s = 0;
                    for (int t = 0; t < 2; t++) {
                        s = 0.99 * s + 0.01 * g * g;
                        p -= 0.01 * g / (Math.sqrt(s) + 1e-5);
                    }
                } else {
                    double m = 0;
                    double v = 0;
                    for (int t = 1; t <= 2; t++) {
                        m = 0.9 * m + 0.1 * g;
                        v = 0.999 * v + 0.001 * g * g;
                        double alpha = 0.01 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                        p -= alpha * m / (Math.sqrt(v) + 1e-5);
                    }
                }
                assertEquals(p, params.get(i), 1e-5, kind + " at " + i);
            }
        }
    }
}
