package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * JBox2D is not bit-identical to pybox2d, so these tests check Gymnasium's rules (lunar_lander.py) rather than exact
 * trajectories: the observation's layout and scaling, gravity, the engines' directions, the fuel costs in the reward,
 * crash, landing and leaving the screen, seeding, the continuous action mapping, the time limit, and the returns of a
 * random policy and of Gymnasium's heuristic pilot.
 */
class LunarLanderTest {

    /** Heights that leave the whole terrain at the (smoothed) helipad height 0.99 H/4. */
    private static final double[] FLAT = flat();

    private static final double H = 400.0 / 30.0;
    private static final double W = 600.0 / 30.0;
    /** The change of the scaled vertical velocity per frame under gravity -10: -10 / FPS * (H/2) / FPS. */
    private static final double GRAVITY_PER_FRAME = -10.0 / 50 * (H / 2) / 50;

    private static double[] flat() {
        double[] heights = new double[12];
        Arrays.fill(heights, H / 4);
        return heights;
    }

    @Test
    void specsAreGymnasiums() {
        java.util.List<Double> high = java.util.List.of(2.5, 2.5, 10.0, 10.0, 2 * Math.PI, 10.0, 1.0, 1.0);
        java.util.List<Double> low = java.util.List.of(-2.5, -2.5, -10.0, -10.0, -2 * Math.PI, -10.0, 0.0, 0.0);
        assertEquals(EnvironmentSpec.discrete("LunarLander-v3", 8, 4, 1000, 200.0).withObservationBounds(low, high),
                new LunarLander(false).spec());
        EnvironmentSpec continuous = new LunarLander(true).spec();
        assertEquals("LunarLanderContinuous-v3", continuous.id());
        assertEquals(ActionSpace.Box.uniform(2, -1.0, 1.0), continuous.actionSpace());
        assertEquals(8, continuous.observationSize());
        assertEquals(1000, continuous.maxEpisodeSteps());
        assertEquals(200.0, continuous.rewardThreshold());
        assertEquals(low, continuous.observationLow());
        assertEquals(high, continuous.observationHigh());
        assertEquals(LunarLander.SPEC_CONTINUOUS, Environments.spec("LunarLanderContinuous-v3"));
        assertEquals(LunarLander.SPEC_DISCRETE, Environments.spec("LunarLander-v3"));
    }

    @Test
    void resetStartsAtTheTopCentreAboveTheHelipadWithLegsInTheAir() {
        for (long seed = 0; seed < 20; seed++) {
            float[] obs = new LunarLander(false).reset(seed);
            assertEquals(8, obs.length);
            // x: the top centre, moved by at most 1000 N / 4.96 kg * 0.02 s * 0.02 s / 10 m
            assertTrue(Math.abs(obs[0]) < 0.01, "x " + obs[0]);
            // y: (H - (H/4 + 18/30)) / (H/2) = 1.41, give or take one frame and the legs' joints settling
            assertEquals(1.41, obs[1], 0.02);
            // velocities from the initial force (at most ~0.81 and ~0.54 in scaled units), plus one frame of gravity
            assertTrue(Math.abs(obs[2]) < 0.85, "vx " + obs[2]);
            assertTrue(Math.abs(obs[3]) < 0.6, "vy " + obs[3]);
            assertTrue(Math.abs(obs[4]) < 0.01, "angle " + obs[4]);
            assertEquals(0f, obs[6]);
            assertEquals(0f, obs[7]);
        }
    }

    @Test
    void theInitialForceSetsTheScaledVelocities() {
        // lander 867 px^2 / 900 * 5 + two legs 64 px^2 / 900 * 1 = 4.959 kg; 1000 N for 1/50 s
        double mass = 867.0 / 900 * 5 + 2 * 64.0 / 900;
        LunarLander env = new LunarLander(false);
        float[] obs = env.resetTo(FLAT, 1000.0, -500.0);
        assertEquals(1000.0 / mass / 50 * (W / 2) / 50, obs[2], 0.01);
        assertEquals(-500.0 / mass / 50 * (H / 2) / 50 + GRAVITY_PER_FRAME, obs[3], 0.01);
        assertEquals(0.0, obs[0], 0.01);
    }

