package dev.a3c.env;

import java.util.List;

/**
 * Pendulum-v1 with Gymnasium's dynamics (semi-implicit Euler, dt = 0.05 s, m = 1, l = 1, g = 10 by default): the
 * torque is the action clipped to [-2, 2]; thdot += (3 g / (2 l) sin th + 3 / (m l^2) u) dt, clipped to +-8;
 * th += thdot dt. The reward is -(angle_normalize(th)^2 + 0.1 thdot^2 + 0.001 u^2) of the state before the step.
 * The episode never terminates; the 200-step time limit is applied by {@link TimeLimit}. The observation is
 * [cos th, sin th, thdot] as float32; the state is kept in double precision. There is no reward threshold.
 */
public final class Pendulum extends SeededEnvironment {

    public static final EnvironmentSpec SPEC = new EnvironmentSpec("Pendulum-v1", List.of(3),
            ActionSpace.Box.uniform(1, -2.0, 2.0), 200, null)
            .withObservationBounds(List.of(-1.0, -1.0, -8.0), List.of(1.0, 1.0, 8.0))
            .withRewardRange(-(Math.PI * Math.PI + 0.1 * 8.0 * 8.0 + 0.001 * 2.0 * 2.0), 0);

    static final double DEFAULT_GRAVITY = 10.0;
    static final double MAX_SPEED = 8.0;
    static final double MAX_TORQUE = 2.0;
    static final double DT = 0.05;
    static final double MASS = 1.0;
    static final double LENGTH = 1.0;

    private final double gravity;
    private double theta;
    private double thetaDot;

    /** The physical state: the angle from upright (rad, counter-clockwise) and its rate. */
    public record State(double theta, double thetaDot) {}

    /** The current physical state, for example to draw it. */
    public State state() {
        return new State(theta, thetaDot);
    }

    public Pendulum() {
        this(DEFAULT_GRAVITY);
    }

    /** A pendulum under gravity {@code g} (Gymnasium's {@code g} argument). */
    public Pendulum(double g) {
        this.gravity = g;
    }

    @Override
    public EnvironmentSpec spec() {
        return SPEC;
    }

    /** The angle uniform in [-pi, pi], the angular velocity uniform in [-1, 1]. */
    @Override
    public float[] reset() {
        double th = -Math.PI + 2 * Math.PI * random.nextDouble();
        double thDot = -1.0 + 2.0 * random.nextDouble();
        return resetTo(th, thDot);
    }

    /** Sets the state directly (theta, theta_dot); used to replay reference states. */
    public float[] resetTo(double theta, double thetaDot) {
        this.theta = theta;
        this.thetaDot = thetaDot;
        started();
        return observation();
    }

    @Override
    public Step step(float[] action) {
        if (action.length != 1) {
            throw new IllegalArgumentException("Pendulum takes one action value, got " + action.length);
        }
        requireRunning();
        double u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
        double normalized = angleNormalize(theta);
        double cost = normalized * normalized + 0.1 * (thetaDot * thetaDot) + 0.001 * (u * u);
        double newThetaDot = thetaDot
                + (3 * gravity / (2 * LENGTH) * Math.sin(theta) + 3.0 / (MASS * LENGTH * LENGTH) * u) * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        return new Step(observation(), -cost, false, false);
    }

    /** {@code x} mapped into [-pi, pi) as Gymnasium's {@code ((x + pi) % (2 pi)) - pi} with a floored modulo. */
    static double angleNormalize(double x) {
        double period = 2 * Math.PI;
        double r = (x + Math.PI) % period;
        if (r < 0) {
            r += period;
        } else if (r == 0) {
            r = 0.0;
        }
        return r - Math.PI;
    }

    private float[] observation() {
        return new float[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot};
    }
}
