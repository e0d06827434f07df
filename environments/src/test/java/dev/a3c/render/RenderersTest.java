package dev.a3c.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.ActionSpace;
import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Environments;
import dev.a3c.env.ObservationRescaling;
import dev.a3c.env.RandomActions;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {

    @Test
    void everyRegisteredEnvironmentIsDrawnInFramesOfOneSize() {
        for (String id : Environments.ids()) {
            Environment env = Environments.make(id);
            FrameRenderer<?> renderer = Renderers.forEnvironment(env);
            RandomActions actions = new RandomActions(env, 1);
            BufferedImage first = draw(renderer, env);
            for (int i = 0; i < 5; i++) {
                actions.step();
            }
            BufferedImage later = draw(renderer, env);
            assertEquals(first.getWidth(), later.getWidth(), id);
            assertEquals(first.getHeight(), later.getHeight(), id);
            assertTrue(Pixels.distinctColors(later) >= 3, id + ": something is drawn");
            assertTrue(renderer.frameDelay().toMillis() >= 20 && renderer.frameDelay().toMillis() <= 100, id);
        }
    }

    @Test
    void wrappersAreLookedThrough() {
        Environment env = new ObservationRescaling(Environments.make("CartPole-v1"));
        assertTrue(Renderers.forEnvironment(env) instanceof CartPoleRenderer);
    }

    @Test
    void anEnvironmentWithoutARendererIsAClearError() {
        Environment unknown = new Environment() {
            @Override
            public EnvironmentSpec spec() {
                return new EnvironmentSpec("Mystery-v0", List.of(1), new ActionSpace.Discrete(2), 10, null);
            }

            @Override
            public float[] reset(long seed) {
                return new float[1];
            }

            @Override
            public float[] reset() {
                return new float[1];
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Renderers.forEnvironment(unknown));
        assertTrue(e.getMessage().startsWith("no renderer for Mystery-v0"), e.getMessage());
    }

    private static <S> BufferedImage draw(FrameRenderer<S> renderer, Environment env) {
        return renderer.render(renderer.capture(env.unwrapped()));
    }
}
