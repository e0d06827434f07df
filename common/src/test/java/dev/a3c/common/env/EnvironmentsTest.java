package dev.a3c.common.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentsTest {

    @Test
    void registersTheClassicControlTasksSorted() {
        assertEquals(List.of("Acrobot-v1", "CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"),
                Environments.ids());
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
