package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The plain-Java network against DL4J's: the same outputs and the same gradient, for every feed-forward shape. */
class PlainNetworkTest {

    static List<NetworkSpec> specs() {
        return List.of(
                NetworkSpec.mlp(5, 3, List.of(7, 6), "tanh"),
                NetworkSpec.mlp(5, 3, List.of(7, 6), "relu"),
                new NetworkSpec(List.of(5), new Torso.Mlp(List.of(7, 6), "relu"), 0, ActionHead.gaussian(2)),
                new NetworkSpec(List.of(5), new Torso.Mlp(List.of(7, 6), "relu"), 0, ActionHead.stateDependentGaussian(3)),
                new NetworkSpec(List.of(5), new Torso.Mlp(List.of(7, 6), "tanh"), 0, ActionHead.categorical(3), true),
                new NetworkSpec(List.of(5), new Torso.Mlp(List.of(7), "tanh"), 0, ActionHead.gaussian(2), true),
                new NetworkSpec(List.of(5), new Torso.Mlp(List.of(7, 6), "tanh"), 0, ActionHead.stateDependentGaussian(2), true),
                // MinAtar's shape, and two convolutions, the second strided, on a grid that is not square
                new NetworkSpec(List.of(10, 10, 4), Torso.Conv.minAtar(), 0, ActionHead.categorical(6)),
                new NetworkSpec(List.of(11, 9, 3), new Torso.Conv(List.of(new Torso.Conv.Layer(5, 3, 1),
                        new Torso.Conv.Layer(4, 2, 2)), List.of(8), "relu"), 0, ActionHead.categorical(4)),
                new NetworkSpec(List.of(7, 7, 2), new Torso.Conv(List.of(new Torso.Conv.Layer(3, 3, 2)), List.of(6, 5),
                        "tanh"), 0, ActionHead.gaussian(2), true),
                // the A3C paper's Atari network: a batch's positions span several chunks of patches, the last one
                // partial, and its patches are whole vectors (the weight gradient is kept transposed)
                new NetworkSpec(List.of(84, 84, 4), Torso.Conv.atari(), 0, ActionHead.categorical(6)));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void computesDl4jsOutputsBeforeAndAfterTheWeightsChange(NetworkSpec spec) {
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 4);
        PlainNetwork plain = new PlainNetwork(net);
        SplittableRandom random = new SplittableRandom(1);
        int rows = 9;
        for (boolean binary : new boolean[] {false, true}) {
            float[] obs = observations(random, rows * spec.observationSize(), binary);
            compareOutputs(net, plain, obs, rows);
            randomizeParameters(net, random, 0.5);
            plain.refresh();
            compareOutputs(net, plain, obs, rows);
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void computesDl4jsGradientFromTheTraceOfActing(NetworkSpec spec) {
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 5);
        SplittableRandom random = new SplittableRandom(2);
        randomizeParameters(net, random, 0.3);
        PlainNetwork plain = new PlainNetwork(net);
        int rows = 13;
        int width = spec.head().outputWidth();
        float[] obs = observations(random, rows * spec.observationSize(), spec.torso() instanceof Torso.Conv);
        double[] policyGrad = new double[rows * width];
        double[] valueGrad = new double[rows];
        for (int i = 0; i < policyGrad.length; i++) {
            policyGrad[i] = random.nextDouble(-1, 1);
        }
        for (int i = 0; i < rows; i++) {
            valueGrad[i] = random.nextDouble(-1, 1);
        }

        double[] policy = new double[rows * width];
        double[] values = new double[rows];
        net.backward(net.forward(obs, rows, policy, values), policyGrad, valueGrad);
        float[] expected = new float[net.parameterCount()];
        net.gradient().get(expected);

        // acted in two calls, as a worker does step by step; the trace keeps both
        PlainNetwork.Trace trace = plain.newTrace(2);
        float[] plainPolicy = new float[rows * width];
        float[] plainValues = new float[rows];
        plain.forward(obs, 0, 4, trace, plainPolicy, 0, plainValues, 0);
        plain.forward(obs, 4 * spec.observationSize(), rows - 4, trace, plainPolicy, 4 * width, plainValues, 4);
        assertEquals(rows, trace.rows());
        float[] gradient = new float[net.parameterCount()];
        java.util.Arrays.fill(gradient, Float.NaN);
        plain.backward(trace, policyGrad, valueGrad, gradient);

        float scale = 0;
        for (float g : expected) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertNotEquals(0f, scale);
        assertArrayEquals(expected, gradient, 1e-4f * Math.max(1, scale), "gradient of " + spec.describe());
        for (int i = 0; i < rows * width; i++) {
            assertEquals(policy[i], plainPolicy[i], 1e-4, "policy output " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void loadedParametersActAsDl4jWithThemAndLeaveDl4jsOwnAlone(NetworkSpec spec) {
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 7);
        PlainNetwork plain = new PlainNetwork(net);
        SplittableRandom random = new SplittableRandom(4);
        int rows = 6;
        float[] obs = observations(random, rows * spec.observationSize(), spec.torso() instanceof Torso.Conv);
        float[] own = new float[net.parameterCount()];
        net.parameters().get(0, own);
        // other parameters, as the wire brings them: a little-endian view of bytes, its position moved
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(own.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        FloatBuffer incoming = bytes.asFloatBuffer();
        for (int i = 0; i < own.length; i++) {
            incoming.put(i, (float) random.nextDouble(-0.5, 0.5));
        }
        incoming.position(3);
        plain.load(incoming);
        assertEquals(3, incoming.position());
        float[] after = new float[own.length];
        net.parameters().get(0, after);
        assertArrayEquals(own, after, "the DL4J network's parameters are not touched");

        ActorCriticNetwork reference = ActorCriticNetwork.create(spec, 7);
        reference.parameters().put(0, incoming, 0, own.length);
        compareOutputs(reference, plain, obs, rows);
        assertThrows(IllegalArgumentException.class, () -> plain.load(FloatBuffer.allocate(own.length - 1)));
    }

    @Test
    void theSameTraceClearedGivesTheSameGradient() {
        NetworkSpec spec = new NetworkSpec(List.of(10, 10, 4), Torso.Conv.minAtar(), 0, ActionHead.categorical(3));
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 6);
        PlainNetwork plain = new PlainNetwork(net);
        SplittableRandom random = new SplittableRandom(3);
        float[] obs = observations(random, 3 * spec.observationSize(), true);
        double[] policyGrad = {0.1, -0.2, 0.1, 0.3, 0, -0.3, -0.5, 0.25, 0.25};
        double[] valueGrad = {0.5, -1, 2};
        PlainNetwork.Trace trace = plain.newTrace(3);
        float[][] gradients = new float[2][net.parameterCount()];
        for (float[] gradient : gradients) {
            trace.clear();
            plain.forward(obs, 0, 3, trace, new float[9], 0, new float[3], 0);
            plain.backward(trace, policyGrad, valueGrad, gradient);
        }
        assertArrayEquals(gradients[0], gradients[1]);
    }

    @Test
    void refusesRecurrentNetworks() {
        NetworkSpec spec = new NetworkSpec(List.of(3), new Torso.Mlp(List.of(6), "tanh"), 4, ActionHead.categorical(2));
        assertThrows(IllegalArgumentException.class, () -> new PlainNetwork(ActorCriticNetwork.create(spec, 1)));
    }

    /** Every parameter uniform in [-scale, scale): far from the initialisation, so every layer matters. */
    private static void randomizeParameters(ActorCriticNetwork net, SplittableRandom random, double scale) {
        FloatBuffer params = net.parameters();
        for (int i = 0; i < params.limit(); i++) {
            params.put(i, (float) random.nextDouble(-scale, scale));
        }
    }

    /** Uniform in [-2, 2), or binary with one value in five set (MinAtar's kind). */
    private static float[] observations(SplittableRandom random, int count, boolean binary) {
        float[] obs = new float[count];
        for (int i = 0; i < count; i++) {
            obs[i] = binary ? (random.nextInt(5) == 0 ? 1f : 0f) : (float) random.nextDouble(-2, 2);
        }
        return obs;
    }

    private static void compareOutputs(ActorCriticNetwork net, PlainNetwork plain, float[] obs, int rows) {
        int width = net.spec().head().outputWidth();
        float[] policy = new float[rows * width];
        float[] values = new float[rows];
        net.predict(obs, rows, policy, values);
        float[] plainPolicy = new float[rows * width];
        float[] plainValues = new float[rows];
        plain.act(obs, rows, null, plainPolicy, plainValues);
        assertArrayEquals(policy, plainPolicy, tolerance(policy));
        assertArrayEquals(values, plainValues, tolerance(values));
    }

    /** 1e-4, relative to the largest value where they exceed 1 (float sums of thousands of products differ in order). */
    private static float tolerance(float[] expected) {
        float scale = 1;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        return 1e-4f * scale;
    }
}
