package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpInferenceTest {

    @Test
    void matchesDl4jForwardPassForBothActivationsAndAfterWeightChanges() {
        for (String activation : List.of("tanh", "relu")) {
            NetworkSpec spec = NetworkSpec.mlp(5, 3, List.of(7, 6), activation);
            ActorCriticNetwork net = ActorCriticNetwork.create(spec, 4);
            MlpInference inference = new MlpInference(net);
            SplittableRandom random = new SplittableRandom(1);
            int rows = 9;
            float[] obs = observations(random, rows * 5);
            compare(net, inference, obs, rows);

            randomizeParameters(net, random);
            inference.refresh();
            compare(net, inference, obs, rows);
        }
    }

    @Test
    void matchesDl4jWithStateDependentStandardDeviations() {
        NetworkSpec spec = new NetworkSpec(List.of(5), new Torso.Mlp(List.of(7, 6), "relu"), 0,
                ActionHead.stateDependentGaussian(3));
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 8);
        SplittableRandom random = new SplittableRandom(3);
        randomizeParameters(net, random);
        MlpInference inference = new MlpInference(net);
        float[] obs = observations(random, 4 * 5);
        compare(net, inference, obs, 4);
        float[] policy = new float[4 * 6];
        inference.predict(obs, 4, policy, new float[4]);
        assertNotEquals(policy[3], policy[6 + 3], "the log standard deviation differs between states");
    }

    @Test
    void matchesDl4jWithASeparateCriticTorso() {
        for (ActionHead head : List.of(ActionHead.categorical(3), ActionHead.gaussian(2), ActionHead.stateDependentGaussian(2))) {
            NetworkSpec spec = new NetworkSpec(List.of(5), new Torso.Mlp(List.of(7, 6), "tanh"), 0, head, true);
            ActorCriticNetwork net = ActorCriticNetwork.create(spec, 8);
            SplittableRandom random = new SplittableRandom(2);
            randomizeParameters(net, random);
            compare(net, new MlpInference(net), observations(random, 6 * 5), 6);
        }
    }

    /** Every parameter uniform in [-1, 1): far from the initialisation, so every layer matters. */
    private static void randomizeParameters(ActorCriticNetwork net, SplittableRandom random) {
        FloatBuffer params = net.parameters();
        for (int i = 0; i < params.limit(); i++) {
            params.put(i, (float) random.nextDouble(-1, 1));
        }
    }

    private static float[] observations(SplittableRandom random, int count) {
        float[] obs = new float[count];
        for (int i = 0; i < count; i++) {
            obs[i] = (float) random.nextDouble(-2, 2);
        }
        return obs;
    }

    private static void compare(ActorCriticNetwork net, MlpInference inference, float[] obs, int rows) {
        int actions = net.spec().head().outputWidth();
        float[] logits = new float[rows * actions];
        float[] values = new float[rows];
        net.predict(obs, rows, logits, values);
        float[] fastLogits = new float[rows * actions];
        float[] fastValues = new float[rows];
        inference.predict(obs, rows, fastLogits, fastValues);
        assertArrayEquals(logits, fastLogits, 1e-5f);
        assertArrayEquals(values, fastValues, 1e-5f);
    }
}
