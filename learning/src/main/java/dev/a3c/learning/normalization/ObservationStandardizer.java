package dev.a3c.learning.normalization;

/**
 * Standardizes observations by fixed moments: each value becomes {@code (x - mean) / sqrt(variance + 1e-8)}, clipped
 * to [-{@value #CLIP}, {@value #CLIP}] (Stable-Baselines3's VecNormalize computes the same). Without observations
 * yet, values pass unchanged. The network of a run with standardized observations is only meaningful with the moments
 * it was trained with: workers use the server's, and model files store them.
 */
public final class ObservationStandardizer {

    /** Standardized values are clipped to this magnitude. */
    public static final double CLIP = 10.0;
    private static final double EPSILON = 1e-8;

    private final ObservationMoments moments;
    private final float[] shift;
    private final float[] scale;

    public ObservationStandardizer(ObservationMoments moments) {
        this.moments = moments;
        int size = moments.size();
        shift = new float[size];
        scale = new float[size];
        double[] mean = moments.mean();
        for (int j = 0; j < size; j++) {
            if (moments.count() == 0) {
                scale[j] = 1;
            } else {
                shift[j] = (float) mean[j];
                scale[j] = (float) (1.0 / Math.sqrt(moments.variance(j) + EPSILON));
            }
        }
    }

    public ObservationMoments moments() {
        return moments;
    }

    public int size() {
        return shift.length;
    }

    /** Writes the standardized form of {@code rows} observations from {@code in} to {@code out} (may be the same array). */
    public void standardize(float[] in, int rows, float[] out) {
        int size = shift.length;
        if (in.length < rows * size || out.length < rows * size) {
            throw new IllegalArgumentException(rows + " observations of " + size + " values do not fit");
        }
        if (moments.count() == 0) {
            if (in != out) {
                System.arraycopy(in, 0, out, 0, rows * size);
            }
            return;
        }
        float clip = (float) CLIP;
        for (int r = 0; r < rows; r++) {
            int offset = r * size;
            for (int j = 0; j < size; j++) {
                float v = (in[offset + j] - shift[j]) * scale[j];
                out[offset + j] = Math.max(-clip, Math.min(clip, v));
            }
        }
    }

    /** A standardized copy of one or more observations. */
    public float[] standardized(float[] in) {
        float[] out = new float[in.length];
        standardize(in, in.length / shift.length, out);
        return out;
    }
}
