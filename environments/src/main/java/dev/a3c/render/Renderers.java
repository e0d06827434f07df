package dev.a3c.render;

import dev.a3c.env.RgbFrameSource;

import dev.a3c.env.Acrobot;
import dev.a3c.env.CartPole;
import dev.a3c.env.Environment;
import dev.a3c.env.LunarLander;
import dev.a3c.env.MountainCar;
import dev.a3c.env.MountainCarContinuous;
import dev.a3c.env.Pendulum;
import dev.a3c.env.minatar.MinAtarGame;

/** The renderer for an environment. */
public final class Renderers {

    private Renderers() {}

    /**
     * The renderer that draws {@code env} (wrappers are looked through).
     *
     * @throws IllegalArgumentException when no renderer draws this environment
     */
    public static FrameRenderer<?> forEnvironment(Environment env) {
        Environment inner = env.unwrapped();
        if (inner instanceof CartPole) {
            return new CartPoleRenderer();
        }
        if (inner instanceof LunarLander) {
            return new LunarLanderRenderer();
        }
        if (inner instanceof MinAtarGame game) {
            return new MinAtarRenderer(game.channelNames());
        }
        if (inner instanceof Acrobot) {
            return new AcrobotRenderer();
        }
        if (inner instanceof Pendulum) {
            return new PendulumRenderer();
        }
        if (inner instanceof MountainCar || inner instanceof MountainCarContinuous) {
            return new MountainCarRenderer();
        }
        if (inner instanceof RgbFrameSource) {
            return new RgbFrameRenderer();
        }
        throw new IllegalArgumentException("no renderer for " + env.spec().id() + ": replays can be drawn for CartPole, "
                + "Acrobot, Pendulum, MountainCar, LunarLander, the MinAtar games and gymnasium: environments");
    }
}
