package dev.a3c.env;

import java.util.List;


/**
 * MountainCar-v0 with Gymnasium's dynamics: velocity += (action - 1) * 0.001 - 0.0025 cos(3 position), clipped to
 * +-0.07; position += velocity, clipped to [-1.2, 0.6], with the velocity reset to 0 when the car hits the left wall
 * while moving left. Reward -1 per step; the episode terminates at position >= 0.5 with velocity >= 0. The state is
 * kept in double precision and returned as float32. The 200-step time limit is applied by {@link TimeLimit}.
 */
public final class MountainCar extends SeededEnvironment {

    public static final EnvironmentSpec SPEC = EnvironmentSpec.discrete("MountainCar-v0", 2, 3, 200, -110.0)
            .withObservationBounds(List.of(-1.2, -0.07), List.of(0.6, 0.07))
            .withRewardRange(-1, -1);

    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.5;
    static final double GOAL_VELOCITY = 0.0;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    private double position;
    private double velocity;

    /**
     * What a frame of either mountain car shows: the car's position on the track [-1.2, 0.6] (the hill's height is
     * {@code sin(3 position)}), its velocity, and the goal position (0.5 here, 0.45 for the continuous variant).
     */
    public record State(double position, double velocity, double goalPosition) {}

    /** The current state, for example to draw it. */
    public State state() {
        return new State(position, velocity, GOAL_POSITION);
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
    public Step step(int action) {
        if (action < 0 || action > 2) {
            throw new IllegalArgumentException("MountainCar action must be 0, 1 or 2, got " + action);
        }
        requireRunning();
        velocity += (action - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY);
        velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
        position += velocity;
        position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0.0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
        ended(terminated);
        return new Step(observation(), -1.0, terminated, false);
    }

    private float[] observation() {
        return new float[] {(float) position, (float) velocity};
    }
}
