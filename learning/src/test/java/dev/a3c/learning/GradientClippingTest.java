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
}