    @Test
    void freeFallWithNoopAcceleratesDownwardAtGravity() {
        LunarLander env = new LunarLander(false);
        float[] previous = env.resetTo(FLAT, 0.0, 0.0);
        // the first two frames (the reset's noop step and the next) also pull the legs onto their joint anchors
        assertEquals(GRAVITY_PER_FRAME, previous[3], 0.002);
        float[] second = env.step(0).observation();
        assertEquals(GRAVITY_PER_FRAME, second[3] - previous[3], 0.002);
        previous = second;
        // afterwards the lander falls at g, but for one frame when the legs' motors swing them into their joint
        // limits (the body then loses ~0.001 to the legs)
        for (int t = 0; t < 30; t++) {
            Step step = env.step(0);
            float[] obs = step.observation();
            assertEquals(GRAVITY_PER_FRAME, obs[3] - previous[3], 0.0015);
            assertEquals(0.0, obs[2], 1e-4);
            assertTrue(obs[1] < previous[1]);
            assertFalse(step.done());
            previous = obs;
        }
        assertEquals(GRAVITY_PER_FRAME, (previous[3] - second[3]) / 30, 5e-5);
    }

    @Test
    void theMainEngineSlowsTheDescent() {
        for (long seed = 0; seed < 5; seed++) {
            LunarLander noop = new LunarLander(false);
            LunarLander main = new LunarLander(false);
            float[] start = noop.reset(seed);
            assertArrayEquals(start, main.reset(seed));
            float[] falling = null;
            float[] firing = null;
            for (int t = 0; t < 10; t++) {
                falling = noop.step(0).observation();
                firing = main.step(2).observation();
                assertTrue(firing[3] > falling[3], "main " + firing[3] + " noop " + falling[3]);
            }
            // about 13 * 4/30 N s / 4.96 kg = 0.35 m/s (0.047 scaled) per frame, give or take the dispersion
            assertTrue(firing[3] - falling[3] > 0.3, "main " + firing[3] + " noop " + falling[3]);
            assertTrue(firing[3] > start[3], "the main engine outweighs gravity");
        }
    }

    @Test
    void theSideEnginesTurnTheLanderInOppositeDirections() {
        LunarLander left = new LunarLander(false);
        LunarLander right = new LunarLander(false);
        left.resetTo(FLAT, 0.0, 0.0);
        right.resetTo(FLAT, 0.0, 0.0);
        float[] l = null;
        float[] r = null;
        for (int t = 0; t < 5; t++) {
            l = left.step(1).observation();
            r = right.step(3).observation();
        }
        // action 1 (left engine) turns the lander counter-clockwise and pushes it left; action 3 the opposite
        assertTrue(l[5] > 0.05, "left engine angular velocity " + l[5]);
        assertTrue(r[5] < -0.05, "right engine angular velocity " + r[5]);
        assertTrue(l[4] > 0 && r[4] < 0);
        assertTrue(l[2] < 0 && r[2] > 0);
    }

