package dev.a3c.network;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import java.util.List;

/**
 * Observations from the environment's flat c order (MinAtar: rows x columns x channels) to the order the graph
 * reads: the same for dense torsos, channels-first for DL4J's convolution.
 */
final class ObservationLayout {

    private final int size;
    /** For each graph index, the environment index of the same value; null when the orders are the same. */
    private final int[] channelsFirst;

    ObservationLayout(NetworkSpec spec) {
        this.size = spec.observationSize();
        this.channelsFirst = spec.torso() instanceof Torso.Conv ? channelsFirstPermutation(spec.observationShape()) : null;
    }

    /** The first {@code rows} observations, channels-first for a convolutional torso; a copy. */
    float[] toGraphOrder(float[] observations, int rows) {
        float[] out = new float[rows * size];
        if (channelsFirst == null) {
            System.arraycopy(observations, 0, out, 0, rows * size);
            return out;
        }
        for (int r = 0; r < rows; r++) {
            int base = r * size;
            for (int i = 0; i < size; i++) {
                out[base + i] = observations[base + channelsFirst[i]];
            }
        }
        return out;
    }

    double[] toGraphOrder(double[] observations, int rows) {
        double[] out = new double[rows * size];
        for (int r = 0; r < rows; r++) {
            int base = r * size;
            for (int i = 0; i < size; i++) {
                out[base + i] = observations[base + (channelsFirst == null ? i : channelsFirst[i])];
            }
        }
        return out;
    }

    /** For each channels-first index (c, y, x), the index of the same value in rows x columns x channels order. */
    static int[] channelsFirstPermutation(List<Integer> shape) {
        int rows = shape.get(0);
        int cols = shape.get(1);
        int channels = shape.get(2);
        int[] permutation = new int[rows * cols * channels];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    permutation[(c * rows + y) * cols + x] = (y * cols + x) * channels + c;
                }
            }
        }
        return permutation;
    }
}
