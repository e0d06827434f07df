package dev.a3c.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.Tensor;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guarded service's handlers, driven as the transport drives them, without a network. */
class MalformedMessageGuardTest {

    /** What the transport saw of one call. */
    private static final class RecordingCall<Q, R> extends ServerCall<Q, R> {
        final MethodDescriptor<Q, R> method;
        final List<R> sent = new ArrayList<>();
        Status closed;

        RecordingCall(MethodDescriptor<Q, R> method) {
            this.method = method;
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void sendHeaders(Metadata headers) {}

        @Override
        public void sendMessage(R message) {
            sent.add(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = status;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }

    private static final class Received extends ByteArrayInputStream implements KnownLength {
        Received(byte[] bytes) {
            super(bytes);
        }
    }

    private final List<PullWeightsRequest> requests = new ArrayList<>();
    private final ServerServiceDefinition guarded = MalformedMessageGuard.guard(new ParameterServerGrpc.ParameterServerImplBase() {
        @Override
        public void pullWeights(PullWeightsRequest request, StreamObserver<PullWeightsResponse> responses) {
            requests.add(request);
            responses.onNext(PullWeightsResponse.newBuilder().setVersion(7).setModified(true)
                    .setWeights(Tensor.newBuilder().addShape(1000).setData(ByteString.copyFrom(new byte[4000])))
                    .build());
            responses.onCompleted();
        }
    }.bindService(), new SimpleMeterRegistry());

    @SuppressWarnings("unchecked")
    private RecordingCall<InputStream, InputStream> call(byte[] request) {
        ServerMethodDefinition<InputStream, InputStream> method = (ServerMethodDefinition<InputStream, InputStream>)
                guarded.getMethod(ParameterServerGrpc.getPullWeightsMethod().getFullMethodName());
        RecordingCall<InputStream, InputStream> call = new RecordingCall<>(method.getMethodDescriptor());
        ServerCall.Listener<InputStream> listener = method.getServerCallHandler().startCall(call, new Metadata());
        listener.onMessage(method.getMethodDescriptor().parseRequest(new Received(request)));
        listener.onHalfClose();
        return call;
    }

    @Test
    void answersReachTheTransportAsTheProtobufMarshallerStreamsThem() {
        PullWeightsRequest request = PullWeightsRequest.newBuilder().setWorkerId(5).setSinceVersion(3).build();
        RecordingCall<InputStream, InputStream> call = call(request.toByteArray());
        assertEquals(List.of(request), requests);
        assertEquals(Status.Code.OK, call.closed.getCode());
        assertEquals(1, call.sent.size());
        // a Drainable is written straight into the transport's buffers; a buffered copy would not be one
        InputStream answer = call.method.streamResponse(call.sent.get(0));
        assertInstanceOf(Drainable.class, answer);
        assertInstanceOf(KnownLength.class, answer);
        assertEquals(7, ParameterServerGrpc.getPullWeightsMethod().parseResponse(answer).getVersion());
    }

    @Test
    void aRequestThatDoesNotParseIsAnsweredInvalidArgument() {
        RecordingCall<InputStream, InputStream> call = call(new byte[] {0x08, (byte) 0xFF});
        assertEquals(Status.Code.INVALID_ARGUMENT, call.closed.getCode());
        assertEquals(List.of(), requests);
        assertEquals(List.of(), call.sent);
        assertNull(call.closed.getCause());
    }
}
