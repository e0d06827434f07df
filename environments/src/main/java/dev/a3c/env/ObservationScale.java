package dev.a3c.env;

import java.util.List;

/**
 * The map of observation normalisation: every value whose bounds in the observation space are finite goes to
 * [-1, 1] ({@code 2 (x - low) / (high - low) - 1}) or [0, 1] ({@code (x - low) / (high - low)}), as its
 * {@link ObservationRange} says; unbounded values pass unchanged.
 */
final class ObservationScale {

    private final float[] offset;
    private final float[] scale;

    ObservationScale(EnvironmentSpec spec, ObservationRange range) {
        if (spec.observationLow() == null) {
            throw new IllegalArgumentException(spec.id() + " declares no observation bounds to rescale with");
        }
        List<Double> low = spec.observationLow();
        List<Double> high = spec.observationHigh();
        offset = new float[low.size()];
        scale = new float[low.size()];
        for (int i = 0; i < low.size(); i++) {
            double lo = low.get(i);
            double hi = high.get(i);
            boolean finite = Double.isFinite(lo) && Double.isFinite(hi);
            boolean unit = range == ObservationRange.UNIT;
            scale[i] = finite ? (float) ((unit ? 1.0 : 2.0) / (hi - lo)) : 1f;
            offset[i] = finite ? (float) (unit ? lo : (hi + lo) / 2) : 0f;
        }
    }

    /** A rescaled copy of one observation. */
    float[] rescaled(float[] observation) {
        float[] out = observation.clone();
        apply(out, 0);
        return out;
    }

    /** Rescales the observation at {@code from} of {@code values} in place. */
    void apply(float[] values, int from) {
        for (int i = 0; i < offset.length; i++) {
            values[from + i] = (values[from + i] - offset[i]) * scale[i];
        }
    }
}
