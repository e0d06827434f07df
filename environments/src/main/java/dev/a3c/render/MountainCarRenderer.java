package dev.a3c.render;

import dev.a3c.env.Environment;
import dev.a3c.env.MountainCar;
import dev.a3c.env.MountainCarContinuous;
import java.awt.Color;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.time.Duration;

/**
 * MountainCar-v0 and MountainCarContinuous-v0: 600 x 400 pixels showing the track from -1.2 to 0.6, the hill
 * {@code 0.45 sin(3x) + 0.55}, the car on it along the slope, and the flag at the goal.
 */
public final class MountainCarRenderer implements FrameRenderer<MountainCar.State> {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 400;
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    public static final double SCALE = WIDTH / (MAX_POSITION - MIN_POSITION);
    public static final Color BACKGROUND = Color.WHITE;
    public static final Color HILL = new Color(0x8D6E63);
    public static final Color CAR = new Color(0x263238);
    public static final Color FLAG = new Color(0xF9A825);

    static double height(double position) {
        return 0.45 * Math.sin(3 * position) + 0.55;
    }

    @Override
    public MountainCar.State capture(Environment env) {
        if (env instanceof MountainCarContinuous continuous) {
            return continuous.state();
        }
        return ((MountainCar) env).state();
    }

    @Override
    public BufferedImage render(MountainCar.State s) {
        Canvas canvas = new Canvas(WIDTH, HEIGHT, MIN_POSITION, 0, SCALE, BACKGROUND);
        Path2D.Double hill = new Path2D.Double();
        hill.moveTo(MIN_POSITION, 0);
        for (int i = 0; i <= 100; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / 100;
            hill.lineTo(x, height(x));
        }
        hill.lineTo(MAX_POSITION, 0);
        hill.closePath();
        canvas.fill(hill, HILL);
        double goal = s.goalPosition();
        canvas.line(goal, height(goal), goal, height(goal) + 0.15, 2 / SCALE, CAR);
        canvas.fill(Canvas.polygon(new double[] {goal, goal, goal + 0.075},
                new double[] {height(goal) + 0.15, height(goal) + 0.11, height(goal) + 0.13}), FLAG);
        double slope = Math.atan(1.35 * Math.cos(3 * s.position()));
        double normalX = -Math.sin(slope);
        double normalY = Math.cos(slope);
        double carHeight = 0.06;
        canvas.fill(Canvas.box(s.position() + normalX * carHeight / 2, height(s.position()) + normalY * carHeight / 2,
                0.12, carHeight, slope), CAR);
        return canvas.finish();
    }

    /** Gymnasium's 30 frames a second. */
    @Override
    public Duration frameDelay() {
        return Duration.ofMillis(30);
    }
}
