package dev.a3c.env.minatar;

import static dev.a3c.env.minatar.MinAtarTesting.at;
import static dev.a3c.env.minatar.MinAtarTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Environments;
import dev.a3c.env.Step;
import org.junit.jupiter.api.Test;

class FreewayTest {

    private static final int C = Freeway.CHANNELS;

    /** A Freeway without sticky actions whose cars are parked at column 0 and never move. */
    private static Freeway quiet() {
        Freeway env = new Freeway(false, 0.0);
        env.reset(0);
        for (int car = 0; car < Freeway.CARS; car++) {
            env.carColumn[car] = 0;
            env.carCountdown[car] = 1_000_000;
        }
        return env;
    }

    @Test
    void startsAtTheBottomWithOneCarPerLaneAndSpeedTrails() {
        Freeway env = new Freeway();
        float[] obs = env.reset(5);
        assertTrue(at(obs, 9, 4, Freeway.CHICKEN, C));
        assertEquals(1, count(obs, Freeway.CHICKEN, C));
        assertEquals(8, count(obs, Freeway.CAR, C));
        int trails = 0;
        for (int car = 0; car < 8; car++) {
            int row = car + 1;
            assertTrue(at(obs, row, 0, Freeway.CAR, C));
            int period = env.carPeriod[car];
            assertTrue(period >= 1 && period <= 5);
            int back = env.carDirection[car] > 0 ? 9 : 1;
            assertTrue(at(obs, row, back, Freeway.SPEED1 + period - 1, C), "trail behind car " + car);
        }
        for (int channel = Freeway.SPEED1; channel < C; channel++) {
            trails += count(obs, channel, C);
        }
        assertEquals(8, trails);
    }

    @Test
    void theChickenMovesAtMostOnceEveryThreeFrames() {
        Freeway env = quiet();
        int[] rows = new int[10];
        for (int i = 0; i < 10; i++) {
            env.step(MinAtarGame.UP);
            rows[i] = env.chickenRow;
        }
        assertEquals(java.util.List.of(9, 9, 9, 8, 8, 8, 7, 7, 7, 6),
                java.util.Arrays.stream(rows).boxed().toList());
        env.step(MinAtarGame.DOWN);
        env.step(MinAtarGame.DOWN);
        assertEquals(6, env.chickenRow);
        env.step(MinAtarGame.DOWN);
        assertEquals(7, env.chickenRow);
        for (int action : new int[] {MinAtarGame.LEFT, MinAtarGame.RIGHT, MinAtarGame.FIRE, MinAtarGame.NOOP}) {
            for (int i = 0; i < 4; i++) {
                env.step(action);
            }
            assertEquals(7, env.chickenRow);
        }
    }

    @Test
    void reachingTheTopPaysOneAndSendsTheChickenBackWithNewCarSpeeds() {
        Freeway env = quiet();
        env.chickenRow = 1;
        env.moveCooldown = 0;
        Step step = env.step(MinAtarGame.UP);
        assertEquals(1.0, step.reward());
        assertFalse(step.done());
        assertTrue(at(step.observation(), 9, 4, Freeway.CHICKEN, C));
        for (int car = 0; car < Freeway.CARS; car++) {
            assertEquals(0, env.carColumn[car], "positions are kept");
            assertEquals(env.carPeriod[car] - 1, env.carCountdown[car], "speeds and countdowns are redrawn");
        }
    }

    @Test
    void aCarHittingTheChickenPushesItBackToTheBottom() {
        Freeway env = quiet();
        env.chickenRow = 5;
        // car 4 drives on row 5; it moves onto column 4 this frame.
        env.carColumn[4] = 3;
        env.carDirection[4] = 1;
        env.carCountdown[4] = 0;
        Step step = env.step(MinAtarGame.NOOP);
        assertEquals(0.0, step.reward());
        assertTrue(at(step.observation(), 9, 4, Freeway.CHICKEN, C));
        assertTrue(at(step.observation(), 5, 4, Freeway.CAR, C));

        // Walking into a car that stands on the chicken's column also sends the chicken back.
        Freeway walker = quiet();
        walker.chickenRow = 6;
        walker.moveCooldown = 0;
        walker.carColumn[4] = 4;
        walker.step(MinAtarGame.UP);
        assertEquals(9, walker.chickenRow);
    }

    @Test
    void carsWrapAroundTheScreen() {
        Freeway env = quiet();
        env.carColumn[0] = 0;
        env.carDirection[0] = -1;
        env.carPeriod[0] = 2;
        env.carCountdown[0] = 0;
        float[] obs = env.step(MinAtarGame.NOOP).observation();
        assertTrue(at(obs, 1, 9, Freeway.CAR, C));
        assertTrue(at(obs, 1, 0, Freeway.SPEED1 + 1, C));
        assertEquals(2, env.carCountdown[0]);
    }

    @Test
    void theGameEndsAfter2500Frames() {
        Freeway env = new Freeway();
        env.reset(3);
        int steps = 0;
        Step step;
        do {
            step = env.step(MinAtarGame.NOOP);
            steps++;
        } while (!step.done());
        assertEquals(Freeway.TIME_LIMIT + 1, steps);
        assertTrue(step.terminated());
        assertFalse(step.truncated());
    }

    @Test
    void minimalActionSetIsNoopUpDown() {
        Freeway env = new Freeway(true, 0.0);
        env.reset(0);
        env.moveCooldown = 0;
        env.chickenRow = 5;
        env.carColumn[4] = 0;
        env.carColumn[5] = 0;
        env.carCountdown[4] = 100;
        env.carCountdown[5] = 100;
        env.step(1);
        assertEquals(4, env.chickenRow);
        env.moveCooldown = 0;
        env.step(2);
        assertEquals(5, env.chickenRow);
    }

    @Test
    void randomPolicyReturnAndLengthMatchTheReference() {
        // Reference (kenjyoung/MinAtar, sticky 0.1, uniform random actions, 400 episodes of 2501 frames):
        // -v0 mean 0.145 sd 0.373; -v1 mean 0.410 sd 0.606.
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/Freeway-v0"), 300,
                new MinAtarTesting.Statistics(400, 0.145, 0.3728, 2501, 0));
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/Freeway-v1"), 300,
                new MinAtarTesting.Statistics(400, 0.410, 0.6057, 2501, 0));
    }
}
