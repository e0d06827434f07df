package dev.a3c.common.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

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
    void rmsPropMatchesDl4jUpdaterAndStateLayout() {
        compareWithDl4j(OptimizerKind.RMSPROP);
    }

    @Test
    void adamMatchesDl4jUpdaterAndStateLayout() {
        compareWithDl4j(OptimizerKind.ADAM);
    }

    private static void compareWithDl4j(OptimizerKind kind) {
        int n = 50;
        double lr = 0.01;
        OptimizerSettings settings = new OptimizerSettings(0.95, 0.8, 0.99, 1e-6);
        Optimizer ours = Optimizer.create(kind, n, settings);
        IUpdater config = settings.dl4jUpdater(kind, lr);
        INDArray view = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, config.stateSize(n));
        // DL4J would start RMSProp's average at eps; both start from zero here
        GradientUpdater<?> dl4j = config.instantiate(view, false);
        SplittableRandom random = new SplittableRandom(3);
        float[] params = new float[n];
        float[] dl4jParams = new float[n];
        for (int i = 0; i < n; i++) {
            params[i] = dl4jParams[i] = (float) random.nextDouble(-1, 1);
        }
        for (int iteration = 0; iteration < 5; iteration++) {
            float[] grad = new float[n];
            for (int i = 0; i < n; i++) {
                grad[i] = (float) random.nextDouble(-1, 1);
            }
            ours.step(FloatBuffer.wrap(params), FloatBuffer.wrap(grad.clone()), lr);
            INDArray update = Nd4j.createFromArray(grad).reshape(1, n);
            dl4j.applyUpdater(update, iteration, 0);
            float[] u = update.toFloatVector();
            for (int i = 0; i < n; i++) {
                dl4jParams[i] -= u[i];
            }
            assertArrayEquals(dl4jParams, params, 1e-5f, kind + " params after step " + iteration);
            assertArrayEquals(view.toFloatVector(), ours.state(), 1e-6f, kind + " state after step " + iteration);
        }
    }

    @Test
    void restoreReplacesStateAndStepCount() {
        Adam adam = new Adam(2, 0.9, 0.999, 1e-8);
        adam.restore(new float[] {1, 2, 3, 4}, 7);
        assertArrayEquals(new float[] {1, 2, 3, 4}, adam.state());
        assertEquals(7, adam.steps());
    }
}
