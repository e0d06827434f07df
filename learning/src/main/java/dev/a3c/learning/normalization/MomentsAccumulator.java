package dev.a3c.learning.normalization;

/**
 * Adds up the moments of observations as they arrive (Welford's update, one observation at a time), for a worker to
 * send what it saw since its last push. Not thread-safe.
 */
public final class MomentsAccumulator {

    private final double[] mean;
    private final double[] m2;
    private long count;

    public MomentsAccumulator(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("observations need at least one value, got " + size);
        }
        mean = new double[size];
        m2 = new double[size];
    }

    /** Adds {@code rows} observations of {@link #size()} values each, stored one after the other in {@code values}. */
    public void add(float[] values, int rows) {
        int size = mean.length;
        if (values.length < rows * size) {
            throw new IllegalArgumentException(rows + " observations of " + size + " values need " + rows * size
                    + " numbers, got " + values.length);
        }
        for (int r = 0; r < rows; r++) {
            count++;
            int offset = r * size;
            for (int j = 0; j < size; j++) {
                double x = values[offset + j];
                double delta = x - mean[j];
                mean[j] += delta / count;
                m2[j] += delta * (x - mean[j]);
            }
        }
    }

    public int size() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** The moments of everything added since the last {@link #drain()}, and starts over. */
    public ObservationMoments drain() {
        ObservationMoments moments = count == 0 ? ObservationMoments.empty(size())
                : new ObservationMoments(count, mean, m2);
        count = 0;
        java.util.Arrays.fill(mean, 0);
        java.util.Arrays.fill(m2, 0);
        return moments;
    }
}
