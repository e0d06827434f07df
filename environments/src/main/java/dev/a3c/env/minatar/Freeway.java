package dev.a3c.env.minatar;

import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.RewardRange;
import java.util.List;

/**
 * MinAtar Freeway. A chicken in column 4 starts on the bottom row and may move one row up or down at most once every
 * {@link #PLAYER_SPEED} frames. Eight cars, one per row 1 to 8, cross horizontally and wrap around; each moves one cell
 * every 1 to 5 frames in a random direction. Reaching row 0 pays +1, sends the chicken back to the bottom and draws new
 * car speeds and directions (positions are kept). A car on the chicken's cell, before or after it moves, sends the
 * chicken back to the bottom. The game ends by itself after {@link #TIME_LIMIT} frames (the episode's
 * {@code TIME_LIMIT + 1}-th step is terminal, as in the reference). No difficulty ramping.
 *
 * <p>Channels: 0 chicken, 1 car, 2..6 the trail behind each car (the cell it came from), in the channel of its
 * speed: 2 for a car that moves every frame up to 6 for one that moves every 5 frames. Minimal actions: noop, up,
 * down.
 */
public final class Freeway extends MinAtarGame {

    public static final int CHICKEN = 0;
    public static final int CAR = 1;
    /** The trail channel of a car moving once every frame; a car moving every k frames uses {@code SPEED1 + k - 1}. */
    public static final int SPEED1 = 2;
    public static final int CHANNELS = 7;
    /** The channels' names, in channel order. */
    public static final List<String> CHANNEL_NAMES = List.of("chicken", "car", "speed1", "speed2", "speed3", "speed4", "speed5");
    public static final int PLAYER_SPEED = 3;
    public static final int TIME_LIMIT = 2500;
    static final int CHICKEN_COLUMN = 4;
    static final int CARS = 8;
    static final int[] MINIMAL_ACTIONS = {NOOP, UP, DOWN};

    /** One frame's reward: one crossing a frame. */
    static final RewardRange REWARDS = new RewardRange(0, 1);
    public static final EnvironmentSpec SPEC_V0 = spec("Freeway", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, false);
    public static final EnvironmentSpec SPEC_V1 = spec("Freeway", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, true);

    int chickenRow;
    int moveCooldown;
    int framesLeft;
    /** Car i drives on row i + 1. */
    final int[] carColumn = new int[CARS];
    /** Frames between a car's moves (1..5). */
    final int[] carPeriod = new int[CARS];
    /** +1 for cars driving right, -1 for cars driving left. */
    final int[] carDirection = new int[CARS];
    final int[] carCountdown = new int[CARS];

    public Freeway() {
        this(false);
    }

    public Freeway(boolean minimalActionSet) {
        this(minimalActionSet, DEFAULT_STICKY_ACTION_PROBABILITY);
    }

    public Freeway(boolean minimalActionSet, double stickyActionProbability) {
        super("Freeway", CHANNELS, REWARDS, MINIMAL_ACTIONS, minimalActionSet, stickyActionProbability, false);
    }

    @Override
    public List<String> channelNames() {
        return CHANNEL_NAMES;
    }

    @Override
    protected void resetGame() {
        java.util.Arrays.fill(carColumn, 0);
        drawCarSpeeds();
        chickenRow = SIZE - 1;
        moveCooldown = PLAYER_SPEED;
        framesLeft = TIME_LIMIT;
    }

    private void drawCarSpeeds() {
        for (int i = 0; i < CARS; i++) {
            carPeriod[i] = 1 + random.nextInt(5);
        }
        for (int i = 0; i < CARS; i++) {
            carDirection[i] = random.nextDouble() > 0.5 ? 1 : -1;
            carCountdown[i] = carPeriod[i];
        }
    }

    private boolean hit(int car) {
        return carColumn[car] == CHICKEN_COLUMN && car + 1 == chickenRow;
    }

    @Override
    protected int act(int action) {
        int reward = 0;
        if (moveCooldown == 0 && (action == UP || action == DOWN)) {
            moveCooldown = PLAYER_SPEED;
            chickenRow = Math.max(0, Math.min(SIZE - 1, chickenRow + (action == UP ? -1 : 1)));
        }
        if (chickenRow == 0) {
            reward = 1;
            drawCarSpeeds();
            chickenRow = SIZE - 1;
        }
        for (int car = 0; car < CARS; car++) {
            if (hit(car)) {
                chickenRow = SIZE - 1;
            }
            if (carCountdown[car] == 0) {
                carCountdown[car] = carPeriod[car];
                carColumn[car] = Math.floorMod(carColumn[car] + carDirection[car], SIZE);
                if (hit(car)) {
                    chickenRow = SIZE - 1;
                }
            } else {
                carCountdown[car]--;
            }
        }
        if (moveCooldown > 0) {
            moveCooldown--;
        }
        framesLeft--;
        if (framesLeft < 0) {
            terminal = true;
        }
        return reward;
    }

    @Override
    protected void draw(float[] grid) {
        mark(grid, chickenRow, CHICKEN_COLUMN, CHICKEN);
        for (int car = 0; car < CARS; car++) {
            mark(grid, car + 1, carColumn[car], CAR);
            int back = Math.floorMod(carColumn[car] - carDirection[car], SIZE);
            mark(grid, car + 1, back, SPEED1 + carPeriod[car] - 1);
        }
    }
}
