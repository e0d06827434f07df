package dev.a3c.env;

import static dev.a3c.env.Float32Assert.assertObservation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values: Gymnasium's Continuous_MountainCarEnv.step transcribed into a python/numpy 2.4 script and
 * evaluated in float64 (the action a float32 value, the state stored as float32 after each step as Gymnasium does)
 * from the states given with resetTo.
 */
class MountainCarContinuousTest {

    private static final double EPS = 1e-12;

    @Test
    void stepsFollowGymnasiumsEquations() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.resetTo(-0.5, 0.0);
        Step step = env.step(new float[] {1.0f});
        assertObservation(new float[] {-0.4986768364906311f, 0.0013231569901108742f}, step.observation());
        assertEquals(-0.1, step.reward(), EPS);
        assertFalse(step.terminated());
        step = env.step(new float[] {0.5f});
        assertObservation(new float[] {-0.49679040908813477f, 0.001886416575871408f}, step.observation());
        assertEquals(-0.025, step.reward(), EPS);
        step = env.step(new float[] {-0.3f});
        assertObservation(new float[] {-0.4955548346042633f, 0.0012355705257505178f}, step.observation());
        assertEquals(-0.009000000715255752, step.reward(), EPS);
        step = env.step(new float[] {0.0f});
        assertObservation(new float[] {-0.4945293366909027f, 0.001025488949380815f}, step.observation());
        assertEquals(0.0, step.reward(), EPS);
        assertFalse(step.terminated());
        assertFalse(step.truncated());
    }

    @Test
    void theForceIsClippedButTheRewardUsesTheActionAsGiven() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.resetTo(-0.5, 0.0);
        Step step = env.step(new float[] {3.0f});
        assertObservation(new float[] {-0.4986768364906311f, 0.0013231569901108742f}, step.observation());
        assertEquals(-0.9, step.reward(), EPS);
        step = env.step(new float[] {-2.5f});
        assertObservation(new float[] {-0.499040424823761f, -0.00036358347279019654f}, step.observation());
        assertEquals(-0.625, step.reward(), EPS);
    }

    @Test
    void theLeftWallStopsTheCar() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.resetTo(-1.18, -0.05);
        Step step = env.step(new float[] {-1.0f});
        assertArrayEquals(new float[] {-1.2f, 0.0f}, step.observation());
        assertEquals(-0.1, step.reward(), EPS);
        step = env.step(new float[] {-1.0f});
        assertObservation(new float[] {-1.1992582082748413f, 0.0007418958703055978f}, step.observation());
    }

    @Test
    void reachingTheGoalPays100() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.resetTo(0.43, 0.03);
        Step step = env.step(new float[] {0.7f});
        assertObservation(new float[] {0.4603571891784668f, 0.030357196927070618f}, step.observation());
        assertEquals(99.95100000166893, step.reward(), EPS);
        assertTrue(step.terminated());
        assertThrows(IllegalStateException.class, () -> env.step(new float[] {0f}));
    }

    @Test
    void rejectsDiscreteAndMalformedActions() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.reset(1);
        assertThrows(UnsupportedOperationException.class, () -> env.step(1));
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0f, 0f}));
        assertThrows(IllegalStateException.class, () -> new MountainCarContinuous().step(new float[] {0f}));
    }

    @Test
    void resetDrawsThePositionInTheValleyAndIsSeeded() {
        MountainCarContinuous env = new MountainCarContinuous();
        float[] first = env.reset(7);
        for (int i = 0; i < 100; i++) {
            float[] obs = i == 0 ? first : env.reset();
            assertTrue(obs[0] >= -0.6f && obs[0] <= -0.4f, "position " + obs[0]);
            assertEquals(0.0f, obs[1]);
        }
        assertArrayEquals(first, new MountainCarContinuous().reset(7));
        assertNotEquals(first[0], new MountainCarContinuous().reset(8)[0]);
    }

    @Test
    void specAndTimeLimitTruncatesAt999Steps() {
        EnvironmentSpec spec = Environments.spec("MountainCarContinuous-v0");
        assertEquals(2, spec.observationSize());
        assertFalse(spec.hasDiscreteActions());
        ActionSpace.Box box = assertInstanceOf(ActionSpace.Box.class, spec.actionSpace());
        assertEquals(List.of(-1.0), box.low());
        assertEquals(List.of(1.0), box.high());
        assertEquals(90.0, spec.rewardThreshold());
        Environment env = Environments.make("MountainCarContinuous-v0");
        env.reset(2);
        Step step;
        int steps = 0;
        do {
            step = env.step(new float[] {0.0f});
            steps++;
        } while (!step.done());
        assertEquals(999, steps);
        assertTrue(step.truncated());
        assertFalse(step.terminated());
    }

    @Test
    void pushingWithTheVelocityReachesTheGoal() {
        Environment env = Environments.make("MountainCarContinuous-v0");
        float[] obs = env.reset(2);
        Step step;
        double total = 0;
        do {
            step = env.step(new float[] {obs[1] >= 0 ? 1.0f : -1.0f});
            obs = step.observation();
            total += step.reward();
        } while (!step.done());
        assertTrue(step.terminated());
        assertTrue(obs[0] >= 0.45f);
        assertTrue(total > 80.0, "return " + total);
    }
}
