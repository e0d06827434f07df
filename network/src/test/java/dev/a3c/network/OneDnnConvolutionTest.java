package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.TrainingConfig;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oneDNN convolution DL4J's helpers run computes what DL4J's own convolution computes: outputs and gradients of
 * the same network, built once with the helpers and once without, to float tolerance.
 */
class OneDnnConvolutionTest {

    @AfterEach
    void helpersOnAgain() {
        System.setProperty(NativeKernels.HELPERS_PROPERTY, "false");
    }

    @Test
    void theTestsRunTheOneDnnBuild() {
        assertTrue(NativeKernels.oneDnn(), "the test JVM loads the natives a3c ships (" + NativeKernels.describe() + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinAtar/Breakout-v0", "MinAtar/SpaceInvaders-v1", "MinAtar/Breakout-v1 --lstm 16"})
    void helperAndDl4jAgreeOnOutputsAndGradients(String envAndOptions) {
        String[] parts = envAndOptions.split(" ", 2);
        NetworkSpec spec = TrainingConfig.of(parts[0], parts.length > 1 ? parts[1] : "").networkSpec();
        System.setProperty(NativeKernels.HELPERS_PROPERTY, "true");
        ActorCriticNetwork plain = ActorCriticNetwork.create(spec, 11);
        System.setProperty(NativeKernels.HELPERS_PROPERTY, "false");
        ActorCriticNetwork helped = ActorCriticNetwork.create(spec, 11);
        assertTrue(NativeKernels.layerHelpers());
        assertNull(convolution(plain).getHelper(), "DL4J's own convolution");
        assertNotNull(convolution(helped).getHelper(), "the oneDNN helper");
        assertEquals(plain.parameters(), helped.parameters(), "same seed, same weights");

        SplittableRandom random = new SplittableRandom(5);
        int rows = 24;
        float[] obs = new float[rows * spec.observationSize()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = random.nextInt(3) == 0 ? 1f : 0f;
        }
        int width = spec.head().outputWidth();
        double[][] policy = {new double[rows * width], new double[rows * width]};
        double[][] values = {new double[rows], new double[rows]};
        double[] policyGrad = new double[rows * width];
        double[] valueGrad = new double[rows];
        for (int i = 0; i < policyGrad.length; i++) {
            policyGrad[i] = random.nextDouble(-1, 1);
        }
        for (int i = 0; i < rows; i++) {
            valueGrad[i] = random.nextDouble(-1, 1);
        }
        ActorCriticNetwork[] nets = {plain, helped};
        for (int n = 0; n < 2; n++) {
            // a recurrent network reads the rows as 4 sequences of 6 steps
            ActorCriticNetwork.ForwardPass pass = spec.recurrent()
                    ? nets[n].forwardSequences(obs, 4, rows / 4, LstmState.zeros(4, spec.lstmSize()), policy[n], values[n])
                    : nets[n].forward(obs, rows, policy[n], values[n]);
            nets[n].backward(pass, policyGrad, valueGrad);
        }
        assertClose(policy[0], policy[1], 1e-5, "policy outputs");
        assertClose(values[0], values[1], 1e-5, "values");
        FloatBuffer g0 = plain.gradient();
        FloatBuffer g1 = helped.gradient();
        double scale = 0;
        for (int i = 0; i < g0.limit(); i++) {
            scale = Math.max(scale, Math.abs(g0.get(i)));
        }
        assertTrue(scale > 0, "a gradient to compare");
        for (int i = 0; i < g0.limit(); i++) {
            assertEquals(g0.get(i), g1.get(i), 1e-4 * scale, "gradient " + i + " of " + g0.limit());
        }
        // the views read the networks' native memory, which ND4J frees once a network is collected
        Reference.reachabilityFence(plain);
        Reference.reachabilityFence(helped);
    }

    private static ConvolutionLayer convolution(ActorCriticNetwork network) {
        return (ConvolutionLayer) network.graph().getLayer(ActorCriticGraph.CONV);
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + " " + i);
        }
    }
}
