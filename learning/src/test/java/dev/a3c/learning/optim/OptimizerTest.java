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
}
