package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every environment's declared reward range holds for what its rules give (the server trusts it). */
class RewardRangeTest {

    static java.util.List<String> ids() {
        return Environments.ids();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void randomPlayStaysWithinTheDeclaredRange(String id) {
        Environment env = Environments.make(id);
        RewardRange range = env.spec().rewardRange();
        RandomActions random = new RandomActions(env, 11);
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 5_000; i++) {
            double r = random.step().step().reward();
            lowest = Math.min(lowest, r);
            highest = Math.max(highest, r);
            assertTrue(r >= range.low() && r <= range.high(), id + ": reward " + r + " outside " + range);
        }
        System.out.printf("%s: rewards seen in [%s, %s], declared %s%n", id, lowest, highest, range);
    }

    @Test
    void pendulumsCostIsBoundedEvenForActionsOutsideItsBox() {
        Environment env = Environments.make("Pendulum-v1");
        env.reset(3);
        for (int i = 0; i < 200; i++) {
            double r = env.step(new float[] {i % 2 == 0 ? 1e6f : -1e6f}).reward();
            assertTrue(r >= env.spec().rewardRange().low(), "reward " + r);
        }
    }

    @Test
    void returnBoundsScaleWithTheLength() {
        RewardRange cartPole = new RewardRange(1, 1);
        assertEquals(137, cartPole.lowestReturn(137));
        assertEquals(137, cartPole.highestReturn(137));
        RewardRange minAtar = new RewardRange(0, Double.POSITIVE_INFINITY);
        assertEquals(0, minAtar.lowestReturn(10));
        assertEquals(Double.POSITIVE_INFINITY, minAtar.highestReturn(10));
        assertEquals(Double.NEGATIVE_INFINITY, RewardRange.UNBOUNDED.lowestReturn(1));
        assertThrows(IllegalArgumentException.class, () -> new RewardRange(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RewardRange(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new RewardRange(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
    }
}
