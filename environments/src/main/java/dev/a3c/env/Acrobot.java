package dev.a3c.env;

import java.util.List;


/**
 * Acrobot-v1 with Gymnasium's dynamics: the equations of Sutton and Barto's book (not the NIPS paper's),
 * integrated with one classic Runge-Kutta 4 step over dt = 0.2 s, torques -1, 0, +1 without noise. After each step
 * both angles are wrapped into [-pi, pi] and the velocities bounded to +-4 pi and +-9 pi. The reward is -1 per step
 * and 0 on the terminating step, reached when the free end rises above the bar: -cos(t1) - cos(t2 + t1) > 1.
 * The observation is [cos t1, sin t1, cos t2, sin t2, dt1, dt2] as float32; the state is kept in double precision.
 * The 500-step time limit is applied by {@link TimeLimit}, as Gymnasium's registry does.
 */
public final class Acrobot extends SeededEnvironment {

    public static final EnvironmentSpec SPEC = EnvironmentSpec.discrete("Acrobot-v1", 6, 3, 500, -100.0)
            .withObservationBounds(List.of(-1.0, -1.0, -1.0, -1.0, -4 * Math.PI, -9 * Math.PI),
                    List.of(1.0, 1.0, 1.0, 1.0, 4 * Math.PI, 9 * Math.PI))
            .withRewardRange(-1, 0);

    static final double DT = 0.2;
    static final double LINK_LENGTH_1 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    static final double LINK_MOI = 1.0;
    static final double GRAVITY = 9.8;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] TORQUES = {-1.0, 0.0, 1.0};

    private final double[] state = new double[4];

    /**
     * The physical state: the first link's angle from hanging straight down, the second link's angle relative to
     * the first (rad), and their rates.
     */
    public record State(double theta1, double theta2, double dtheta1, double dtheta2) {}

    /** The current physical state, for example to draw it. */
    public State state() {
        return new State(state[0], state[1], state[2], state[3]);
    }

    @Override
    public EnvironmentSpec spec() {
        return SPEC;
    }

    /** Both angles and both velocities uniform in [-0.1, 0.1], rounded to float32 as Gymnasium's reset does. */
    @Override
    public float[] reset() {
        for (int i = 0; i < 4; i++) {
            state[i] = (float) (-0.1 + 0.2 * random.nextDouble());
        }
        started();
        return observation();
    }

    /** Sets the state directly (theta1, theta2, dtheta1, dtheta2); used to replay reference states. */
    public float[] resetTo(double theta1, double theta2, double dtheta1, double dtheta2) {
        state[0] = theta1;
        state[1] = theta2;
        state[2] = dtheta1;
        state[3] = dtheta2;
        started();
        return observation();
    }

    @Override
    public Step step(int action) {
        if (action < 0 || action > 2) {
            throw new IllegalArgumentException("Acrobot action must be 0, 1 or 2, got " + action);
        }
        requireRunning();
        double[] next = rk4(state, TORQUES[action]);
        state[0] = wrap(next[0], -Math.PI, Math.PI);
        state[1] = wrap(next[1], -Math.PI, Math.PI);
        state[2] = bound(next[2], -MAX_VEL_1, MAX_VEL_1);
        state[3] = bound(next[3], -MAX_VEL_2, MAX_VEL_2);
        boolean terminated = -Math.cos(state[0]) - Math.cos(state[1] + state[0]) > 1.0;
        ended(terminated);
        return new Step(observation(), terminated ? 0.0 : -1.0, terminated, false);
    }

    /** One Runge-Kutta 4 step of length {@link #DT} with the torque held constant. */
    static double[] rk4(double[] y0, double torque) {
        double half = DT / 2.0;
        double[] k1 = derivatives(y0, torque);
        double[] k2 = derivatives(add(y0, half, k1), torque);
        double[] k3 = derivatives(add(y0, half, k2), torque);
        double[] k4 = derivatives(add(y0, DT, k3), torque);
        double sixth = DT / 6.0;
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = y0[i] + sixth * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return y;
    }

    private static double[] add(double[] y, double h, double[] k) {
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = y[i] + h * k[i];
        }
        return out;
    }

    /** The book's equations of motion: (dtheta1, dtheta2, ddtheta1, ddtheta2). */
    static double[] derivatives(double[] s, double a) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double g = GRAVITY;
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2)
                + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2)
                / (m2 * lc2 * lc2 + i2 - d2 * d2 / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2};
    }

    /** {@code x} moved by whole periods into [lo, hi]. */
    static double wrap(double x, double lo, double hi) {
        double period = hi - lo;
        while (x > hi) {
            x -= period;
        }
        while (x < lo) {
            x += period;
        }
        return x;
    }

    static double bound(double x, double lo, double hi) {
        return Math.min(Math.max(x, lo), hi);
    }

    private float[] observation() {
        return new float[] {(float) Math.cos(state[0]), (float) Math.sin(state[0]), (float) Math.cos(state[1]),
                (float) Math.sin(state[1]), (float) state[2], (float) state[3]};
    }
}