    @Test
    void theFuelCostsAppearInTheReward() {
        LunarLander env = new LunarLander(false);
        float[] obs = env.reset(3);
        int[] actions = {0, 2, 1, 3, 2, 2, 0, 1};
        double[] costs = {0.0, 0.3, 0.03, 0.03, 0.3, 0.3, 0.0, 0.03};
        for (int t = 0; t < actions.length; t++) {
            Step step = env.step(actions[t]);
            assertEquals(shaping(step.observation()) - shaping(obs) - costs[t], step.reward(), 1e-3,
                    "action " + actions[t]);
            obs = step.observation();
        }

        LunarLander continuous = new LunarLander(true);
        obs = continuous.reset(3);
        float[][] throttles = {{0.5f, 0f}, {0f, 0.75f}, {1e-6f, -0.6f}, {-1f, 0.5f}, {2f, -3f}, {0f, 0f}};
        double[] continuousCosts = {0.3 * 0.75, 0.03 * 0.75, 0.3 * 0.5 + 0.03 * 0.6, 0.0, 0.3 + 0.03, 0.0};
        for (int t = 0; t < throttles.length; t++) {
            Step step = continuous.step(throttles[t]);
            assertEquals(shaping(step.observation()) - shaping(obs) - continuousCosts[t], step.reward(), 1e-3,
                    Arrays.toString(throttles[t]));
            obs = step.observation();
        }
    }

    private static double shaping(float[] s) {
        return -100 * Math.sqrt(s[0] * s[0] + s[1] * s[1]) - 100 * Math.sqrt(s[2] * s[2] + s[3] * s[3])
                - 100 * Math.abs(s[4]) + 10 * s[6] + 10 * s[7];
    }

    @Test
    void aLanderLeftToFallTouchesDownWithItsLegsAndEndsTheEpisode() {
        for (long seed = 0; seed < 10; seed++) {
            LunarLander env = new LunarLander(false);
            env.reset(seed);
            boolean legContact = false;
            Step step;
            int t = 0;
            do {
                step = env.step(0);
                legContact |= step.observation()[6] == 1f || step.observation()[7] == 1f;
                t++;
            } while (!step.done() && t < 1000);
            assertTrue(step.terminated(), "seed " + seed);
            assertFalse(step.truncated());
            assertTrue(step.reward() == -100.0 || step.reward() == 100.0, "final reward " + step.reward());
            assertTrue(legContact, "the legs reach the ground first, seed " + seed);
        }
    }

    @Test
    void aStraightDropOntoTheHelipadPutsBothLegsOnTheGround() {
        LunarLander env = new LunarLander(false);
        env.resetTo(FLAT, 0.0, 0.0);
        Step step;
        int firstContact = -1;
        int t = 0;
        do {
            step = env.step(0);
            float[] obs = step.observation();
            if (firstContact < 0 && (obs[6] == 1f || obs[7] == 1f)) {
                firstContact = t;
                // a symmetric drop: both legs at once, still above the helipad's centre
                assertEquals(1f, obs[6]);
                assertEquals(1f, obs[7]);
                assertEquals(0.0, obs[0], 1e-3);
                assertFalse(step.terminated(), "the legs touch before the body");
            }
            t++;
        } while (!step.done() && t < 1000);
        assertTrue(firstContact > 0);
        assertTrue(step.terminated());
        assertTrue(step.reward() == -100.0 || step.reward() == 100.0);
        assertEquals(1f, step.observation()[6]);
        assertEquals(1f, step.observation()[7]);
    }

    @Test
    void leavingTheScreenIsACrash() {
        LunarLander env = new LunarLander(false);
        float[] obs = env.resetTo(FLAT, 100_000.0, 0.0);
        Step step = null;
        for (int t = 0; t < 20 && (step == null || !step.done()); t++) {
            step = env.step(0);
        }
        assertTrue(step.terminated());
        assertEquals(-100.0, step.reward());
        assertTrue(step.observation()[0] >= 1f);
        assertTrue(step.observation()[1] > 1f, "still high above the ground");
        assertTrue(obs[2] > 0);
    }

    @Test
    void gymnasiumsHeuristicPilotLandsAndComesToRest() {
        LunarLander env = new LunarLander(false);
        int solved = 0;
        for (long seed = 0; seed < 5; seed++) {
            float[] obs = env.reset(seed);
            double total = 0;
            Step step;
            int t = 0;
            do {
                step = env.step(heuristic(obs, 0.0));
                obs = step.observation();
                total += step.reward();
                t++;
            } while (!step.done() && t < 1000);
            if (step.terminated() && step.reward() == 100.0) {
                assertEquals(1f, obs[6]);
                assertEquals(1f, obs[7]);
                if (total >= 200) {
                    solved++;
                }
            }
        }
        // measured: all five land at rest with returns 238..249
        assertTrue(solved >= 4, "landings scoring 200+: " + solved);
    }

