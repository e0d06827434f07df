package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.minatar.MinAtarGame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only views of the simulations' state that replays draw from. */
class StateAccessTest {

    @Test
    void unwrappedLooksThroughEveryWrapper() {
        CartPole inner = new CartPole();
        Environment wrapped = new ObservationRescaling(new TimeLimit(inner, 10));
        assertSame(inner, wrapped.unwrapped());
        assertSame(inner, inner.unwrapped());
        assertInstanceOf(LunarLander.class, Environments.make("LunarLander-v3").unwrapped());
    }

    @Test
    void classicControlStatesAreWhatTheObservationsSay() {
        CartPole cartPole = new CartPole();
        float[] obs = cartPole.reset(3);
        obs = cartPole.step(1).observation();
        CartPole.State c = cartPole.state();
        assertEquals(obs[0], c.x(), 1e-6);
        assertEquals(obs[1], c.xDot(), 1e-6);
        assertEquals(obs[2], c.theta(), 1e-6);
        assertEquals(obs[3], c.thetaDot(), 1e-6);

        Acrobot acrobot = new Acrobot();
        acrobot.resetTo(0.3, -0.2, 0.1, 0.05);
        obs = acrobot.step(2).observation();
        Acrobot.State a = acrobot.state();
        assertEquals(obs[0], Math.cos(a.theta1()), 1e-6);
        assertEquals(obs[1], Math.sin(a.theta1()), 1e-6);
        assertEquals(obs[3], Math.sin(a.theta2()), 1e-6);
        assertEquals(obs[4], a.dtheta1(), 1e-5);

        Pendulum pendulum = new Pendulum();
        pendulum.reset(5);
        obs = pendulum.step(new float[] {1f}).observation();
        Pendulum.State p = pendulum.state();
        assertEquals(obs[0], Math.cos(p.theta()), 1e-6);
        assertEquals(obs[1], Math.sin(p.theta()), 1e-6);
        assertEquals(obs[2], p.thetaDot(), 1e-5);

        MountainCar car = new MountainCar();
        car.resetTo(-0.5, 0.01);
        obs = car.step(2).observation();
        assertEquals(obs[0], car.state().position(), 1e-6);
        assertEquals(obs[1], car.state().velocity(), 1e-6);
        assertEquals(0.5, car.state().goalPosition());
        MountainCarContinuous continuous = new MountainCarContinuous();
        continuous.resetTo(-0.4, 0.0);
        assertEquals(-0.4, continuous.state().position(), 1e-9);
        assertEquals(0.45, continuous.state().goalPosition());
    }

    @Test
    void aLunarLanderSnapshotShowsWhereTheLanderIs() {
        LunarLander lander = new LunarLander(false);
        assertThrows(IllegalStateException.class, lander::snapshot);
        float[] obs = lander.reset(7);
        for (int i = 0; i < 20; i++) {
            obs = lander.step(2).observation();
        }
        LunarLander.Snapshot s = lander.snapshot();
        assertEquals(20.0, s.width(), 1e-9);
        assertEquals(400.0 / 30, s.height(), 1e-9);
        // the observation's x is (x - W/2) / (W/2), its y (y - helipad - 18/30) / (H/2)
        assertEquals(obs[0], (s.x() - s.width() / 2) / (s.width() / 2), 1e-5);
        assertEquals(obs[1], (s.y() - (s.helipadY() + 18.0 / 30)) / (s.height() / 2), 1e-5);
        assertEquals(obs[4], s.angle(), 1e-5);
        assertEquals(1.0, s.mainEnginePower(), "the main engine fired in the last step");
        assertEquals(0, s.sideEnginePower());
        assertEquals(11, s.terrain().x().length);
        assertEquals(0.0, s.terrain().x()[0]);
        assertEquals(20.0, s.terrain().x()[10], 1e-9);
        assertEquals(s.helipadY(), s.terrain().y()[5], 0.05, "the helipad is flat (smoothed by 0.33 x 3)");
        assertTrue(s.helipadX1() < s.width() / 2 && s.helipadX2() > s.width() / 2);
        assertEquals(6, s.body().x().length);
        double meanX = java.util.Arrays.stream(s.body().x()).average().orElseThrow();
        assertEquals(s.x(), meanX, 0.1, "the body's outline is around its centre");
        assertEquals(2, s.legs().size());
        assertEquals(4, s.legs().get(0).shape().x().length);
        assertFalse(s.crashed());

        lander.step(3);
        LunarLander.Snapshot side = lander.snapshot();
        assertEquals(0, side.mainEnginePower());
        assertEquals(1.0, side.sideEnginePower());
        assertEquals(1, side.sideEngineDirection());
        s.body().x()[0] = 1e9;
        assertTrue(s.body().x()[0] < 1e9, "snapshots cannot be changed through their arrays");
    }

    @Test
    void everyMinAtarGameNamesItsChannels() {
        List<String> ids = Environments.ids().stream().filter(id -> id.startsWith("MinAtar/")).toList();
        assertEquals(10, ids.size());
        for (String id : ids) {
            MinAtarGame game = (MinAtarGame) Environments.make(id).unwrapped();
            int channels = game.spec().observationShape().get(2);
            assertEquals(channels, game.channelNames().size(), id);
            assertEquals(channels, game.channelNames().stream().distinct().count(), id + ": distinct names");
        }
    }
}
