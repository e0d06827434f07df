package dev.a3c.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Acrobot;
import dev.a3c.env.MountainCar;
import dev.a3c.env.Pendulum;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ClassicControlRenderersTest {

    @Test
    void theAcrobotHangsDownAtRestAndSwingsUpAtPi() {
        AcrobotRenderer renderer = new AcrobotRenderer();
        double[] hanging = Pixels.centroid(renderer.render(new Acrobot.State(0, 0, 0, 0)), AcrobotRenderer.LINK);
        double[] up = Pixels.centroid(renderer.render(new Acrobot.State(Math.PI, 0, 0, 0)), AcrobotRenderer.LINK);
        double[] sideways = Pixels.centroid(renderer.render(new Acrobot.State(Math.PI / 2, 0, 0, 0)), AcrobotRenderer.LINK);
        double pivot = AcrobotRenderer.SIZE / 2.0;
        assertEquals(pivot, hanging[0], 2.0);
        // the links reach 2 m below the pivot; the joints' discs hide the first link's top, so their visible middle is lower
        assertEquals(pivot + 1.1 * AcrobotRenderer.SCALE, hanging[1], 8.0);
        assertEquals(pivot - 1.1 * AcrobotRenderer.SCALE, up[1], 8.0);
        assertTrue(sideways[0] > pivot + 80, "theta1 = pi/2 points the links to the right");
    }

    @Test
    void thePendulumStandsUpAtZeroAndTurnsCounterClockwise() {
        PendulumRenderer renderer = new PendulumRenderer();
        double[] upright = Pixels.centroid(renderer.render(new Pendulum.State(0, 0)), PendulumRenderer.ROD);
        double[] quarter = Pixels.centroid(renderer.render(new Pendulum.State(Math.PI / 2, 0)), PendulumRenderer.ROD);
        double centre = PendulumRenderer.SIZE / 2.0;
        assertEquals(centre, upright[0], 2.0);
        assertTrue(upright[1] < centre - 40);
        assertTrue(quarter[0] < centre - 40, "a quarter turn counter-clockwise points left");
    }

    @Test
    void theMountainCarClimbsTowardsTheFlag() {
        MountainCarRenderer renderer = new MountainCarRenderer();
        BufferedImage valley = renderer.render(new MountainCar.State(-0.5236, 0, 0.5));
        BufferedImage high = renderer.render(new MountainCar.State(0.4, 0, 0.5));
        double[] low = Pixels.centroid(valley, MountainCarRenderer.CAR);
        double[] up = Pixels.centroid(high, MountainCarRenderer.CAR);
        assertTrue(up[0] > low[0] + 250, "further right");
        assertTrue(up[1] < low[1] - 100, "and higher");
        double[] flag = Pixels.centroid(valley, MountainCarRenderer.FLAG);
        assertEquals((0.5 + 1.2) * MountainCarRenderer.SCALE + 8, flag[0], 6.0, "the flag flies at the goal");
        double[] continuousFlag = Pixels.centroid(renderer.render(new MountainCar.State(-0.5, 0, 0.45)),
                MountainCarRenderer.FLAG);
        assertTrue(continuousFlag[0] < flag[0] - 10);
    }
}
