package dev.a3c.network;

import java.lang.module.ModuleFinder;

/**
 * {@code C = C + A B} on float arrays: the one operation the plain-Java network spends its time in. {@code B} and
 * {@code C} are row-major with leading dimensions {@code ldb} and {@code ldc}; {@code A(i, p)} is
 * {@code a[aOffset + i * aRow + p * aCol]}, so that a transposed operand costs nothing.
 *
 * <p>With the JDK's Vector API ({@code --add-modules jdk.incubator.vector}, as the launchers start every JVM) it
 * runs register-blocked SIMD kernels ({@link VectorGemm}); without it, plain loops that compute the same.
 */
final class Gemm {

    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Whether the Vector API is in this JVM's boot layer. */
    static final boolean VECTOR = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();

    private Gemm() {}

    /** Whether the JDK this JVM runs from has the Vector API (so that a JVM it starts can be given it). */
    static boolean vectorModuleInstalled() {
        return ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent();
    }

    /** What computes the plain-Java network in this JVM, for the logs. */
    static String describe() {
        return VECTOR ? "Vector API (" + VectorGemm.lanes() + " float lanes)"
                : "scalar loops (start the JVM with --add-modules jdk.incubator.vector for SIMD)";
    }

    /** {@code C[m x n] += A[m x k] B[k x n]}. */
    static void multiplyAdd(int m, int n, int k, float[] a, int aOffset, int aRow, int aCol, float[] b, int bOffset,
                            int ldb, float[] c, int cOffset, int ldc) {
        if (VECTOR) {
            VectorGemm.multiplyAdd(m, n, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
        } else {
            scalar(m, n, 0, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
        }
    }

    /** Whether {@code n} columns are whole SIMD vectors (a product as wide runs without a scalar remainder). */
    static boolean wholeVectors(int n) {
        return VECTOR && n % VectorGemm.lanes() == 0;
    }

    /** Whether {@code n} columns are too few for the blocked kernels: then dot products serve better. */
    static boolean narrow(int n) {
        return n < (VECTOR ? VectorGemm.lanes() : 8);
    }

    /**
     * {@code C[m x n] += A[m x k] B[k x n]} given {@code B^T} ({@code bt}, row-major {@code n x k}): each element is a
     * dot product of two contiguous rows, for a {@code C} of a few columns.
     */
    static void multiplyAddDots(int m, int n, int k, float[] a, int aOffset, int lda, float[] bt, int btOffset, int ldbt,
                                float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ai = aOffset + i * lda;
                int bj = btOffset + j * ldbt;
                c[cOffset + i * ldc + j] += VECTOR ? VectorGemm.dot(a, ai, bt, bj, k) : dot(a, ai, bt, bj, k);
            }
        }
    }

    static float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
        float sum = 0;
        for (int p = 0; p < n; p++) {
            sum += x[xOffset + p] * y[yOffset + p];
        }
        return sum;
    }

    // The helpers below: with the Vector API, VectorGemm's part does the columns of whole vectors and returns where
    // they end; a plain loop does the rest (all of it without the Vector API).

    /** {@code dst[dstOffset + j] = src[srcOffset + j]} for {@code j < n}: a kernel row of a convolution's patch. */
    static void copy(float[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        int from = VECTOR ? VectorGemm.copy(src, srcOffset, dst, dstOffset, n) : 0;
        if (from < n) {
            System.arraycopy(src, srcOffset + from, dst, dstOffset + from, n - from);
        }
    }

    /** {@code dst[dstOffset + j] += src[srcOffset + j]} for {@code j < n}. */
    static void addTo(float[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        addTo(src, srcOffset, dst, dstOffset, n, VECTOR ? VectorGemm.addTo(src, srcOffset, dst, dstOffset, n) : 0);
    }

    static void addTo(float[] src, int srcOffset, float[] dst, int dstOffset, int n, int from) {
        for (int j = from; j < n; j++) {
            dst[dstOffset + j] += src[srcOffset + j];
        }
    }

    /** Every one of {@code rows} rows of {@code out} (from {@code offset}, rows contiguous) set to {@code values}. */
    static void fillRows(float[] out, int offset, int rows, float[] values) {
        fillRows(out, offset, rows, values, VECTOR ? VectorGemm.fillRows(out, offset, rows, values) : 0);
    }

    static void fillRows(float[] out, int offset, int rows, float[] values, int from) {
        int width = values.length;
        if (from < width) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(values, from, out, offset + r * width + from, width - from);
            }
        }
    }

    /** {@code sums[j] +=} the sum over {@code rows} rows of {@code values[offset + r * width + j]}. */
    static void addColumnSums(float[] values, int offset, int rows, int width, float[] sums) {
        addColumnSums(values, offset, rows, width, sums,
                VECTOR ? VectorGemm.addColumnSums(values, offset, rows, width, sums) : 0);
    }

    static void addColumnSums(float[] values, int offset, int rows, int width, float[] sums, int from) {
        for (int r = 0; r < rows; r++) {
            int row = offset + r * width;
            for (int j = from; j < width; j++) {
                sums[j] += values[row + j];
            }
        }
    }

    /** {@code delta[j] = 0} where {@code out[j] <= 0}, for {@code j < n}: the gradient through a ReLU. */
    static void reluBackward(float[] out, float[] delta, int n) {
        if (VECTOR) {
            VectorGemm.reluBackward(out, delta, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            delta[j] = out[j] > 0f ? delta[j] : 0f;
        }
    }

    /** Columns {@code [from, n)} of {@code C += A B}, with plain loops (vectorised by C2 where it can). */
    static void scalar(int m, int n, int from, int k, float[] a, int aOffset, int aRow, int aCol, float[] b,
                       int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int width = n - from;
        if (width <= 0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc + from;
            for (int p = 0; p < k; p++) {
                float x = a[aOffset + i * aRow + p * aCol];
                if (x == 0f) {
                    continue;
                }
                int bRow = bOffset + p * ldb + from;
                for (int j = 0; j < width; j++) {
                    c[row + j] += x * b[bRow + j];
                }
            }
        }
    }
}
