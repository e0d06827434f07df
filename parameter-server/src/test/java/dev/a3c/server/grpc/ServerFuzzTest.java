package dev.a3c.server.grpc;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.pull;
import static dev.a3c.server.TestSupport.register;
import static dev.a3c.server.TestSupport.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.a3c.proto.DType;
import dev.a3c.proto.EpisodeResult;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.Tensor;
import dev.a3c.server.TestSupport;
import dev.a3c.wire.InvalidTensorException;
import dev.a3c.wire.TensorCodec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random input for the decoders and the server: random bytes as tensors and as protobuf messages,
 * and random field values in otherwise well-formed pushes and pulls. Nothing may crash, every
 * refusal must be a precise status, and a refused push must leave the weights bit for bit as they
 * were. Seeds are fixed, so a failure is reproducible.
 */
class ServerFuzzTest {

    private static final Set<Status.Code> REFUSALS = EnumSet.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.PERMISSION_DENIED,
            Status.Code.FAILED_PRECONDITION);

    @Test
    void tensorDecoderAcceptsOnlyExactFiniteInputAndNeverCrashes() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(0, 64)];
            random.nextBytes(bytes);
            long expected = random.nextInt(0, 20);
            try {
                var decoded = TensorCodec.decodeFinite(ByteBuffer.wrap(bytes), expected);
                assertEquals(expected, decoded.limit());
                assertEquals(expected * 4, bytes.length);
                assertEquals(-1, TensorCodec.firstNonFinite(decoded));
            } catch (InvalidTensorException e) {
                assertTrue(bytes.length != expected * 4 || e.reason() == InvalidTensorException.Reason.NON_FINITE, e.getMessage());
            }
        }
    }

    @Test
    void randomBytesAndRandomFieldsNeverCrashTheServerOrChangeTheWeightsWhenRefused() throws Exception {
        try (TestSupport.InProcessGrpc grpc = new TestSupport.InProcessGrpc(TestSupport.config().with("--max-staleness 50"))) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            int id = register(stub, "fuzz").getWorkerId();
            float[] g = gradient(PARAMETERS, 0.01f);
            SplittableRandom random = new SplittableRandom(7);
            long sequence = 0;
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 600; i++) {
                PushGradientsRequest request = randomPush(random, id, sequence + 1, g, grpc.version());
                byte[] before = pull(stub, id, -1).getWeights().getData().toByteArray();
                long versionBefore = grpc.version();
                try {
                    var response = stub.pushGradients(request);
                    if (response.getApplied()) {
                        accepted++;
                        sequence = request.getSequence();
                        assertEquals(versionBefore + 1, response.getVersion());
                    }
                } catch (StatusRuntimeException e) {
                    refused++;
                    assertTrue(REFUSALS.contains(e.getStatus().getCode()), "unexpected status " + e.getStatus());
                    assertEquals(versionBefore, grpc.version());
                    assertArrayEquals(before, pull(stub, id, -1).getWeights().getData().toByteArray());
                }
                try {
                    stub.pullWeights(PullWeightsRequest.newBuilder().setWorkerId(random.nextInt(3) == 0 ? random.nextInt() : id)
                            .setWorkerKey(TestSupport.keyBytes(id))
                            .setSinceVersion(random.nextLong()).build());
                } catch (StatusRuntimeException e) {
                    assertTrue(REFUSALS.contains(e.getStatus().getCode()), "unexpected status " + e.getStatus());
                }
            }
            assertTrue(accepted > 20 && refused > 200, "the fuzzer reaches both outcomes: " + accepted + " / " + refused);
            assertEquals(accepted, grpc.version(), "every accepted push applied exactly once");

            // random bytes parsed as a push: whatever protobuf makes of them is answered without a crash
            for (int i = 0; i < 300; i++) {
                byte[] bytes = new byte[random.nextInt(0, 200)];
                random.nextBytes(bytes);
                PushGradientsRequest parsed;
                try {
                    parsed = PushGradientsRequest.parseFrom(bytes);
                } catch (InvalidProtocolBufferException e) {
                    continue;
                }
                long versionBefore = grpc.version();
                try {
                    stub.pushGradients(parsed);
                } catch (StatusRuntimeException e) {
                    assertTrue(REFUSALS.contains(e.getStatus().getCode()), "unexpected status " + e.getStatus());
                    assertEquals(versionBefore, grpc.version());
                }
            }
        }
    }

    /** A push with each field, independently, either right or random. */
    private static PushGradientsRequest randomPush(SplittableRandom random, int id, long nextSequence, float[] g,
                                                   long version) {
        Tensor good = vector(g);
        Tensor.Builder tensor = good.toBuilder();
        switch (random.nextInt(8)) {
            case 0 -> tensor.clearShape().addShape(random.nextInt(-3, PARAMETERS * 2));
            // every dtype but the float32 of this run (bfloat16 is another run's)
            case 1 -> tensor.setDtype(List.of(DType.FLOAT64, DType.DTYPE_UNSPECIFIED, DType.BFLOAT16).get(random.nextInt(3)));
            case 2 -> {
                byte[] data = good.getData().toByteArray();
                int at = random.nextInt(data.length / 4) * 4;
                int bits = random.nextBoolean() ? Float.floatToIntBits(Float.NaN) : Float.floatToIntBits(Float.NEGATIVE_INFINITY);
                data[at] = (byte) bits;
                data[at + 1] = (byte) (bits >>> 8);
                data[at + 2] = (byte) (bits >>> 16);
                data[at + 3] = (byte) (bits >>> 24);
                tensor.setData(ByteString.copyFrom(data));
            }
            case 3 -> {
                byte[] data = new byte[random.nextInt(0, PARAMETERS * 4 + 9)];
                random.nextBytes(data);
                tensor.setData(ByteString.copyFrom(data));
            }
            case 4 -> tensor.addShape(1);
            default -> { }
        }
        PushGradientsRequest.Builder b = PushGradientsRequest.newBuilder()
                .setWorkerId(random.nextInt(10) == 0 ? random.nextInt() : id)
                .setWorkerKey(random.nextInt(10) == 0 ? ByteString.copyFrom(new byte[16]) : TestSupport.keyBytes(id))
                .setSequence(random.nextInt(10) == 0 ? random.nextLong() : nextSequence)
                .setBaseVersion(random.nextInt(10) == 0 ? random.nextLong(-5, version + 100) : version)
                .setGradient(tensor)
                .setEnvSteps(random.nextInt(10) == 0 ? random.nextLong(-100, 100) : 5);
        if (random.nextInt(5) == 0) {
            double value = switch (random.nextInt(3)) {
                case 0 -> Double.NaN;
                case 1 -> Double.POSITIVE_INFINITY;
                default -> random.nextDouble(-100, 100);
            };
            b.addEpisodes(EpisodeResult.newBuilder().setEpisodeReturn(value).setLength(random.nextInt(-5, 50)));
        }
        return b.build();
    }
}
