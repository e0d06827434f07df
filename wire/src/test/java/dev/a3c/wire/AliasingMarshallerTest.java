package dev.a3c.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.a3c.config.WirePrecision;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.PushGradientsResponse;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AliasingMarshallerTest {

    private static final AliasingMarshaller<PushGradientsRequest> MARSHALLER =
            AliasingMarshaller.of(PushGradientsRequest.getDefaultInstance());

    /** A received message as the transport hands it over: its length known; remembers the array it filled last. */
    private static class Received extends ByteArrayInputStream implements KnownLength {
        byte[] filled;

        Received(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] into, int offset, int length) {
            filled = into;
            return super.read(into, offset, length);
        }
    }

    private static PushGradientsRequest request(int values) {
        byte[] gradient = new byte[values * 4];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = (byte) (i * 31 + 7);
        }
        return PushGradientsRequest.newBuilder().setWorkerId(3).setWorkerKey(ByteString.copyFromUtf8("key"))
                .setSequence(9).setBaseVersion(4).setEnvSteps(160)
                .setGradient(Tensors.vector(gradient, WirePrecision.FLOAT32)).build();
    }

    @Test
    void parsesWhatTheProtobufMarshallerParses() {
        PushGradientsRequest sent = request(1000);
        PushGradientsRequest parsed = MARSHALLER.parse(new Received(sent.toByteArray()));
        assertEquals(sent, parsed);
    }

    @Test
    void theTensorsBytesAreAViewOfTheArrayTheMessageWasReadInto() {
        PushGradientsRequest sent = request(1000);
        Received stream = new Received(sent.toByteArray());
        PushGradientsRequest parsed = MARSHALLER.parse(stream);
        ByteString data = parsed.getGradient().getData();
        byte[] before = data.toByteArray();
        // where the gradient's bytes are in the array the message was read into: change the first of them there
        int first = indexOf(stream.filled, before);
        assertArrayEquals(before, Arrays.copyOfRange(stream.filled, first, first + before.length));
        stream.filled[first] ^= 0x55;
        assertEquals((byte) (before[0] ^ 0x55), data.byteAt(0), "a copy would not see the change");
    }

    private static int indexOf(byte[] array, byte[] part) {
        for (int i = 0; i + part.length <= array.length; i++) {
            if (Arrays.equals(array, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void eachMessageHasAnArrayOfItsOwn() {
        PushGradientsRequest a = request(10);
        PushGradientsRequest b = request(10).toBuilder().setSequence(10).build();
        PushGradientsRequest first = MARSHALLER.parse(new Received(a.toByteArray()));
        PushGradientsRequest second = MARSHALLER.parse(new Received(b.toByteArray()));
        assertEquals(a, first);
        assertEquals(b, second);
    }

    @Test
    void malformedBytesFailAsTheProtobufMarshallerFails() {
        for (byte[] bytes : new byte[][] {{0x08, (byte) 0xFF}, {0x0A, 0x05, 'a'}, {0x0B}, {0x0C}}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> MARSHALLER.parse(new Received(bytes)));
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        }
    }

    @Test
    void aStreamShorterThanItsLengthSaidIsRefused() {
        byte[] bytes = request(10).toByteArray();
        InputStream lying = new Received(bytes) {
            @Override
            public synchronized int available() {
                return bytes.length + 5;
            }
        };
        assertThrows(IllegalStateException.class, () -> MARSHALLER.parse(lying));
    }

    @Test
    void aMessageNotYetSerializedIsTakenAsItIs() {
        PushGradientsRequest sent = request(10);
        assertSame(sent, MARSHALLER.parse(MARSHALLER.stream(sent)));
    }

    @Test
    void aStreamOfUnknownLengthIsParsedToo() {
        PushGradientsRequest sent = request(100);
        assertEquals(sent, MARSHALLER.parse(new ByteArrayInputStream(sent.toByteArray())));
    }

    @Test
    void receivingReplacesOnlyTheNamedSide() {
        MethodDescriptor<PushGradientsRequest, PushGradientsResponse> method = AliasingMarshaller.receiving(
                ParameterServerGrpc.getPushGradientsMethod(), null, PushGradientsResponse.getDefaultInstance());
        assertSame(ParameterServerGrpc.getPushGradientsMethod().getRequestMarshaller(), method.getRequestMarshaller());
        assertEquals(AliasingMarshaller.class, method.getResponseMarshaller().getClass());
        assertEquals(ParameterServerGrpc.getPushGradientsMethod().getFullMethodName(), method.getFullMethodName());
    }
}
