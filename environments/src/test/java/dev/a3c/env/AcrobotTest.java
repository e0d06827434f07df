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
 * Reference values: Gymnasium's AcrobotEnv.step (book dynamics, its rk4 over [0, 0.2], wrap and bound, the
 * terminal test) transcribed into a python/numpy 2.4 script and evaluated in float64 from the states given with
 * resetTo, the observation cast to float32.
 */
class AcrobotTest {

    @Test
    void stepsFollowGymnasiumsEquations() {
        Acrobot env = new Acrobot();
        env.resetTo(0.05, -0.03, 0.02, 0.01);
        Step step = env.step(2);
        assertObservation(new float[] {0.9994232654571533f, 0.03395773842930794f, 0.9999015927314758f,
                0.014027896337211132f, -0.17546464502811432f, 0.41971561312675476f}, step.observation());
        assertEquals(-1.0, step.reward());
        assertFalse(step.terminated());
        step = env.step(0);
        assertObservation(new float[] {0.9999474287033081f, 0.010256227105855942f, 0.9981215000152588f,
                0.0612659752368927f, -0.055584147572517395f, 0.041737113147974014f}, step.observation());
        step = env.step(1);
        assertObservation(new float[] {0.9999998807907104f, -0.0004675112140830606f, 0.9979757070541382f,
                0.06359674036502838f, -0.049426499754190445f, -0.02038908749818802f}, step.observation());
        step = env.step(2);
        assertObservation(new float[] {0.9997581243515015f, -0.021992100402712822f, 0.9962134957313538f,
                0.08694051206111908f, -0.1605604588985443f, 0.24677060544490814f}, step.observation());
        assertEquals(-1.0, step.reward());
        assertFalse(step.terminated());
        assertFalse(step.truncated());
    }

    @Test
    void anglesAreWrappedIntoMinusPiPi() {
        // theta1 3.1 -> -2.7738505519170773 (passes pi), theta2 3.0 -> -3.07669426087973.
        Acrobot env = new Acrobot();
        env.resetTo(3.1, 3.0, 2.0, 1.0);
        Step step = env.step(2);
        assertObservation(new float[] {-0.9331414699554443f, -0.3595094084739685f, -0.997894823551178f,
                -0.06485284864902496f, 2.159836769104004f, 0.9576940536499023f}, step.observation());
        assertEquals(-1.0, step.reward());
        assertFalse(step.terminated());
        step = env.step(2);
        assertObservation(new float[] {-0.6609809398651123f, -0.7504026889801025f, -0.9796887040138245f,
                -0.20052431523799896f, 2.723686456680298f, 0.3234950602054596f}, step.observation());

        // Both angles below -pi: -3.1 -> 2.8235982844523995, -3.0 -> 2.2580002806427544.
        env.resetTo(-3.1, -3.0, -2.0, -5.0);
        step = env.step(0);
        assertObservation(new float[] {-0.949864387512207f, 0.31266212463378906f, -0.6343782544136047f,
                0.7730227708816528f, -1.3326835632324219f, -5.324336528778076f}, step.observation());
        assertFalse(step.terminated());

        assertEquals(-Math.PI + 0.5, Acrobot.wrap(Math.PI + 0.5, -Math.PI, Math.PI), 1e-15);
        assertEquals(Math.PI - 0.5, Acrobot.wrap(-Math.PI - 0.5 - 4 * Math.PI, -Math.PI, Math.PI), 1e-12);
        assertEquals(Math.PI, Acrobot.wrap(Math.PI, -Math.PI, Math.PI));
    }

    @Test
    void velocitiesAreBounded() {
        // dtheta1 would exceed 4 pi: bounded to 12.566370614359172.
        Acrobot env = new Acrobot();
        env.resetTo(0.0, 0.0, 12.0, 27.0);
        Step step = env.step(2);
        assertObservation(new float[] {-0.3804185390472412f, -0.9248144030570984f, -0.9877520203590393f,
                -0.1560318022966385f, 12.566370964050293f, 5.5056843757629395f}, step.observation());
        assertEquals((float) (4 * Math.PI), step.observation()[4]);
    }

    @Test
    void terminatesAboveTheBarWithRewardZero() {
        // -cos(2.7520835208722487) - cos(2.7520835208722487 + 0.36300399358715674) > 1 after the step.
        Acrobot env = new Acrobot();
        env.resetTo(2.8, 0.3, 0.0, 0.0);
        Step step = env.step(1);
        assertObservation(new float[] {-0.9250955581665039f, 0.3797343671321869f, 0.934834361076355f,
                0.35508406162261963f, -0.4893275201320648f, 0.6440982222557068f}, step.observation());
        assertEquals(0.0, step.reward());
        assertTrue(step.terminated());
        assertFalse(step.truncated());
        assertThrows(IllegalStateException.class, () -> env.step(1));
    }

    @Test
    void rejectsInvalidActions() {
        Acrobot env = new Acrobot();
        env.reset(1);
        assertThrows(IllegalArgumentException.class, () -> env.step(3));
        assertThrows(IllegalArgumentException.class, () -> env.step(-1));
        assertThrows(UnsupportedOperationException.class, () -> env.step(new float[] {0f}));
        assertThrows(IllegalStateException.class, () -> new Acrobot().step(0));
    }

    @Test
    void resetDrawsStateUniformlyInASmallBoxAndIsSeeded() {
        Acrobot env = new Acrobot();
        float[] first = env.reset(42);
        for (int i = 0; i < 100; i++) {
            float[] obs = i == 0 ? first : env.reset();
            double theta1 = Math.atan2(obs[1], obs[0]);
            double theta2 = Math.atan2(obs[3], obs[2]);
            for (double v : new double[] {theta1, theta2, obs[4], obs[5]}) {
                assertTrue(Math.abs(v) <= 0.1 + 1e-6, "reset value " + v);
            }
        }
        assertArrayEquals(first, new Acrobot().reset(42));
        assertNotEquals(first[4], new Acrobot().reset(43)[4]);
    }

    @Test
    void specAndTimeLimitTruncatesAt500Steps() {
        EnvironmentSpec spec = Environments.spec("Acrobot-v1");
        assertEquals(6, spec.observationSize());
        assertEquals(3, spec.actionCount());
        assertEquals(-100.0, spec.rewardThreshold());
        Environment env = Environments.make("Acrobot-v1");
        assertEquals(500, env.spec().maxEpisodeSteps());
        env.reset(3);
        // Without torque the links swing near the bottom and never reach the bar.
        Step step;
        int steps = 0;
        do {
            step = env.step(1);
            steps++;
            assertEquals(-1.0, step.reward());
        } while (!step.done());
        assertEquals(500, steps);
        assertTrue(step.truncated());
        assertFalse(step.terminated());
    }
}
