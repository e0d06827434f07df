package dev.a3c.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NStepReturnsTest {

    private static final double GAMMA = 0.9;
    private static final double[] REWARDS = {1, 2, 3};
    private static final boolean[] NONE = {false, false, false};

    @Test
    void midEpisodeCutBootstrapsFromTheLastValue() {
        double[] returns = NStepReturns.compute(REWARDS, NONE, NONE, new double[3], new double[] {10}, GAMMA);
        // R2 = 3 + 0.9 * 10 = 12; R1 = 2 + 0.9 * 12 = 12.8; R0 = 1 + 0.9 * 12.8 = 12.52
        assertArrayEquals(new double[] {12.52, 12.8, 12.0}, returns, 1e-12);
    }

    @Test
    void terminationCountsNothingAfterTheTerminalStep() {
        boolean[] terminated = {false, true, false};
        double[] returns = NStepReturns.compute(REWARDS, terminated, NONE, new double[3], new double[] {10}, GAMMA);
        // the step after the terminal one belongs to a new episode: R2 = 12; R1 = 2; R0 = 1 + 0.9 * 2
        assertArrayEquals(new double[] {2.8, 2.0, 12.0}, returns, 1e-12);
    }

    @Test
    void truncationBootstrapsFromTheFinalObservationsValue() {
        boolean[] truncated = {false, true, false};
        double[] truncationValues = {0, 5, 0};
        double[] returns = NStepReturns.compute(REWARDS, NONE, truncated, truncationValues, new double[] {10}, GAMMA);
        // R1 = 2 + 0.9 * 5 = 6.5; R0 = 1 + 0.9 * 6.5 = 6.85; R2 = 12
        assertArrayEquals(new double[] {6.85, 6.5, 12.0}, returns, 1e-12);
    }

    @Test
    void environmentsAreIndependentInTheTimeMajorLayout() {
        // two envs, two steps: index t * 2 + k
        double[] rewards = {1, 10, 2, 20};
        boolean[] terminated = {false, false, false, true};
        double[] returns = NStepReturns.compute(rewards, terminated, new boolean[4], new double[4],
                new double[] {100, 1000}, 0.5);
        // env 0: R1 = 2 + 50 = 52, R0 = 1 + 26 = 27; env 1: R1 = 20 (terminal), R0 = 10 + 10 = 20
        assertArrayEquals(new double[] {27, 20, 52, 20}, returns, 1e-12);
    }

    @Test
    void rejectsInconsistentArrays() {
        assertThrows(IllegalArgumentException.class,
                () -> NStepReturns.compute(REWARDS, new boolean[2], NONE, new double[3], new double[] {0}, GAMMA));
    }
}
