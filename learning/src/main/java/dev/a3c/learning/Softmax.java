package dev.a3c.learning;

import java.util.SplittableRandom;

/** Numerically stable softmax over one row of logits, and sampling from it. */
public final class Softmax {

    private Softmax() {}

    /** Writes {@code log softmax(logits[offset .. offset+n))} into {@code out[0 .. n)}. */
    public static void logSoftmax(double[] logits, int offset, int n, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, logits[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(logits[offset + j] - max);
        }
        double logSum = max + Math.log(sum);
        for (int j = 0; j < n; j++) {
            out[j] = logits[offset + j] - logSum;
        }
    }

    /** Samples an index from {@code softmax(logits[offset .. offset+n))}. */
    public static int sample(float[] logits, int offset, int n, SplittableRandom random) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, logits[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(logits[offset + j] - max);
        }
        double u = random.nextDouble() * sum;
        double cumulative = 0;
        for (int j = 0; j < n - 1; j++) {
            cumulative += Math.exp(logits[offset + j] - max);
            if (u < cumulative) {
                return j;
            }
        }
        return n - 1;
    }

    /** The index of the largest logit: the greedy action. */
    public static int argmax(float[] logits, int offset, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (logits[offset + j] > logits[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
