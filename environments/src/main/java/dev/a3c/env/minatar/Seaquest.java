package dev.a3c.env.minatar;

import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.RewardRange;
import java.util.ArrayList;
import java.util.List;

/**
 * MinAtar Seaquest. The player's submarine (a front and a back cell, showing which way it faces) starts on the
 * surface (row 0) and dives down to row 8; it fires bullets horizontally from its front (one every
 * {@link #SHOT_COOLDOWN} frames). Fish and enemy submarines (one spawn in three) cross rows 1 to 8 from a random side,
 * every {@code spawnPeriod} frames (20 at first), moving every {@code movePeriod} frames (5 at first); an enemy
 * submarine fires a bullet ahead of it every {@link #ENEMY_SHOT_PERIOD} + 1 frames. An enemy is not spawned in a row
 * that already holds an enemy heading the other way. Divers cross the same way every {@link #DIVER_SPAWN_PERIOD}
 * frames and are picked up by touching them, up to 6.
 *
 * <p>Shooting a fish or submarine pays +1. Oxygen ({@link #MAX_OXYGEN} frames) runs down below the surface and the
 * episode ends when it is gone. Coming up to the surface with no diver ends the episode; with 1 to 5 divers one diver
 * is used up and the oxygen is refilled; with 6 the divers are released for a reward of {@code oxygen * 10 / 200}
 * (integer division) and the oxygen is refilled. (As in the reference, the diver count then also loses the usual one
 * and stands at -1 until the next diver is picked up; in that state surfacing is allowed.) With difficulty ramping,
 * each surfacing shortens the spawn period by one (down to 1) and every second one the move period (down to 2).
 * Touching a fish, an enemy submarine or an enemy bullet ends the episode.
 *
 * <p>Channels: 0 submarine front, 1 submarine back, 2 friendly bullet, 3 trail (the cell a fish, enemy submarine or
 * diver came from), 4 enemy bullet, 5 fish, 6 enemy submarine, 7 oxygen gauge (row 9 from column 0, one cell per 20
 * oxygen), 8 diver gauge (row 9 ending at column 8, one cell per diver), 9 diver. Minimal actions: all six.
 */
public final class Seaquest extends MinAtarGame {

    public static final int SUB_FRONT = 0;
    public static final int SUB_BACK = 1;
    public static final int FRIENDLY_BULLET = 2;
    public static final int TRAIL = 3;
    public static final int ENEMY_BULLET = 4;
    public static final int FISH = 5;
    public static final int ENEMY_SUB = 6;
    public static final int OXYGEN_GAUGE = 7;
    public static final int DIVER_GAUGE = 8;
    public static final int DIVER = 9;
    public static final int CHANNELS = 10;
    /** The channels' names, in channel order. */
    public static final List<String> CHANNEL_NAMES = List.of("sub_front", "sub_back", "friendly_bullet", "trail", "enemy_bullet", "enemy_fish", "enemy_sub",
            "oxygen_gauge", "diver_gauge", "diver");

