package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActorCriticNetworkTest {

    private static final NetworkSpec SPEC = NetworkSpec.mlp(4, 2, List.of(16, 16), "tanh");

    @Test
    void parameterCountMatchesTheGraph() {
        ActorCriticNetwork net = ActorCriticNetwork.create(SPEC, 1);
        // (4*16+16) + (16*16+16) + (16*2+2) + (16+1)
        assertEquals(80 + 272 + 34 + 17, SPEC.parameterCount());
        assertEquals(SPEC.parameterCount(), net.graph().numParams());
        assertEquals(SPEC.parameterCount(), net.parameters().limit());
    }

    @Test
    void setParametersCopiesAllOfThemFromIndexZeroAndRefusesAnotherCount() {
        ActorCriticNetwork net = ActorCriticNetwork.create(SPEC, 5);
        float[] values = new float[net.parameterCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.001f - 0.5f;
        }
        FloatBuffer incoming = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().put(values);
        incoming.position(7);
        net.setParameters(incoming);
        assertEquals(7, incoming.position());
        float[] own = new float[values.length];
        net.parameters().get(0, own);
        assertArrayEquals(values, own);
        assertThrows(IllegalArgumentException.class, () -> net.setParameters(FloatBuffer.allocate(values.length + 1)));
    }

    @Test
    void sameSeedSameWeightsAndWritesThroughTheViewChangeTheNetwork() {
        ActorCriticNetwork a = ActorCriticNetwork.create(SPEC, 3);
        ActorCriticNetwork b = ActorCriticNetwork.create(SPEC, 3);
        float[] pa = new float[a.parameterCount()];
        a.parameters().get(pa);
        float[] pb = new float[b.parameterCount()];
        b.parameters().get(pb);
        assertArrayEquals(pa, pb);

        float[] obs = {0.1f, -0.2f, 0.03f, 0.4f};
        float[] logits = new float[2];
        float[] values = new float[1];
        a.predict(obs, 1, logits, values);
        FloatBuffer view = a.parameters();
        for (int i = 0; i < view.limit(); i++) {
            view.put(i, view.get(i) * 2);
        }
        float[] logits2 = new float[2];
        float[] values2 = new float[1];
        a.predict(obs, 1, logits2, values2);
        assertNotEquals(values[0], values2[0]);
    }

    @Test
    void predictAgreesWithTrainingForwardRowByRow() {
        ActorCriticNetwork net = ActorCriticNetwork.create(SPEC, 9);
        float[] obs = {0.1f, -0.2f, 0.03f, 0.4f, 1f, 2f, -1f, 0.5f, 0, 0, 0, 0};
        float[] logits = new float[6];
        float[] values = new float[3];
        net.predict(obs, 3, logits, values);
        double[] trainLogits = new double[6];
        double[] trainValues = new double[3];
        net.forward(obs, 3, trainLogits, trainValues);
        for (int i = 0; i < 6; i++) {
            assertEquals(logits[i], trainLogits[i], 1e-6);
        }
        float[] single = new float[2];
        float[] singleValue = new float[1];
        net.predict(new float[] {1f, 2f, -1f, 0.5f}, 1, single, singleValue);
        assertEquals(logits[2], single[0], 1e-6);
        assertEquals(values[1], singleValue[0], 1e-6);
    }

    @Test
    void fingerprintsDifferWithTheLayout() {
        assertEquals(SPEC.fingerprint(), NetworkSpec.mlp(4, 2, List.of(16, 16), "TANH").fingerprint());
        assertNotEquals(SPEC.fingerprint(), NetworkSpec.mlp(4, 2, List.of(16, 17), "tanh").fingerprint());
        assertNotEquals(SPEC.fingerprint(), NetworkSpec.mlp(4, 2, List.of(16, 16), "relu").fingerprint());
    }

    @Test
    void sharedTorsoFingerprintsStayThoseOfEarlierReleases() {
        // checkpoints and workers of earlier versions name their network by this digest
        assertEquals("f727d531603e2726", SPEC.fingerprint());
        NetworkSpec separate = new NetworkSpec(SPEC.observationShape(), SPEC.torso(), 0, SPEC.head(), true);
        assertNotEquals(SPEC.fingerprint(), separate.fingerprint());
    }

    @Test
    void aSeparateCriticHasATorsoOfItsOwn() {
        NetworkSpec spec = new NetworkSpec(SPEC.observationShape(), SPEC.torso(), 0, SPEC.head(), true);
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 4);
        // two torsos of (4*16+16) + (16*16+16), then the policy (16*2+2) and the value (16+1)
        assertEquals(2 * (80 + 272) + 34 + 17, spec.parameterCount());
        assertEquals(spec.parameterCount(), net.graph().numParams());

        float[] obs = {0.1f, -0.2f, 0.03f, 0.4f, 1f, 2f, -1f, 0.5f};
        double[] logits = new double[4];
        double[] values = new double[2];
        // the value loss alone reaches only the critic's torso and the value head
        ActorCriticNetwork.ForwardPass pass = net.forward(obs, 2, logits, values);
        net.backward(pass, new double[4], new double[] {1, -0.5});
        assertZero(net, "hidden0", "hidden1", ActorCriticGraph.POLICY);
        assertNonZero(net, "value_hidden0", "value_hidden1", ActorCriticGraph.VALUE);
        // and the policy loss alone only the policy's torso and head
        pass = net.forward(obs, 2, logits, values);
        net.backward(pass, new double[] {0.3, -0.3, -0.2, 0.2}, new double[2]);
        assertNonZero(net, "hidden0", "hidden1", ActorCriticGraph.POLICY);
        assertZero(net, "value_hidden0", "value_hidden1", ActorCriticGraph.VALUE);
    }

    @Test
    void stateDependentStandardDeviationsStartAtTheInitialValueAndVaryWithTheState() {
        NetworkSpec spec = new NetworkSpec(List.of(4), new Torso.Mlp(List.of(16, 16), "tanh"), 0,
                ActionHead.stateDependentGaussian(2));
        // torso (4*16+16) + (16*16+16), means (16*2+2), log std (16*2+2), value (16+1)
        assertEquals(80 + 272 + 34 + 34 + 17, spec.parameterCount());
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 4, org.nd4j.linalg.api.buffer.DataType.FLOAT,
                new org.nd4j.linalg.learning.config.NoOp(), -1.5);
        assertEquals(spec.parameterCount(), net.graph().numParams());
        float[] policy = new float[2 * 4];
        net.predict(new float[] {0.1f, -0.2f, 0.03f, 0.4f, 1f, 2f, -1f, 0.5f}, 2, policy, new float[2]);
        for (int row = 0; row < 2; row++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(-1.5, policy[row * 4 + 2 + j], 0.1, "starts near the initial log std");
            }
        }
        assertNotEquals(policy[2], policy[4 + 2], "but depends on the observation");
        assertNotEquals(new NetworkSpec(List.of(4), new Torso.Mlp(List.of(16, 16), "tanh"), 0, ActionHead.gaussian(2)).fingerprint(),
                spec.fingerprint());
    }

    @Test
    void aSharedTorsoCarriesTheValueLoss() {
        ActorCriticNetwork net = ActorCriticNetwork.create(SPEC, 4);
        ActorCriticNetwork.ForwardPass pass = net.forward(new float[] {0.1f, -0.2f, 0.03f, 0.4f}, 1, new double[2], new double[1]);
        net.backward(pass, new double[2], new double[] {1});
        assertNonZero(net, "hidden0", "hidden1", ActorCriticGraph.VALUE);
        assertZero(net, ActorCriticGraph.POLICY);
    }

    @Test
    void backwardTakesOnlyTheLatestTrainingForwardPass() {
        ActorCriticNetwork net = ActorCriticNetwork.create(SPEC, 4);
        float[] obs = {0.1f, -0.2f, 0.03f, 0.4f};
        ActorCriticNetwork.ForwardPass first = net.forward(obs, 1, new double[2], new double[1]);
        ActorCriticNetwork.ForwardPass second = net.forward(obs, 1, new double[2], new double[1]);
        IllegalStateException stale = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> net.backward(first, new double[2], new double[] {1}));
        assertTrue(stale.getMessage().contains("latest training forward pass"), stale.getMessage());
        net.predict(obs, 1, new float[2], new float[1]);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> net.backward(second, new double[2], new double[] {1}), "an inference call came in between");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> net.backward(null, new double[2], new double[] {1}));
        ActorCriticNetwork.ForwardPass third = net.forward(obs, 1, new double[2], new double[1]);
        net.backward(third, new double[2], new double[] {1});
        assertNonZero(net, ActorCriticGraph.VALUE);
    }

    private static void assertZero(ActorCriticNetwork net, String... layers) {
        for (String layer : layers) {
            assertEquals(0.0, net.graph().getLayer(layer).getGradientsViewArray().norm2Number().doubleValue(), layer);
        }
    }

    private static void assertNonZero(ActorCriticNetwork net, String... layers) {
        for (String layer : layers) {
            assertNotEquals(0.0, net.graph().getLayer(layer).getGradientsViewArray().norm2Number().doubleValue(), layer);
        }
    }

    @Test
    void rejectsBadSpecs() {
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.mlp(4, 2, List.of(), "tanh"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.mlp(4, 2, List.of(8), "sigmoid"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.mlp(0, 2, List.of(8), "tanh"));
        IllegalArgumentException recurrent = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(List.of(4), new Torso.Mlp(List.of(8), "tanh"), 4, ActionHead.categorical(2), true));
        assertTrue(recurrent.getMessage().contains("LSTM"), recurrent.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ActionHead(ActionHead.Kind.CATEGORICAL, 3, true));
    }
}
