package dev.a3c.envbridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Acrobot;
import dev.a3c.env.CartPole;
import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentRequest;
import dev.a3c.env.Environments;
import dev.a3c.env.Pendulum;
import dev.a3c.env.Step;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gymnasium's own CartPole-v1, Acrobot-v1 and Pendulum-v1 through the bridge against the built-in ones: from each
 * state Gymnasium reaches, the built-in environment is put in the same state and given the same action, and the
 * two transitions must agree (observations to float precision, rewards, terminated, truncated). Episodes run to
 * their ends, truncation at the time limit included.
 */
@Tag("integration")
class GymnasiumCrossCheckTest {

    private static Bridge bridge;

    @BeforeAll
    static void startBridge() {
        bridge = Bridge.launch(PythonBridge.locationOrSkip());
    }

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static BridgedEnvironment gymnasium(String id) {
        return new BridgedEnvironment(new BridgedBatch(BridgeSession.open(bridge, EnvironmentRequest.of("gymnasium:" + id), 1)));
    }

    /** Puts a built-in environment into the state Gymnasium's observation shows. */
    private interface Restore {
        void to(Environment unwrapped, float[] observation);
    }

    private static void crossCheck(String id, Restore restore, IntFunction<float[]> policy, int episodes,
                                   double observationTolerance, double rewardTolerance, int minSteps, boolean expectTruncation) {
        try (BridgedEnvironment theirs = gymnasium(id)) {
            Environment ours = Environments.make(id);
            assertEquals(ours.spec().observationShape(), theirs.spec().observationShape(), id + " observation shape");
            assertEquals(ours.spec().actionSpace(), theirs.spec().actionSpace(), id + " action space");
            assertEquals(ours.spec().maxEpisodeSteps(), theirs.spec().maxEpisodeSteps(), id + " time limit");
            assertEquals(ours.spec().rewardThreshold(), theirs.spec().rewardThreshold(), id + " reward threshold");
            int steps = 0;
            int truncations = 0;
            float[] observation = theirs.reset(7);
            for (int episode = 0; episode < episodes; episode++) {
                ours.reset(episode);
                for (int t = 0; ; t++, steps++) {
                    restore.to(ours.unwrapped(), observation);
                    float[] action = policy.apply(steps);
                    Step expected = theirs.act(action, 0);
                    Step actual = ours.act(action, 0);
                    String where = id + " episode " + episode + " step " + t;
                    assertArrayEquals(expected.observation(), actual.observation(), (float) observationTolerance, where);
                    assertEquals(expected.reward(), actual.reward(), rewardTolerance, where + " reward");
                    assertEquals(expected.terminated(), actual.terminated(), where + " terminated");
                    assertEquals(expected.truncated(), actual.truncated(), where + " truncated");
                    if (expected.done()) {
                        truncations += expected.truncated() && !expected.terminated() ? 1 : 0;
                        observation = theirs.reset();
                        steps++;
                        break;
                    }
                    observation = expected.observation();
                }
            }
            assertTrue(steps >= minSteps, id + ": only " + steps + " transitions compared");
            if (expectTruncation) {
                assertTrue(truncations > 0, id + ": no episode reached the time limit");
            }
        }
    }

    @Test
    void cartPoleAgreesTransitionByTransition() {
        // a balancing controller (so that episodes reach the 500-step limit) with some random pushes
        SplittableRandom random = new SplittableRandom(3);
        float[] last = new float[4];
        crossCheck("CartPole-v1", (env, obs) -> {
            System.arraycopy(obs, 0, last, 0, 4);
            ((CartPole) env).resetTo(obs[0], obs[1], obs[2], obs[3]);
        }, t -> new float[] {random.nextInt(10) == 0 ? random.nextInt(2) : (last[2] + 0.5 * last[3] > 0 ? 1 : 0)},
                4, 1e-5, 0, 500, true);
    }

    @Test
    void acrobotAgreesTransitionByTransition() {
        SplittableRandom random = new SplittableRandom(5);
        crossCheck("Acrobot-v1", (env, obs) -> ((Acrobot) env).resetTo(Math.atan2(obs[1], obs[0]),
                        Math.atan2(obs[3], obs[2]), obs[4], obs[5]),
                t -> new float[] {random.nextInt(3)}, 2, 1e-4, 0, 500, true);
    }

    @Test
    void pendulumAgreesTransitionByTransition() {
        // actions on the unit box that map exactly onto Pendulum's [-2, 2] torques
        SplittableRandom random = new SplittableRandom(11);
        crossCheck("Pendulum-v1", (env, obs) -> ((Pendulum) env).resetTo(Math.atan2(obs[1], obs[0]), obs[2]),
                t -> new float[] {(random.nextInt(5) - 2) / 2f}, 2, 1e-4, 1e-4, 400, true);
    }
}
