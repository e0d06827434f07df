package dev.a3c.render;

import dev.a3c.env.Environment;
import dev.a3c.env.Pendulum;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;

/** Pendulum-v1: 500 x 500 pixels, the 1 m rod upright at angle 0, turning counter-clockwise as the angle grows. */
public final class PendulumRenderer implements FrameRenderer<Pendulum.State> {

    public static final int SIZE = 500;
    static final double BOUND = 2.2;
    public static final double SCALE = SIZE / (2 * BOUND);
    public static final Color BACKGROUND = Color.WHITE;
    public static final Color ROD = new Color(0xCC4C4C);
    public static final Color PIVOT = new Color(0x212121);

    @Override
    public Pendulum.State capture(Environment env) {
        return ((Pendulum) env).state();
    }

    @Override
    public BufferedImage render(Pendulum.State s) {
        Canvas canvas = new Canvas(SIZE, SIZE, -BOUND, -BOUND, SCALE, BACKGROUND);
        double x = -Math.sin(s.theta());
        double y = Math.cos(s.theta());
        canvas.line(0, 0, x, y, 0.2, ROD);
        canvas.disc(0, 0, 0.05, PIVOT);
        return canvas.finish();
    }

    /** Gymnasium's 30 frames a second. */
    @Override
    public Duration frameDelay() {
        return Duration.ofMillis(30);
    }
}
