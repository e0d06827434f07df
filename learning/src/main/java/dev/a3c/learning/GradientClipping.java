package dev.a3c.learning;

import java.nio.FloatBuffer;

/** Global-norm gradient clipping: scale the whole gradient so that its L2 norm is at most a bound. */
public final class GradientClipping {

    private GradientClipping() {}

    /** The L2 norm of the buffer's contents, from index 0 to its limit. */
    public static double globalNorm(FloatBuffer gradient) {
        int n = gradient.limit();
        float[] chunk = new float[Math.min(n, 4096)];
        // four sums in double: independent chains (no float32 value overflows its square in double)
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int from = 0; from < n; from += chunk.length) {
            int length = Math.min(chunk.length, n - from);
            gradient.get(from, chunk, 0, length);
            int i = 0;
            for (; i + 4 <= length; i += 4) {
                double a = chunk[i];
                double b = chunk[i + 1];
                double c = chunk[i + 2];
                double d = chunk[i + 3];
                s0 += a * a;
                s1 += b * b;
                s2 += c * c;
                s3 += d * d;
            }
            for (; i < length; i++) {
                double a = chunk[i];
                s0 += a * a;
            }
        }
        return Math.sqrt((s0 + s1) + (s2 + s3));
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
            int n = gradient.limit();
            float[] chunk = new float[Math.min(n, 4096)];
            for (int from = 0; from < n; from += chunk.length) {
                int length = Math.min(chunk.length, n - from);
                gradient.get(from, chunk, 0, length);
                for (int i = 0; i < length; i++) {
                    chunk[i] *= scale;
                }
                gradient.put(from, chunk, 0, length);
            }
        }
        return norm;
    }
}
