package dev.a3c.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.CartPole;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class CartPoleRendererTest {

    private final CartPoleRenderer renderer = new CartPoleRenderer();

    @Test
    void theFrameHasGymnasiumsSize() {
        BufferedImage image = renderer.render(new CartPole.State(0, 0, 0, 0));
        assertEquals(600, image.getWidth());
        assertEquals(400, image.getHeight());
    }

    @Test
    void theCartMovesRightInTheImageAsXGrows() {
        double[] centre = Pixels.centroid(renderer.render(new CartPole.State(0, 0, 0, 0)), CartPoleRenderer.CART);
        double[] right = Pixels.centroid(renderer.render(new CartPole.State(1.0, 0, 0, 0)), CartPoleRenderer.CART);
        double[] left = Pixels.centroid(renderer.render(new CartPole.State(-2.0, 0, 0, 0)), CartPoleRenderer.CART);
        assertEquals(300, centre[0], 1.0, "x = 0 is the middle");
        assertEquals(125, right[0] - centre[0], 1.0, "125 pixels a metre");
        assertEquals(-250, left[0] - centre[0], 1.0);
        assertEquals(centre[1], right[1], 0.5, "the cart stays on the track");
        assertEquals(400 - CartPoleRenderer.TRACK_Y, centre[1], 2.0);
    }

    @Test
    void thePoleTiltsWithTheta() {
        double[] upright = Pixels.centroid(renderer.render(new CartPole.State(0.5, 0, 0, 0)), CartPoleRenderer.POLE);
        double[] cart = Pixels.centroid(renderer.render(new CartPole.State(0.5, 0, 0, 0)), CartPoleRenderer.CART);
        double[] leaningRight = Pixels.centroid(renderer.render(new CartPole.State(0.5, 0, 0.2, 0)), CartPoleRenderer.POLE);
        double[] leaningLeft = Pixels.centroid(renderer.render(new CartPole.State(0.5, 0, -0.2, 0)), CartPoleRenderer.POLE);
        assertEquals(cart[0], upright[0], 1.0, "upright: straight above the cart");
        assertTrue(upright[1] < cart[1] - 40, "the pole stands above the cart");
        // the pole's middle is half a metre (62.5 pixels) from the axle: sin(0.2) * 62.5 = 12.4 pixels sideways
        assertEquals(62.5 * Math.sin(0.2), leaningRight[0] - upright[0], 2.0);
        assertEquals(-62.5 * Math.sin(0.2), leaningLeft[0] - upright[0], 2.0);
        assertTrue(leaningRight[1] > upright[1], "a leaning pole reaches less high");
    }
}