    /** Gymnasium's heuristic for the discrete lander, hovering {@code extraHeight} above its target. */
    private static int heuristic(float[] s, double extraHeight) {
        double angleTarget = Math.max(-0.4, Math.min(0.4, s[0] * 0.5 + s[2] * 1.0));
        double hoverTarget = 0.55 * Math.abs(s[0]) + extraHeight;
        double angleTodo = (angleTarget - s[4]) * 0.5 - s[5] * 1.0;
        double hoverTodo = (hoverTarget - s[1]) * 0.5 - s[3] * 0.5;
        if (s[6] == 1f || s[7] == 1f) {
            angleTodo = 0;
            hoverTodo = -s[3] * 0.5;
        }
        if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05) {
            return 2;
        } else if (angleTodo < -0.05) {
            return 3;
        } else if (angleTodo > 0.05) {
            return 1;
        }
        return 0;
    }

    @Test
    void seededResetsReproduceTheEpisode() {
        LunarLander a = new LunarLander(false);
        LunarLander b = new LunarLander(false);
        float[] first = a.reset(42);
        assertArrayEquals(first, b.reset(42));
        SplittableRandom actions = new SplittableRandom(1);
        for (int t = 0; t < 200; t++) {
            int action = actions.nextInt(4);
            Step sa = a.step(action);
            Step sb = b.step(action);
            assertArrayEquals(sa.observation(), sb.observation());
            assertEquals(sa.reward(), sb.reward());
            assertEquals(sa.terminated(), sb.terminated());
            if (sa.done()) {
                break;
            }
        }
        assertArrayEquals(first, a.reset(42), "a reset with the same seed starts over");
        assertNotEquals(Arrays.toString(first), Arrays.toString(a.reset(43)));
        assertNotEquals(Arrays.toString(a.reset(42)), Arrays.toString(a.reset()), "reset() continues the generator");
    }

    @Test
    void continuousActionsMapOntoTheEngines() {
        float[][] continuous = {{0f, 0f}, {1f, 0f}, {0f, -1f}, {0f, 1f}, {-1f, 0.5f}, {-0.3f, -0.5f}, {7f, -9f}};
        int[] discrete = {0, 2, 1, 3, 0, 0, -1};
        for (int i = 0; i < continuous.length; i++) {
            LunarLander c = new LunarLander(true);
            c.reset(11);
            Step sc = c.step(continuous[i]);
            if (discrete[i] >= 0) {
                LunarLander d = new LunarLander(false);
                d.reset(11);
                Step sd = d.step(discrete[i]);
                assertArrayEquals(sd.observation(), sc.observation(), Arrays.toString(continuous[i]));
                assertEquals(sd.reward(), sc.reward(), Arrays.toString(continuous[i]));
            } else {
                // clipped to (1, -1): full main engine and full left engine at once
                LunarLander clipped = new LunarLander(true);
                clipped.reset(11);
                Step sClipped = clipped.step(new float[] {1f, -1f});
                assertArrayEquals(sClipped.observation(), sc.observation());
                assertEquals(sClipped.reward(), sc.reward());
            }
        }
        // throttle: a0 in (0, 1] maps to 50%..100% main power, |a1| in (0.5, 1] to 50%..100% side power
        LunarLander half = new LunarLander(true);
        LunarLander full = new LunarLander(true);
        float[] start = half.reset(5);
        full.reset(5);
        float[] halfObs = half.step(new float[] {1e-6f, 0f}).observation();
        float[] fullObs = full.step(new float[] {1f, 0f}).observation();
        assertTrue(halfObs[3] > start[3] - 0.01 && fullObs[3] > halfObs[3]);
    }

    @Test
    void invalidActionsAreRejected() {
        LunarLander discrete = new LunarLander(false);
        assertThrows(IllegalStateException.class, () -> discrete.step(0));
        discrete.reset(0);
        assertThrows(IllegalArgumentException.class, () -> discrete.step(4));
        assertThrows(IllegalArgumentException.class, () -> discrete.step(-1));
        assertThrows(UnsupportedOperationException.class, () -> discrete.step(new float[] {0f, 0f}));
        LunarLander continuous = new LunarLander(true);
        continuous.reset(0);
        assertThrows(UnsupportedOperationException.class, () -> continuous.step(0));
        assertThrows(IllegalArgumentException.class, () -> continuous.step(new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> new LunarLander(false, -12.5, false, 15.0, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new LunarLander(false, 0.0, false, 15.0, 1.5));
    }

    @Test
    void aHoveringLanderIsTruncatedAtTheTimeLimit() {
        Environment env = Environments.make("LunarLander-v3");
        assertInstanceOf(TimeLimit.class, env);
        float[] obs = env.reset(2);
        Step step;
        int t = 0;
        do {
            // Gymnasium's heuristic with its target 0.5 higher: it hovers instead of landing
            step = env.step(heuristic(obs, 0.5));
            obs = step.observation();
            t++;
        } while (!step.done());
        assertEquals(1000, t);
        assertTrue(step.truncated());
        assertFalse(step.terminated());
    }

    @Test
    void aRandomPolicyScoresLikeGymnasiumsRandomLunarLander() {
        // Gymnasium users report about -150 to -250 for a uniformly random policy over 100 episodes.
        // Measured here: mean -181.1 (standard deviation 103), mean episode length 88.9 steps.
        Environment env = Environments.make("LunarLander-v3");
        SplittableRandom random = new SplittableRandom(12345);
        double sum = 0;
        for (int episode = 0; episode < 100; episode++) {
            env.reset(1000 + episode);
            Step step;
            do {
                step = env.step(random.nextInt(4));
                sum += step.reward();
            } while (!step.done());
        }
        double mean = sum / 100;
        assertTrue(mean > -250 && mean < -150, "mean random return " + mean);
    }

    @Test
    void aRandomContinuousPolicyScoresInTheSameRange() {
        // Measured here: mean -210.3 over 100 episodes of actions uniform in [-1, 1]^2, mean length 107.5 steps.
        Environment env = Environments.make("LunarLanderContinuous-v3");
        SplittableRandom random = new SplittableRandom(7);
        double sum = 0;
        for (int episode = 0; episode < 100; episode++) {
            env.reset(2000 + episode);
            Step step;
            do {
                step = env.step(new float[] {(float) (random.nextDouble() * 2 - 1),
                    (float) (random.nextDouble() * 2 - 1)});
                sum += step.reward();
            } while (!step.done());
        }
        double mean = sum / 100;
        assertTrue(mean > -250 && mean < -150, "mean random return " + mean);
    }

    @Test
    void windAndTurbulencePushTheLanderWhenEnabled() {
        LunarLander windy = new LunarLander(false, -10.0, true, 20.0, 2.0);
        LunarLander calm = new LunarLander(false, -10.0, false, 20.0, 2.0);
        windy.resetTo(FLAT, 0.0, 0.0);
        calm.resetTo(FLAT, 0.0, 0.0);
        float[] w = null;
        float[] c = null;
        for (int t = 0; t < 10; t++) {
            w = windy.step(0).observation();
            c = calm.step(0).observation();
        }
        assertEquals(0.0, c[2], 1e-4);
        assertEquals(0.0, c[5], 1e-4);
        assertNotEquals(0.0, w[2], 1e-4);
        assertEquals(c[3], w[3], 1e-4, "wind is horizontal");
    }
}
