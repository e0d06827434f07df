package dev.a3c.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void rejectsBadSpecs() {
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.mlp(4, 2, List.of(), "tanh"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.mlp(4, 2, List.of(8), "sigmoid"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.mlp(0, 2, List.of(8), "tanh"));
    }
}
