package dev.a3c.env;

import java.util.List;

/**
 * Rescales every observation value whose bounds in the observation space are finite to [-1, 1]
 * ({@code 2 (x - low) / (high - low) - 1}); unbounded values pass unchanged. Rewards, termination
 * and actions are untouched. This is the trainer's observation normalisation: fixed by the
 * environment's declared space, so every worker and every replay sees the same inputs.
 */
public final class ObservationRescaling implements Environment {

    private final Environment inner;
    private final float[] offset;
    private final float[] scale;

    public ObservationRescaling(Environment inner) {
        EnvironmentSpec spec = inner.spec();
        if (spec.observationLow() == null) {
            throw new IllegalArgumentException(spec.id() + " declares no observation bounds to rescale with");
        }
        List<Double> low = spec.observationLow();
        List<Double> high = spec.observationHigh();
        this.inner = inner;
        this.offset = new float[low.size()];
        this.scale = new float[low.size()];
        for (int i = 0; i < low.size(); i++) {
            double lo = low.get(i);
            double hi = high.get(i);
            boolean finite = Double.isFinite(lo) && Double.isFinite(hi);
            scale[i] = finite ? (float) (2.0 / (hi - lo)) : 1f;
            offset[i] = finite ? (float) ((hi + lo) / 2) : 0f;
        }
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
        float[] out = new float[observation.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (observation[i] - offset[i]) * scale[i];
        }
        return out;
    }
}
