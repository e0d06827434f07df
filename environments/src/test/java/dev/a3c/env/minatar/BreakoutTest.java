package dev.a3c.env.minatar;

import static dev.a3c.env.minatar.MinAtarTesting.at;
import static dev.a3c.env.minatar.MinAtarTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Environments;
import dev.a3c.env.Step;
import org.junit.jupiter.api.Test;

class BreakoutTest {

    private static final int C = Breakout.CHANNELS;

    /** A deterministic Breakout (no sticky actions) with the ball placed by hand. */
    private static Breakout placed(int row, int column, int rowVelocity, int columnVelocity, int paddle) {
        Breakout env = new Breakout(false, 0.0);
        env.reset(0);
        env.ballRow = row;
        env.ballColumn = column;
        env.rowVelocity = rowVelocity;
        env.columnVelocity = columnVelocity;
        env.paddle = paddle;
        return env;
    }

    @Test
    void startsWithThreeRowsOfBricksAndTheBallFallingFromACorner() {
        boolean left = false;
        boolean right = false;
        for (long seed = 0; seed < 40; seed++) {
            float[] obs = new Breakout().reset(seed);
            assertEquals(30, count(obs, Breakout.BRICK, C));
            for (int column = 0; column < 10; column++) {
                for (int row = 1; row <= 3; row++) {
                    assertTrue(at(obs, row, column, Breakout.BRICK, C));
                }
            }
            assertTrue(at(obs, 9, 4, Breakout.PADDLE, C));
            assertEquals(1, count(obs, Breakout.PADDLE, C));
            left |= at(obs, 3, 0, Breakout.BALL, C) && at(obs, 3, 0, Breakout.TRAIL, C);
            right |= at(obs, 3, 9, Breakout.BALL, C) && at(obs, 3, 9, Breakout.TRAIL, C);
            assertEquals(1, count(obs, Breakout.BALL, C));
        }
        assertTrue(left && right);
    }

    @Test
    void ballMovesDiagonallyLeavingATrail() {
        Breakout env = placed(5, 2, 1, 1, 0);
        float[] obs = env.step(MinAtarGame.NOOP).observation();
        assertTrue(at(obs, 6, 3, Breakout.BALL, C));
        assertTrue(at(obs, 5, 2, Breakout.TRAIL, C));
        assertEquals(1, count(obs, Breakout.TRAIL, C));
    }

    @Test
    void brickHitPaysOneRemovesTheBrickAndReflectsTheBall() {
        Breakout env = placed(4, 5, -1, 1, 0);
        Step step = env.step(MinAtarGame.NOOP);
        assertEquals(1.0, step.reward());
        assertFalse(step.done());
        float[] obs = step.observation();
        assertFalse(at(obs, 3, 6, Breakout.BRICK, C));
        assertEquals(29, count(obs, Breakout.BRICK, C));
        assertTrue(at(obs, 4, 6, Breakout.BALL, C), "the ball stays on its row and continues sideways");
        assertEquals(1, env.rowVelocity);
        assertEquals(1, env.columnVelocity);
        Step next = env.step(MinAtarGame.NOOP);
        assertEquals(0.0, next.reward());
        assertTrue(at(next.observation(), 5, 7, Breakout.BALL, C));
    }

    @Test
    void ballReflectsOffWallsAndCeiling() {
        Breakout env = placed(6, 9, 1, 1, 0);
        assertTrue(at(env.step(MinAtarGame.NOOP).observation(), 7, 9, Breakout.BALL, C));
        assertEquals(-1, env.columnVelocity);
        assertTrue(at(env.step(MinAtarGame.NOOP).observation(), 8, 8, Breakout.BALL, C));

        Breakout top = placed(0, 4, -1, -1, 0);
        top.bricks[1][3] = false;
        assertTrue(at(top.step(MinAtarGame.NOOP).observation(), 0, 3, Breakout.BALL, C));
        assertEquals(1, top.rowVelocity);
        Step brick = top.step(MinAtarGame.NOOP);
        assertEquals(1.0, brick.reward(), "on its way down the ball breaks brick (1, 2)");
        assertTrue(at(brick.observation(), 0, 2, Breakout.BALL, C));
        assertEquals(-1, top.rowVelocity);
    }

    @Test
    void ballBouncesOffThePaddle() {
        Breakout above = placed(8, 4, 1, 1, 4);
        Step step = above.step(MinAtarGame.NOOP);
        assertFalse(step.done());
        assertTrue(at(step.observation(), 8, 5, Breakout.BALL, C));
        assertEquals(-1, above.rowVelocity);
        assertEquals(1, above.columnVelocity);

        Breakout corner = placed(8, 3, 1, 1, 4);
        step = corner.step(MinAtarGame.NOOP);
        assertFalse(step.done());
        assertTrue(at(step.observation(), 8, 4, Breakout.BALL, C));
        assertEquals(-1, corner.rowVelocity);
        assertEquals(-1, corner.columnVelocity);
    }

