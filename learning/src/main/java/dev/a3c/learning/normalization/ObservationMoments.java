package dev.a3c.learning.normalization;

import java.util.Arrays;

/**
 * The count, means and sums of squared deviations from the mean (M2) of observations, one mean and one M2 per
 * observation value. Two sets of moments merge exactly (Chan, Golub and LeVeque's pairwise update), so the server can
 * add up what each worker saw without ever holding the observations. Never modified: {@link #merge} makes a new one.
 */
public record ObservationMoments(long count, double[] mean, double[] m2) {

    public ObservationMoments {
        if (count < 0 || mean == null || m2 == null || mean.length != m2.length || mean.length == 0) {
            throw new IllegalArgumentException("moments need a count >= 0 and as many M2 values as means (at least one)");
        }
        mean = mean.clone();
        m2 = m2.clone();
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !Double.isFinite(m2[j]) || m2[j] < 0) {
                throw new IllegalArgumentException("moments must be finite with M2 >= 0; value " + j + ": mean "
                        + mean[j] + ", M2 " + m2[j]);
            }
            if (count == 0 && (mean[j] != 0 || m2[j] != 0)) {
                throw new IllegalArgumentException("moments of no observations must be zero");
            }
        }
    }

    /** No observations yet. */
    public static ObservationMoments empty(int size) {
        return new ObservationMoments(0, new double[size], new double[size]);
    }

    public int size() {
        return mean.length;
    }

    /** The population variance of value {@code j}: M2 / count; 0 without observations. */
    public double variance(int j) {
        return count == 0 ? 0 : m2[j] / count;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] m2() {
        return m2.clone();
    }

    /** The moments of both sets of observations together. */
    public ObservationMoments merge(ObservationMoments other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("cannot merge moments of " + other.size() + " values into " + size());
        }
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        long total = Math.addExact(count, other.count);
        double[] mergedMean = new double[size()];
        double[] mergedM2 = new double[size()];
        double share = (double) other.count / total;
        double cross = (double) count * other.count / total;
        for (int j = 0; j < size(); j++) {
            double delta = other.mean[j] - mean[j];
            mergedMean[j] = mean[j] + delta * share;
            mergedM2[j] = m2[j] + other.m2[j] + delta * delta * cross;
        }
        return new ObservationMoments(total, mergedMean, mergedM2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObservationMoments other && count == other.count && Arrays.equals(mean, other.mean)
                && Arrays.equals(m2, other.m2);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(count) + Arrays.hashCode(mean)) + Arrays.hashCode(m2);
    }

    @Override
    public String toString() {
        return "ObservationMoments[count=" + count + ", mean=" + Arrays.toString(mean) + ", m2=" + Arrays.toString(m2) + "]";
    }
}
