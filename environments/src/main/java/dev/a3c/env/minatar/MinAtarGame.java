package dev.a3c.env.minatar;

import dev.a3c.env.ActionSpace;
import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.RewardRange;
import dev.a3c.env.Step;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The common part of the MinAtar games (Young and Tian 2019): a 10x10 grid seen through {@code C} binary channels,
 * returned flat in c order with shape {@code [10, 10, C]} (row, column, channel); the six actions of the paper
 * ({@link #NOOP}, {@link #LEFT}, {@link #UP}, {@link #RIGHT}, {@link #DOWN}, {@link #FIRE}) in the {@code -v0}
 * variants, or the game's minimal action set in the {@code -v1} variants; sticky actions (with probability
 * {@link #DEFAULT_STICKY_ACTION_PROBABILITY} the previous action is repeated instead of the chosen one) and
 * difficulty ramping, both on by default.
 *
 * <p>Every step draws one number for the sticky-action decision, then the game draws what it needs; all from one
 * {@link SplittableRandom} seeded by {@link #reset(long)}, so episodes are reproducible but do not reproduce the
 * reference's numpy streams. The previous action starts as {@link #NOOP} in each episode (the reference keeps it
 * across episodes, which changes at most the first step). There is no time limit inside the games apart from Freeway's own; {@link #MAX_EPISODE_STEPS} is applied by
 * the registry's {@code TimeLimit}.
 */
public abstract class MinAtarGame implements Environment {

    public static final int NOOP = 0;
    public static final int LEFT = 1;
    public static final int UP = 2;
    public static final int RIGHT = 3;
    public static final int DOWN = 4;
    public static final int FIRE = 5;
    /** The number of actions of the {@code -v0} variants. */
    public static final int FULL_ACTION_COUNT = 6;

    public static final int SIZE = 10;
    public static final double DEFAULT_STICKY_ACTION_PROBABILITY = 0.1;
    /**
     * The time limit of the registered games. The reference's Gymnasium registration has none (only Freeway ends
     * by itself, after 2500 frames); 108000 is the conventional Atari cap of 30 minutes at 60 frames per second,
     * and MinAtar steps one frame at a time. It never binds for a random policy.
     */
    public static final int MAX_EPISODE_STEPS = 108_000;

    private final EnvironmentSpec spec;
    private final int[] actionSet;
    private final double stickyActionProbability;
    private final boolean ramping;
    private final int channels;
    /** Games draw only {@code nextDouble()} and {@code nextInt(bound)} from it. */
    protected RandomGenerator random = new SplittableRandom();
    private int lastAction = NOOP;
    private int lastExecutedAction = NOOP;
    private boolean needsReset = true;
    /** Set by the game when the episode has reached a terminal state. */
    protected boolean terminal;

    /**
     * @param name the game's name in ids, e.g. {@code Breakout}
     * @param channels the number of observation channels
     * @param rewards the bounds of one frame's reward under the game's rules
     * @param minimalActions the game's minimal action set, in the order of the {@code -v1} actions
     * @param minimalActionSet whether this is the {@code -v1} variant
     */
    protected MinAtarGame(String name, int channels, RewardRange rewards, int[] minimalActions, boolean minimalActionSet,
                          double stickyActionProbability, boolean ramping) {
        if (!(stickyActionProbability >= 0 && stickyActionProbability <= 1)) {
            throw new IllegalArgumentException("sticky action probability must be in [0, 1], got "
                    + stickyActionProbability);
        }
        this.channels = channels;
        this.actionSet = minimalActionSet ? minimalActions.clone() : new int[] {NOOP, LEFT, UP, RIGHT, DOWN, FIRE};
        this.stickyActionProbability = stickyActionProbability;
        this.ramping = ramping;
        this.spec = spec(name, channels, rewards, minimalActions.length, minimalActionSet);
    }

    /** The registered spec of a game: {@code MinAtar/<name>-v0} (6 actions) or {@code -v1} (minimal set). */
    static EnvironmentSpec spec(String name, int channels, RewardRange rewards, int minimalActionCount,
                                boolean minimalActionSet) {
        String id = "MinAtar/" + name + (minimalActionSet ? "-v1" : "-v0");
        int actions = minimalActionSet ? minimalActionCount : FULL_ACTION_COUNT;
        return new EnvironmentSpec(id, List.of(SIZE, SIZE, channels), new ActionSpace.Discrete(actions),
                MAX_EPISODE_STEPS, null, null, null, rewards);
    }

    @Override
    public EnvironmentSpec spec() {
        return spec;
    }

    /** Whether difficulty ramping is on (it is by default). */
    public boolean ramping() {
        return ramping;
    }

    /** The full-set action (0..5) that each of this variant's actions stands for. */
    public int[] actionSet() {
        return actionSet.clone();
    }

    /** The full-set action that the last step executed, after sticky actions. */
    public int lastExecutedAction() {
        return lastExecutedAction;
    }

    /** Replaces the random source (until the next {@link #reset(long)}); tests use it to replay reference draws. */
    void useRandom(RandomGenerator source) {
        random = source;
    }

    @Override
    public float[] reset(long seed) {
        random = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public float[] reset() {
        lastAction = NOOP;
        lastExecutedAction = NOOP;
        terminal = false;
        resetGame();
        needsReset = false;
        return observation();
    }

    @Override
    public Step step(int action) {
        if (action < 0 || action >= actionSet.length) {
            throw new IllegalArgumentException(spec.id() + " action must be in [0, " + actionSet.length + "), got "
                    + action);
        }
        if (needsReset) {
            throw new IllegalStateException("step() after the episode ended: call reset()");
        }
        int executed = actionSet[action];
        if (random.nextDouble() < stickyActionProbability) {
            executed = lastAction;
        }
        lastAction = executed;
        lastExecutedAction = executed;
        int reward = act(executed);
        needsReset = terminal;
        return new Step(observation(), reward, terminal, false);
    }

    /** The current observation, flat in c order with shape [10, 10, C]. */
    public float[] observation() {
        float[] grid = new float[SIZE * SIZE * channels];
        draw(grid);
        return grid;
    }

    /** Marks (row, column, channel) in a flat observation. */
    protected final void mark(float[] grid, int row, int column, int channel) {
        grid[index(row, column, channel, channels)] = 1f;
    }

    /** The flat c-order index of (row, column, channel) in a grid with {@code channels} channels. */
    public static int index(int row, int column, int channel, int channels) {
        return (row * SIZE + column) * channels + channel;
    }

    /** The channels' names in channel order (e.g. {@code paddle, ball, trail, brick}), as the reference names them. */
    public abstract List<String> channelNames();

    /** Starts a new episode's game state; {@link #terminal} is already false. */
    protected abstract void resetGame();

    /** Advances the game by one frame with a full-set action; returns the reward and sets {@link #terminal}. */
    protected abstract int act(int action);

    /** Marks the game state into a zeroed observation. */
    protected abstract void draw(float[] grid);
}
