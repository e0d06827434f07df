package dev.a3c.network;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A torso of {@link PlainNetwork}: convolutions, then dense layers, each followed by the torso's activation, over
 * blocks of rows; its layers' activations live in the caller's arrays (a trace).
 */
final class PlainTorso implements Parameterized {
    private final Kernel[] layers;
    /** sizes[0]: the input; sizes[l + 1]: the output of layer l. */
    final int[] sizes;
    private final boolean relu;
    /** Per layer, the gradient with respect to its input ({@link #backward}'s scratch). */
    private final float[][] deltas;

    PlainTorso(ActorCriticNetwork network, String prefix) {
        NetworkSpec spec = network.spec();
        Torso torso = spec.torso();
        this.relu = torso.activation().equals("relu");
        List<Kernel> kernels = new ArrayList<>();
        int[] inputOrder = null;
        if (torso instanceof Torso.Conv conv) {
            int rows = spec.observationShape().get(0);
            int cols = spec.observationShape().get(1);
            ConvKernel last = null;
            for (int c = 0; c < conv.layers().size(); c++) {
                String name = prefix + ActorCriticGraph.CONV + (c == 0 ? "" : Integer.toString(c));
                last = new ConvKernel(network, name, rows, cols);
                kernels.add(last);
                rows = last.outRows;
                cols = last.outCols;
            }
            inputOrder = last.channelsFirstOrder();
        }
        for (int i = 0; i < torso.hidden().size(); i++) {
            kernels.add(new DenseKernel(network, prefix + ActorCriticGraph.HIDDEN + i, i == 0 ? inputOrder : null));
        }
        this.layers = kernels.toArray(new Kernel[0]);
        this.sizes = new int[layers.length + 1];
        this.deltas = new float[layers.length][];
        sizes[0] = spec.observationSize();
        for (int l = 0; l < layers.length; l++) {
            if (layers[l].inputSize() != sizes[l]) {
                throw new IllegalStateException("layer " + l + " reads " + layers[l].inputSize() + " values, gets "
                        + sizes[l]);
            }
            sizes[l + 1] = layers[l].outputSize();
        }
    }

    int inputSize() {
        return sizes[0];
    }

    int outputSize() {
        return sizes[sizes.length - 1];
    }

    float[][] allocate(int capacity, float[] sharedInput) {
        float[][] arrays = new float[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            arrays[l] = l == 0 && sharedInput != null ? sharedInput : new float[capacity * sizes[l]];
        }
        return arrays;
    }

    @Override
    public void load(float[] flat) {
        for (Kernel layer : layers) {
            layer.load(flat);
        }
    }

    /** Rows {@code [first, first + rows)} of each layer's activations from those of the input. */
    void forward(float[][] activations, int first, int rows) {
        for (int l = 0; l < layers.length; l++) {
            int n = sizes[l + 1];
            float[] out = activations[l + 1];
            int from = first * n;
            int to = from + rows * n;
            layers[l].forward(activations[l], first * sizes[l], rows, out, from);
            if (relu) {
                for (int j = from; j < to; j++) {
                    out[j] = Math.max(0f, out[j]);
                }
            } else {
                for (int j = from; j < to; j++) {
                    out[j] = PlainNetwork.tanh(out[j]);
                }
            }
        }
    }

    /** Accumulates the gradient of rows {@code [0, rows)}, given the gradient with respect to the torso's output. */
    void backward(float[][] activations, int rows, float[] outputDelta) {
        float[] delta = outputDelta;
        for (int l = layers.length - 1; l >= 0; l--) {
            int n = rows * sizes[l + 1];
            float[] out = activations[l + 1];
            if (relu) {
                Gemm.reluBackward(out, delta, n);
            } else {
                for (int j = 0; j < n; j++) {
                    float y = out[j];
                    delta[j] *= 1 - y * y;
                }
            }
            layers[l].accumulate(activations[l], 0, rows, delta, 0);
            if (l > 0) {
                float[] next = scratch(l, rows * sizes[l]);
                layers[l].inputGradient(delta, 0, rows, next, 0);
                delta = next;
            }
        }
    }

    /** Layer {@code l}'s input gradient buffer, zeroed, of at least {@code length} values (kept: they are large). */
    private float[] scratch(int l, int length) {
        if (deltas[l] == null || deltas[l].length < length) {
            deltas[l] = new float[length];
        } else {
            Arrays.fill(deltas[l], 0, length, 0f);
        }
        return deltas[l];
    }

    @Override
    public void clearGradient() {
        for (Kernel layer : layers) {
            layer.clearGradient();
        }
    }

    @Override
    public void storeGradient(float[] flat) {
        for (Kernel layer : layers) {
            layer.storeGradient(flat);
        }
    }
}
