package dev.a3c.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void scalesDownToTheBound() {
        FloatBuffer g = FloatBuffer.wrap(new float[] {3, 4});
        double norm = GradientClipping.clipGlobalNorm(g, 1.0);
        assertEquals(5.0, norm, 1e-9);
        assertEquals(0.6f, g.get(0), 1e-6);
        assertEquals(0.8f, g.get(1), 1e-6);
        assertEquals(1.0, GradientClipping.globalNorm(g), 1e-5);
    }

    @Test
    void leavesSmallGradientsAlone() {
        FloatBuffer g = FloatBuffer.wrap(new float[] {3, 4});
        assertEquals(5.0, GradientClipping.clipGlobalNorm(g, 10.0), 1e-9);
        assertEquals(3f, g.get(0));
        assertEquals(4f, g.get(1));
    }

    @Test
    void zeroBoundDisablesClipping() {
        FloatBuffer g = FloatBuffer.wrap(new float[] {30, 40});
        GradientClipping.clipGlobalNorm(g, 0);
        assertEquals(30f, g.get(0));
    }

    @Test
    void normAndClippingOfAVectorOfSeveralChunksMatchTheDefinition() {
        int n = 3 * 4096 + 77;
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        float[] values = new float[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
            sum += (double) values[i] * values[i];
        }
        FloatBuffer gradient = FloatBuffer.wrap(values.clone());
        assertEquals(Math.sqrt(sum), GradientClipping.globalNorm(gradient), 1e-9 * Math.sqrt(sum));
        GradientClipping.clipGlobalNorm(gradient, 1.0);
        float scale = (float) (1.0 / (Math.sqrt(sum) + 1e-6));
        for (int i = 0; i < n; i++) {
            assertEquals(values[i] * scale, gradient.get(i), "at " + i);
        }
    }
}
