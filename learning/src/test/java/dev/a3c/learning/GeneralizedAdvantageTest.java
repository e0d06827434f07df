package dev.a3c.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneralizedAdvantageTest {

    @Test
    void handComputedSingleEnvironment() {
        // 3 steps, gamma 0.5, lambda 0.5, V = 1, 2, 3, bootstrap 4, no episode end
        double[] adv = GeneralizedAdvantage.compute(new double[] {1, 1, 1}, new double[] {1, 2, 3},
                new boolean[3], new boolean[3], new double[3], new double[] {4}, 0.5, 0.5);
        double d2 = 1 + 0.5 * 4 - 3;      // 0
        double d1 = 1 + 0.5 * 3 - 2;      // 0.5
        double d0 = 1 + 0.5 * 2 - 1;      // 1
        double a2 = d2;
        double a1 = d1 + 0.25 * a2;
        double a0 = d0 + 0.25 * a1;
        assertArrayEquals(new double[] {a0, a1, a2}, adv, 1e-12);
    }

    @Test
    void terminationAndTruncationCutTheTrace() {
        // env 0 terminates at t=0, env 1 is truncated at t=0 with V(final) = 10
        double[] adv = GeneralizedAdvantage.compute(new double[] {1, 1, 1, 1}, new double[] {2, 2, 2, 2},
                new boolean[] {true, false, false, false}, new boolean[] {false, true, false, false},
                new double[] {0, 10, 0, 0}, new double[] {3, 3}, 0.9, 0.8);
        assertEquals(1 - 2, adv[0], 1e-12);
        assertEquals(1 + 0.9 * 10 - 2, adv[1], 1e-12);
        assertEquals(1 + 0.9 * 3 - 2, adv[2], 1e-12);
        assertEquals(1 + 0.9 * 3 - 2, adv[3], 1e-12);
    }

    @Test
    void lambdaOneGivesTheNStepReturns() {
        SplittableRandom random = new SplittableRandom(3);
        int envs = 3;
        int steps = 7;
        int n = envs * steps;
        double[] rewards = new double[n];
        double[] values = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        double[] truncationValues = new double[n];
        for (int i = 0; i < n; i++) {
            rewards[i] = random.nextDouble(-1, 1);
            values[i] = random.nextDouble(-1, 1);
            terminated[i] = random.nextInt(6) == 0;
            truncated[i] = !terminated[i] && random.nextInt(6) == 0;
            truncationValues[i] = random.nextDouble(-1, 1);
        }
        double[] bootstrap = {0.3, -0.2, 0.9};
        double[] adv = GeneralizedAdvantage.compute(rewards, values, terminated, truncated, truncationValues, bootstrap, 0.95, 1);
        double[] returns = NStepReturns.compute(rewards, terminated, truncated, truncationValues, bootstrap, 0.95);
        for (int i = 0; i < n; i++) {
            assertEquals(returns[i] - values[i], adv[i], 1e-12);
        }
    }

    @Test
    void lambdaZeroIsTheOneStepTdError() {
        double[] adv = GeneralizedAdvantage.compute(new double[] {1, 2}, new double[] {0.5, 0.25},
                new boolean[2], new boolean[2], new double[2], new double[] {1}, 0.9, 0);
        assertArrayEquals(new double[] {1 + 0.9 * 0.25 - 0.5, 2 + 0.9 * 1 - 0.25}, adv, 1e-12);
    }

    @Test
    void rejectsBadLambda() {
        assertThrows(IllegalArgumentException.class, () -> GeneralizedAdvantage.compute(new double[1], new double[1],
                new boolean[1], new boolean[1], new double[1], new double[1], 0.9, 1.5));
    }
}
