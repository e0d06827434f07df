package dev.a3c.env.minatar;

import static dev.a3c.env.minatar.MinAtarTesting.at;
import static dev.a3c.env.minatar.MinAtarTesting.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Environments;
import dev.a3c.env.Step;
import org.junit.jupiter.api.Test;

class SeaquestTest {

    private static final int C = Seaquest.CHANNELS;

    /** A Seaquest without sticky actions in which nothing spawns. */
    private static Seaquest empty() {
        Seaquest env = new Seaquest(false, 0.0, true);
        env.reset(0);
        env.enemySpawnCountdown = 1_000_000;
        env.diverSpawnCountdown = 1_000_000;
        return env;
    }

    private static Seaquest.Mover mover(int column, int row, boolean right, int moveCountdown) {
        return new Seaquest.Mover(column, row, right, moveCountdown, 1_000_000);
    }

    @Test
    void startsOnTheSurfaceFacingLeftWithFullOxygen() {
        float[] obs = new Seaquest().reset(4);
        assertTrue(at(obs, 0, 5, Seaquest.SUB_FRONT, C));
        assertTrue(at(obs, 0, 6, Seaquest.SUB_BACK, C));
        assertEquals(10, count(obs, Seaquest.OXYGEN_GAUGE, C));
        assertEquals(0, count(obs, Seaquest.DIVER_GAUGE, C));
        for (int channel : new int[] {Seaquest.FISH, Seaquest.ENEMY_SUB, Seaquest.DIVER, Seaquest.TRAIL,
                Seaquest.FRIENDLY_BULLET, Seaquest.ENEMY_BULLET}) {
            assertEquals(0, count(obs, channel, C));
        }
    }

    @Test
    void theSubmarineMovesTurnsAndStaysAboveTheGaugeRow() {
        Seaquest env = empty();
        float[] obs = env.step(MinAtarGame.RIGHT).observation();
        assertTrue(at(obs, 0, 6, Seaquest.SUB_FRONT, C) && at(obs, 0, 5, Seaquest.SUB_BACK, C));
        for (int i = 0; i < 12; i++) {
            env.step(MinAtarGame.DOWN);
        }
        assertEquals(8, env.subRow);
        obs = env.step(MinAtarGame.LEFT).observation();
        assertTrue(at(obs, 8, 5, Seaquest.SUB_FRONT, C) && at(obs, 8, 6, Seaquest.SUB_BACK, C));
    }

    @Test
    void shootingAFishPaysOne() {
        Seaquest env = empty();
        env.subRow = 3;
        env.surfaced = false;
        env.fish.add(mover(2, 3, true, 1_000_000));
        float[] obs = env.step(MinAtarGame.FIRE).observation();
        assertTrue(at(obs, 3, 4, Seaquest.FRIENDLY_BULLET, C));
        assertTrue(at(obs, 3, 2, Seaquest.FISH, C) && at(obs, 3, 1, Seaquest.TRAIL, C));
        assertEquals(0.0, env.step(MinAtarGame.FIRE).reward(), "reloading: no second bullet");
        Step hit = env.step(MinAtarGame.NOOP);
        assertEquals(1.0, hit.reward());
        assertFalse(hit.done());
        assertEquals(0, count(hit.observation(), Seaquest.FISH, C));
        assertEquals(0, count(hit.observation(), Seaquest.FRIENDLY_BULLET, C));
    }

    @Test
    void shootingAnEnemySubmarineThatMovesIntoABulletPaysOne() {
        Seaquest env = empty();
        env.subRow = 4;
        env.surfaced = false;
        env.facingRight = true;
        env.enemySubs.add(mover(7, 4, false, 0));
        Step step = env.step(MinAtarGame.FIRE);
        // The bullet flies to column 6 and the submarine moves onto it.
        assertEquals(1.0, step.reward());
        assertTrue(env.enemySubs.isEmpty());
        assertTrue(env.friendlyBullets.isEmpty());
    }

    @Test
    void touchingAnEnemyOrAnEnemyBulletTerminates() {
        Seaquest fishy = empty();
        fishy.subRow = 2;
        fishy.surfaced = false;
        fishy.fish.add(mover(4, 2, true, 0));
        assertTrue(fishy.step(MinAtarGame.NOOP).terminated());

        Seaquest shot = empty();
        shot.subRow = 6;
        shot.surfaced = false;
        Seaquest.Mover sub = new Seaquest.Mover(1, 6, true, 1_000_000, 0);
        shot.enemySubs.add(sub);
        float[] obs = shot.step(MinAtarGame.NOOP).observation();
        assertTrue(at(obs, 6, 2, Seaquest.ENEMY_BULLET, C), "the enemy submarine fires ahead of itself");
        assertEquals(Seaquest.ENEMY_SHOT_PERIOD, sub.shotCountdown);
        assertFalse(shot.step(MinAtarGame.NOOP).done());
        assertFalse(shot.step(MinAtarGame.NOOP).done());
        assertTrue(shot.step(MinAtarGame.NOOP).terminated(), "the bullet reaches column 5");
    }

