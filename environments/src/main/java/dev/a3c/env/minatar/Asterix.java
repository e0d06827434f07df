package dev.a3c.env.minatar;

import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.RewardRange;
import java.util.List;

/**
 * MinAtar Asterix. The player moves one cell in the four directions (columns 0 to 9, rows 1 to 8). Enemies and
 * treasure (gold, one spawn in three) enter from a random side on a random free row among rows 1 to 8 and cross the
 * screen horizontally. Touching gold pays +1 and removes it; touching an enemy ends the episode. An entity spawns
 * every {@code spawnPeriod} frames (10 at first) and all entities move every {@code movePeriod} frames (5 at first).
 * With difficulty ramping, every {@link #RAMP_INTERVAL} + 2 frames the spawn period shrinks by one, and every
 * second time the move period too, down to 1.
 *
 * <p>Channels: 0 player, 1 enemy, 2 trail (the cell an entity came from), 3 gold. Minimal actions: noop, left, up,
 * right, down.
 */
public final class Asterix extends MinAtarGame {

    public static final int PLAYER = 0;
    public static final int ENEMY = 1;
    public static final int TRAIL = 2;
    public static final int GOLD = 3;
    public static final int CHANNELS = 4;
    /** The channels' names, in channel order. */
    public static final List<String> CHANNEL_NAMES = List.of("player", "enemy", "trail", "gold");
    public static final int RAMP_INTERVAL = 100;
    static final int INITIAL_SPAWN_PERIOD = 10;
    static final int INITIAL_MOVE_PERIOD = 5;
    static final int LANES = 8;
    static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, UP, RIGHT, DOWN};

    /** One frame's reward: the one lane the player is in, before and after the objects move. */
    static final RewardRange REWARDS = new RewardRange(0, 2);
    public static final EnvironmentSpec SPEC_V0 = spec("Asterix", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, false);
    public static final EnvironmentSpec SPEC_V1 = spec("Asterix", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, true);

    int playerRow;
    int playerColumn;
    /** Lane i (row i + 1): whether an entity is there, its column, whether it moves right, whether it is gold. */
    final boolean[] occupied = new boolean[LANES];
    final int[] column = new int[LANES];
    final boolean[] movesRight = new boolean[LANES];
    final boolean[] gold = new boolean[LANES];
    int spawnPeriod;
    int spawnCountdown;
    int movePeriod;
    int moveCountdown;
    int rampCountdown;
    int rampLevel;

    public Asterix() {
        this(false);
    }

    public Asterix(boolean minimalActionSet) {
        this(minimalActionSet, DEFAULT_STICKY_ACTION_PROBABILITY, true);
    }

    public Asterix(boolean minimalActionSet, double stickyActionProbability, boolean ramping) {
        super("Asterix", CHANNELS, REWARDS, MINIMAL_ACTIONS, minimalActionSet, stickyActionProbability, ramping);
    }

    @Override
    public List<String> channelNames() {
        return CHANNEL_NAMES;
    }

    @Override
    protected void resetGame() {
        playerRow = 5;
        playerColumn = 5;
        java.util.Arrays.fill(occupied, false);
        spawnPeriod = INITIAL_SPAWN_PERIOD;
        spawnCountdown = spawnPeriod;
        movePeriod = INITIAL_MOVE_PERIOD;
        moveCountdown = movePeriod;
        rampCountdown = RAMP_INTERVAL;
        rampLevel = 0;
    }

    /** The current level of the difficulty ramp. */
    public int difficulty() {
        return rampLevel;
    }

    private void spawn() {
        boolean right = random.nextDouble() < 0.5;
        boolean isGold = random.nextDouble() < 1.0 / 3.0;
        int free = 0;
        for (boolean o : occupied) {
            free += o ? 0 : 1;
        }
        if (free == 0) {
            return;
        }
        int pick = random.nextInt(free);
        for (int lane = 0; lane < LANES; lane++) {
            if (!occupied[lane] && pick-- == 0) {
                occupied[lane] = true;
                column[lane] = right ? 0 : SIZE - 1;
                movesRight[lane] = right;
                gold[lane] = isGold;
                return;
            }
        }
    }

    /** Resolves a contact in a lane; returns the reward. */
    private int touch(int lane) {
        if (!occupied[lane] || column[lane] != playerColumn || lane + 1 != playerRow) {
            return 0;
        }
        if (gold[lane]) {
            occupied[lane] = false;
            return 1;
        }
        terminal = true;
        return 0;
    }

    @Override
    protected int act(int action) {
        if (spawnCountdown == 0) {
            spawn();
            spawnCountdown = spawnPeriod;
        }
        switch (action) {
            case LEFT -> playerColumn = Math.max(0, playerColumn - 1);
            case RIGHT -> playerColumn = Math.min(SIZE - 1, playerColumn + 1);
            case UP -> playerRow = Math.max(1, playerRow - 1);
            case DOWN -> playerRow = Math.min(LANES, playerRow + 1);
            default -> { }
        }
        int reward = 0;
        for (int lane = 0; lane < LANES; lane++) {
            reward += touch(lane);
        }
        if (moveCountdown == 0) {
            moveCountdown = movePeriod;
            for (int lane = 0; lane < LANES; lane++) {
                if (occupied[lane]) {
                    column[lane] += movesRight[lane] ? 1 : -1;
                    if (column[lane] < 0 || column[lane] >= SIZE) {
                        occupied[lane] = false;
                    }
                    reward += touch(lane);
                }
            }
        }
        spawnCountdown--;
        moveCountdown--;
        if (ramping() && (spawnPeriod > 1 || movePeriod > 1)) {
            if (rampCountdown >= 0) {
                rampCountdown--;
            } else {
                if (movePeriod > 1 && rampLevel % 2 == 1) {
                    movePeriod--;
                }
                if (spawnPeriod > 1) {
                    spawnPeriod--;
                }
                rampLevel++;
                rampCountdown = RAMP_INTERVAL;
            }
        }
        return reward;
    }

    @Override
    protected void draw(float[] grid) {
        mark(grid, playerRow, playerColumn, PLAYER);
        for (int lane = 0; lane < LANES; lane++) {
            if (occupied[lane]) {
                mark(grid, lane + 1, column[lane], gold[lane] ? GOLD : ENEMY);
                int back = column[lane] + (movesRight[lane] ? -1 : 1);
                if (back >= 0 && back < SIZE) {
                    mark(grid, lane + 1, back, TRAIL);
                }
            }
        }
    }
}
