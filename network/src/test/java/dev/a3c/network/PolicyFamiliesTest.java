package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The convolutional torso, the Gaussian head and the LSTM core, against independent computations. */
class PolicyFamiliesTest {

    @Test
    void parameterCountsMatchTheGraphs() {
        List<NetworkSpec> specs = List.of(
                new NetworkSpec(List.of(10, 10, 4), Torso.Conv.minAtar(), 0, ActionHead.categorical(6)),
                new NetworkSpec(List.of(10, 10, 7), Torso.Conv.minAtar(), 32, ActionHead.categorical(3)),
                new NetworkSpec(List.of(8), new Torso.Mlp(List.of(64, 64), "tanh"), 0, ActionHead.gaussian(2)),
                new NetworkSpec(List.of(3), new Torso.Mlp(List.of(16), "relu"), 8, ActionHead.gaussian(1)));
        for (NetworkSpec spec : specs) {
            ActorCriticNetwork net = ActorCriticNetwork.create(spec, 1);
            assertEquals(spec.parameterCount(), net.graph().numParams(), spec.describe());
        }
        // MinAtar Breakout: conv 16*(3*3*4)+16, dense 8*8*16*128+128, policy 128*6+6, value 128+1
        assertEquals(592 + 131_200 + 774 + 129, specs.get(0).parameterCount());
    }

