package dev.a3c.config;

import java.util.Arrays;
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
     * Convolutions over a rows x columns x channels grid (no padding), then dense layers: the MinAtar paper's network
     * is {@code 16x3/1} then 128 relu units ({@link #minAtar()}), the A3C paper's Atari network {@code 16x8/4,32x4/2}
     * then 256 ({@link #atari()}).
     */
    record Conv(List<Layer> layers, List<Integer> hidden, String activation) implements Torso {

        /** One convolution: {@code filters} kernels of {@code kernel} x {@code kernel}, stride {@code stride}. */
        public record Layer(int filters, int kernel, int stride) {
            public Layer {
                if (filters < 1 || kernel < 1 || stride < 1) {
                    throw new IllegalArgumentException("a convolution needs filters, kernel and stride >= 1, got "
                            + filters + "x" + kernel + "/" + stride);
                }
            }

            /** {@code FILTERSxKERNEL/STRIDE}, as in {@code 16x3/1}. */
            public static Layer parse(String text) {
                String t = text.trim();
                int x = t.indexOf('x');
                int slash = t.indexOf('/');
                try {
                    if (x > 0 && slash > x) {
                        return new Layer(Integer.parseInt(t.substring(0, x)), Integer.parseInt(t.substring(x + 1, slash)),
                                Integer.parseInt(t.substring(slash + 1)));
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new IllegalArgumentException("a convolution is FILTERSxKERNEL/STRIDE (for example 16x3/1), got '"
                        + text + "'");
            }

            /** Comma-separated layers, as in {@code 16x8/4,32x4/2}. */
            public static List<Layer> parseList(String text) {
                return Arrays.stream(text.split(",")).map(Layer::parse).toList();
            }

            public String text() {
                return filters + "x" + kernel + "/" + stride;
            }
        }

        public Conv {
            layers = List.copyOf(layers);
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("a convolutional torso needs at least one convolution");
            }
            hidden = checkHidden(hidden);
            activation = checkActivation(activation);
        }

        /** One convolution, then the dense layers. */
        public Conv(int filters, int kernel, int stride, List<Integer> hidden, String activation) {
            this(List.of(new Layer(filters, kernel, stride)), hidden, activation);
        }

        /** The MinAtar paper's torso. */
        public static Conv minAtar() {
            return new Conv(16, 3, 1, List.of(128), "relu");
        }

        /** The A3C paper's Atari torso (Mnih et al. 2016, after Mnih et al. 2013). */
        public static Conv atari() {
            return new Conv(List.of(new Layer(16, 8, 4), new Layer(32, 4, 2)), List.of(256), "relu");
        }

        /** Rows and columns of the last convolution's output for a grid of {@code observationShape}. */
        public int[] outputGrid(List<Integer> observationShape) {
            if (observationShape.size() != 3) {
                throw new IllegalArgumentException("a convolutional torso needs rows x columns x channels observations, got "
                        + observationShape);
            }
            int rows = observationShape.get(0);
            int cols = observationShape.get(1);
            for (Layer l : layers) {
                if (rows < l.kernel() || cols < l.kernel()) {
                    throw new IllegalArgumentException("convolutions " + text() + " do not fit observations "
                            + observationShape);
                }
                rows = (rows - l.kernel()) / l.stride() + 1;
                cols = (cols - l.kernel()) / l.stride() + 1;
            }
            return new int[] {rows, cols};
        }

        /** The channels of the last convolution's output. */
        public int outputChannels() {
            return layers.get(layers.size() - 1).filters();
        }

        /** The layers as {@code --conv} writes them. */
        public String text() {
            return layers.stream().map(Layer::text).collect(Collectors.joining(","));
        }

        @Override
        public long parameterCount(List<Integer> observationShape) {
            int[] grid = outputGrid(observationShape);
            long count = 0;
            int channels = observationShape.get(2);
            for (Layer l : layers) {
                count += (long) l.filters() * l.kernel() * l.kernel() * channels + l.filters();
                channels = l.filters();
            }
            return count + denseCount(grid[0] * grid[1] * channels, hidden);
        }

        @Override
        public String canonical() {
            // one layer reads as before multi-layer torsos existed: fingerprints of saved networks stay the same
            String convs = layers.stream().map(l -> l.filters() + "x" + l.kernel() + "x" + l.kernel() + "/" + l.stride())
                    .collect(Collectors.joining(","));
            return "conv(" + convs + ";" + join(hidden) + ";" + activation + ")";
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
