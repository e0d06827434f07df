package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentsTest {

    @Test
    void registersClassicControlAndMinAtarSorted() {
        List<String> minatar = List.of("Asterix", "Breakout", "Freeway", "Seaquest", "SpaceInvaders").stream()
                .flatMap(game -> List.of("MinAtar/" + game + "-v0", "MinAtar/" + game + "-v1").stream())
                .toList();
        List<String> expected = new java.util.ArrayList<>(List.of("Acrobot-v1", "CartPole-v1", "LunarLander-v3",
                "LunarLanderContinuous-v3", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"));
        expected.addAll(minatar);
        java.util.Collections.sort(expected);
        assertEquals(expected, Environments.ids());
    }

    @Test
    void everyEnvironmentComesWrappedInItsTimeLimitWithItsSpec() {
        for (String id : Environments.ids()) {
            Environment env = Environments.make(id);
            assertInstanceOf(TimeLimit.class, env);
            assertEquals(Environments.spec(id), env.spec());
            assertEquals(id, env.spec().id());
            assertEquals(env.spec().observationSize(), env.reset(1).length);
            assertEquals(7, Environments.make(id, 7).spec().maxEpisodeSteps());
        }
    }
}
