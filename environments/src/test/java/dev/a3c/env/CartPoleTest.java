package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CartPoleTest {

    @Test
    void stepsFollowGymnasiumsEquations() {
        // Reference: Gymnasium CartPoleEnv.step (euler) evaluated in float64 from state
        // (0.01, -0.02, 0.03, 0.04) with actions 1 then 0, observation cast to float32.
        CartPole env = new CartPole();
        env.resetTo(0.01, -0.02, 0.03, 0.04);
        Step first = env.step(1);
        assertArrayEquals(new float[] {(float) 0.009600000000000001, (float) 0.17467919574755525,
                (float) 0.030799999999999998, (float) -0.2430687179600081}, first.observation());
        Step second = env.step(0);
        assertArrayEquals(new float[] {0.013093584217131138f, -0.020868849009275436f,
                0.025938626378774643f, 0.059167999774217606f}, second.observation());
        assertEquals(1.0, second.reward());
        assertFalse(second.terminated());
        assertFalse(second.truncated());
    }

    @Test
    void terminatesWhenThePoleFallsAndStillPaysTheLastStep() {
        CartPole env = new CartPole();
        env.reset(0);
        Step step;
        int steps = 0;
        do {
            step = env.step(1);
            steps++;
        } while (!step.terminated());
        assertTrue(steps < 50);
        assertEquals(1.0, step.reward());
        assertTrue(Math.abs(step.observation()[2]) > CartPole.THETA_THRESHOLD
                || Math.abs(step.observation()[0]) > CartPole.X_THRESHOLD);
        assertThrows(IllegalStateException.class, () -> env.step(0));
    }

    @Test
    void terminatesWhenTheCartLeavesTheTrack() {
        CartPole env = new CartPole();
        env.resetTo(2.39, 1.0, 0.0, 0.0);
        Step step = env.step(1);
        assertTrue(step.terminated());
    }

    @Test
    void resetDrawsStateUniformlyInASmallBoxAndIsSeeded() {
        CartPole env = new CartPole();
        float[] a = env.reset(42);
        for (float v : a) {
            assertTrue(v >= -0.05f && v <= 0.05f);
        }
        assertArrayEquals(a, new CartPole().reset(42));
        assertNotEquals(a[0], env.reset()[0]);
    }

    @Test
    void timeLimitTruncatesAt500Steps() {
        Environment env = Environments.make("CartPole-v1");
        assertEquals(500, env.spec().maxEpisodeSteps());
        env.reset(1);
        // A hand-made controller keeps the pole up for the whole episode.
        Step step = null;
        float[] obs = env.reset(1);
        int steps = 0;
        while (step == null || !step.done()) {
            int action = obs[2] + 0.5 * obs[3] + 0.01 * obs[0] + 0.1 * obs[1] > 0 ? 1 : 0;
            step = env.step(action);
            obs = step.observation();
            steps++;
        }
        assertEquals(500, steps);
        assertTrue(step.truncated());
        assertFalse(step.terminated());
    }

    @Test
    void customTimeLimit() {
        Environment env = Environments.make("CartPole-v1", 3);
        env.reset(5);
        assertFalse(env.step(0).truncated());
        assertFalse(env.step(1).truncated());
        assertTrue(env.step(0).truncated());
    }

    @Test
    void unknownIdsAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Environments.make("Pong"));
        assertTrue(e.getMessage().contains("CartPole-v1"));
    }
}
