package dev.a3c.env.minatar;

import static dev.a3c.env.minatar.MinAtarTesting.at;
import static dev.a3c.env.minatar.MinAtarTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Environments;
import dev.a3c.env.Step;
import org.junit.jupiter.api.Test;

class SpaceInvadersTest {

    private static final int C = SpaceInvaders.CHANNELS;

    private static SpaceInvaders fresh(boolean ramping) {
        SpaceInvaders env = new SpaceInvaders(false, 0.0, ramping);
        env.reset(0);
        return env;
    }

    /** An episode with the aliens frozen (no marching, no shooting) and only the given aliens. */
    private static SpaceInvaders frozen(int[]... aliens) {
        SpaceInvaders env = fresh(true);
        for (boolean[] row : env.aliens) {
            java.util.Arrays.fill(row, false);
        }
        for (int[] alien : aliens) {
            env.aliens[alien[0]][alien[1]] = true;
        }
        env.moveCountdown = 1_000_000;
        env.enemyShotCountdown = 1_000_000;
        return env;
    }

    @Test
    void startsWithABlockOfTwentyFourAliensMarchingLeft() {
        float[] obs = new SpaceInvaders().reset(0);
        assertTrue(at(obs, 9, 5, SpaceInvaders.CANNON, C));
        assertEquals(24, count(obs, SpaceInvaders.ALIEN, C));
        assertEquals(24, count(obs, SpaceInvaders.ALIEN_LEFT, C));
        assertEquals(0, count(obs, SpaceInvaders.ALIEN_RIGHT, C));
        for (int row = 0; row < 4; row++) {
            for (int column = 2; column < 8; column++) {
                assertTrue(at(obs, row, column, SpaceInvaders.ALIEN, C));
            }
        }
    }

    @Test
    void firingLaunchesABulletUpwardWithAFiveFrameCooldown() {
        SpaceInvaders env = frozen(new int[] {0, 0});
        float[] obs = env.step(MinAtarGame.FIRE).observation();
        assertTrue(at(obs, 8, 5, SpaceInvaders.FRIENDLY_BULLET, C));
        assertEquals(1, count(obs, SpaceInvaders.FRIENDLY_BULLET, C));
        for (int i = 0; i < 4; i++) {
            obs = env.step(MinAtarGame.FIRE).observation();
            assertEquals(1, count(obs, SpaceInvaders.FRIENDLY_BULLET, C), "reloading: no new bullet");
            assertEquals(5, env.cannon, "a fire action while reloading does not move the cannon");
        }
        assertTrue(at(obs, 4, 5, SpaceInvaders.FRIENDLY_BULLET, C));
        obs = env.step(MinAtarGame.FIRE).observation();
        assertEquals(2, count(obs, SpaceInvaders.FRIENDLY_BULLET, C));
    }

    @Test
    void theCannonMovesAndStopsAtTheWalls() {
        SpaceInvaders env = frozen(new int[] {0, 0});
        for (int i = 0; i < 7; i++) {
            env.step(MinAtarGame.RIGHT);
        }
        assertEquals(9, env.cannon);
        for (int i = 0; i < 12; i++) {
            env.step(MinAtarGame.LEFT);
        }
        assertEquals(0, env.cannon);
        env.step(MinAtarGame.UP);
        env.step(MinAtarGame.DOWN);
        assertEquals(0, env.cannon);
    }

    @Test
    void shootingAnAlienPaysOneAndRemovesAlienAndBullet() {
        SpaceInvaders env = frozen(new int[] {5, 5}, new int[] {0, 0});
        env.friendlyBullets[6][5] = true;
        Step step = env.step(MinAtarGame.NOOP);
        assertEquals(1.0, step.reward());
        assertFalse(step.done());
        assertEquals(1, count(step.observation(), SpaceInvaders.ALIEN, C));
        assertEquals(0, count(step.observation(), SpaceInvaders.FRIENDLY_BULLET, C));
    }

    @Test
    void theBlockTurnsAndDescendsAtTheEdgeAndSpeedsUpWhenFewAreLeft() {
        SpaceInvaders env = frozen(new int[] {0, 1}, new int[] {1, 1});
        env.moveCountdown = 0;
        float[] obs = env.step(MinAtarGame.NOOP).observation();
        assertTrue(at(obs, 0, 0, SpaceInvaders.ALIEN, C));
        assertTrue(at(obs, 0, 0, SpaceInvaders.ALIEN_LEFT, C));
        // two aliens left: they move every two frames.
        env.step(MinAtarGame.NOOP);
        assertTrue(env.aliens[0][0]);
        obs = env.step(MinAtarGame.NOOP).observation();
        assertTrue(at(obs, 1, 0, SpaceInvaders.ALIEN, C) && at(obs, 2, 0, SpaceInvaders.ALIEN, C), "one row down");
        assertTrue(at(obs, 1, 0, SpaceInvaders.ALIEN_RIGHT, C), "now marching right");
        assertEquals(0, count(obs, SpaceInvaders.ALIEN_LEFT, C));
        env.step(MinAtarGame.NOOP);
        env.step(MinAtarGame.NOOP);
        assertTrue(env.aliens[1][1] && env.aliens[2][1]);
    }