    public static final int MAX_OXYGEN = 200;
    public static final int MAX_DIVERS = 6;
    public static final int SHOT_COOLDOWN = 5;
    public static final int ENEMY_SHOT_PERIOD = 10;
    public static final int DIVER_SPAWN_PERIOD = 30;
    static final int INITIAL_SPAWN_PERIOD = 20;
    static final int INITIAL_MOVE_PERIOD = 5;
    static final int DIVER_MOVE_PERIOD = 5;
    static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, UP, RIGHT, DOWN, FIRE};

    /** One frame's reward: kills and the surfacing bonus; no small bound is derived. */
    static final RewardRange REWARDS = new RewardRange(0, Double.POSITIVE_INFINITY);
    public static final EnvironmentSpec SPEC_V0 = spec("Seaquest", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, false);
    public static final EnvironmentSpec SPEC_V1 = spec("Seaquest", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, true);

    /** Anything that crosses the screen horizontally: bullets, fish, enemy submarines, divers. */
    static final class Mover {
        int column;
        final int row;
        final boolean right;
        int moveCountdown;
        int shotCountdown;

        Mover(int column, int row, boolean right, int moveCountdown, int shotCountdown) {
            this.column = column;
            this.row = row;
            this.right = right;
            this.moveCountdown = moveCountdown;
            this.shotCountdown = shotCountdown;
        }

        void advance() {
            column += right ? 1 : -1;
        }

        boolean offScreen() {
            return column < 0 || column >= SIZE;
        }

        boolean at(int c, int r) {
            return column == c && row == r;
        }
    }

    int subColumn;
    int subRow;
    boolean facingRight;
    int oxygen;
    int divers;
    boolean surfaced;
    int reload;
    int enemySpawnPeriod;
    int enemySpawnCountdown;
    int diverSpawnCountdown;
    int movePeriod;
    int rampLevel;
    final List<Mover> friendlyBullets = new ArrayList<>();
    final List<Mover> enemyBullets = new ArrayList<>();
    final List<Mover> fish = new ArrayList<>();
    final List<Mover> enemySubs = new ArrayList<>();
    final List<Mover> diversInWater = new ArrayList<>();

    public Seaquest() {
        this(false);
    }

    public Seaquest(boolean minimalActionSet) {
        this(minimalActionSet, DEFAULT_STICKY_ACTION_PROBABILITY, true);
    }

    public Seaquest(boolean minimalActionSet, double stickyActionProbability, boolean ramping) {
        super("Seaquest", CHANNELS, REWARDS, MINIMAL_ACTIONS, minimalActionSet, stickyActionProbability, ramping);
    }

    @Override
    public List<String> channelNames() {
        return CHANNEL_NAMES;
    }

    @Override
    protected void resetGame() {
        subColumn = 5;
        subRow = 0;
        facingRight = false;
        oxygen = MAX_OXYGEN;
        divers = 0;
        surfaced = true;
        reload = 0;
        enemySpawnPeriod = INITIAL_SPAWN_PERIOD;
        enemySpawnCountdown = enemySpawnPeriod;
        diverSpawnCountdown = DIVER_SPAWN_PERIOD;
        movePeriod = INITIAL_MOVE_PERIOD;
        rampLevel = 0;
        friendlyBullets.clear();
        enemyBullets.clear();
        fish.clear();
        enemySubs.clear();
        diversInWater.clear();
    }

    /** The current level of the difficulty ramp (surfacings that made the game harder). */
    public int difficulty() {
        return rampLevel;
    }

    private void spawnEnemy() {
        boolean right = random.nextDouble() < 0.5;
        boolean sub = random.nextDouble() < 1.0 / 3.0;
        int row = 1 + random.nextInt(8);
        for (List<Mover> enemies : List.of(enemySubs, fish)) {
            for (Mover e : enemies) {
                if (e.row == row && e.right != right) {
                    return;
                }
            }
        }
        int column = right ? 0 : SIZE - 1;
        (sub ? enemySubs : fish).add(new Mover(column, row, right, movePeriod, ENEMY_SHOT_PERIOD));
    }

    private void spawnDiver() {
        boolean right = random.nextDouble() < 0.5;
        int row = 1 + random.nextInt(8);
        diversInWater.add(new Mover(right ? 0 : SIZE - 1, row, right, DIVER_MOVE_PERIOD, 0));
    }

    /** Removes the first friendly bullet on the mover's cell, if any; returns whether one was there. */
    private boolean shotDown(Mover enemy) {
        for (int i = 0; i < friendlyBullets.size(); i++) {
            if (friendlyBullets.get(i).at(enemy.column, enemy.row)) {
                friendlyBullets.remove(i);
                return true;
            }
        }
        return false;
    }

    private static Mover firstAt(List<Mover> movers, int column, int row) {
        for (Mover m : movers) {
            if (m.at(column, row)) {
                return m;
            }
        }
        return null;
    }

    @Override
    protected int act(int action) {
        int reward = 0;
        if (enemySpawnCountdown == 0) {
            spawnEnemy();
            enemySpawnCountdown = enemySpawnPeriod;
        }
        if (diverSpawnCountdown == 0) {
            spawnDiver();
            diverSpawnCountdown = DIVER_SPAWN_PERIOD;
        }

        if (action == FIRE && reload == 0) {
            friendlyBullets.add(new Mover(subColumn, subRow, facingRight, 0, 0));
            reload = SHOT_COOLDOWN;
        } else if (action == LEFT) {
            subColumn = Math.max(0, subColumn - 1);
            facingRight = false;
        } else if (action == RIGHT) {
            subColumn = Math.min(SIZE - 1, subColumn + 1);
            facingRight = true;
        } else if (action == UP) {
            subRow = Math.max(0, subRow - 1);
        } else if (action == DOWN) {
            subRow = Math.min(SIZE - 2, subRow + 1);
        }

        // Friendly bullets fly one cell per frame and hit a fish, else a submarine, on the cell they reach.
        for (int i = friendlyBullets.size() - 1; i >= 0; i--) {
            Mover bullet = friendlyBullets.get(i);
            bullet.advance();
            if (bullet.offScreen()) {
                friendlyBullets.remove(i);
                continue;
            }
            Mover target = firstAt(fish, bullet.column, bullet.row);
            List<Mover> from = fish;
            if (target == null) {
                target = firstAt(enemySubs, bullet.column, bullet.row);
                from = enemySubs;
            }
            if (target != null) {
                from.remove(target);
                friendlyBullets.remove(i);
                reward++;
            }
        }

        // Divers drift every few frames and board the submarine when touched, if there is room.
        for (int i = diversInWater.size() - 1; i >= 0; i--) {
            Mover diver = diversInWater.get(i);
            if (diver.at(subColumn, subRow) && divers < MAX_DIVERS) {
                diversInWater.remove(i);
                divers++;
            } else if (diver.moveCountdown == 0) {
                diver.moveCountdown = DIVER_MOVE_PERIOD;
                diver.advance();
                if (diver.offScreen()) {
                    diversInWater.remove(i);
                } else if (diver.at(subColumn, subRow) && divers < MAX_DIVERS) {
                    diversInWater.remove(i);
                    divers++;
                }
            } else {
                diver.moveCountdown--;
            }
        }

        // Enemy submarines: collide, move, get shot, and fire (even on the frame they disappear, as the reference).
        for (int i = enemySubs.size() - 1; i >= 0; i--) {
            Mover sub = enemySubs.get(i);
            reward += moveEnemy(enemySubs, i, sub);
            if (sub.shotCountdown == 0) {
                sub.shotCountdown = ENEMY_SHOT_PERIOD;
                enemyBullets.add(new Mover(sub.column, sub.row, sub.right, 0, 0));
            } else {
                sub.shotCountdown--;
            }
        }

        for (int i = enemyBullets.size() - 1; i >= 0; i--) {
            Mover bullet = enemyBullets.get(i);
            if (bullet.at(subColumn, subRow)) {
                terminal = true;
            }
            bullet.advance();
            if (bullet.offScreen()) {
                enemyBullets.remove(i);
            } else if (bullet.at(subColumn, subRow)) {
                terminal = true;
            }
        }

        for (int i = fish.size() - 1; i >= 0; i--) {
            reward += moveEnemy(fish, i, fish.get(i));
        }

        if (enemySpawnCountdown > 0) {
            enemySpawnCountdown--;
        }
        if (diverSpawnCountdown > 0) {
            diverSpawnCountdown--;
        }
        if (reload > 0) {
            reload--;
        }
        if (oxygen <= 0) {
            terminal = true;
        }
        if (subRow > 0) {
            oxygen--;
            surfaced = false;
        } else if (!surfaced) {
            if (divers == 0) {
                terminal = true;
            } else {
                reward += surface();
            }
        }
        return reward;
    }

    /** One frame of a fish or enemy submarine at index {@code i} of {@code enemies}; returns the reward. */
    private int moveEnemy(List<Mover> enemies, int i, Mover enemy) {
        if (enemy.at(subColumn, subRow)) {
            terminal = true;
        }
        if (enemy.moveCountdown != 0) {
            enemy.moveCountdown--;
            return 0;
        }
        enemy.moveCountdown = movePeriod;
        enemy.advance();
        if (enemy.offScreen()) {
            enemies.remove(i);
        } else if (enemy.at(subColumn, subRow)) {
            terminal = true;
        } else if (shotDown(enemy)) {
            enemies.remove(i);
            return 1;
        }
        return 0;
    }

    private int surface() {
        surfaced = true;
        int reward = 0;
        if (divers == MAX_DIVERS) {
            divers = 0;
            reward = oxygen * 10 / MAX_OXYGEN;
        }
        oxygen = MAX_OXYGEN;
        divers--;
        if (ramping() && (enemySpawnPeriod > 1 || movePeriod > 2)) {
            if (movePeriod > 2 && rampLevel % 2 == 1) {
                movePeriod--;
            }
            if (enemySpawnPeriod > 1) {
                enemySpawnPeriod--;
            }
            rampLevel++;
        }
        return reward;
    }

    @Override
    protected void draw(float[] grid) {
        mark(grid, subRow, subColumn, SUB_FRONT);
        mark(grid, subRow, subColumn + (facingRight ? -1 : 1), SUB_BACK);
        int oxygenCells = Math.max(0, oxygen) * 10 / MAX_OXYGEN;
        for (int c = 0; c < oxygenCells; c++) {
            mark(grid, SIZE - 1, c, OXYGEN_GAUGE);
        }
        for (int c = SIZE - 1 - Math.max(0, divers); c < SIZE - 1; c++) {
            mark(grid, SIZE - 1, c, DIVER_GAUGE);
        }
        for (Mover b : friendlyBullets) {
            mark(grid, b.row, b.column, FRIENDLY_BULLET);
        }
        for (Mover b : enemyBullets) {
            mark(grid, b.row, b.column, ENEMY_BULLET);
        }
        drawWithTrail(grid, fish, FISH);
        drawWithTrail(grid, enemySubs, ENEMY_SUB);
        drawWithTrail(grid, diversInWater, DIVER);
    }

    private void drawWithTrail(float[] grid, List<Mover> movers, int channel) {
        for (Mover m : movers) {
            mark(grid, m.row, m.column, channel);
            int back = m.column + (m.right ? -1 : 1);
            if (back >= 0 && back < SIZE) {
                mark(grid, m.row, back, TRAIL);
            }
        }
    }
}
