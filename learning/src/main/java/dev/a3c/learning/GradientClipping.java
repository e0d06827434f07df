package dev.a3c.learning;

import java.nio.FloatBuffer;

/** Global-norm gradient clipping: scale the whole gradient so that its L2 norm is at most a bound. */
public final class GradientClipping {

    private GradientClipping() {}

    /** The L2 norm of the buffer's contents, from index 0 to its limit. */
    public static double globalNorm(FloatBuffer gradient) {
        double sum = 0;
        for (int i = 0, n = gradient.limit(); i < n; i++) {
            double g = gradient.get(i);
            sum += g * g;
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales {@code gradient} in place by {@code maxNorm / norm} when its norm exceeds {@code maxNorm}
     * ({@code maxNorm <= 0} disables clipping).
     *
     * @return the norm before clipping
     */
    public static double clipGlobalNorm(FloatBuffer gradient, double maxNorm) {
        double norm = globalNorm(gradient);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (int i = 0, n = gradient.limit(); i < n; i++) {
                gradient.put(i, gradient.get(i) * scale);
            }
        }
        return norm;
    }
}
