package dev.a3c.env.minatar;

import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.RewardRange;
import java.util.List;

/**
 * MinAtar Space Invaders. A cannon on the bottom row moves left and right and fires bullets upward (at most one every
 * {@link #SHOT_COOLDOWN} frames; a fire action while reloading does nothing). A block of 4x6 aliens (rows 0 to 3,
 * columns 2 to 7) marches sideways; when it touches the side it is heading to, it steps one row down and turns. It
 * moves every {@code min(aliens left, move period)} frames, the period starting at {@link #INITIAL_MOVE_PERIOD}.
 * Every {@link #ENEMY_SHOT_PERIOD} frames the lowest alien of the column nearest the cannon fires downward. A bullet
 * meeting an alien pays +1 and removes both. The episode ends when an alien or an enemy bullet reaches the cannon, or
 * when the block turns at the bottom. A cleared wave is replaced by a new block; with difficulty ramping the new block
 * moves one frame faster, down to a period of 6.
 *
 * <p>Channels: 0 cannon, 1 alien, 2 alien moving left, 3 alien moving right, 4 friendly bullet, 5 enemy bullet.
 * Minimal actions: noop, left, right, fire. The game itself draws no random numbers.
 */
public final class SpaceInvaders extends MinAtarGame {

    public static final int CANNON = 0;
    public static final int ALIEN = 1;
    public static final int ALIEN_LEFT = 2;
    public static final int ALIEN_RIGHT = 3;
    public static final int FRIENDLY_BULLET = 4;
    public static final int ENEMY_BULLET = 5;
    public static final int CHANNELS = 6;
    /** The channels' names, in channel order. */
    public static final List<String> CHANNEL_NAMES = List.of("cannon", "alien", "alien_left", "alien_right", "friendly_bullet", "enemy_bullet");
    public static final int SHOT_COOLDOWN = 5;
    public static final int INITIAL_MOVE_PERIOD = 12;
    public static final int ENEMY_SHOT_PERIOD = 10;
    static final int FASTEST_WAVE_PERIOD = 6;
    static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, RIGHT, FIRE};

    /** One frame's reward: one per cell of the 10 x 10 grid. */
    static final RewardRange REWARDS = new RewardRange(0, 100);
    public static final EnvironmentSpec SPEC_V0 = spec("SpaceInvaders", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, false);
    public static final EnvironmentSpec SPEC_V1 = spec("SpaceInvaders", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, true);

    int cannon;
    final boolean[][] aliens = new boolean[SIZE][SIZE];
    final boolean[][] friendlyBullets = new boolean[SIZE][SIZE];
    final boolean[][] enemyBullets = new boolean[SIZE][SIZE];
    /** -1 marching left, +1 marching right. */
    int marchDirection;
    int movePeriod;
    int moveCountdown;
    int enemyShotCountdown;
    int reload;
    int rampLevel;

    public SpaceInvaders() {
        this(false);
    }

    public SpaceInvaders(boolean minimalActionSet) {
        this(minimalActionSet, DEFAULT_STICKY_ACTION_PROBABILITY, true);
    }

    public SpaceInvaders(boolean minimalActionSet, double stickyActionProbability, boolean ramping) {
        super("SpaceInvaders", CHANNELS, REWARDS, MINIMAL_ACTIONS, minimalActionSet, stickyActionProbability, ramping);
    }

    @Override
    public List<String> channelNames() {
        return CHANNEL_NAMES;
    }

    @Override
    protected void resetGame() {
        cannon = 5;
        clear(aliens);
        clear(friendlyBullets);
        clear(enemyBullets);
        newWave();
        marchDirection = -1;
        movePeriod = INITIAL_MOVE_PERIOD;
        moveCountdown = movePeriod;
        enemyShotCountdown = ENEMY_SHOT_PERIOD;
        reload = 0;
        rampLevel = 0;
    }

    /** The current level of the difficulty ramp (waves that sped up). */
    public int difficulty() {
        return rampLevel;
    }

    private static void clear(boolean[][] grid) {
        for (boolean[] row : grid) {
            java.util.Arrays.fill(row, false);
        }
    }

    private void newWave() {
        for (int row = 0; row < 4; row++) {
            for (int c = 2; c < 8; c++) {
                aliens[row][c] = true;
            }
        }
    }

    int alienCount() {
        int count = 0;
        for (boolean[] row : aliens) {
            for (boolean a : row) {
                count += a ? 1 : 0;
            }
        }
        return count;
    }

    private boolean columnHasAlien(int c) {
        for (int row = 0; row < SIZE; row++) {
            if (aliens[row][c]) {
                return true;
            }
        }
        return false;
    }

    /** Shifts every row of a grid by {@code rows} (+1 down, -1 up); rows leaving the grid are dropped. */
    private static void shiftRows(boolean[][] grid, int rows) {
        boolean[][] copy = new boolean[SIZE][];
        for (int row = 0; row < SIZE; row++) {
            int from = row - rows;
            copy[row] = from >= 0 && from < SIZE ? grid[from].clone() : new boolean[SIZE];
        }
        System.arraycopy(copy, 0, grid, 0, SIZE);
    }

    private void march() {
        boolean turn = marchDirection < 0 ? columnHasAlien(0) : columnHasAlien(SIZE - 1);
        if (turn) {
            marchDirection = -marchDirection;
            boolean[] bottom = aliens[SIZE - 1];
            for (boolean a : bottom) {
                if (a) {
                    terminal = true;
                    break;
                }
            }
            // The reference rolls the block down; a bottom row would reappear on top (the episode ends anyway).
            shiftRows(aliens, 1);
            aliens[0] = bottom.clone();
        } else {
            for (boolean[] row : aliens) {
                boolean[] moved = new boolean[SIZE];
                for (int c = 0; c < SIZE; c++) {
                    int to = c + marchDirection;
                    if (row[c] && to >= 0 && to < SIZE) {
                        moved[to] = true;
                    }
                }
                System.arraycopy(moved, 0, row, 0, SIZE);
            }
        }
    }

    private void enemyShot() {
        for (int distance = 0; distance < SIZE; distance++) {
            for (int c : new int[] {cannon - distance, cannon + distance}) {
                if (c >= 0 && c < SIZE && columnHasAlien(c)) {
                    for (int row = SIZE - 1; row >= 0; row--) {
                        if (aliens[row][c]) {
                            enemyBullets[row][c] = true;
                            return;
                        }
                    }
                }
            }
        }
    }

    @Override
    protected int act(int action) {
        if (action == FIRE && reload == 0) {
            friendlyBullets[SIZE - 1][cannon] = true;
            reload = SHOT_COOLDOWN;
        } else if (action == LEFT) {
            cannon = Math.max(0, cannon - 1);
        } else if (action == RIGHT) {
            cannon = Math.min(SIZE - 1, cannon + 1);
        }
        shiftRows(friendlyBullets, -1);
        shiftRows(enemyBullets, 1);
        if (enemyBullets[SIZE - 1][cannon] || aliens[SIZE - 1][cannon]) {
            terminal = true;
        }
        if (moveCountdown == 0) {
            moveCountdown = Math.min(alienCount(), movePeriod);
            march();
            if (aliens[SIZE - 1][cannon]) {
                terminal = true;
            }
        }
        if (enemyShotCountdown == 0) {
            enemyShotCountdown = ENEMY_SHOT_PERIOD;
            enemyShot();
        }
        int reward = 0;
        for (int row = 0; row < SIZE; row++) {
            for (int c = 0; c < SIZE; c++) {
                if (aliens[row][c] && friendlyBullets[row][c]) {
                    aliens[row][c] = false;
                    friendlyBullets[row][c] = false;
                    reward++;
                }
            }
        }
        if (reload > 0) {
            reload--;
        }
        moveCountdown--;
        enemyShotCountdown--;
        if (alienCount() == 0) {
            if (ramping() && movePeriod > FASTEST_WAVE_PERIOD) {
                movePeriod--;
                rampLevel++;
            }
            newWave();
        }
        return reward;
    }

    @Override
    protected void draw(float[] grid) {
        mark(grid, SIZE - 1, cannon, CANNON);
        int direction = marchDirection < 0 ? ALIEN_LEFT : ALIEN_RIGHT;
        for (int row = 0; row < SIZE; row++) {
            for (int c = 0; c < SIZE; c++) {
                if (aliens[row][c]) {
                    mark(grid, row, c, ALIEN);
                    mark(grid, row, c, direction);
                }
                if (friendlyBullets[row][c]) {
                    mark(grid, row, c, FRIENDLY_BULLET);
                }
                if (enemyBullets[row][c]) {
                    mark(grid, row, c, ENEMY_BULLET);
                }
            }
        }
    }
}
