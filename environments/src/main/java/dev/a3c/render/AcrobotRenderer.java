package dev.a3c.render;

import dev.a3c.env.Acrobot;
import dev.a3c.env.Environment;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;

/**
 * Acrobot-v1: 500 x 500 pixels around the fixed pivot, the two 1 m links hanging down at angle 0, and the line
 * the free end must rise above (1 m over the pivot).
 */
public final class AcrobotRenderer implements FrameRenderer<Acrobot.State> {

    public static final int SIZE = 500;
    static final double BOUND = 2.2;
    public static final double SCALE = SIZE / (2 * BOUND);
    public static final Color BACKGROUND = Color.WHITE;
    public static final Color TARGET = new Color(0x424242);
    public static final Color LINK = new Color(0x00A5A5);
    public static final Color JOINT = new Color(0xC8B400);

    @Override
    public Acrobot.State capture(Environment env) {
        return ((Acrobot) env).state();
    }

    @Override
    public BufferedImage render(Acrobot.State s) {
        Canvas canvas = new Canvas(SIZE, SIZE, -BOUND, -BOUND, SCALE, BACKGROUND);
        canvas.line(-BOUND, 1.0, BOUND, 1.0, 2 / SCALE, TARGET);
        double x1 = Math.sin(s.theta1());
        double y1 = -Math.cos(s.theta1());
        double x2 = x1 + Math.sin(s.theta1() + s.theta2());
        double y2 = y1 - Math.cos(s.theta1() + s.theta2());
        canvas.line(0, 0, x1, y1, 0.2, LINK);
        canvas.line(x1, y1, x2, y2, 0.2, LINK);
        canvas.disc(0, 0, 0.1, JOINT);
        canvas.disc(x1, y1, 0.1, JOINT);
        return canvas.finish();
    }

    /** Gymnasium's 15 frames a second. */
    @Override
    public Duration frameDelay() {
        return Duration.ofMillis(70);
    }
}
