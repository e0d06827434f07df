package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.a3c.learning.optim.Optimizer;
import dev.a3c.learning.optim.OptimizerKind;
import dev.a3c.learning.optim.OptimizerSettings;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/** Our shared optimizers step exactly as DL4J's updater of the same settings, whose state layout a model file keeps. */
class Dl4jUpdatersTest {

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
        IUpdater config = Dl4jUpdaters.of(kind, lr, settings);
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
}
