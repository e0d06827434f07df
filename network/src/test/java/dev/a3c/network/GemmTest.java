package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The matrix product of the plain-Java network, SIMD and scalar, against a triple loop in double precision. */
class GemmTest {

    @Test
    void theVectorApiIsInTheTestJvm() {
        assertTrue(Gemm.VECTOR, "tests run with --add-modules jdk.incubator.vector, as the launchers do");
        assertTrue(Gemm.vectorModuleInstalled());
    }

    @Test
    void bothKernelsComputeTheProductForEveryEdgeOfTheBlocking() {
        SplittableRandom random = new SplittableRandom(5);
        int lanes = VectorGemm.lanes();
        int[] ms = {1, 3, 4, 5, 9, 8, 13};
        int[] ns = {1, lanes - 1, lanes, lanes + 3, 2 * lanes, 2 * lanes + lanes + 1, 4 * lanes + 2, 7 * lanes + 1, 8 * lanes};
        int[] ks = {1, 7, 36};
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    for (boolean transposedA : new boolean[] {false, true}) {
                        check(random, m, n, k, transposedA);
                    }
                }
            }
        }
    }

    @Test
    void longReductionsRunInPanelsThatAddUpToTheProduct() {
        // a convolution's weight gradient: a reduction over thousands of positions, in panels of VectorGemm.PANEL
        SplittableRandom random = new SplittableRandom(7);
        int panel = VectorGemm.PANEL;
        for (int k : new int[] {panel - 1, panel, panel + 1, 2 * panel, 3 * panel + 17}) {
            for (boolean transposedA : new boolean[] {false, true}) {
                check(random, 5, VectorGemm.lanes() * 2 + 3, k, transposedA);
            }
        }
    }

    @Test
    void dotProductsOfRowsComputeTheProductWithTheTransposedOperand() {
        SplittableRandom random = new SplittableRandom(6);
        for (int k : new int[] {1, 5, VectorGemm.lanes(), 3 * VectorGemm.lanes() + 7}) {
            int m = 5;
            int n = 3;
            float[] a = values(random, 1 + m * k, true);
            float[] bt = values(random, 2 + n * k, false);
            float[] c = values(random, m * n, false);
            float[] out = c.clone();
            Gemm.multiplyAddDots(m, n, k, a, 1, k, bt, 2, k, out, 0, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = c[i * n + j];
                    for (int p = 0; p < k; p++) {
                        sum += (double) a[1 + i * k + p] * bt[2 + j * k + p];
                    }
                    assertEquals(sum, out[i * n + j], 1e-4, "k " + k);
                    assertEquals(sum, c[i * n + j] + Gemm.dot(a, 1 + i * k, bt, 2 + j * k, k), 1e-4, "scalar, k " + k);
                    assertEquals(sum, c[i * n + j] + VectorGemm.dot(a, 1 + i * k, bt, 2 + j * k, k), 1e-4, "vector, k " + k);
                }
            }
        }
    }

    @Test
    void theGradientThroughAReluStopsWhereTheOutputIsNotPositive() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 3 * VectorGemm.lanes() + 5;
        float[] out = values(random, n, true);
        out[0] = -0f;
        float[] delta = values(random, n, false);
        float[] vector = delta.clone();
        VectorGemm.reluBackward(out, vector, n);
        float[] scalar = delta.clone();
        Gemm.reluBackward(out, scalar, n);
        for (int j = 0; j < n; j++) {
            float expected = out[j] > 0 ? delta[j] : 0f;
            assertEquals(expected, vector[j], "vector at " + j);
            assertEquals(expected, scalar[j], "at " + j);
        }
    }

    @Test
    void rowHelpersComputeWhatPlainLoopsDoForEveryWidth() {
        SplittableRandom random = new SplittableRandom(8);
        int lanes = VectorGemm.lanes();
        for (int width : new int[] {1, lanes - 1, lanes, lanes + 3, 2 * lanes, 3 * lanes + 5}) {
            int rows = 7;
            int offset = 2;
            float[] values = values(random, offset + rows * width + 3, false);
            float[] row = values(random, width, false);

            // copy and add of a run (a kernel row of a patch, its gradient added back)
            float[] copied = values(random, width + 4, false);
            float[] expectedCopy = copied.clone();
            System.arraycopy(values, offset, expectedCopy, 1, width);
            Gemm.copy(values, offset, copied, 1, width);
            assertArrayEquals(expectedCopy, copied, "copy of " + width);
            float[] added = copied.clone();
            float[] scalarAdded = copied.clone();
            for (int j = 0; j < width; j++) {
                expectedCopy[1 + j] += values[offset + j];
            }
            Gemm.addTo(values, offset, added, 1, width);
            Gemm.addTo(values, offset, scalarAdded, 1, width, 0);
            assertArrayEquals(expectedCopy, added, "add of " + width);
            assertArrayEquals(expectedCopy, scalarAdded, "scalar add of " + width);

            // rows set to a bias, and a bias gradient's column sums
            float[] filled = values.clone();
            float[] scalarFilled = values.clone();
            Gemm.fillRows(filled, offset, rows, row);
            Gemm.fillRows(scalarFilled, offset, rows, row, 0);
            float[] sums = row.clone();
            float[] scalarSums = row.clone();
            Gemm.addColumnSums(values, offset, rows, width, sums);
            Gemm.addColumnSums(values, offset, rows, width, scalarSums, 0);
            for (int i = 0; i < values.length; i++) {
                boolean inRows = i >= offset && i < offset + rows * width;
                float expected = inRows ? row[(i - offset) % width] : values[i];
                assertEquals(expected, filled[i], "fill of width " + width + " at " + i);
                assertEquals(expected, scalarFilled[i], "scalar fill of width " + width + " at " + i);
            }
            for (int j = 0; j < width; j++) {
                double sum = row[j];
                for (int r = 0; r < rows; r++) {
                    sum += values[offset + r * width + j];
                }
                assertEquals(sum, sums[j], 1e-5, "column sum of width " + width);
                assertEquals(sum, scalarSums[j], 1e-5, "scalar column sum of width " + width);
            }
        }
    }

    private static void check(SplittableRandom random, int m, int n, int k, boolean transposedA) {
        int aOffset = 3;
        int bOffset = 2;
        int cOffset = 1;
        int ldb = n + 2;
        int ldc = n + 1;
        int aRow = transposedA ? 1 : k;
        int aCol = transposedA ? m : 1;
        float[] a = values(random, aOffset + m * k, true);
        float[] b = values(random, bOffset + k * ldb, false);
        float[] c0 = values(random, cOffset + m * ldc, false);
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = c0[cOffset + i * ldc + j];
                for (int p = 0; p < k; p++) {
                    sum += (double) a[aOffset + i * aRow + p * aCol] * b[bOffset + p * ldb + j];
                }
                expected[i * n + j] = sum;
            }
        }
        float[] vector = c0.clone();
        VectorGemm.multiplyAdd(m, n, k, a, aOffset, aRow, aCol, b, bOffset, ldb, vector, cOffset, ldc);
        float[] scalar = c0.clone();
        Gemm.scalar(m, n, 0, k, a, aOffset, aRow, aCol, b, bOffset, ldb, scalar, cOffset, ldc);
        String shape = m + "x" + n + "x" + k + (transposedA ? " (A transposed)" : "");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOffset + i * ldc + j;
                assertEquals(expected[i * n + j], vector[at], 1e-4, "vector " + shape + " at " + i + "," + j);
                assertEquals(expected[i * n + j], scalar[at], 1e-4, "scalar " + shape + " at " + i + "," + j);
            }
            // the padding between rows of C is left alone
            for (int j = n; j < ldc && cOffset + i * ldc + j < c0.length; j++) {
                assertEquals(c0[cOffset + i * ldc + j], vector[cOffset + i * ldc + j], shape);
            }
        }
    }

    /** Uniform in [-1, 1); with a third of them zero where {@code sparse} (the kernels skip zeros). */
    private static float[] values(SplittableRandom random, int n, boolean sparse) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = sparse && random.nextInt(3) == 0 ? 0f : (float) random.nextDouble(-1, 1);
        }
        return v;
    }
}
