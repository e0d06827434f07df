package dev.a3c.learning;

/**
 * A coefficient as a function of global environment steps: constant, or annealed linearly from its initial value to 0
 * over the step budget (the A3C paper's learning rate; the entropy weight on request).
 */
public record LinearSchedule(double initial, long maxSteps, boolean anneal) {

    public LinearSchedule {
        if (!(initial >= 0) || !Double.isFinite(initial)) {
            throw new IllegalArgumentException("a scheduled coefficient must be >= 0, got " + initial);
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