    @Test
    void anEnemyBulletReachingTheCannonTerminates() {
        SpaceInvaders env = frozen(new int[] {0, 0});
        env.enemyBullets[8][5] = true;
        Step step = env.step(MinAtarGame.NOOP);
        assertTrue(step.terminated());

        SpaceInvaders dodger = frozen(new int[] {0, 0});
        dodger.enemyBullets[8][5] = true;
        Step dodged = dodger.step(MinAtarGame.LEFT);
        assertFalse(dodged.done());
        assertTrue(at(dodged.observation(), 9, 5, SpaceInvaders.ENEMY_BULLET, C));
        assertEquals(0, count(dodger.step(MinAtarGame.NOOP).observation(), SpaceInvaders.ENEMY_BULLET, C));
    }

    @Test
    void anAlienReachingTheCannonOrTurningAtTheBottomTerminates() {
        SpaceInvaders env = frozen(new int[] {8, 5});
        env.moveCountdown = 0;
        env.marchDirection = -1;
        env.aliens[8][5] = false;
        env.aliens[9][6] = true;
        assertTrue(env.step(MinAtarGame.NOOP).terminated(), "the alien steps onto the cannon");

        SpaceInvaders bottom = frozen(new int[] {9, 0});
        bottom.moveCountdown = 0;
        assertTrue(bottom.step(MinAtarGame.NOOP).terminated(), "the block turns while on the bottom row");
    }

    @Test
    void theAlienNearestTheCannonShootsEveryTenFrames() {
        SpaceInvaders env = frozen(new int[] {2, 1}, new int[] {3, 1}, new int[] {0, 8}, new int[] {1, 8});
        env.enemyShotCountdown = 0;
        float[] obs = env.step(MinAtarGame.NOOP).observation();
        assertTrue(at(obs, 1, 8, SpaceInvaders.ENEMY_BULLET, C), "lowest alien of the nearest column (8)");
        assertEquals(1, count(obs, SpaceInvaders.ENEMY_BULLET, C));
        for (int i = 0; i < 8; i++) {
            obs = env.step(MinAtarGame.NOOP).observation();
            assertEquals(1, count(obs, SpaceInvaders.ENEMY_BULLET, C));
        }
        assertTrue(at(obs, 9, 8, SpaceInvaders.ENEMY_BULLET, C));
        obs = env.step(MinAtarGame.NOOP).observation();
        assertEquals(0, count(obs, SpaceInvaders.ENEMY_BULLET, C), "the bullet left the screen");
        env.cannon = 2;
        obs = env.step(MinAtarGame.NOOP).observation();
        assertEquals(1, count(obs, SpaceInvaders.ENEMY_BULLET, C), "frame 11: the next shot");
        assertTrue(at(obs, 3, 1, SpaceInvaders.ENEMY_BULLET, C), "now column 1 is nearest");
    }

    @Test
    void aClearedWaveIsReplacedByAFasterOne() {
        SpaceInvaders env = frozen(new int[] {5, 5});
        env.friendlyBullets[6][5] = true;
        Step step = env.step(MinAtarGame.NOOP);
        assertEquals(1.0, step.reward());
        assertEquals(24, count(step.observation(), SpaceInvaders.ALIEN, C));
        assertEquals(SpaceInvaders.INITIAL_MOVE_PERIOD - 1, env.movePeriod);
        assertEquals(1, env.difficulty());

        SpaceInvaders flat = new SpaceInvaders(false, 0.0, false);
        flat.reset(0);
        for (boolean[] row : flat.aliens) {
            java.util.Arrays.fill(row, false);
        }
        flat.aliens[5][5] = true;
        flat.friendlyBullets[6][5] = true;
        flat.step(MinAtarGame.NOOP);
        assertEquals(24, flat.alienCount());
        assertEquals(SpaceInvaders.INITIAL_MOVE_PERIOD, flat.movePeriod);
    }

    @Test
    void randomPolicyReturnAndLengthMatchTheReference() {
        // Reference: kenjyoung/MinAtar run outside this repository (sticky 0.1, ramping, uniformly random actions),
        // runs pooled: -v0 2000 + 5000 episodes, -v1 2000 episodes.
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/SpaceInvaders-v0"), 3000,
                new MinAtarTesting.Statistics(7000, 2.8309, 2.276, 50.14, 37.95));
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/SpaceInvaders-v1"), 3000,
                new MinAtarTesting.Statistics(2000, 4.1075, 3.2535, 59.51, 45.96));
    }
}
