package dev.a3c.server.grpc;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.a3c.config.TrainingConfig;
import dev.a3c.config.WirePrecision;
import dev.a3c.proto.DType;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.server.LoopbackGrpc;
import dev.a3c.server.TestSupport;
import dev.a3c.wire.Refusal;
import dev.a3c.wire.RefusalStatus;
import dev.a3c.wire.TensorCodec;
import dev.a3c.wire.Tensors;
import io.grpc.StatusRuntimeException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A run with {@code --wire-precision bfloat16}, through real gRPC over loopback: it takes bfloat16 gradients, updates
 * its float32 weights with exactly the values they carry, sends its weights rounded to bfloat16, and refuses a
 * gradient in any other precision (as a float32 run refuses bfloat16 ones).
 */
class WirePrecisionServiceTest {

    private static TrainingConfig bfloat16() {
        return TestSupport.config().with("--wire-precision bfloat16");
    }

    /** A gradient whose values bfloat16 cannot all hold exactly. */
    private static final float[] GRADIENT = TestSupport.gradient(PARAMETERS, 0.0123f);

    private static float[] values(Tensor tensor, WirePrecision precision) {
        FloatBuffer decoded = TensorCodec.decode(tensor.getData().asReadOnlyByteBuffer(), tensor.getShape(0), precision);
        float[] values = new float[decoded.limit()];
        decoded.get(values);
        return values;
    }

    private static float[] roundedToBfloat16(float[] values) {
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = TensorCodec.fromBfloat16(TensorCodec.bfloat16(values[i]));
        }
        return rounded;
    }

    @Test
    void takesBfloat16GradientsAndSendsItsFloat32WeightsRoundedToBfloat16() throws Exception {
        float[] rounded = roundedToBfloat16(GRADIENT);
        assertTrue(!Arrays.equals(rounded, GRADIENT), "the test gradient must lose something to bfloat16");
        // the same run in float32, given the values the bfloat16 gradient carries: its weights are the reference
        try (LoopbackGrpc half = new LoopbackGrpc(bfloat16()); LoopbackGrpc full = new LoopbackGrpc(TestSupport.config())) {
            RegisterResponse h = TestSupport.register(half.stub(), "h");
            RegisterResponse f = TestSupport.register(full.stub(), "f");
            PullWeightsResponse start = TestSupport.pull(half.stub(), h.getWorkerId(), -1);
            assertEquals(DType.BFLOAT16, start.getWeights().getDtype());
            assertEquals(2L * PARAMETERS, start.getWeights().getData().size(), "two bytes a weight");
            float[] initial = values(TestSupport.pull(full.stub(), f.getWorkerId(), -1).getWeights(), WirePrecision.FLOAT32);
            assertArrayEqualsExactly(roundedToBfloat16(initial), values(start.getWeights(), WirePrecision.BFLOAT16));

            PushGradientsResponse a = half.stub().pushGradients(TestSupport.pushRequest(h.getWorkerId(), 1, 0,
                    Tensors.vector(TensorCodec.encode(FloatBuffer.wrap(GRADIENT), WirePrecision.BFLOAT16),
                            WirePrecision.BFLOAT16), 10).setReturnWeights(true).build());
            PushGradientsResponse b = full.stub().pushGradients(TestSupport.pushRequest(f.getWorkerId(), 1, 0,
                    TestSupport.vector(rounded), 10).setReturnWeights(true).build());
            assertTrue(a.getApplied() && b.getApplied());
            assertEquals(DType.BFLOAT16, a.getWeights().getDtype());
            float[] reference = values(b.getWeights(), WirePrecision.FLOAT32);
            assertArrayEqualsExactly(roundedToBfloat16(reference), values(a.getWeights(), WirePrecision.BFLOAT16));
            // the weights themselves stay float32: the next pull of the float32 run and the checkpoint agree
            assertArrayEqualsExactly(reference, parameters(half));
        }
    }

    @Test
    void refusesGradientsInAnotherPrecisionAndChangesNothing() throws Exception {
        try (LoopbackGrpc half = new LoopbackGrpc(bfloat16()); LoopbackGrpc full = new LoopbackGrpc(TestSupport.config())) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = half.stub();
            RegisterResponse h = TestSupport.register(stub, "h");
            byte[] float32 = TestSupport.encode(GRADIENT);
            // float32 values where the run takes bfloat16
            StatusRuntimeException wrongDtype = assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(
                    TestSupport.pushRequest(h.getWorkerId(), 1, 0, TestSupport.vector(GRADIENT), 10).build()));
            assertEquals(Refusal.WRONG_DTYPE, RefusalStatus.of(wrongDtype).orElseThrow());
            // labelled bfloat16, but 4 bytes a value
            Tensor mislabelled = Tensor.newBuilder().addShape(PARAMETERS).setDtype(DType.BFLOAT16)
                    .setData(ByteString.copyFrom(float32)).build();
            StatusRuntimeException wrongSize = assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(
                    TestSupport.pushRequest(h.getWorkerId(), 1, 0, mislabelled, 10).build()));
            assertEquals(Refusal.WRONG_SIZE, RefusalStatus.of(wrongSize).orElseThrow());
            // a bfloat16 NaN (0x7FC0) and infinity (0x7F80)
            for (int bits : new int[] {0x7FC0, 0x7F80}) {
                byte[] bad = TensorCodec.encode(FloatBuffer.wrap(GRADIENT), WirePrecision.BFLOAT16);
                bad[2 * 5] = (byte) bits;
                bad[2 * 5 + 1] = (byte) (bits >>> 8);
                StatusRuntimeException nonFinite = assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(
                        TestSupport.pushRequest(h.getWorkerId(), 1, 0, Tensors.vector(bad, WirePrecision.BFLOAT16), 10)
                                .build()));
                assertEquals(Refusal.NON_FINITE, RefusalStatus.of(nonFinite).orElseThrow());
            }
            assertEquals(0, half.session.status().version(), "nothing applied");

            // and a float32 run refuses bfloat16
            RegisterResponse f = TestSupport.register(full.stub(), "f");
            StatusRuntimeException other = assertThrows(StatusRuntimeException.class, () -> full.stub().pushGradients(
                    TestSupport.pushRequest(f.getWorkerId(), 1, 0, Tensors.vector(
                            TensorCodec.encode(FloatBuffer.wrap(GRADIENT), WirePrecision.BFLOAT16),
                            WirePrecision.BFLOAT16), 10).build()));
            assertEquals(Refusal.WRONG_DTYPE, RefusalStatus.of(other).orElseThrow());
            assertEquals(0, full.session.status().version());

            assertTrue(stub.pushGradients(TestSupport.pushRequest(h.getWorkerId(), 1, 0, Tensors.vector(
                    TensorCodec.encode(FloatBuffer.wrap(GRADIENT), WirePrecision.BFLOAT16), WirePrecision.BFLOAT16), 10)
                    .build()).getApplied(), "an honest bfloat16 push still goes through");
        }
    }

    /** The server's float32 weights, as a checkpoint copies them. */
    private static float[] parameters(LoopbackGrpc grpc) {
        return grpc.session.checkpointData().model().graph().params().toFloatVector();
    }

    private static void assertArrayEqualsExactly(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "value " + i);
        }
    }
}
