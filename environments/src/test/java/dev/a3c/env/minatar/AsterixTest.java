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

class AsterixTest {

    private static final int C = Asterix.CHANNELS;

    private static Asterix fresh(boolean ramping) {
        Asterix env = new Asterix(false, 0.0, ramping);
        env.reset(0);
        return env;
    }

    private static void put(Asterix env, int lane, int column, boolean right, boolean gold) {
        env.occupied[lane] = true;
        env.column[lane] = column;
        env.movesRight[lane] = right;
        env.gold[lane] = gold;
    }

    @Test
    void startsWithThePlayerInTheMiddleAndNoEntities() {
        float[] obs = new Asterix().reset(1);
        assertTrue(at(obs, 5, 5, Asterix.PLAYER, C));
        assertEquals(1, count(obs, Asterix.PLAYER, C));
        assertEquals(0, count(obs, Asterix.ENEMY, C) + count(obs, Asterix.GOLD, C) + count(obs, Asterix.TRAIL, C));
    }

    @Test
    void thePlayerMovesInFourDirectionsWithinRowsOneToEight() {
        Asterix env = fresh(false);
        for (int i = 0; i < 6; i++) {
            env.step(MinAtarGame.UP);
            java.util.Arrays.fill(env.occupied, false);
        }
        assertEquals(1, env.playerRow);
        for (int i = 0; i < 9; i++) {
            env.step(MinAtarGame.DOWN);
            java.util.Arrays.fill(env.occupied, false);
        }
        assertEquals(8, env.playerRow);
        for (int i = 0; i < 7; i++) {
            env.step(MinAtarGame.LEFT);
            java.util.Arrays.fill(env.occupied, false);
        }
        assertEquals(0, env.playerColumn);
        for (int i = 0; i < 11; i++) {
            env.step(MinAtarGame.RIGHT);
            java.util.Arrays.fill(env.occupied, false);
        }
        assertEquals(9, env.playerColumn);
        env.step(MinAtarGame.FIRE);
        assertEquals(8, env.playerRow);
        assertEquals(9, env.playerColumn);
    }

    @Test
    void pickingUpGoldPaysOneAndRemovesIt() {
        Asterix env = fresh(false);
        put(env, 4, 6, false, true);
        Step step = env.step(MinAtarGame.RIGHT);
        assertEquals(1.0, step.reward());
        assertFalse(step.done());
        assertFalse(env.occupied[4]);
        assertEquals(0, count(step.observation(), Asterix.GOLD, C));

        Asterix moving = fresh(false);
        moving.moveCountdown = 0;
        put(moving, 4, 4, true, true);
        step = moving.step(MinAtarGame.NOOP);
        assertEquals(1.0, step.reward(), "gold moving onto the player is picked up as well");
        assertFalse(moving.occupied[4]);
    }

    @Test
    void touchingAnEnemyTerminates() {
        Asterix env = fresh(false);
        env.moveCountdown = 0;
        put(env, 4, 6, false, false);
        Step step = env.step(MinAtarGame.NOOP);
        assertTrue(step.terminated());
        assertEquals(0.0, step.reward());
        assertThrows(IllegalStateException.class, () -> env.step(0));

        Asterix walker = fresh(false);
        put(walker, 3, 5, true, false);
        assertTrue(walker.step(MinAtarGame.UP).terminated());
    }

    @Test
    void entitiesMoveEveryFiveFramesShowTheirTrailAndLeaveTheScreen() {
        Asterix env = fresh(false);
        put(env, 0, 8, true, false);
        put(env, 7, 3, false, true);
        for (int i = 0; i < 5; i++) {
            env.step(MinAtarGame.NOOP);
            assertEquals(8, env.column[0]);
        }
        float[] obs = env.step(MinAtarGame.NOOP).observation();
        assertTrue(at(obs, 1, 9, Asterix.ENEMY, C));
        assertTrue(at(obs, 1, 8, Asterix.TRAIL, C));
        assertTrue(at(obs, 8, 2, Asterix.GOLD, C));
        assertTrue(at(obs, 8, 3, Asterix.TRAIL, C));
        for (int i = 0; i < 5; i++) {
            env.step(MinAtarGame.NOOP);
        }
        assertFalse(env.occupied[0], "the enemy left the screen");
        assertTrue(env.occupied[7]);
    }

