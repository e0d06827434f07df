package dev.a3c.env;

import java.util.List;


/**
 * CartPole-v1 with Gymnasium's dynamics (Barto, Sutton and Anderson 1983; Euler integration,
 * tau = 0.02 s), reward 1 per step including the terminating one, termination when the pole
 * leans beyond 12 degrees or the cart leaves [-2.4, 2.4]. The state is kept in double precision
 * and returned as float32, as Gymnasium does. The 500-step time limit is applied by
 * {@link TimeLimit}, as Gymnasium's registry does.
 */
public final class CartPole extends SeededEnvironment {

    public static final EnvironmentSpec SPEC = EnvironmentSpec.discrete("CartPole-v1", 4, 2, 500, 475.0)
            .withObservationBounds(List.of(-4.8, Double.NEGATIVE_INFINITY, -0.41887902047863906, Double.NEGATIVE_INFINITY),
                    List.of(4.8, Double.POSITIVE_INFINITY, 0.41887902047863906, Double.POSITIVE_INFINITY))
            .withRewardRange(1, 1);

    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    static final double HALF_LENGTH = 0.5;
    static final double POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;

    private final double[] state = new double[4];

    /** The physical state: cart position (m) and velocity, pole angle (rad, positive leaning right) and its rate. */
    public record State(double x, double xDot, double theta, double thetaDot) {}

    /** The current physical state, for example to draw it. */
    public State state() {
        return new State(state[0], state[1], state[2], state[3]);
    }

    @Override
    public EnvironmentSpec spec() {
        return SPEC;
    }

    @Override
    public float[] reset() {
        for (int i = 0; i < 4; i++) {
            state[i] = -0.05 + 0.1 * random.nextDouble();
        }
        started();
        return observation();
    }

    /** Sets the physical state directly (x, x_dot, theta, theta_dot); used to replay reference states. */
    public float[] resetTo(double x, double xDot, double theta, double thetaDot) {
        state[0] = x;
        state[1] = xDot;
        state[2] = theta;
        state[3] = thetaDot;
        started();
        return observation();
    }

    @Override
    public Step step(int action) {
        if (action != 0 && action != 1) {
            throw new IllegalArgumentException("CartPole action must be 0 or 1, got " + action);
        }
        requireRunning();
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double cosTheta = Math.cos(theta);
        double sinTheta = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sinTheta) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cosTheta * cosTheta / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;
        state[0] = x + TAU * xDot;
        state[1] = xDot + TAU * xAcc;
        state[2] = theta + TAU * thetaDot;
        state[3] = thetaDot + TAU * thetaAcc;
        boolean terminated = state[0] < -X_THRESHOLD || state[0] > X_THRESHOLD
                || state[2] < -THETA_THRESHOLD || state[2] > THETA_THRESHOLD;
        ended(terminated);
        return new Step(observation(), 1.0, terminated, false);
    }

    private float[] observation() {
        return new float[] {(float) state[0], (float) state[1], (float) state[2], (float) state[3]};
    }
}
