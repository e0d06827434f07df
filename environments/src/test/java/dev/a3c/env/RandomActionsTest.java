package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RandomActionsTest {

    @Test
    void transitionsChainAndRestartAfterAnEpisodeEnds() {
        RandomActions actions = new RandomActions(Environments.make("CartPole-v1"), 3);
        RandomActions.Transition previous = actions.step();
        int episodes = 0;
        for (int i = 0; i < 500; i++) {
            RandomActions.Transition t = actions.step();
            if (previous.step().done()) {
                episodes++;
                for (float v : t.observation()) {
                    assertTrue(Math.abs(v) <= 0.05f, "a new episode starts near the origin");
                }
            } else {
                assertArrayEquals(previous.step().observation(), t.observation());
            }
            int a = (Integer) t.action();
            assertTrue(a == 0 || a == 1);
            previous = t;
        }
        assertTrue(episodes > 5, "random CartPole episodes last ~22 steps: " + episodes);
    }

    @Test
    void sameSeedSameRollout() {
        RandomActions a = new RandomActions(Environments.make("CartPole-v1"), 9);
        RandomActions b = new RandomActions(Environments.make("CartPole-v1"), 9);
        for (int i = 0; i < 100; i++) {
            RandomActions.Transition x = a.step();
            RandomActions.Transition y = b.step();
            assertEquals(x.action(), y.action());
            assertArrayEquals(x.step().observation(), y.step().observation());
        }
    }

    @Test
    void continuousActionsAreDrawnInsideTheBox() {
        ActionSpace.Box box = new ActionSpace.Box(List.of(-2.0, 0.0), List.of(2.0, 0.5));
        EnvironmentSpec spec = new EnvironmentSpec("Box-test", List.of(1), box, 10, null);
        Environment env = new Environment() {
            @Override
            public EnvironmentSpec spec() {
                return spec;
            }

            @Override
            public float[] reset(long seed) {
                return new float[1];
            }

            @Override
            public float[] reset() {
                return new float[1];
            }

            @Override
            public Step step(float[] action) {
                return new Step(action.clone(), 0, false, false);
            }
        };
        RandomActions actions = new RandomActions(env, 1);
        double sum0 = 0;
        for (int i = 0; i < 2000; i++) {
            float[] a = (float[]) actions.step().action();
            assertTrue(a[0] >= -2 && a[0] <= 2 && a[1] >= 0 && a[1] <= 0.5, a[0] + ", " + a[1]);
            sum0 += a[0];
        }
        assertEquals(0.0, sum0 / 2000, 0.1, "uniform on [-2, 2]");
        assertSame(box, spec.actionSpace());
    }

    @Test
    void cartPoleRandomBaselineMatchesTheKnownValue() {
        // A uniformly random policy balances CartPole for about 22 steps on average.
        RandomActions.Baseline b = RandomActions.baseline(Environments.make("CartPole-v1"), 2000, 0);
        assertEquals(2000, b.episodes());
        assertEquals(22.3, b.meanReturn(), 1.0);
        assertEquals(b.meanReturn(), b.meanLength(), 1e-9);
        assertTrue(b.stderrReturn() > 0.1 && b.stderrReturn() < 0.5, "stderr " + b.stderrReturn());
    }

    @Test
    void theBaselineCountsEpisodesAsTheyEnd() {
        java.util.List<Integer> counts = new java.util.ArrayList<>();
        RandomActions.Baseline b = RandomActions.baseline(Environments.make("CartPole-v1"), 5, 1, counts::add);
        assertEquals(java.util.List.of(1, 2, 3, 4, 5), counts);
        assertEquals(RandomActions.baseline(Environments.make("CartPole-v1"), 5, 1), b, "the callback changes nothing");
    }
}
