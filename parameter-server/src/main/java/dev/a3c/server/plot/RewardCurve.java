package dev.a3c.server.plot;

import java.util.Arrays;

/**
 * The numbers a reward-curve plot shows, computed from an {@link EpisodeLog}: the 100-episode moving average (over
 * the episodes so far while there are fewer than 100, as the server reports it), its final and best full-window
 * values, and downsampled series that keep a plot of 100,000+ episodes fast to draw.
 */
public final class RewardCurve {

    /** The moving-average window, as the server's {@code avg_return_100}. */
    public static final int WINDOW = 100;

    private RewardCurve() {}

    /** The trailing average of the last {@link #WINDOW} values at each index (of all so far before that). */
    public static double[] movingAverage(double[] values) {
        double[] average = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= WINDOW) {
                sum -= values[i - WINDOW];
            }
            average[i] = sum / Math.min(i + 1, WINDOW);
        }
        return average;
    }

    /** The best full-window average, or NaN with fewer than {@link #WINDOW} values. */
    public static double bestFullWindow(double[] movingAverage) {
        double best = Double.NaN;
        for (int i = WINDOW - 1; i < movingAverage.length; i++) {
            best = Double.isNaN(best) ? movingAverage[i] : Math.max(best, movingAverage[i]);
        }
        return best;
    }

    /**
     * Indices of at most about {@code maxPoints} values that keep the look of a scatter plot: all of them when there
     * are few enough, else for each of {@code maxPoints / 2} consecutive buckets the index of its smallest and of its
     * largest value (so spikes and the spread survive), in increasing order.
     */
    public static int[] envelopeIndices(double[] values, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("at least 2 points, got " + maxPoints);
        }
        int n = values.length;
        if (n <= maxPoints) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int buckets = maxPoints / 2;
        int[] kept = new int[2 * buckets];
        int k = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int min = from;
            int max = from;
            for (int i = from + 1; i < to; i++) {
                if (values[i] < values[min]) {
                    min = i;
                }
                if (values[i] > values[max]) {
                    max = i;
                }
            }
            kept[k++] = Math.min(min, max);
            if (min != max) {
                kept[k++] = Math.max(min, max);
            }
        }
        return Arrays.copyOf(kept, k);
    }

    /** Indices of at most {@code maxPoints} evenly spaced values, the first and the last included (for smooth lines). */
    public static int[] strideIndices(int n, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("at least 2 points, got " + maxPoints);
        }
        if (n <= maxPoints) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] kept = new int[maxPoints];
        for (int i = 0; i < maxPoints; i++) {
            kept[i] = (int) ((long) i * (n - 1) / (maxPoints - 1));
        }
        return kept;
    }

    /** {@code values} at {@code indices}. */
    public static double[] pick(double[] values, int[] indices) {
        double[] picked = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = values[indices[i]];
        }
        return picked;
    }
}