    @Test
    void oxygenRunsOutAfter200FramesUnderwater() {
        Seaquest env = empty();
        int frames = 0;
        Step step;
        do {
            step = env.step(MinAtarGame.DOWN);
            frames++;
            if (frames == 100) {
                assertEquals(5, count(step.observation(), Seaquest.OXYGEN_GAUGE, C));
            }
        } while (!step.done());
        assertTrue(step.terminated());
        assertEquals(Seaquest.MAX_OXYGEN + 1, frames);
        assertEquals(0, count(step.observation(), Seaquest.OXYGEN_GAUGE, C));
    }

    @Test
    void surfacingWithoutADiverTerminates() {
        Seaquest env = empty();
        assertFalse(env.step(MinAtarGame.NOOP).done(), "waiting on the surface at the start is allowed");
        env.step(MinAtarGame.DOWN);
        Step step = env.step(MinAtarGame.UP);
        assertTrue(step.terminated());
        assertEquals(0.0, step.reward());
    }

    @Test
    void pickingUpADiverAndSurfacingRefillsOxygenUsesADiverAndRampsDifficulty() {
        Seaquest env = empty();
        env.diversInWater.add(mover(5, 2, true, 1_000_000));
        env.step(MinAtarGame.DOWN);
        float[] obs = env.step(MinAtarGame.DOWN).observation();
        assertEquals(1, env.divers);
        assertTrue(at(obs, 9, 8, Seaquest.DIVER_GAUGE, C));
        assertEquals(0, count(obs, Seaquest.DIVER, C));
        env.divers = 2;
        env.step(MinAtarGame.UP);
        Step step = env.step(MinAtarGame.UP);
        assertFalse(step.done());
        assertEquals(0.0, step.reward());
        assertEquals(1, env.divers);
        assertEquals(Seaquest.MAX_OXYGEN, env.oxygen);
        assertEquals(1, env.difficulty());
        assertEquals(Seaquest.INITIAL_SPAWN_PERIOD - 1, env.enemySpawnPeriod);
        assertFalse(env.step(MinAtarGame.NOOP).done(), "staying on the surface costs nothing more");
        assertEquals(1, env.divers);
    }

    @Test
    void surfacingWithSixDiversPaysForTheRemainingOxygen() {
        Seaquest env = empty();
        env.step(MinAtarGame.DOWN);
        env.divers = Seaquest.MAX_DIVERS;
        env.oxygen = 157;
        float[] obs = env.observation();
        assertEquals(6, count(obs, Seaquest.DIVER_GAUGE, C));
        assertEquals(7, count(obs, Seaquest.OXYGEN_GAUGE, C));
        Step step = env.step(MinAtarGame.UP);
        assertEquals(157 * 10 / 200, step.reward());
        assertFalse(step.done());
        assertEquals(0, count(step.observation(), Seaquest.DIVER_GAUGE, C));
        assertEquals(10, count(step.observation(), Seaquest.OXYGEN_GAUGE, C));
    }

    @Test
    void enemiesDoNotSpawnInARowHeldByAnEnemyHeadingTheOtherWay() {
        int spawned = 0;
        for (long seed = 0; seed < 300; seed++) {
            Seaquest env = empty();
            env.reset(seed);
            env.diverSpawnCountdown = 1_000_000;
            for (int row = 1; row <= 8; row++) {
                env.fish.add(mover(5, row, true, 1_000_000));
            }
            env.enemySpawnCountdown = 0;
            env.step(MinAtarGame.NOOP);
            int enemies = env.fish.size() + env.enemySubs.size();
            for (Seaquest.Mover m : env.fish) {
                assertTrue(m.right);
            }
            for (Seaquest.Mover m : env.enemySubs) {
                assertTrue(m.right);
                assertEquals(0, m.column);
            }
            spawned += enemies - 8;
        }
        assertEquals(150, spawned, 40);
    }

    @Test
    void randomPolicyReturnAndLengthMatchTheReference() {
        // Reference (kenjyoung/MinAtar, sticky 0.1, ramping, uniform random actions), 2000 episodes:
        // return mean 0.1010 sd 0.3766, length mean 30.73 sd 37.35 (the minimal set is all six actions).
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/Seaquest-v0"), 3000,
                new MinAtarTesting.Statistics(2000, 0.1010, 0.3766, 30.73, 37.35));
    }
}
