package dev.a3c.env;

import static dev.a3c.env.Float32Assert.assertObservation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values: Gymnasium's PendulumEnv.step and angle_normalize transcribed into a python/numpy 2.4 script and
 * evaluated in float64 (the torque a float32 value) from the states given with resetTo, the observation cast to
 * float32.
 */
class PendulumTest {

    private static final double EPS = 1e-12;

    @Test
    void stepsFollowGymnasiumsEquations() {
        Pendulum env = new Pendulum();
        env.resetTo(3.0, 0.5);
        Step step = env.step(new float[] {1.0f});
        assertObservation(new float[] {-0.9946175217628479f, 0.10361435264348984f, 0.755840003490448f},
                step.observation());
        assertEquals(-9.026, step.reward(), EPS);
        step = env.step(new float[] {-2.0f});
        assertObservation(new float[] {-0.9970274567604065f, 0.07704668492078781f, 0.5335507988929749f},
                step.observation());
        assertEquals(-9.28930964857411, step.reward(), EPS);
        step = env.step(new float[] {0.0f});
        assertObservation(new float[] {-0.9988694190979004f, 0.047538403421640396f, 0.5913357734680176f},
                step.observation());
        assertEquals(-9.419441196790647, step.reward(), EPS);
        assertFalse(step.terminated());
        assertFalse(step.truncated());
    }

    @Test
    void theCostNormalisesTheAngleAndTheTorqueIsClipped() {
        // theta 7.5 counts as 1.2168146928204138 in the cost; torques 3 and -5 are clipped to +-2.
        Pendulum env = new Pendulum();
        env.resetTo(7.5, -1.0);
        Step step = env.step(new float[] {3.0f});
        assertObservation(new float[] {0.3464711606502533f, 0.9380606412887573f, 0.0034999826457351446f},
                step.observation());
        assertEquals(-1.584637996663638, step.reward(), EPS);
        step = env.step(new float[] {-5.0f});
        assertObservation(new float[] {0.3273090720176697f, 0.9449173212051392f, 0.40704545378685f},
                step.observation());
        assertEquals(-1.485065135299064, step.reward(), EPS);
    }

    @Test
    void theAngularVelocityIsClippedAndNegativeAnglesNormalised() {
        Pendulum env = new Pendulum();
        env.resetTo(-4.0, 7.9);
        Step step = env.step(new float[] {2.0f});
        assertObservation(new float[] {-0.8967584371566772f, 0.4425204396247864f, 8.0f}, step.observation());
        assertEquals(-11.457935146920741, step.reward(), EPS);
        step = env.step(new float[] {2.0f});
        assertObservation(new float[] {-0.9982947707176208f, 0.05837414413690567f, 8.0f}, step.observation());
        assertEquals(-13.603483392664414, step.reward(), EPS);
    }

    @Test
    void gravityIsAParameter() {
        Pendulum env = new Pendulum(9.81);
        env.resetTo(1.0, 0.0);
        Step step = env.step(new float[] {0.5f});
        assertObservation(new float[] {0.5107790231704712f, 0.8597120046615601f, 0.6941123008728027f},
                step.observation());
        assertEquals(-1.00025, step.reward(), EPS);
    }

    @Test
    void angleNormalizeMatchesPythonsFlooredModulo() {
        assertEquals(1.2168146928204138, Pendulum.angleNormalize(7.5), EPS);
        assertEquals(2.2831853071795862, Pendulum.angleNormalize(-4.0), EPS);
        assertEquals(3.0, Pendulum.angleNormalize(3.0), EPS);
        assertEquals(-3.0, Pendulum.angleNormalize(-3.0), EPS);
        assertEquals(-2.5663706143591725, Pendulum.angleNormalize(10.0), EPS);
        assertEquals(2.5663706143591725, Pendulum.angleNormalize(-10.0), EPS);
        assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI), EPS);
        assertEquals(-Math.PI, Pendulum.angleNormalize(-Math.PI), EPS);
    }

    @Test
    void rejectsDiscreteAndMalformedActions() {
        Pendulum env = new Pendulum();
        env.reset(1);
        assertThrows(UnsupportedOperationException.class, () -> env.step(1));
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[0]));
        assertThrows(IllegalStateException.class, () -> new Pendulum().step(new float[] {0f}));
    }

    @Test
    void resetDrawsAnyAngleAndASmallVelocityAndIsSeeded() {
        Pendulum env = new Pendulum();
        float[] first = env.reset(11);
        boolean sawNegative = false;
        boolean sawPositive = false;
        for (int i = 0; i < 200; i++) {
            float[] obs = i == 0 ? first : env.reset();
            assertEquals(1.0, obs[0] * obs[0] + obs[1] * obs[1], 1e-6);
            assertTrue(obs[2] >= -1.0f && obs[2] <= 1.0f, "velocity " + obs[2]);
            sawNegative |= obs[1] < -0.5f;
            sawPositive |= obs[1] > 0.5f;
        }
        assertTrue(sawNegative && sawPositive, "angles should cover [-pi, pi]");
        assertArrayEquals(first, new Pendulum().reset(11));
        assertNotEquals(first[2], new Pendulum().reset(12)[2]);
    }

    @Test
    void specNeverTerminatesAndTruncatesAt200Steps() {
        EnvironmentSpec spec = Environments.spec("Pendulum-v1");
        assertEquals(3, spec.observationSize());
        assertFalse(spec.hasDiscreteActions());
        ActionSpace.Box box = assertInstanceOf(ActionSpace.Box.class, spec.actionSpace());
        assertEquals(List.of(-2.0), box.low());
        assertEquals(List.of(2.0), box.high());
        assertNull(spec.rewardThreshold());
        Environment env = Environments.make("Pendulum-v1");
        env.reset(4);
        Step step;
        int steps = 0;
        do {
            step = env.step(new float[] {2.0f});
            steps++;
            assertFalse(step.terminated());
            assertTrue(step.reward() <= 0.0 && step.reward() >= -16.2736044, "reward " + step.reward());
        } while (!step.done());
        assertEquals(200, steps);
        assertTrue(step.truncated());
    }
}
