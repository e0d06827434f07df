package dev.a3c.network;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One convolution of an {@link ActorCriticNetwork} (no padding, square kernel and stride) in plain Java, with its
 * gradient, as a matrix product over the patches of the input (im2col). Activations are rows x columns x channels
 * (channels innermost), so a kernel row's inputs are contiguous; the weights are read from and written to the
 * offsets and strides of DL4J's {@code [out, in, kH, kW]} view.
 */
final class ConvKernel implements Kernel {

    final int inRows;
    final int inCols;
    final int inChannels;
    final int kernel;
    final int stride;
    final int outRows;
    final int outCols;
    final int outChannels;
    private final int patch;                 // kernel * kernel * inChannels
    private final int weightOffset;
    private final long[] weightStrides;
    private final int biasOffset;
    private final float[] w;                 // [ky][kx][in][out]: patch x out
    private final float[] wt;                // [out][ky][kx][in]: out x patch
    private final float[] b;
    private final float[] dw;
    private final float[] db;
    /** Scratch: one row per output position of the rows in hand, {@link #patch} values each. */
    private float[] patches = new float[0];

    ConvKernel(ActorCriticNetwork network, String name, int inRows, int inCols) {
        Layer layer = network.graph().getLayer(name);
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf =
                (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
        long base = network.graph().params().offset();
        INDArray weights = layer.getParam("W");
        this.outChannels = (int) weights.size(0);
        this.inChannels = (int) weights.size(1);
        this.kernel = (int) weights.size(2);
        if (weights.size(3) != kernel || conf.getStride()[0] != conf.getStride()[1]) {
            throw new IllegalArgumentException("plain-Java convolutions are square, layer " + name + " is not");
        }
        this.stride = conf.getStride()[0];
        this.inRows = inRows;
        this.inCols = inCols;
        this.outRows = (inRows - kernel) / stride + 1;
        this.outCols = (inCols - kernel) / stride + 1;
        this.patch = kernel * kernel * inChannels;
        this.weightOffset = (int) (weights.offset() - base);
        this.weightStrides = weights.stride();
        this.biasOffset = (int) (layer.getParam("b").offset() - base);
        this.w = new float[patch * outChannels];
        this.wt = new float[patch * outChannels];
        this.b = new float[outChannels];
        this.dw = new float[patch * outChannels];
        this.db = new float[outChannels];
    }

    @Override
    public int inputSize() {
        return inRows * inCols * inChannels;
    }

    @Override
    public int outputSize() {
        return outRows * outCols * outChannels;
    }

    private int dl4jIndex(int out, int in, int ky, int kx) {
        return weightOffset + (int) (out * weightStrides[0] + in * weightStrides[1] + ky * weightStrides[2]
                + kx * weightStrides[3]);
    }

    @Override
    public void load(float[] flat) {
        for (int o = 0; o < outChannels; o++) {
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    for (int c = 0; c < inChannels; c++) {
                        float v = flat[dl4jIndex(o, c, ky, kx)];
                        int p = (ky * kernel + kx) * inChannels + c;
                        w[p * outChannels + o] = v;
                        wt[o * patch + p] = v;
                    }
                }
            }
        }
        System.arraycopy(flat, biasOffset, b, 0, outChannels);
    }

    /**
     * The patches of {@code rows} input rows, one row per output position ({@code kernel x kernel x inChannels}
     * values in the order of {@link #w}), into {@link #patches}.
     */
    private void gather(float[] in, int inOffset, int rows) {
        int positions = outRows * outCols;
        ensurePatches(rows * positions);
        int segment = kernel * inChannels;
        int inSize = inputSize();
        for (int r = 0; r < rows; r++) {
            for (int oy = 0; oy < outRows; oy++) {
                for (int ox = 0; ox < outCols; ox++) {
                    int target = ((r * positions) + oy * outCols + ox) * patch;
                    for (int ky = 0; ky < kernel; ky++) {
                        int source = inOffset + r * inSize + ((oy * stride + ky) * inCols + ox * stride) * inChannels;
                        System.arraycopy(in, source, patches, target + ky * segment, segment);
                    }
                }
            }
        }
    }

    private void ensurePatches(int rows) {
        if (patches.length < rows * patch) {
            patches = new float[rows * patch];
        }
    }

    @Override
    public void forward(float[] in, int inOffset, int rows, float[] out, int outOffset) {
        int positions = rows * outRows * outCols;
        gather(in, inOffset, rows);
        Kernel.fillRows(out, outOffset, positions, b);
        Gemm.multiplyAdd(positions, outChannels, patch, patches, 0, patch, 1, w, 0, outChannels, out, outOffset,
                outChannels);
    }

    @Override
    public void accumulate(float[] in, int inOffset, int rows, float[] delta, int deltaOffset) {
        int positions = rows * outRows * outCols;
        gather(in, inOffset, rows);
        Kernel.addColumnSums(delta, deltaOffset, positions, outChannels, db);
        // dW += patches^T delta
        Gemm.multiplyAdd(patch, outChannels, positions, patches, 0, 1, patch, delta, deltaOffset, outChannels, dw, 0,
                outChannels);
    }

    @Override
    public void inputGradient(float[] delta, int deltaOffset, int rows, float[] dIn, int dInOffset) {
        int positions = outRows * outCols;
        ensurePatches(rows * positions);
        java.util.Arrays.fill(patches, 0, rows * positions * patch, 0f);
        // the patches' gradient: delta W^T, then each patch added back where it was read from
        Gemm.multiplyAdd(rows * positions, patch, outChannels, delta, deltaOffset, outChannels, 1, wt, 0, patch,
                patches, 0, patch);
        int segment = kernel * inChannels;
        int inSize = inputSize();
        for (int r = 0; r < rows; r++) {
            for (int oy = 0; oy < outRows; oy++) {
                for (int ox = 0; ox < outCols; ox++) {
                    int source = ((r * positions) + oy * outCols + ox) * patch;
                    for (int ky = 0; ky < kernel; ky++) {
                        int target = dInOffset + r * inSize + ((oy * stride + ky) * inCols + ox * stride) * inChannels;
                        for (int q = 0; q < segment; q++) {
                            dIn[target + q] += patches[source + ky * segment + q];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void clearGradient() {
        java.util.Arrays.fill(dw, 0f);
        java.util.Arrays.fill(db, 0f);
    }

    @Override
    public void storeGradient(float[] flat) {
        for (int o = 0; o < outChannels; o++) {
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    for (int c = 0; c < inChannels; c++) {
                        flat[dl4jIndex(o, c, ky, kx)] = dw[((ky * kernel + kx) * inChannels + c) * outChannels + o];
                    }
                }
            }
        }
        System.arraycopy(db, 0, flat, biasOffset, outChannels);
    }

    /**
     * For each index of this layer's output in rows x columns x channels order, the index of the same value in
     * DL4J's channels-first flattening (what the dense layer after it reads).
     */
    int[] channelsFirstOrder() {
        int[] order = new int[outputSize()];
        for (int y = 0; y < outRows; y++) {
            for (int x = 0; x < outCols; x++) {
                for (int c = 0; c < outChannels; c++) {
                    order[(y * outCols + x) * outChannels + c] = (c * outRows + y) * outCols + x;
                }
            }
        }
        return order;
    }
}
