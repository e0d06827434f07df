package dev.a3c.env;

/**
 * Rescales every observation value whose bounds in the observation space are finite to [-1, 1]
 * ({@code 2 (x - low) / (high - low) - 1}) or to [0, 1] ({@link ObservationRange}); unbounded values pass unchanged. Rewards, termination
 * and actions are untouched. This is the trainer's observation normalisation: fixed by the
 * environment's declared space, so every worker and every replay sees the same inputs.
 */
public final class ObservationRescaling implements Environment {

    private final Environment inner;
    private final ObservationScale scale;

    /** Values with finite bounds to [-1, 1]. */
    public ObservationRescaling(Environment inner) {
        this(inner, ObservationRange.SYMMETRIC);
    }

    /** Values with finite bounds to {@code range}. */
    public ObservationRescaling(Environment inner, ObservationRange range) {
        this.inner = inner;
        this.scale = new ObservationScale(inner.spec(), range);
    }

    /** Whether an environment declares bounds to rescale with. */
    public static boolean supports(EnvironmentSpec spec) {
        return spec.observationLow() != null;
    }

    @Override
    public EnvironmentSpec spec() {
        return inner.spec();
    }

    @Override
    public Environment unwrapped() {
        return inner.unwrapped();
    }

    @Override
    public float[] reset(long seed) {
        return rescale(inner.reset(seed));
    }

    @Override
    public float[] reset() {
        return rescale(inner.reset());
    }

    @Override
    public Step step(int action) {
        return rescale(inner.step(action));
    }

    @Override
    public Step step(float[] action) {
        return rescale(inner.step(action));
    }

    private Step rescale(Step step) {
        return new Step(rescale(step.observation()), step.reward(), step.terminated(), step.truncated());
    }

    private float[] rescale(float[] observation) {
        return scale.rescaled(observation);
    }
}
