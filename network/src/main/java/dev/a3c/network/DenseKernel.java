package dev.a3c.network;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One dense layer of an {@link ActorCriticNetwork} in plain Java: {@code out = b + in W} for a block of rows, with its
 * gradient. The weights are kept row-major ({@code nIn x nOut}, and transposed for the input gradient), read from and
 * written to the offsets and strides of DL4J's own parameter views, so the layout always matches DL4J's.
 */
final class DenseKernel implements Kernel {

    final int nIn;
    final int nOut;
    private final int weightOffset;
    private final int inStride;
    private final int outStride;
    private final int biasOffset;
    /** For each of this kernel's input indices, DL4J's row of the weights; null when they are the same. */
    private final int[] inputOrder;
    private final float[] w;      // [nIn][nOut]
    private final float[] wt;     // [nOut][nIn]
    private final float[] b;
    private final float[] dwt;    // [nOut][nIn], as wt
    private final float[] db;

    /**
     * @param inputOrder DL4J's input index of each of this kernel's input indices (the flattening of a convolution's
     *                   output differs), or null
     */
    DenseKernel(ActorCriticNetwork network, String name, int[] inputOrder) {
        Layer layer = network.graph().getLayer(name);
        long base = network.graph().params().offset();
        INDArray weights = layer.getParam("W");
        this.nIn = (int) weights.size(0);
        this.nOut = (int) weights.size(1);
        this.weightOffset = (int) (weights.offset() - base);
        this.inStride = (int) weights.stride()[0];
        this.outStride = (int) weights.stride()[1];
        INDArray bias = layer.getParam("b");
        this.biasOffset = (int) (bias.offset() - base);
        this.inputOrder = inputOrder;
        this.w = new float[nIn * nOut];
        this.wt = new float[nIn * nOut];
        this.b = new float[nOut];
        this.dwt = new float[nIn * nOut];
        this.db = new float[nOut];
    }

    @Override
    public int inputSize() {
        return nIn;
    }

    @Override
    public int outputSize() {
        return nOut;
    }

    @Override
    public void load(float[] flat) {
        // DL4J keeps W in 'f' order (the input index varies fastest): read it in that order
        for (int j = 0; j < nOut; j++) {
            for (int i = 0; i < nIn; i++) {
                wt[j * nIn + i] = flat[weightOffset + dl4jRow(i) * inStride + j * outStride];
            }
        }
        for (int i0 = 0; i0 < nIn; i0 += 16) {
            int i1 = Math.min(nIn, i0 + 16);
            for (int j = 0; j < nOut; j++) {
                for (int i = i0; i < i1; i++) {
                    w[i * nOut + j] = wt[j * nIn + i];
                }
            }
        }
        System.arraycopy(flat, biasOffset, b, 0, nOut);
    }

    @Override
    public void forward(float[] in, int inOffset, int rows, float[] out, int outOffset) {
        Gemm.fillRows(out, outOffset, rows, b);
        if (Gemm.narrow(nOut)) {
            // a head: a few outputs, each a dot product of an input row and a row of W^T
            Gemm.multiplyAddDots(rows, nOut, nIn, in, inOffset, nIn, wt, 0, nIn, out, outOffset, nOut);
        } else {
            Gemm.multiplyAdd(rows, nOut, nIn, in, inOffset, nIn, 1, w, 0, nOut, out, outOffset, nOut);
        }
    }

    @Override
    public void accumulate(float[] in, int inOffset, int rows, float[] delta, int deltaOffset) {
        Gemm.addColumnSums(delta, deltaOffset, rows, nOut, db);
        // dW^T += delta^T in: rows of the input are contiguous, whatever the number of outputs
        Gemm.multiplyAdd(nOut, nIn, rows, delta, deltaOffset, 1, nOut, in, inOffset, nIn, dwt, 0, nIn);
    }

    @Override
    public void inputGradient(float[] delta, int deltaOffset, int rows, float[] dIn, int dInOffset) {
        // dIn += delta W^T
        Gemm.multiplyAdd(rows, nIn, nOut, delta, deltaOffset, nOut, 1, wt, 0, nIn, dIn, dInOffset, nIn);
    }

    @Override
    public void clearGradient() {
        java.util.Arrays.fill(dwt, 0f);
        java.util.Arrays.fill(db, 0f);
    }

    @Override
    public void storeGradient(float[] flat) {
        for (int j = 0; j < nOut; j++) {
            for (int i = 0; i < nIn; i++) {
                flat[weightOffset + dl4jRow(i) * inStride + j * outStride] = dwt[j * nIn + i];
            }
        }
        System.arraycopy(db, 0, flat, biasOffset, nOut);
    }

    private int dl4jRow(int i) {
        return inputOrder == null ? i : inputOrder[i];
    }
}
