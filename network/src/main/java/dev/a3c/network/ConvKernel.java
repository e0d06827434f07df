package dev.a3c.network;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One convolution of an {@link ActorCriticNetwork} (no padding, square kernel and stride) in plain Java, with its
 * gradient, as a matrix product over the patches of the input (im2col), a chunk of output positions at a time so that
 * the patches gathered stay in cache for the product that reads them. Activations are rows x columns x channels
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
    /**
     * The weight gradient: {@code [out][patch]} when {@link #gradientTransposed} (patches as whole vectors: four
     * vectors of patch values feed 16 fused multiply-adds where the other way a vector of 16 filters feeds 8), else
     * {@code [patch][out]}.
     */
    private final float[] dw;
    private final boolean gradientTransposed;
    private final float[] db;
    /**
     * Output positions handled at once (a multiple of 8): their patches, about {@link #CHUNK_VALUES} values, stay in
     * cache from the gather to the product that reads them (gathering every position of a batch first wrote and read
     * back 33 MB for 80 frames of the Atari network's first layer).
     */
    private final int chunk;
    /** Scratch: one row per output position of the chunk in hand, {@link #patch} values each. */
    private final float[] patches;
    /** Per output position of a row, the offset of its top-left input value in the row. */
    private final int[] corners;

    /** The size of a chunk's patches: 128 KB, within a core's L2 cache with room for the weights. */
    static final int CHUNK_VALUES = 32 * 1024;

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
        this.chunk = Math.max(8, CHUNK_VALUES / patch / 8 * 8);
        this.patches = new float[chunk * patch];
        this.gradientTransposed = Gemm.wholeVectors(patch);
        this.corners = new int[outRows * outCols];
        for (int oy = 0; oy < outRows; oy++) {
            for (int ox = 0; ox < outCols; ox++) {
                corners[oy * outCols + ox] = (oy * stride * inCols + ox * stride) * inChannels;
            }
        }
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
     * The patches of output positions {@code [first, first + count)} of the block of rows at {@code inOffset}
     * (position {@code g} is row {@code g / (outRows * outCols)}'s position {@code g % (outRows * outCols)}), one row of
     * {@link #patch} values per position in the order of {@link #w}, into {@link #patches}.
     */
    private void gather(float[] in, int inOffset, int first, int count) {
        int segment = kernel * inChannels;
        int rowStep = inCols * inChannels;
        for (int i = 0; i < count; i++) {
            int source = corner(inOffset, first + i);
            for (int ky = 0; ky < kernel; ky++) {
                Gemm.copy(in, source + ky * rowStep, patches, i * patch + ky * segment, segment);
            }
        }
    }

    /** {@code dIn +=} the patches' gradient in {@link #patches} for positions {@code [first, first + count)}. */
    private void scatterAdd(float[] dIn, int dInOffset, int first, int count) {
        int segment = kernel * inChannels;
        int rowStep = inCols * inChannels;
        for (int i = 0; i < count; i++) {
            int target = corner(dInOffset, first + i);
            for (int ky = 0; ky < kernel; ky++) {
                Gemm.addTo(patches, i * patch + ky * segment, dIn, target + ky * rowStep, segment);
            }
        }
    }

    /** The index of output position {@code g}'s top-left input value, in the block of rows at {@code offset}. */
    private int corner(int offset, int g) {
        int positions = outRows * outCols;
        int r = g / positions;
        return offset + r * inputSize() + corners[g - r * positions];
    }

    @Override
    public void forward(float[] in, int inOffset, int rows, float[] out, int outOffset) {
        int total = rows * outRows * outCols;
        for (int first = 0; first < total; first += chunk) {
            int count = Math.min(chunk, total - first);
            gather(in, inOffset, first, count);
            Gemm.fillRows(out, outOffset + first * outChannels, count, b);
            Gemm.multiplyAdd(count, outChannels, patch, patches, 0, patch, 1, w, 0, outChannels, out,
                    outOffset + first * outChannels, outChannels);
        }
    }

    @Override
    public void accumulate(float[] in, int inOffset, int rows, float[] delta, int deltaOffset) {
        int total = rows * outRows * outCols;
        Gemm.addColumnSums(delta, deltaOffset, total, outChannels, db);
        for (int first = 0; first < total; first += chunk) {
            int count = Math.min(chunk, total - first);
            gather(in, inOffset, first, count);
            if (gradientTransposed) {
                // dW^T += delta^T patches
                Gemm.multiplyAdd(outChannels, patch, count, delta, deltaOffset + first * outChannels, 1, outChannels,
                        patches, 0, patch, dw, 0, patch);
            } else {
                // dW += patches^T delta
                Gemm.multiplyAdd(patch, outChannels, count, patches, 0, 1, patch, delta,
                        deltaOffset + first * outChannels, outChannels, dw, 0, outChannels);
            }
        }
    }

    @Override
    public void inputGradient(float[] delta, int deltaOffset, int rows, float[] dIn, int dInOffset) {
        int total = rows * outRows * outCols;
        for (int first = 0; first < total; first += chunk) {
            int count = Math.min(chunk, total - first);
            // the patches' gradient: delta W^T, then each patch added back where it was read from
            java.util.Arrays.fill(patches, 0, count * patch, 0f);
            Gemm.multiplyAdd(count, patch, outChannels, delta, deltaOffset + first * outChannels, outChannels, 1,
                    wt, 0, patch, patches, 0, patch);
            scatterAdd(dIn, dInOffset, first, count);
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
                        int p = (ky * kernel + kx) * inChannels + c;
                        flat[dl4jIndex(o, c, ky, kx)] = dw[gradientTransposed ? o * patch + p : p * outChannels + o];
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
