package dev.a3c.render;

import dev.a3c.env.CartPole;
import dev.a3c.env.Environment;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;

/**
 * CartPole-v1 as Gymnasium frames it: 600 x 400 pixels showing the track from x = -2.4 to 2.4 m (125 pixels a metre),
 * a 0.4 x 0.24 m cart on it and the 1 m pole hinged on the cart, leaning right for a positive angle.
 */
public final class CartPoleRenderer implements FrameRenderer<CartPole.State> {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 400;
    /** Pixels per metre. */
    public static final double SCALE = WIDTH / 4.8;
    /** The track's height above the image's bottom edge, in pixels. */
    public static final int TRACK_Y = 100;
    public static final Color BACKGROUND = Color.WHITE;
    public static final Color TRACK = new Color(0x9E9E9E);
    public static final Color CART = new Color(0x263238);
    public static final Color POLE = new Color(0xE0883A);
    public static final Color AXLE = new Color(0x7986CB);

    static final double CART_WIDTH = 0.4;
    static final double CART_HEIGHT = 0.24;
    static final double POLE_LENGTH = 1.0;
    static final double POLE_WIDTH = 0.08;

    @Override
    public CartPole.State capture(Environment env) {
        return ((CartPole) env).state();
    }

    @Override
    public BufferedImage render(CartPole.State s) {
        Canvas canvas = new Canvas(WIDTH, HEIGHT, -WIDTH / SCALE / 2, -TRACK_Y / SCALE, SCALE, BACKGROUND);
        canvas.line(-WIDTH / SCALE, 0, WIDTH / SCALE, 0, 2 / SCALE, TRACK);
        canvas.fill(Canvas.box(s.x(), 0, CART_WIDTH, CART_HEIGHT, 0), CART);
        double axleY = CART_HEIGHT / 4;
        double tipX = s.x() + POLE_LENGTH * Math.sin(s.theta());
        double tipY = axleY + POLE_LENGTH * Math.cos(s.theta());
        canvas.fill(Canvas.box((s.x() + tipX) / 2, (axleY + tipY) / 2, POLE_WIDTH, POLE_LENGTH, -s.theta()), POLE);
        canvas.disc(s.x(), axleY, POLE_WIDTH / 2, AXLE);
        return canvas.finish();
    }

    /** Gymnasium's 50 frames a second (the simulation's 0.02 s step). */
    @Override
    public Duration frameDelay() {
        return Duration.ofMillis(20);
    }
}
