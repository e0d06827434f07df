package dev.a3c.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.LunarLander;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LunarLanderRendererTest {

    private final LunarLanderRenderer renderer = new LunarLanderRenderer();

    @Test
    void theLanderIsDrawnWhereItsPositionSays() {
        LunarLander env = new LunarLander(false);
        env.reset(3);
        for (int step = 0; step < 60; step++) {
            env.step(step % 4 == 0 ? 3 : 0);
            if (step % 20 == 19) {
                LunarLander.Snapshot s = env.snapshot();
                BufferedImage image = renderer.render(s);
                assertEquals(600, image.getWidth());
                assertEquals(400, image.getHeight());
                double[] body = Pixels.centroid(image, LunarLanderRenderer.BODY);
                double outlineX = java.util.Arrays.stream(s.body().x()).average().orElseThrow();
                double outlineY = java.util.Arrays.stream(s.body().y()).average().orElseThrow();
                assertEquals(outlineX * 30, body[0], 3.0, "step " + step);
                assertEquals(400 - outlineY * 30, body[1], 3.0, "step " + step);
                assertEquals(s.x() * 30, body[0], 10.0, "near the body's centre");
                assertEquals(400 - s.y() * 30, body[1], 10.0);
                assertTrue(Pixels.count(image, LunarLanderRenderer.BODY) > 500, "the body's area");
                assertTrue(Pixels.count(image, LunarLanderRenderer.LEG) > 30, "the legs");
            }
        }
    }

    @Test
    void theMoonHelipadFlagsAndFlamesAreDrawn() {
        LunarLander env = new LunarLander(false);
        env.reset(1);
        for (int i = 0; i < 30; i++) {
            env.step(0);   // fall into view: the lander starts at the top edge
        }
        env.step(2);
        LunarLander.Snapshot firing = env.snapshot();
        BufferedImage image = renderer.render(firing);
        assertEquals(LunarLanderRenderer.MOON, Pixels.at(image, 300, 399), "the moon at the bottom");
        assertEquals(LunarLanderRenderer.SKY, Pixels.at(image, 20, 5), "the sky at the top");
        double[] flags = Pixels.centroid(image, LunarLanderRenderer.FLAG);
        assertEquals((firing.helipadX1() + firing.helipadX2()) / 2 * 30 + 25 / 3.0, flags[0], 3.0, "two flags over the pad");
        assertTrue(flags[1] < 400 - firing.helipadY() * 30, "above the pad");
        double[] flame = Pixels.centroid(image, LunarLanderRenderer.FLAME);
        double[] body = Pixels.centroid(image, LunarLanderRenderer.BODY);
        assertTrue(flame[1] > body[1] + 5, "the main engine's flame is below the body");

        env.step(0);
        assertEquals(0, Pixels.count(renderer.render(env.snapshot()), LunarLanderRenderer.FLAME), "no engine, no flame");
        env.step(1);
        double[] side = Pixels.centroid(renderer.render(env.snapshot()), LunarLanderRenderer.FLAME);
        assertTrue(side[0] > body[0] + 10, "action 1 (direction -1) fires on the right-hand side: " + side[0]);
    }

    @Test
    void legsOnTheGroundAndACrashShowInTheirColours() {
        LunarLander env = new LunarLander(false);
        env.reset(2);
        for (int i = 0; i < 30; i++) {
            env.step(0);
        }
        LunarLander.Snapshot s = env.snapshot();
        LunarLander.Snapshot landed = new LunarLander.Snapshot(s.width(), s.height(), s.terrain(), s.helipadX1(),
                s.helipadX2(), s.helipadY(), s.x(), s.y(), s.angle(), s.body(),
                List.of(new LunarLander.Leg(s.legs().get(0).shape(), true), s.legs().get(1)), 0, 0, 0, true);
        BufferedImage image = renderer.render(landed);
        assertTrue(Pixels.count(image, LunarLanderRenderer.LEG_CONTACT) > 15);
        assertTrue(Pixels.count(image, LunarLanderRenderer.LEG) > 15, "the other leg");
        assertTrue(Pixels.count(image, LunarLanderRenderer.BODY_CRASHED) > 500);
        assertEquals(0, Pixels.count(image, LunarLanderRenderer.BODY));
    }
}
