package dev.a3c.env;

import java.util.List;

/**
 * MountainCarContinuous-v0 with Gymnasium's dynamics: the force is the action clipped to [-1, 1];
 * velocity += force * 0.0015 - 0.0025 cos(3 position), clipped to +-0.07; position += velocity, clipped to
 * [-1.2, 0.6], with the velocity reset to 0 at the left wall. The episode terminates at position >= 0.45 with
 * velocity >= 0 (Gymnasium's goal for this version, not MountainCar-v0's 0.5). The reward is -0.1 * a^2, computed
 * as Gymnasium does from the action as given (before clipping), plus 100 on the terminating step. Like Gymnasium,
 * the state is stored as float32 after each step (the reset state is double). The 999-step time limit is applied by
 * {@link TimeLimit}.
 */
public final class MountainCarContinuous extends SeededEnvironment {

    public static final EnvironmentSpec SPEC = new EnvironmentSpec("MountainCarContinuous-v0", List.of(2),
            ActionSpace.Box.uniform(1, -1.0, 1.0), 999, 90.0)
            .withObservationBounds(List.of(-1.2, -0.07), List.of(0.6, 0.07))
            .withRewardRange(Double.NEGATIVE_INFINITY, 100); // the action cost takes the unclipped action

    static final double MIN_ACTION = -1.0;
    static final double MAX_ACTION = 1.0;
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.45;
    static final double GOAL_VELOCITY = 0.0;
    static final double POWER = 0.0015;

    private double position;
    private double velocity;

    /** The current state, for example to draw it. */
    public MountainCar.State state() {
        return new MountainCar.State(position, velocity, GOAL_POSITION);
    }

    @Override
    public EnvironmentSpec spec() {
        return SPEC;
    }

    /** The position uniform in [-0.6, -0.4], the velocity 0. */
    @Override
    public float[] reset() {
        return resetTo(-0.6 + 0.2 * random.nextDouble(), 0.0);
    }

    /** Sets the state directly; used to replay reference states. */
    public float[] resetTo(double position, double velocity) {
        this.position = position;
        this.velocity = velocity;
        started();
        return observation();
    }

    @Override
    public Step step(float[] action) {
        if (action.length != 1) {
            throw new IllegalArgumentException("MountainCarContinuous takes one action value, got " + action.length);
        }
        requireRunning();
        double a = action[0];
        double force = Math.min(Math.max(a, MIN_ACTION), MAX_ACTION);
        double v = velocity + (force * POWER - 0.0025 * Math.cos(3 * position));
        if (v > MAX_SPEED) {
            v = MAX_SPEED;
        }
        if (v < -MAX_SPEED) {
            v = -MAX_SPEED;
        }
        double p = position + v;
        if (p > MAX_POSITION) {
            p = MAX_POSITION;
        }
        if (p < MIN_POSITION) {
            p = MIN_POSITION;
        }
        if (p == MIN_POSITION && v < 0) {
            v = 0.0;
        }
        boolean terminated = p >= GOAL_POSITION && v >= GOAL_VELOCITY;
        double reward = terminated ? 100.0 : 0.0;
        reward -= a * a * 0.1;
        position = (float) p;
        velocity = (float) v;
        ended(terminated);
        return new Step(observation(), reward, terminated, false);
    }

    private float[] observation() {
        return new float[] {(float) position, (float) velocity};
    }
}