    @Test
    void ballReachingTheBottomAwayFromThePaddleTerminates() {
        Breakout env = placed(8, 0, 1, 1, 5);
        Step step = env.step(MinAtarGame.NOOP);
        assertTrue(step.terminated());
        assertFalse(step.truncated());
        assertEquals(0.0, step.reward());
        assertTrue(at(step.observation(), 9, 1, Breakout.BALL, C));
        assertThrows(IllegalStateException.class, () -> env.step(MinAtarGame.NOOP));
    }

    @Test
    void paddleMovesLeftAndRightAndStopsAtTheWalls() {
        Breakout env = placed(0, 0, -1, 1, 4);
        int[] expected = {5, 6, 7, 8, 9, 9, 9};
        for (int position : expected) {
            env.ballRow = 0;
            env.rowVelocity = -1;
            float[] obs = env.step(MinAtarGame.RIGHT).observation();
            assertTrue(at(obs, 9, position, Breakout.PADDLE, C));
            assertEquals(1, count(obs, Breakout.PADDLE, C));
        }
        for (int position : new int[] {8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0}) {
            env.ballRow = 0;
            env.rowVelocity = -1;
            assertEquals(1, count(env.observation(), Breakout.PADDLE, C));
            env.step(MinAtarGame.LEFT);
            assertEquals(position, env.paddle);
        }
        // up, down and fire do not move the paddle.
        for (int action : new int[] {MinAtarGame.UP, MinAtarGame.DOWN, MinAtarGame.FIRE, MinAtarGame.NOOP}) {
            env.ballRow = 0;
            env.rowVelocity = -1;
            env.step(action);
            assertEquals(0, env.paddle);
        }
    }

    @Test
    void minimalActionSetIsNoopLeftRight() {
        Breakout env = new Breakout(true, 0.0);
        env.reset(0);
        env.step(2);
        assertEquals(5, env.paddle);
        env.step(1);
        assertEquals(4, env.paddle);
        env.step(0);
        assertEquals(4, env.paddle);
    }

    @Test
    void clearingTheBricksBringsANewSetOfRows() {
        Breakout env = placed(8, 2, 1, 1, 3);
        for (boolean[] row : env.bricks) {
            java.util.Arrays.fill(row, false);
        }
        assertEquals(0, count(env.observation(), Breakout.BRICK, C));
        Step step = env.step(MinAtarGame.NOOP);
        assertFalse(step.done());
        assertEquals(30, count(step.observation(), Breakout.BRICK, C));
        for (int row = 1; row <= 3; row++) {
            for (int column = 0; column < 10; column++) {
                assertTrue(at(step.observation(), row, column, Breakout.BRICK, C));
            }
        }
    }

    @Test
    void theLastBrickPaysAndTheRowsReturnWhenTheBallComesDown() {
        Breakout env = placed(4, 5, -1, 1, 7);
        for (boolean[] row : env.bricks) {
            java.util.Arrays.fill(row, false);
        }
        env.bricks[3][6] = true;
        assertEquals(1.0, env.step(MinAtarGame.NOOP).reward());
        assertEquals(0, env.brickCount());
        // (4,6) -> (5,7) -> (6,8) -> (7,9) -> (8,9) off the wall -> above the paddle at column 9: bounce.
        env.paddle = 9;
        Step step = null;
        for (int i = 0; i < 5; i++) {
            step = env.step(MinAtarGame.NOOP);
        }
        assertFalse(step.done());
        assertEquals(30, env.brickCount());
    }

    @Test
    void aBrickEnteredRightAfterAHitIsNotBroken() {
        Breakout env = placed(4, 5, -1, 1, 0);
        env.struckLastFrame = true;
        Step step = env.step(MinAtarGame.NOOP);
        assertEquals(0.0, step.reward());
        assertTrue(at(step.observation(), 3, 6, Breakout.BRICK, C));
        assertTrue(at(step.observation(), 3, 6, Breakout.BALL, C));
    }

    @Test
    void randomPolicyReturnAndLengthMatchTheReference() {
        // Reference: kenjyoung/MinAtar run outside this repository with sticky actions 0.1 and uniformly random
        // actions, runs pooled (-v0: 2000 + 5000 episodes, -v1: 2000 episodes).
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/Breakout-v0"), 3000,
                new MinAtarTesting.Statistics(7000, 0.5040, 0.72, 11.14, 7.48));
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/Breakout-v1"), 3000,
                new MinAtarTesting.Statistics(2000, 0.4190, 0.6881, 10.28, 7.15));
    }
}
