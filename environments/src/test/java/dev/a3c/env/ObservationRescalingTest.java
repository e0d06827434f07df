package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObservationRescalingTest {

    @Test
    void acrobotVelocitiesAreScaledByTheirBoundsAndEverythingElseIsKept() {
        Environment raw = Environments.make("Acrobot-v1");
        Environment scaled = new ObservationRescaling(Environments.make("Acrobot-v1"));
        float[] a = raw.reset(5);
        float[] b = scaled.reset(5);
        for (int step = 0; step < 50; step++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(a[i], b[i], 1e-6, "cos/sin are already in [-1, 1]");
            }
            assertEquals(a[4] / (4 * Math.PI), b[4], 1e-6);
            assertEquals(a[5] / (9 * Math.PI), b[5], 1e-6);
            Step sa = raw.step(step % 3);
            Step sb = scaled.step(step % 3);
            assertEquals(sa.reward(), sb.reward());
            assertEquals(sa.terminated(), sb.terminated());
            assertEquals(sa.truncated(), sb.truncated());
            a = sa.observation();
            b = sb.observation();
        }
    }

    @Test
    void asymmetricBoundsMapToMinusOneAndOne() {
        // MountainCar position in [-1.2, 0.6], velocity in [-0.07, 0.07]
        Environment scaled = new ObservationRescaling(Environments.make("MountainCar-v0"));
        float[] raw = Environments.make("MountainCar-v0").reset(3);
        float[] obs = scaled.reset(3);
        assertEquals(2 * (raw[0] + 1.2) / 1.8 - 1, obs[0], 1e-6);
        assertEquals(raw[1] / 0.07, obs[1], 1e-6);
    }

    @Test
    void theUnitRangePutsTheLowBoundAtZeroAndTheHighOneAtOne() {
        Environment scaled = new ObservationRescaling(Environments.make("MountainCar-v0"), ObservationRange.UNIT);
        float[] raw = Environments.make("MountainCar-v0").reset(3);
        float[] obs = scaled.reset(3);
        assertEquals((raw[0] + 1.2) / 1.8, obs[0], 1e-6);
        assertEquals((raw[1] + 0.07) / 0.14, obs[1], 1e-6);
    }

    @Test
    void aBatchIsRescaledAsItsEnvironmentsAloneInEitherRange() {
        for (ObservationRange range : ObservationRange.values()) {
            BatchedEnvironment batch = new RescaledBatch(
                    Environments.batch(EnvironmentRequest.of("MountainCar-v0"), 2, e -> e), range);
            Environment[] alone = {new ObservationRescaling(Environments.make("MountainCar-v0"), range),
                new ObservationRescaling(Environments.make("MountainCar-v0"), range)};
            float[] observations = new float[4];
            batch.reset(new long[] {11, 12}, observations);
            float[] first = alone[0].reset(11);
            float[] second = alone[1].reset(12);
            assertArrayEquals(new float[] {first[0], first[1], second[0], second[1]}, observations, 1e-7f,
                    range.toString());
        }
    }

    @Test
    void unboundedValuesPassUnchanged() {
        Environment raw = Environments.make("CartPole-v1");
        Environment scaled = new ObservationRescaling(Environments.make("CartPole-v1"));
        raw.reset(9);
        scaled.reset(9);
        float[] a = raw.step(1).observation();
        float[] b = scaled.step(1).observation();
        assertArrayEquals(new float[] {a[1], a[3]}, new float[] {b[1], b[3]});
        assertEquals(a[0] / 4.8, b[0], 1e-6);
    }

    @Test
    void onlyEnvironmentsWithDeclaredBoundsCanBeRescaled() {
        assertTrue(ObservationRescaling.supports(Environments.spec("LunarLanderContinuous-v3")));
        assertFalse(ObservationRescaling.supports(Environments.spec("MinAtar/Breakout-v1")));
        assertThrows(IllegalArgumentException.class, () -> new ObservationRescaling(Environments.make("MinAtar/Breakout-v1")));
    }
}
