package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ids of the form {@code source:name} go to the {@link EnvironmentSource} of that name (found with ServiceLoader:
 * here {@link Echo}, registered in this module's test resources), with the request as the configuration gives it.
 */
class EnvironmentSourceTest {

    /** A source that serves the built-in environments under {@code echo:} and remembers what it was asked. */
    public static final class Echo implements EnvironmentSource {
        static final List<EnvironmentRequest> REQUESTS = new ArrayList<>();

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public EnvironmentSpec spec(EnvironmentRequest request) {
            REQUESTS.add(request);
            return Environments.spec(request.name());
        }

        @Override
        public Environment make(EnvironmentRequest request) {
            REQUESTS.add(request);
            return Environments.make(request.name());
        }

        @Override
        public BatchedEnvironment batch(EnvironmentRequest request, int count) {
            REQUESTS.add(request);
            return new LocalBatch(() -> Environments.make(request.name()), count);
        }
    }

    @Test
    void sourceIdsReachTheirSourceWithTheWholeRequest() {
        EnvironmentRequest request = new EnvironmentRequest("echo:CartPole-v1", " {\"a\": 1} ", 50, 0, false);
        assertEquals("echo", request.source());
        assertEquals("CartPole-v1", request.name());
        assertEquals("{\"a\": 1}", request.kwargs(), "arguments are kept, trimmed");
        assertEquals(Environments.spec("CartPole-v1"), Environments.spec(request));
        assertEquals(request, Echo.REQUESTS.get(Echo.REQUESTS.size() - 1));
        assertTrue(Environments.external("echo:CartPole-v1"));
        assertFalse(Environments.external("CartPole-v1"));
        assertFalse(new EnvironmentRequest("echo:ALE/Pong-v5", "", 0).atari(), "Atari ids are Gymnasium's");
        assertTrue(new EnvironmentRequest("gymnasium:ALE/Pong-v5", "", 0).atari());
        assertTrue(new EnvironmentRequest("gymnasium:PongNoFrameskip-v4", "", 0).atari());
        assertFalse(new EnvironmentRequest("gymnasium:CartPole-v1", "", 0).atari());
    }

    @Test
    void unknownSourcesAndArgumentsForBuiltInIdsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Environments.spec("nowhere:CartPole-v1"));
        assertTrue(e.getMessage().contains("unknown environment source 'nowhere'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Environments.make(new EnvironmentRequest("CartPole-v1", "{\"x\": 1}", 0)));
        assertTrue(e.getMessage().contains("built-in CartPole-v1 takes none"), e.getMessage());
        Environments.make(new EnvironmentRequest("CartPole-v1", "{}", 0));   // an empty object is no argument
    }

    @Test
    void aBuiltInBatchStepsLikeItsEnvironmentsOneByOne() {
        BatchedEnvironment batch = Environments.batch(EnvironmentRequest.of("CartPole-v1"), 3, e -> e);
        Environment[] alone = {Environments.make("CartPole-v1"), Environments.make("CartPole-v1"),
            Environments.make("CartPole-v1")};
        float[] observations = new float[12];
        batch.reset(new long[] {4, 5, 6}, observations);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(alone[k].reset(4 + k), java.util.Arrays.copyOfRange(observations, 4 * k, 4 * k + 4));
        }
        float[][] finals = new float[3][];
        double[] rewards = new double[6];
        boolean[] terminated = new boolean[6];
        boolean[] truncated = new boolean[6];
        for (int t = 0; t < 40; t++) {
            float[] actions = {1, 1, 0};
            batch.step(actions, 0, observations, rewards, terminated, truncated, 3, finals);
            for (int k = 0; k < 3; k++) {
                Step step = alone[k].step((int) actions[k]);
                assertEquals(step.reward(), rewards[3 + k]);
                assertEquals(step.terminated(), terminated[3 + k]);
                if (step.done()) {
                    assertArrayEquals(step.observation(), finals[k]);
                    assertArrayEquals(alone[k].reset(), java.util.Arrays.copyOfRange(observations, 4 * k, 4 * k + 4));
                } else {
                    assertEquals(null, finals[k]);
                    assertArrayEquals(step.observation(), java.util.Arrays.copyOfRange(observations, 4 * k, 4 * k + 4));
                }
            }
        }
    }

    @Test
    void aRescaledBatchRescalesAsTheWrapperDoes() {
        BatchedEnvironment batch = new RescaledBatch(Environments.batch(EnvironmentRequest.of("Pendulum-v1"), 2, e -> e));
        Environment[] alone = {new ObservationRescaling(Environments.make("Pendulum-v1")),
            new ObservationRescaling(Environments.make("Pendulum-v1"))};
        float[] observations = new float[6];
        batch.reset(new long[] {1, 2}, observations);
        assertArrayEquals(alone[0].reset(1), java.util.Arrays.copyOfRange(observations, 0, 3));
        assertArrayEquals(alone[1].reset(2), java.util.Arrays.copyOfRange(observations, 3, 6));
        float[][] finals = new float[2][];
        for (int t = 0; t < 200; t++) {
            float[] actions = {0.5f, -0.5f};
            batch.step(actions, 0, observations, new double[2], new boolean[2], new boolean[2], 0, finals);
            for (int k = 0; k < 2; k++) {
                Step step = alone[k].act(actions, k);
                if (step.done()) {
                    assertArrayEquals(step.observation(), finals[k], "the final observation, rescaled");
                    alone[k].reset();
                } else {
                    assertArrayEquals(step.observation(), java.util.Arrays.copyOfRange(observations, 3 * k, 3 * k + 3));
                }
            }
        }
        assertTrue(finals[0] != null, "Pendulum's 200-step limit ended the episodes");
    }
}
