package dev.a3c.network;

/**
 * One layer of the plain-Java network, its activation aside: a convolution or a dense layer over a block of rows
 * (each row {@link #inputSize()} values in, {@link #outputSize()} out, rows contiguous).
 */
sealed interface Kernel extends Parameterized permits ConvKernel, DenseKernel {

    int inputSize();

    int outputSize();

    /** {@code out[outOffset..]} = this layer's output for {@code rows} input rows, before the activation. */
    void forward(float[] in, int inOffset, int rows, float[] out, int outOffset);

    /** Adds the weight and bias gradient of {@code rows} rows for the output gradient {@code delta} (before the activation). */
    void accumulate(float[] in, int inOffset, int rows, float[] delta, int deltaOffset);

    /** {@code dIn[dInOffset..] +=} the gradient of {@code rows} input rows. */
    void inputGradient(float[] delta, int deltaOffset, int rows, float[] dIn, int dInOffset);
}
