package dev.a3c.learning.optim;

/**
 * Hyper-parameters of the shared optimizers.
 *
 * @param rmsDecay RMSProp's decay of the squared-gradient average (alpha in the A3C paper)
 * @param adamBeta1 Adam's first-moment decay
 * @param adamBeta2 Adam's second-moment decay
 * @param epsilon added to the root of the second-moment estimate
 */
public record OptimizerSettings(double rmsDecay, double adamBeta1, double adamBeta2, double epsilon) {

    public static final OptimizerSettings DEFAULTS = new OptimizerSettings(0.99, 0.9, 0.999, 1e-5);

    public OptimizerSettings {
        check("rms decay", rmsDecay);
        check("adam beta1", adamBeta1);
        check("adam beta2", adamBeta2);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("optimizer epsilon must be > 0");
        }
    }

    private static void check(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }
}
