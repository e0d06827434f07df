package dev.a3c.env.minatar;

import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.RewardRange;
import java.util.List;

/**
 * MinAtar Breakout. A paddle on the bottom row bounces a ball that moves one cell along a diagonal every frame into
 * three rows of bricks (rows 1 to 3). A brick hit pays +1, removes the brick and sends the ball back vertically; the
 * ball also reflects off the side walls and the ceiling. Reaching the bottom row, the ball reflects vertically if it
 * was right above the paddle, reverses both ways if it arrives on the paddle's cell diagonally, and otherwise ends the
 * episode. When no bricks are left, the three rows are restored as the ball comes down to the paddle's row. A brick
 * entered on the frame right after a brick hit is neither broken nor paid (the ball passes into it), as in the
 * reference. No difficulty ramping.
 *
 * <p>Channels: 0 paddle, 1 ball, 2 trail (the ball's previous cell), 3 brick. Minimal actions: noop, left, right.
 */
public final class Breakout extends MinAtarGame {

    public static final int PADDLE = 0;
    public static final int BALL = 1;
    public static final int TRAIL = 2;
    public static final int BRICK = 3;
    public static final int CHANNELS = 4;
    /** The channels' names, in channel order. */
    public static final List<String> CHANNEL_NAMES = List.of("paddle", "ball", "trail", "brick");
    static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, RIGHT};

    /** One frame's reward: one brick a frame. */
    static final RewardRange REWARDS = new RewardRange(0, 1);
    public static final EnvironmentSpec SPEC_V0 = spec("Breakout", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, false);
    public static final EnvironmentSpec SPEC_V1 = spec("Breakout", CHANNELS, REWARDS, MINIMAL_ACTIONS.length, true);

    int paddle;
    int ballRow;
    int ballColumn;
    /** The ball's velocity: -1 or +1 per frame in each direction (rows grow downwards). */
    int rowVelocity;
    int columnVelocity;
    int trailRow;
    int trailColumn;
    /** Whether the previous frame hit a brick. */
    boolean struckLastFrame;
    final boolean[][] bricks = new boolean[SIZE][SIZE];

    /** The -v0 variant with sticky actions. */
    public Breakout() {
        this(false);
    }

    public Breakout(boolean minimalActionSet) {
        this(minimalActionSet, DEFAULT_STICKY_ACTION_PROBABILITY);
    }

    public Breakout(boolean minimalActionSet, double stickyActionProbability) {
        super("Breakout", CHANNELS, REWARDS, MINIMAL_ACTIONS, minimalActionSet, stickyActionProbability, false);
    }

    @Override
    public List<String> channelNames() {
        return CHANNEL_NAMES;
    }

    @Override
    protected void resetGame() {
        paddle = 4;
        ballRow = 3;
        boolean fromLeft = random.nextInt(2) == 0;
        ballColumn = fromLeft ? 0 : SIZE - 1;
        columnVelocity = fromLeft ? 1 : -1;
        rowVelocity = 1;
        trailRow = ballRow;
        trailColumn = ballColumn;
        struckLastFrame = false;
        for (boolean[] row : bricks) {
            java.util.Arrays.fill(row, false);
        }
        fillBricks();
    }

    private void fillBricks() {
        for (int row = 1; row <= 3; row++) {
            java.util.Arrays.fill(bricks[row], true);
        }
    }

    int brickCount() {
        int count = 0;
        for (boolean[] row : bricks) {
            for (boolean brick : row) {
                count += brick ? 1 : 0;
            }
        }
        return count;
    }

    @Override
    protected int act(int action) {
        if (action == LEFT) {
            paddle = Math.max(0, paddle - 1);
        } else if (action == RIGHT) {
            paddle = Math.min(SIZE - 1, paddle + 1);
        }
        trailRow = ballRow;
        trailColumn = ballColumn;
        int row = ballRow + rowVelocity;
        int column = ballColumn + columnVelocity;
        if (column < 0 || column >= SIZE) {
            column = Math.max(0, Math.min(SIZE - 1, column));
            columnVelocity = -columnVelocity;
        }
        int reward = 0;
        boolean inBrick = false;
        if (row < 0) {
            row = 0;
            rowVelocity = -rowVelocity;
        } else if (bricks[row][column]) {
            inBrick = true;
            if (!struckLastFrame) {
                reward = 1;
                bricks[row][column] = false;
                row = ballRow;
                rowVelocity = -rowVelocity;
            }
        } else if (row == SIZE - 1) {
            if (brickCount() == 0) {
                fillBricks();
            }
            if (ballColumn == paddle) {
                rowVelocity = -rowVelocity;
                row = ballRow;
            } else if (column == paddle) {
                rowVelocity = -rowVelocity;
                columnVelocity = -columnVelocity;
                row = ballRow;
            } else {
                terminal = true;
            }
        }
        struckLastFrame = inBrick;
        ballRow = row;
        ballColumn = column;
        return reward;
    }

    @Override
    protected void draw(float[] grid) {
        mark(grid, SIZE - 1, paddle, PADDLE);
        mark(grid, ballRow, ballColumn, BALL);
        mark(grid, trailRow, trailColumn, TRAIL);
        for (int row = 0; row < SIZE; row++) {
            for (int column = 0; column < SIZE; column++) {
                if (bricks[row][column]) {
                    mark(grid, row, column, BRICK);
                }
            }
        }
    }
}
