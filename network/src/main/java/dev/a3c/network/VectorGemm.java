package dev.a3c.network;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} with the JDK's Vector API: 4 rows by 2 vectors of {@code C} stay in registers while {@code k} runs,
 * so each pair of loaded {@code B} vectors feeds eight fused multiply-adds. Loaded only when the module is present.
 */
final class VectorGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorGemm() {}

    static int lanes() {
        return L;
    }

    /** {@code sum x[xOffset + p] y[yOffset + p]} over {@code p < n}. */
    static float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
        FloatVector sum = FloatVector.zero(S);
        int p = 0;
        for (; p + L <= n; p += L) {
            sum = FloatVector.fromArray(S, x, xOffset + p).fma(FloatVector.fromArray(S, y, yOffset + p), sum);
        }
        float total = sum.reduceLanes(VectorOperators.ADD);
        for (; p < n; p++) {
            total += x[xOffset + p] * y[yOffset + p];
        }
        return total;
    }

    static void reluBackward(float[] out, float[] delta, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector d = FloatVector.fromArray(S, delta, j);
            d.blend(0f, FloatVector.fromArray(S, out, j).compare(VectorOperators.LE, 0f)).intoArray(delta, j);
        }
        for (; j < n; j++) {
            delta[j] = out[j] > 0f ? delta[j] : 0f;
        }
    }

    /**
     * The depth of one pass over {@code k}: a long reduction (a convolution's weight gradient sums over every position
     * of every frame: 32,000 for the Atari network's first layer at 80 frames) runs in panels of this many steps, so
     * that the panel of {@code A} and {@code B} it reads again for every block of {@code C} stays in cache.
     */
    static final int PANEL = 256;

    static void multiplyAdd(int m, int n, int k, float[] a, int aOffset, int aRow, int aCol, float[] b, int bOffset,
                            int ldb, float[] c, int cOffset, int ldc) {
        for (int p0 = 0; p0 < k; p0 += PANEL) {
            panel(m, n, Math.min(PANEL, k - p0), a, aOffset + p0 * aCol, aRow, aCol, b, bOffset + p0 * ldb, ldb,
                    c, cOffset, ldc);
        }
    }

    private static void panel(int m, int n, int k, float[] a, int aOffset, int aRow, int aCol, float[] b, int bOffset,
                              int ldb, float[] c, int cOffset, int ldc) {
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                block4x2(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
            for (; i < m; i++) {
                block1x2(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
        }
        for (; j + L <= n; j += L) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                block4x1(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
            for (; i < m; i++) {
                block1x1(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
        }
        Gemm.scalar(m, n, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
    }

    private static void block4x2(int i, int j, int k, float[] a, int aOffset, int aRow, int aCol, float[] b,
                                 int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int c0 = cOffset + i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector s00 = FloatVector.fromArray(S, c, c0);
        FloatVector s01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector s10 = FloatVector.fromArray(S, c, c1);
        FloatVector s11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector s20 = FloatVector.fromArray(S, c, c2);
        FloatVector s21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector s30 = FloatVector.fromArray(S, c, c3);
        FloatVector s31 = FloatVector.fromArray(S, c, c3 + L);
        int a0 = aOffset + i * aRow;
        for (int p = 0; p < k; p++) {
            int bp = bOffset + p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = a0 + p * aCol;
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + aRow]);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * aRow]);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * aRow]);
            s00 = b0.fma(x0, s00);
            s01 = b1.fma(x0, s01);
            s10 = b0.fma(x1, s10);
            s11 = b1.fma(x1, s11);
            s20 = b0.fma(x2, s20);
            s21 = b1.fma(x2, s21);
            s30 = b0.fma(x3, s30);
            s31 = b1.fma(x3, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
    }

    private static void block1x2(int i, int j, int k, float[] a, int aOffset, int aRow, int aCol, float[] b,
                                 int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int c0 = cOffset + i * ldc + j;
        FloatVector s0 = FloatVector.fromArray(S, c, c0);
        FloatVector s1 = FloatVector.fromArray(S, c, c0 + L);
        int a0 = aOffset + i * aRow;
        for (int p = 0; p < k; p++) {
            float x = a[a0 + p * aCol];
            if (x == 0f) {
                continue;
            }
            int bp = bOffset + p * ldb + j;
            FloatVector xv = FloatVector.broadcast(S, x);
            s0 = FloatVector.fromArray(S, b, bp).fma(xv, s0);
            s1 = FloatVector.fromArray(S, b, bp + L).fma(xv, s1);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + L);
    }

    private static void block4x1(int i, int j, int k, float[] a, int aOffset, int aRow, int aCol, float[] b,
                                 int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int c0 = cOffset + i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector s0 = FloatVector.fromArray(S, c, c0);
        FloatVector s1 = FloatVector.fromArray(S, c, c1);
        FloatVector s2 = FloatVector.fromArray(S, c, c2);
        FloatVector s3 = FloatVector.fromArray(S, c, c3);
        int a0 = aOffset + i * aRow;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bOffset + p * ldb + j);
            int ap = a0 + p * aCol;
            s0 = bv.fma(FloatVector.broadcast(S, a[ap]), s0);
            s1 = bv.fma(FloatVector.broadcast(S, a[ap + aRow]), s1);
            s2 = bv.fma(FloatVector.broadcast(S, a[ap + 2 * aRow]), s2);
            s3 = bv.fma(FloatVector.broadcast(S, a[ap + 3 * aRow]), s3);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c1);
        s2.intoArray(c, c2);
        s3.intoArray(c, c3);
    }

    private static void block1x1(int i, int j, int k, float[] a, int aOffset, int aRow, int aCol, float[] b,
                                 int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int c0 = cOffset + i * ldc + j;
        FloatVector s = FloatVector.fromArray(S, c, c0);
        int a0 = aOffset + i * aRow;
        for (int p = 0; p < k; p++) {
            float x = a[a0 + p * aCol];
            if (x != 0f) {
                s = FloatVector.fromArray(S, b, bOffset + p * ldb + j).fma(FloatVector.broadcast(S, x), s);
            }
        }
        s.intoArray(c, c0);
    }
}