    @Test
    void entitiesSpawnAtTheSidesEveryTenFrames() {
        Asterix env = fresh(false);
        for (int i = 0; i < 10; i++) {
            env.step(MinAtarGame.NOOP);
        }
        assertEquals(0, countOccupied(env));
        env.step(MinAtarGame.NOOP);
        assertEquals(1, countOccupied(env));
        // Spawned at a side, it moves at once: frame 11 is also a move frame (6, 11, 16, ...).
        for (int lane = 0; lane < 8; lane++) {
            if (env.occupied[lane]) {
                assertEquals(env.movesRight[lane] ? 1 : 8, env.column[lane]);
            }
        }
        int golds = 0;
        int rights = 0;
        int spawns = 0;
        for (long seed = 0; seed < 3000; seed++) {
            Asterix e = new Asterix(false, 0.0, true);
            e.reset(seed);
            e.spawnCountdown = 0;
            e.step(MinAtarGame.NOOP);
            for (int lane = 0; lane < 8; lane++) {
                if (e.occupied[lane]) {
                    spawns++;
                    golds += e.gold[lane] ? 1 : 0;
                    rights += e.movesRight[lane] ? 1 : 0;
                }
            }
        }
        assertEquals(3000, spawns);
        assertEquals(1.0 / 3, golds / 3000.0, 0.04);
        assertEquals(0.5, rights / 3000.0, 0.04);
    }

    private static int countOccupied(Asterix env) {
        int n = 0;
        for (boolean o : env.occupied) {
            n += o ? 1 : 0;
        }
        return n;
    }

    @Test
    void difficultyRampsEvery102FramesWhenEnabled() {
        Asterix env = fresh(true);
        for (int i = 0; i < 101; i++) {
            env.step(MinAtarGame.NOOP);
            java.util.Arrays.fill(env.occupied, false);
        }
        assertEquals(10, env.spawnPeriod);
        env.step(MinAtarGame.NOOP);
        assertEquals(9, env.spawnPeriod);
        assertEquals(5, env.movePeriod);
        assertEquals(1, env.difficulty());
        for (int i = 0; i < 102; i++) {
            env.step(MinAtarGame.NOOP);
            java.util.Arrays.fill(env.occupied, false);
        }
        assertEquals(8, env.spawnPeriod);
        assertEquals(4, env.movePeriod);
        assertEquals(2, env.difficulty());

        Asterix flat = fresh(false);
        for (int i = 0; i < 500; i++) {
            flat.step(MinAtarGame.NOOP);
            java.util.Arrays.fill(flat.occupied, false);
        }
        assertEquals(10, flat.spawnPeriod);
        assertEquals(5, flat.movePeriod);
        assertEquals(0, flat.difficulty());
    }

    @Test
    void randomPolicyReturnAndLengthMatchTheReference() {
        // Reference: kenjyoung/MinAtar run outside this repository (sticky 0.1, ramping, uniformly random actions),
        // runs pooled: -v0 2000 + 4 x 5000 episodes (run means 0.447 .. 0.519), -v1 2000 + 5000 episodes.
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/Asterix-v0"), 3000,
                new MinAtarTesting.Statistics(22_000, 0.5009, 0.868, 70.02, 44.5));
        MinAtarTesting.assertRandomPolicyMatches(Environments.make("MinAtar/Asterix-v1"), 3000,
                new MinAtarTesting.Statistics(7000, 0.4973, 0.855, 66.22, 41.1));
    }
}
