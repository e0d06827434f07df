package dev.a3c.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The part of the network that turns an observation into features for the core and the heads. */
public sealed interface Torso permits Torso.Mlp, Torso.Conv {

    List<String> ACTIVATIONS = List.of("tanh", "relu");

    /** Sizes of the dense layers (the last one feeds the core or the heads). */
    List<Integer> hidden();

    /** {@code tanh} or {@code relu}. */
    String activation();

    /** Trainable parameters for observations of {@code observationShape}. */
    long parameterCount(List<Integer> observationShape);

    /** The size of the features it produces. */
    default int outputSize() {
        return hidden().get(hidden().size() - 1);
    }

    String canonical();

    /** Dense layers on the flat observation. */
    record Mlp(List<Integer> hidden, String activation) implements Torso {
        public Mlp {
            hidden = checkHidden(hidden);
            activation = checkActivation(activation);
        }

        @Override
        public long parameterCount(List<Integer> observationShape) {
            return denseCount(observationShape.stream().reduce(1, (a, b) -> a * b), hidden);
        }

        @Override
        public String canonical() {
            return "mlp(" + join(hidden) + ";" + activation + ")";
        }
    }

    /**
     * One convolution over a rows x columns x channels grid ({@code filters} kernels of {@code kernel} x
     * {@code kernel}, stride {@code stride}, no padding), then dense layers: the MinAtar paper's network is
     * {@code Conv(16, 3, 1, [128], relu)}.
     */
    record Conv(int filters, int kernel, int stride, List<Integer> hidden, String activation) implements Torso {
        public Conv {
            if (filters < 1 || kernel < 1 || stride < 1) {
                throw new IllegalArgumentException("convolution needs filters, kernel and stride >= 1");
            }
            hidden = checkHidden(hidden);
            activation = checkActivation(activation);
        }

        /** The MinAtar paper's torso. */
        public static Conv minAtar() {
            return new Conv(16, 3, 1, List.of(128), "relu");
        }

        /** Rows and columns of the convolution's output for a grid of {@code observationShape}. */
        public int[] outputGrid(List<Integer> observationShape) {
            if (observationShape.size() != 3) {
                throw new IllegalArgumentException("a convolutional torso needs rows x columns x channels observations, got "
                        + observationShape);
            }
            int rows = (observationShape.get(0) - kernel) / stride + 1;
            int cols = (observationShape.get(1) - kernel) / stride + 1;
            if (rows < 1 || cols < 1) {
                throw new IllegalArgumentException("kernel " + kernel + " does not fit observations " + observationShape);
            }
            return new int[] {rows, cols};
        }

        @Override
        public long parameterCount(List<Integer> observationShape) {
            int[] grid = outputGrid(observationShape);
            long conv = (long) filters * kernel * kernel * observationShape.get(2) + filters;
            return conv + denseCount(grid[0] * grid[1] * filters, hidden);
        }

        @Override
        public String canonical() {
            return "conv(" + filters + "x" + kernel + "x" + kernel + "/" + stride + ";" + join(hidden) + ";" + activation + ")";
        }
    }

    private static List<Integer> checkHidden(List<Integer> hidden) {
        List<Integer> copy = List.copyOf(hidden);
        if (copy.isEmpty() || copy.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden layers must be a non-empty list of sizes >= 1, got " + hidden);
        }
        return copy;
    }

    private static String checkActivation(String activation) {
        String a = activation.toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(a)) {
            throw new IllegalArgumentException("activation must be one of " + ACTIVATIONS + ", got " + activation);
        }
        return a;
    }

    private static long denseCount(int in, List<Integer> hidden) {
        long count = 0;
        for (int h : hidden) {
            count += (long) in * h + h;
            in = h;
        }
        return count;
    }

    private static String join(List<Integer> sizes) {
        return sizes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
