package dev.a3c.common.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.common.rl.ActorCriticLoss;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Finite-difference check of the whole actor-critic loss through the DL4J network, in double
 * precision: the analytic gradient (our loss gradient at the heads, back-propagated by DL4J) must
 * match central differences of the loss for every parameter.
 */
class ActorCriticNetworkGradientCheckTest {

    private static final int ROWS = 6;

    @Test
    void lossGradientMatchesCentralDifferencesForEveryParameter() {
        for (String activation : List.of("tanh", "relu")) {
            check(new NetworkSpec(4, 3, List.of(8, 5), activation));
        }
    }

    private static void check(NetworkSpec spec) {
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 11, DataType.DOUBLE, new NoOp());
        SplittableRandom random = new SplittableRandom(5);
        double[] obs = new double[ROWS * spec.observationSize()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = random.nextDouble(-1.5, 1.5);
        }
        int[] actions = new int[ROWS];
        double[] returns = new double[ROWS];
        double[] advantages = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            actions[i] = random.nextInt(spec.actionCount());
            returns[i] = random.nextDouble(-2, 2);
            advantages[i] = random.nextDouble(-2, 2);
        }
        ActorCriticLoss loss = new ActorCriticLoss(0.5, 0.1);

        double[] logits = new double[ROWS * spec.actionCount()];
        double[] values = new double[ROWS];
        double[] logitGrad = new double[logits.length];
        double[] valueGrad = new double[ROWS];
        net.forward(obs, ROWS, logits, values);
        loss.evaluate(logits, values, actions, returns, advantages, ROWS, logitGrad, valueGrad);
        net.backward(logitGrad, valueGrad, ROWS);
        double[] analytic = net.graph().getGradientsViewArray().dup().data().asDouble();
        assertEquals(spec.parameterCount(), analytic.length);

        INDArray params = net.graph().params();
        double h = 1e-6;
        double maxRelativeError = 0;
        int nonZero = 0;
        for (int i = 0; i < analytic.length; i++) {
            double saved = params.getDouble(i);
            params.putScalar(i, saved + h);
            double plus = lossAt(net, loss, obs, actions, returns, advantages, spec);
            params.putScalar(i, saved - h);
            double minus = lossAt(net, loss, obs, actions, returns, advantages, spec);
            params.putScalar(i, saved);
            double numeric = (plus - minus) / (2 * h);
            double error = Math.abs(numeric - analytic[i]) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[i]));
            if (Math.abs(numeric) > 1e-9) {
                nonZero++;
                maxRelativeError = Math.max(maxRelativeError, error);
            }
            assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric), spec.activation() + " parameter " + i);
        }
        assertTrue(nonZero > analytic.length / 2, "most parameters must matter: " + nonZero);
        assertTrue(maxRelativeError < 1e-5, "max relative error " + maxRelativeError);
    }

    private static double lossAt(ActorCriticNetwork net, ActorCriticLoss loss, double[] obs, int[] actions,
                                 double[] returns, double[] advantages, NetworkSpec spec) {
        double[] logits = new double[ROWS * spec.actionCount()];
        double[] values = new double[ROWS];
        net.forward(obs, ROWS, logits, values);
        return loss.evaluate(logits, values, actions, returns, advantages, ROWS,
                new double[logits.length], new double[ROWS]).total();
    }
}
