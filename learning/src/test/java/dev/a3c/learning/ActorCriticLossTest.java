package dev.a3c.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActorCriticLossTest {

    @Test
    void matchesHandComputedValuesForUniformPolicy() {
        ActorCriticLoss loss = new ActorCriticLoss(new Categorical(2), 0.5, 0.01);
        double[] logitGrad = new double[2];
        double[] valueGrad = new double[1];
        ActorCriticLoss.Terms terms = loss.evaluate(new double[] {0, 0}, new double[] {1}, new float[] {0},
                new double[] {3}, new double[] {2}, 1, logitGrad, valueGrad);
        double ln2 = Math.log(2);
        assertEquals(2 * ln2, terms.policyLoss(), 1e-12);        // -log(1/2) * 2
        assertEquals(2.0, terms.valueLoss(), 1e-12);              // (3 - 1)^2 / 2
        assertEquals(ln2, terms.entropy(), 1e-12);
        assertEquals(2 * ln2 + 0.5 * 2.0 - 0.01 * ln2, terms.total(), 1e-12);
        // -A (1[j=a] - p_j) + c_e p_j (log p_j + H) = -2 (1 - 0.5) + 0 ; -2 (0 - 0.5) + 0
        assertArrayEquals(new double[] {-1, 1}, logitGrad, 1e-12);
        assertEquals(0.5 * (1 - 3), valueGrad[0], 1e-12);
    }

    @Test
    void entropyOfASkewedPolicy() {
        ActorCriticLoss loss = new ActorCriticLoss(new Categorical(3), 0, 1);
        double[] logits = {Math.log(0.2), Math.log(0.3), Math.log(0.5)};
        ActorCriticLoss.Terms terms = loss.evaluate(logits, new double[] {0}, new float[] {2}, new double[] {0},
                new double[] {0}, 1, new double[3], new double[1]);
        double expected = -(0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.5 * Math.log(0.5));
        assertEquals(expected, terms.entropy(), 1e-12);
        assertEquals(-expected, terms.total(), 1e-12);
    }

    @Test
    void gaussianMatchesHandComputedValues() {
        // one dimension: mu = 0.5, log std = ln 2 (std 2), action 1.5, advantage 3, return 1, value 0
        ActorCriticLoss loss = new ActorCriticLoss(new DiagonalGaussian(1), 0.5, 0.1);
        double[] grad = new double[2];
        double[] valueGrad = new double[1];
        double ln2 = Math.log(2);
        ActorCriticLoss.Terms terms = loss.evaluate(new double[] {0.5, ln2}, new double[] {0}, new float[] {1.5f},
                new double[] {1}, new double[] {3}, 1, grad, valueGrad);
        double logPi = -0.125 - ln2 - 0.5 * Math.log(2 * Math.PI);     // z = (1.5 - 0.5) / 2 = 0.5
        double entropy = ln2 + 0.5 * (1 + Math.log(2 * Math.PI));
        assertEquals(-3 * logPi, terms.policyLoss(), 1e-12);
        assertEquals(entropy, terms.entropy(), 1e-12);
        assertEquals(-3 * logPi + 0.5 * 0.5 - 0.1 * entropy, terms.total(), 1e-12);
        // d/dmu = -A (a - mu) / s^2 = -3 * 1 / 4; d/dl = -A (z^2 - 1) - c_e = -3 * (0.25 - 1) - 0.1
        assertArrayEquals(new double[] {-0.75, 2.15}, grad, 1e-12);
        assertEquals(-0.5, valueGrad[0], 1e-12);
    }

    @Test
    void categoricalGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(7);
        float[] taken = new float[5];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = random.nextInt(4);
        }
        checkFiniteDifferences(new Categorical(4), taken, random);
    }

    @Test
    void gaussianGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(8);
        float[] taken = new float[5 * 3];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = (float) random.nextDouble(-2, 2);
        }
        checkFiniteDifferences(new DiagonalGaussian(3), taken, random);
    }

    private static void checkFiniteDifferences(ActionDistribution distribution, float[] taken, SplittableRandom random) {
        int rows = 5;
        double[] outputs = new double[rows * distribution.outputWidth()];
        double[] values = new double[rows];
        double[] returns = new double[rows];
        double[] advantages = new double[rows];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = random.nextDouble(-1, 1);
        }
        for (int i = 0; i < rows; i++) {
            values[i] = random.nextDouble(-1, 1);
            returns[i] = random.nextDouble(-1, 1);
            advantages[i] = random.nextDouble(-1, 1);
        }
        ActorCriticLoss loss = new ActorCriticLoss(distribution, 0.5, 0.05);
        double[] outputGrad = new double[outputs.length];
        double[] valueGrad = new double[rows];
        loss.evaluate(outputs, values, taken, returns, advantages, rows, outputGrad, valueGrad);
        double h = 1e-6;
        for (double[] array : new double[][] {outputs, values}) {
            double[] analytic = array == outputs ? outputGrad : valueGrad;
            for (int i = 0; i < array.length; i++) {
                double saved = array[i];
                array[i] = saved + h;
                double plus = loss.evaluate(outputs, values, taken, returns, advantages, rows,
                        new double[outputs.length], new double[rows]).total();
                array[i] = saved - h;
                double minus = loss.evaluate(outputs, values, taken, returns, advantages, rows,
                        new double[outputs.length], new double[rows]).total();
                array[i] = saved;
                assertEquals((plus - minus) / (2 * h), analytic[i], 1e-8, "index " + i);
            }
        }
    }

    @Test
    void rowsThatNoTransitionReadsGetZeroGradient() {
        ActorCriticLoss loss = new ActorCriticLoss(new Categorical(2), 0.5, 0.01);
        double[] grad = new double[6];
        double[] valueGrad = new double[3];
        java.util.Arrays.fill(grad, 9);
        loss.evaluate(new double[] {0, 0, 1, 2, 3, 4}, new double[] {1, 2, 3}, new float[] {1}, new double[] {3},
                new double[] {2}, new int[] {1}, grad, valueGrad);
        assertEquals(0, grad[0]);
        assertEquals(0, grad[5]);
        assertEquals(0, valueGrad[2]);
        assertEquals(0.5 * (2 - 3), valueGrad[1], 1e-12);
    }

    @Test
    void rejectsOutOfRangeActions() {
        ActorCriticLoss loss = new ActorCriticLoss(new Categorical(2), 0.5, 0.01);
        assertThrows(IllegalArgumentException.class, () -> loss.evaluate(new double[] {0, 0}, new double[] {0},
                new float[] {2}, new double[] {0}, new double[] {0}, 1, new double[2], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> loss.evaluate(new double[] {0, 0}, new double[] {0},
                new float[] {0.5f}, new double[] {0}, new double[] {0}, 1, new double[2], new double[1]));
    }
}
