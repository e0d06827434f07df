package dev.a3c.env;

import static dev.a3c.env.Float32Assert.assertObservation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reference values: Gymnasium's MountainCarEnv.step transcribed into a python/numpy 2.4 script and evaluated in
 * float64 from the states given with resetTo, the observation cast to float32.
 */
class MountainCarTest {

    @Test
    void stepsFollowGymnasiumsEquations() {
        MountainCar env = new MountainCar();
        env.resetTo(-0.5, 0.0);
        Step step = env.step(2);
        assertObservation(new float[] {-0.49917683005332947f, 0.0008231570245698094f}, step.observation());
        assertEquals(-1.0, step.reward());
        assertFalse(step.terminated());
        step = env.step(2);
        assertObservation(new float[] {-0.49753668904304504f, 0.001640156377106905f}, step.observation());
        step = env.step(0);
        assertObservation(new float[] {-0.49709179997444153f, 0.00044488973799161613f}, step.observation());
        step = env.step(1);
        assertObservation(new float[] {-0.4968455135822296f, 0.0002462968695908785f}, step.observation());
        assertEquals(-1.0, step.reward());
        assertFalse(step.terminated());
        assertFalse(step.truncated());
    }

    @Test
    void theLeftWallStopsTheCar() {
        MountainCar env = new MountainCar();
        env.resetTo(-1.18, -0.05);
        Step step = env.step(0);
        assertArrayEquals(new float[] {-1.2f, 0.0f}, step.observation());
        assertEquals(-1.0, step.reward());
        step = env.step(0);
        assertObservation(new float[] {-1.1987581253051758f, 0.0012418960686773062f}, step.observation());
    }

    @Test
    void velocityIsClipped() {
        MountainCar env = new MountainCar();
        env.resetTo(-0.9, 0.0695);
        Step step = env.step(2);
        assertObservation(new float[] {-0.8299999833106995f, 0.07000000029802322f}, step.observation());
        assertEquals(0.07f, step.observation()[1]);
    }

    @Test
    void terminatesAtTheGoalMovingRight() {
        MountainCar env = new MountainCar();
        env.resetTo(0.48, 0.03);
        Step step = env.step(2);
        assertObservation(new float[] {0.5106739401817322f, 0.03067394159734249f}, step.observation());
        assertEquals(-1.0, step.reward());
        assertTrue(step.terminated());
        assertThrows(IllegalStateException.class, () -> env.step(1));
    }

    @Test
    void pastTheGoalButMovingLeftDoesNotTerminate() {
        MountainCar env = new MountainCar();
        env.resetTo(0.52, -0.001);
        Step step = env.step(1);
        assertObservation(new float[] {0.5189729928970337f, -0.0010269902413710952f}, step.observation());
        assertFalse(step.terminated());
    }

    @Test
    void rejectsInvalidActions() {
        MountainCar env = new MountainCar();
        env.reset(1);
        assertThrows(IllegalArgumentException.class, () -> env.step(3));
        assertThrows(UnsupportedOperationException.class, () -> env.step(new float[] {0f}));
        assertThrows(IllegalStateException.class, () -> new MountainCar().step(1));
    }

    @Test
    void resetDrawsThePositionInTheValleyAndIsSeeded() {
        MountainCar env = new MountainCar();
        float[] first = env.reset(7);
        for (int i = 0; i < 100; i++) {
            float[] obs = i == 0 ? first : env.reset();
            assertTrue(obs[0] >= -0.6f && obs[0] <= -0.4f, "position " + obs[0]);
            assertEquals(0.0f, obs[1]);
        }
        assertArrayEquals(first, new MountainCar().reset(7));
        assertNotEquals(first[0], new MountainCar().reset(8)[0]);
    }

    @Test
    void specAndTimeLimitTruncatesAt200Steps() {
        EnvironmentSpec spec = Environments.spec("MountainCar-v0");
        assertEquals(2, spec.observationSize());
        assertEquals(3, spec.actionCount());
        assertEquals(-110.0, spec.rewardThreshold());
        Environment env = Environments.make("MountainCar-v0");
        env.reset(2);
        Step step;
        int steps = 0;
        do {
            step = env.step(1);
            steps++;
        } while (!step.done());
        assertEquals(200, steps);
        assertTrue(step.truncated());
        assertFalse(step.terminated());
    }

    @Test
    void pushingWithTheVelocityReachesTheGoal() {
        Environment env = Environments.make("MountainCar-v0");
        float[] obs = env.reset(2);
        Step step;
        int steps = 0;
        do {
            step = env.step(obs[1] >= 0 ? 2 : 0);
            obs = step.observation();
            steps++;
        } while (!step.done());
        assertTrue(step.terminated(), "ended after " + steps + " steps");
        assertFalse(step.truncated());
        assertTrue(obs[0] >= 0.5f);
    }
}