    @Test
    void convolutionReadsObservationsAsRowsColumnsChannels() {
        // 4x5 grid, 2 channels, one 3x3 filter, then a 1-unit dense layer: compare the value head with a hand
        // computation over the environment's layout (index (y * cols + x) * channels + c)
        NetworkSpec spec = new NetworkSpec(List.of(4, 5, 2), new Torso.Conv(1, 3, 1, List.of(1), "relu"), 0,
                ActionHead.categorical(2));
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 3);
        SplittableRandom random = new SplittableRandom(4);
        float[] obs = new float[40];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) random.nextDouble(-1, 1);
        }
        INDArray w = net.graph().getLayer(ActorCriticGraph.CONV).getParam("W");     // [out, in, kh, kw]
        double bias = net.graph().getLayer(ActorCriticGraph.CONV).getParam("b").getDouble(0);
        INDArray dense = net.graph().getLayer("hidden0").getParam("W");              // [2 * 3 conv outputs, 1]
        double denseBias = net.graph().getLayer("hidden0").getParam("b").getDouble(0);
        INDArray value = net.graph().getLayer(ActorCriticGraph.VALUE).getParam("W");
        double valueBias = net.graph().getLayer(ActorCriticGraph.VALUE).getParam("b").getDouble(0);
        double hidden = denseBias;
        for (int oy = 0; oy < 2; oy++) {
            for (int ox = 0; ox < 3; ox++) {
                double sum = bias;
                for (int c = 0; c < 2; c++) {
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            sum += w.getDouble(0, c, ky, kx) * obs[((oy + ky) * 5 + ox + kx) * 2 + c];
                        }
                    }
                }
                hidden += Math.max(0, sum) * dense.getDouble(oy * 3 + ox, 0);   // flattened channels-first: c, y, x
            }
        }
        double expected = Math.max(0, hidden) * value.getDouble(0, 0) + valueBias;
        float[] policy = new float[2];
        float[] values = new float[1];
        net.predict(obs, 1, policy, values);
        assertEquals(expected, values[0], 1e-5);
    }

    @Test
    void gaussianHeadOutputsMeansAndTheLearnedLogStd() {
        NetworkSpec spec = new NetworkSpec(List.of(3), new Torso.Mlp(List.of(8), "tanh"), 0, ActionHead.gaussian(2));
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 5);
        INDArray logStd = net.graph().getLayer(ActorCriticGraph.LOG_STD).getParam("W");
        assertEquals(0, logStd.sumNumber().doubleValue());   // standard deviation 1 at the start
        logStd.putScalar(0, -0.5);
        logStd.putScalar(1, 0.25);
        float[] obs = {0.1f, 0.2f, -0.3f, 1f, -1f, 0.5f};
        float[] policy = new float[8];
        float[] values = new float[2];
        net.predict(obs, 2, policy, values);
        for (int r = 0; r < 2; r++) {
            assertEquals(-0.5f, policy[r * 4 + 2], 1e-7);
            assertEquals(0.25f, policy[r * 4 + 3], 1e-7);
        }
        assertNotEquals(policy[0], policy[4]);    // means depend on the observation
        PlainNetwork fast = new PlainNetwork(net);
        float[] fastPolicy = new float[8];
        float[] fastValues = new float[2];
        fast.act(obs, 2, null, fastPolicy, fastValues);
        assertArrayEquals(policy, fastPolicy, 1e-5f);
        assertArrayEquals(values, fastValues, 1e-5f);
    }

    @Test
    void aGaussianHeadStartsAtTheRequestedLogStd() {
        NetworkSpec spec = new NetworkSpec(List.of(3), new Torso.Mlp(List.of(8), "tanh"), 0, ActionHead.gaussian(2));
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 5, org.nd4j.linalg.api.buffer.DataType.FLOAT,
                new org.nd4j.linalg.learning.config.RmsProp(), -1.5);
        float[] policy = new float[8];
        net.predict(new float[] {0.1f, 0.2f, -0.3f, 1f, -1f, 0.5f}, 2, policy, new float[2]);
        for (int r = 0; r < 2; r++) {
            assertEquals(-1.5f, policy[r * 4 + 2], 1e-7);
            assertEquals(-1.5f, policy[r * 4 + 3], 1e-7);
        }
        ActorCriticNetwork same = ActorCriticNetwork.create(spec, 5, org.nd4j.linalg.api.buffer.DataType.FLOAT,
                new org.nd4j.linalg.learning.config.RmsProp(), 0);
        assertNotEquals(net.graph().params(), same.graph().params());
    }

    @Test
    void actingStepByStepMatchesTheTrainingPassOverSequences() {
        for (Torso torso : List.of(new Torso.Mlp(List.of(6), "tanh"), new Torso.Conv(2, 3, 1, List.of(5), "relu"))) {
            List<Integer> shape = torso instanceof Torso.Conv ? List.of(4, 5, 2) : List.of(3);
            NetworkSpec spec = new NetworkSpec(shape, torso, 4, ActionHead.gaussian(2));
            ActorCriticNetwork net = ActorCriticNetwork.create(spec, 8);
            int sequences = 3;
            int steps = 5;
            int size = spec.observationSize();
            SplittableRandom random = new SplittableRandom(9);
            float[] obs = new float[sequences * steps * size];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = (float) random.nextDouble(-1, 1);
            }
            LstmState initial = LstmState.zeros(sequences, 4);
            for (int i = 0; i < initial.hidden().length; i++) {
                initial.hidden()[i] = (float) random.nextDouble(-0.5, 0.5);
                initial.cell()[i] = (float) random.nextDouble(-0.5, 0.5);
            }
            int width = spec.head().outputWidth();
            double[] policy = new double[sequences * steps * width];
            double[] values = new double[sequences * steps];
            net.forwardSequences(obs, sequences, steps, initial, policy, values);

            PolicyInference acting = PolicyInference.of(net);
            LstmState state = initial.copy();
            float[] stepObs = new float[sequences * size];
            float[] stepPolicy = new float[sequences * width];
            float[] stepValues = new float[sequences];
            for (int t = 0; t < steps; t++) {
                for (int s = 0; s < sequences; s++) {
                    System.arraycopy(obs, (s * steps + t) * size, stepObs, s * size, size);
                }
                acting.act(stepObs, sequences, state, stepPolicy, stepValues);
                for (int s = 0; s < sequences; s++) {
                    int row = s * steps + t;
                    assertEquals(values[row], stepValues[s], 1e-5, spec.describe() + " value of sequence " + s + " step " + t);
                    for (int j = 0; j < width; j++) {
                        assertEquals(policy[row * width + j], stepPolicy[s * width + j], 1e-5);
                    }
                }
            }
            assertNotEquals(initial.hidden()[0], state.hidden()[0]);   // the state moved on
        }
    }

    @Test
    void theLstmStateMatters() {
        NetworkSpec spec = new NetworkSpec(List.of(3), new Torso.Mlp(List.of(6), "tanh"), 4, ActionHead.categorical(2));
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 8);
        float[] obs = {0.1f, 0.2f, 0.3f};
        float[] policy = new float[2];
        float[] a = new float[1];
        float[] b = new float[1];
        PolicyInference acting = PolicyInference.of(net);
        acting.act(obs, 1, LstmState.zeros(1, 4), policy, a);
        LstmState other = LstmState.zeros(1, 4);
        java.util.Arrays.fill(other.cell(), 0.9f);
        acting.act(obs, 1, other, policy, b);
        assertNotEquals(a[0], b[0]);
        other.reset(0);
        acting.act(obs, 1, other, policy, b);
        assertEquals(a[0], b[0], 1e-7);
    }

    @Test
    void inferenceChoosesPlainJavaForFeedForwardNetworks() {
        assertInstanceOf(PlainNetwork.class, PolicyInference.of(ActorCriticNetwork.create(NetworkSpec.mlp(4, 2, List.of(8), "tanh"), 1)));
        assertInstanceOf(PlainNetwork.class, PolicyInference.of(ActorCriticNetwork.create(
                new NetworkSpec(List.of(5, 5, 1), Torso.Conv.minAtar(), 0, ActionHead.categorical(3)), 1)));
        assertInstanceOf(GraphInference.class, PolicyInference.of(ActorCriticNetwork.create(
                new NetworkSpec(List.of(5, 5, 1), Torso.Conv.minAtar(), 8, ActionHead.categorical(3)), 1)));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(List.of(4), Torso.Conv.minAtar(), 0,
                ActionHead.categorical(2)));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(List.of(2, 2, 1), Torso.Conv.minAtar(), 0,
                ActionHead.categorical(2)));
    }
}
