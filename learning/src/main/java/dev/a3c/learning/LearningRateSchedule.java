package dev.a3c.learning;

/**
 * The learning rate as a function of global environment steps: constant, or annealed linearly
 * from its initial value to 0 over the step budget (as in the A3C paper).
 */
public record LearningRateSchedule(double initial, long maxSteps, boolean anneal) {

    public LearningRateSchedule {
        if (!(initial > 0) || !Double.isFinite(initial)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + initial);
        }
        if (anneal && maxSteps <= 0) {
            throw new IllegalArgumentException("annealing needs a positive step budget");
        }
    }

    public double at(long envSteps) {
        if (!anneal) {
            return initial;
        }
        double remaining = 1.0 - (double) envSteps / maxSteps;
        return initial * Math.max(0.0, remaining);
    }
}
