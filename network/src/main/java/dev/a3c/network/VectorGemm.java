package dev.a3c.network;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm} with the JDK's Vector API: a block of {@code C} stays in registers while {@code k} runs: 4 rows by 4
 * vectors where {@code C} is wide (four loaded {@code B} vectors feed 16 fused multiply-adds; 1.2-1.3x the 4 x 2
 * blocks on the MinAtar network's passes, docs/results.md), 8 rows by one vector where it is one vector wide (a
 * convolution of 16 filters: eight independent sums keep both FMA units busy), 4 x 2 and 4 x 1 for what is left.
 * Loaded only when the module is present.
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

    /** {@link Gemm#copy} of whole vectors; returns where they end. */
    static int copy(float[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector.fromArray(S, src, srcOffset + j).intoArray(dst, dstOffset + j);
        }
        return j;
    }

    /** {@link Gemm#addTo} of whole vectors; returns where they end. */
    static int addTo(float[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector.fromArray(S, dst, dstOffset + j).add(FloatVector.fromArray(S, src, srcOffset + j))
                    .intoArray(dst, dstOffset + j);
        }
        return j;
    }

    /** {@link Gemm#fillRows} for the columns of whole vectors, each vector loaded once; returns where they end. */
    static int fillRows(float[] out, int offset, int rows, float[] values) {
        int width = values.length;
        int j = 0;
        for (; j + L <= width; j += L) {
            FloatVector v = FloatVector.fromArray(S, values, j);
            for (int r = 0; r < rows; r++) {
                v.intoArray(out, offset + r * width + j);
            }
        }
        return j;
    }

    /** {@link Gemm#addColumnSums} for the columns of whole vectors; returns where they end. */
    static int addColumnSums(float[] values, int offset, int rows, int width, float[] sums) {
        int j = 0;
        for (; j + L <= width; j += L) {
            FloatVector sum = FloatVector.fromArray(S, sums, j);
            for (int r = 0; r < rows; r++) {
                sum = sum.add(FloatVector.fromArray(S, values, offset + r * width + j));
            }
            sum.intoArray(sums, j);
        }
        return j;
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
        for (; j + 4 * L <= n; j += 4 * L) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                block4x4(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
            for (; i < m; i++) {
                block1x2(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
                block1x2(i, j + 2 * L, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
        }
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
            for (; i + 8 <= m; i += 8) {
                block8x1(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
            for (; i + 4 <= m; i += 4) {
                block4x1(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
            for (; i < m; i++) {
                block1x1(i, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
            }
        }
        Gemm.scalar(m, n, j, k, a, aOffset, aRow, aCol, b, bOffset, ldb, c, cOffset, ldc);
    }

    private static void block4x4(int i, int j, int k, float[] a, int aOffset, int aRow, int aCol, float[] b,
                                 int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int c0 = cOffset + i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector s00 = FloatVector.fromArray(S, c, c0);
        FloatVector s01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector s02 = FloatVector.fromArray(S, c, c0 + 2 * L);
        FloatVector s03 = FloatVector.fromArray(S, c, c0 + 3 * L);
        FloatVector s10 = FloatVector.fromArray(S, c, c1);
        FloatVector s11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector s12 = FloatVector.fromArray(S, c, c1 + 2 * L);
        FloatVector s13 = FloatVector.fromArray(S, c, c1 + 3 * L);
        FloatVector s20 = FloatVector.fromArray(S, c, c2);
        FloatVector s21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector s22 = FloatVector.fromArray(S, c, c2 + 2 * L);
        FloatVector s23 = FloatVector.fromArray(S, c, c2 + 3 * L);
        FloatVector s30 = FloatVector.fromArray(S, c, c3);
        FloatVector s31 = FloatVector.fromArray(S, c, c3 + L);
        FloatVector s32 = FloatVector.fromArray(S, c, c3 + 2 * L);
        FloatVector s33 = FloatVector.fromArray(S, c, c3 + 3 * L);
        int a0 = aOffset + i * aRow;
        for (int p = 0; p < k; p++) {
            int bp = bOffset + p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = a0 + p * aCol;
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            s03 = b3.fma(x, s03);
            x = FloatVector.broadcast(S, a[ap + aRow]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            s13 = b3.fma(x, s13);
            x = FloatVector.broadcast(S, a[ap + 2 * aRow]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            s23 = b3.fma(x, s23);
            x = FloatVector.broadcast(S, a[ap + 3 * aRow]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
            s33 = b3.fma(x, s33);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s02.intoArray(c, c0 + 2 * L);
        s03.intoArray(c, c0 + 3 * L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s12.intoArray(c, c1 + 2 * L);
        s13.intoArray(c, c1 + 3 * L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s22.intoArray(c, c2 + 2 * L);
        s23.intoArray(c, c2 + 3 * L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s32.intoArray(c, c3 + 2 * L);
        s33.intoArray(c, c3 + 3 * L);
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

    private static void block8x1(int i, int j, int k, float[] a, int aOffset, int aRow, int aCol, float[] b,
                                 int bOffset, int ldb, float[] c, int cOffset, int ldc) {
        int c0 = cOffset + i * ldc + j;
        FloatVector s0 = FloatVector.fromArray(S, c, c0);
        FloatVector s1 = FloatVector.fromArray(S, c, c0 + ldc);
        FloatVector s2 = FloatVector.fromArray(S, c, c0 + 2 * ldc);
        FloatVector s3 = FloatVector.fromArray(S, c, c0 + 3 * ldc);
        FloatVector s4 = FloatVector.fromArray(S, c, c0 + 4 * ldc);
        FloatVector s5 = FloatVector.fromArray(S, c, c0 + 5 * ldc);
        FloatVector s6 = FloatVector.fromArray(S, c, c0 + 6 * ldc);
        FloatVector s7 = FloatVector.fromArray(S, c, c0 + 7 * ldc);
        int a0 = aOffset + i * aRow;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bOffset + p * ldb + j);
            int ap = a0 + p * aCol;
            s0 = bv.fma(FloatVector.broadcast(S, a[ap]), s0);
            s1 = bv.fma(FloatVector.broadcast(S, a[ap + aRow]), s1);
            s2 = bv.fma(FloatVector.broadcast(S, a[ap + 2 * aRow]), s2);
            s3 = bv.fma(FloatVector.broadcast(S, a[ap + 3 * aRow]), s3);
            s4 = bv.fma(FloatVector.broadcast(S, a[ap + 4 * aRow]), s4);
            s5 = bv.fma(FloatVector.broadcast(S, a[ap + 5 * aRow]), s5);
            s6 = bv.fma(FloatVector.broadcast(S, a[ap + 6 * aRow]), s6);
            s7 = bv.fma(FloatVector.broadcast(S, a[ap + 7 * aRow]), s7);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + ldc);
        s2.intoArray(c, c0 + 2 * ldc);
        s3.intoArray(c, c0 + 3 * ldc);
        s4.intoArray(c, c0 + 4 * ldc);
        s5.intoArray(c, c0 + 5 * ldc);
        s6.intoArray(c, c0 + 6 * ldc);
        s7.intoArray(c, c0 + 7 * ldc);
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
