package dev.a3c.common.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActorCriticLossTest {

    @Test
    void matchesHandComputedValuesForUniformPolicy() {
        ActorCriticLoss loss = new ActorCriticLoss(0.5, 0.01);
        double[] logitGrad = new double[2];
        double[] valueGrad = new double[1];
        ActorCriticLoss.Terms terms = loss.evaluate(new double[] {0, 0}, new double[] {1}, new int[] {0},
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
        ActorCriticLoss loss = new ActorCriticLoss(0, 1);
        double[] logits = {Math.log(0.2), Math.log(0.3), Math.log(0.5)};
        ActorCriticLoss.Terms terms = loss.evaluate(logits, new double[] {0}, new int[] {2}, new double[] {0},
                new double[] {0}, 1, new double[3], new double[1]);
        double expected = -(0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.5 * Math.log(0.5));
        assertEquals(expected, terms.entropy(), 1e-12);
        assertEquals(-expected, terms.total(), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(7);
        int rows = 5;
        int actions = 4;
        double[] logits = new double[rows * actions];
        double[] values = new double[rows];
        double[] returns = new double[rows];
        double[] advantages = new double[rows];
        int[] taken = new int[rows];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = random.nextDouble(-2, 2);
        }
        for (int i = 0; i < rows; i++) {
            values[i] = random.nextDouble(-1, 1);
            returns[i] = random.nextDouble(-1, 1);
            advantages[i] = random.nextDouble(-1, 1);
            taken[i] = random.nextInt(actions);
        }
        ActorCriticLoss loss = new ActorCriticLoss(0.5, 0.05);
        double[] logitGrad = new double[logits.length];
        double[] valueGrad = new double[rows];
        loss.evaluate(logits, values, taken, returns, advantages, rows, logitGrad, valueGrad);
        double h = 1e-6;
        for (int i = 0; i < logits.length; i++) {
            double saved = logits[i];
            logits[i] = saved + h;
            double plus = loss.evaluate(logits, values, taken, returns, advantages, rows, new double[logits.length], new double[rows]).total();
            logits[i] = saved - h;
            double minus = loss.evaluate(logits, values, taken, returns, advantages, rows, new double[logits.length], new double[rows]).total();
            logits[i] = saved;
            assertEquals((plus - minus) / (2 * h), logitGrad[i], 1e-8, "logit " + i);
        }
        for (int i = 0; i < rows; i++) {
            double saved = values[i];
            values[i] = saved + h;
            double plus = loss.evaluate(logits, values, taken, returns, advantages, rows, new double[logits.length], new double[rows]).total();
            values[i] = saved - h;
            double minus = loss.evaluate(logits, values, taken, returns, advantages, rows, new double[logits.length], new double[rows]).total();
            values[i] = saved;
            assertEquals((plus - minus) / (2 * h), valueGrad[i], 1e-8, "value " + i);
        }
    }

    @Test
    void rejectsOutOfRangeActions() {
        ActorCriticLoss loss = new ActorCriticLoss(0.5, 0.01);
        assertThrows(IllegalArgumentException.class, () -> loss.evaluate(new double[] {0, 0}, new double[] {0},
                new int[] {2}, new double[] {0}, new double[] {0}, 1, new double[2], new double[1]));
    }
}
