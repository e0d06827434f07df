package dev.a3c.render;

import dev.a3c.env.Environment;
import dev.a3c.env.LunarLander;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;

/**
 * LunarLander-v3 and LunarLanderContinuous-v3 in Gymnasium's 600 x 400 viewport (30 pixels a metre): the moon
 * below the terrain line, the helipad's two flags, the lander body (red once it has touched the ground), its legs
 * (green while touching it), and flames for the engines fired in the last step, sized by their power.
 */
public final class LunarLanderRenderer implements FrameRenderer<LunarLander.Snapshot> {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 400;
    /** Pixels per metre. */
    public static final double SCALE = 30;
    public static final Color SKY = new Color(0x0B0D2A);
    public static final Color MOON = new Color(0xBDBDBD);
    public static final Color FLAGPOLE = Color.WHITE;
    public static final Color FLAG = new Color(0xCCCC00);
    public static final Color BODY = new Color(0x8066E6);
    public static final Color BODY_CRASHED = new Color(0xE53935);
    public static final Color BODY_OUTLINE = new Color(0x4D4D80);
    public static final Color LEG = new Color(0xB39DDB);
    public static final Color LEG_CONTACT = new Color(0x66BB6A);
    public static final Color FLAME = new Color(0xFF8C00);
    public static final Color FLAME_CORE = new Color(0xFFE082);

    private static final double PX = 1 / SCALE;

    @Override
    public LunarLander.Snapshot capture(Environment env) {
        return ((LunarLander) env).snapshot();
    }

    @Override
    public BufferedImage render(LunarLander.Snapshot s) {
        Canvas canvas = new Canvas(WIDTH, HEIGHT, 0, 0, SCALE, SKY);
        double[] tx = s.terrain().x();
        double[] ty = s.terrain().y();
        double[] mx = new double[tx.length + 2];
        double[] my = new double[ty.length + 2];
        System.arraycopy(tx, 0, mx, 0, tx.length);
        System.arraycopy(ty, 0, my, 0, ty.length);
        mx[tx.length] = s.width();
        mx[tx.length + 1] = 0;
        canvas.fill(Canvas.polygon(mx, my), MOON);
        for (double x : new double[] {s.helipadX1(), s.helipadX2()}) {
            double top = s.helipadY() + 50 * PX;
            canvas.line(x, s.helipadY(), x, top, 1.5 * PX, FLAGPOLE);
            canvas.fill(Canvas.polygon(new double[] {x, x, x + 25 * PX}, new double[] {top, top - 10 * PX, top - 5 * PX}),
                    FLAG);
        }
        if (s.mainEnginePower() > 0) {
            double length = (8 + 16 * s.mainEnginePower()) * PX;
            flame(canvas, s, new double[] {-5 * PX, 5 * PX, 0}, new double[] {-10 * PX, -10 * PX, -10 * PX - length});
        }
        if (s.sideEnginePower() > 0 && s.sideEngineDirection() != 0) {
            double d = s.sideEngineDirection();
            double reach = (6 + 10 * s.sideEnginePower()) * PX;
            double x0 = -d * 15 * PX;
            flame(canvas, s, new double[] {x0, x0, x0 - d * reach}, new double[] {9 * PX, 15 * PX, 12 * PX});
        }
        for (LunarLander.Leg leg : s.legs()) {
            canvas.fill(Canvas.polygon(leg.shape().x(), leg.shape().y()), leg.contact() ? LEG_CONTACT : LEG);
        }
        var body = Canvas.polygon(s.body().x(), s.body().y());
        canvas.fill(body, s.crashed() ? BODY_CRASHED : BODY);
        canvas.outline(body, 1.5 * PX, BODY_OUTLINE);
        return canvas.finish();
    }

    /** A flame: a triangle given in the lander body's own frame (metres, y up), drawn turned with the body. */
    private static void flame(Canvas canvas, LunarLander.Snapshot s, double[] localX, double[] localY) {
        double c = Math.cos(s.angle());
        double sin = Math.sin(s.angle());
        double[] x = new double[localX.length];
        double[] y = new double[localY.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = s.x() + c * localX[i] - sin * localY[i];
            y[i] = s.y() + sin * localX[i] + c * localY[i];
        }
        canvas.fill(Canvas.polygon(x, y), FLAME);
        double cx = (x[0] + x[1]) / 2;
        double cy = (y[0] + y[1]) / 2;
        canvas.fill(Canvas.polygon(new double[] {x[0], x[1], (cx + x[2]) / 2}, new double[] {y[0], y[1], (cy + y[2]) / 2}),
                FLAME_CORE);
    }

    /** Gymnasium's 50 frames a second (the simulation's 1/50 s step). */
    @Override
    public Duration frameDelay() {
        return Duration.ofMillis(20);
    }
}
