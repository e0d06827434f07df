package dev.a3c.server.grpc;

import com.google.protobuf.Message;
import dev.a3c.server.validation.ClientText;
import dev.a3c.server.validation.RefusalLog;
import dev.a3c.server.validation.Rejections;
import dev.a3c.wire.AliasingMarshaller;
import dev.a3c.wire.Refusal;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a request that does not parse as its method's protobuf message with
 * {@code INVALID_ARGUMENT} and a one-line reason, counted as {@code malformed_message}, instead of
 * gRPC's default {@code UNKNOWN} with a stack trace in the log for every such call.
 *
 * <p>{@link #guard} makes the service take raw {@link InputStream} requests
 * ({@link ServerInterceptors#useMarshalledMessages}), so that parsing happens inside the listener this interceptor
 * wraps, where its failure can be caught; requests are parsed by {@link AliasingMarshaller}s (a gradient's bytes are
 * not copied out of the received message). Responses pass through as the service's marshaller streams them, so the
 * transport writes them straight into its buffers (gRPC's {@code useInputStreamMessages} would buffer and copy every
 * answer: twice 529 KB of weights per push of the MinAtar network).
 */
final class MalformedMessageGuard implements ServerInterceptor {

    /** Messages as streams, in both directions, untouched. */
    private static final MethodDescriptor.Marshaller<InputStream> STREAMS = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    };

    private final MeterRegistry meters;
    private final RefusalLog log;

    private MalformedMessageGuard(MeterRegistry meters, RefusalLog log) {
        this.meters = meters;
        this.log = log;
    }

    /** The service, parsing its requests where a malformed one is answered {@code INVALID_ARGUMENT}. */
    static ServerServiceDefinition guard(ServerServiceDefinition service, MeterRegistry meters) {
        return ServerInterceptors.intercept(
                ServerInterceptors.useMarshalledMessages(aliasingRequests(service), STREAMS, STREAMS),
                new MalformedMessageGuard(meters, new RefusalLog()));
    }

    /** {@code service} with every protobuf request parsed by an {@link AliasingMarshaller}. */
    static ServerServiceDefinition aliasingRequests(ServerServiceDefinition service) {
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(service.getServiceDescriptor().getName())
                .setSchemaDescriptor(service.getServiceDescriptor().getSchemaDescriptor());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> aliasing = aliasingRequests(method);
            methods.add(aliasing);
            descriptor.addMethod(aliasing.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> aliasingRequests(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        if (descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> prototype
                && prototype.getMessagePrototype() instanceof Message message) {
            @SuppressWarnings("unchecked")
            MethodDescriptor.Marshaller<Q> aliasing = (MethodDescriptor.Marshaller<Q>) AliasingMarshaller.of(message);
            return ServerMethodDefinition.create(descriptor.toBuilder().setRequestMarshaller(aliasing).build(),
                    method.getServerCallHandler());
        }
        return method;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                try {
                    super.onMessage(message);
                } catch (RuntimeException e) {
                    // a unary handler only parses and stores the request here: a failure is the message's
                    refused = true;
                    String method = call.getMethodDescriptor().getBareMethodName();
                    String detail = "the request does not parse as a " + method + " message: "
                            + ClientText.quote(String.valueOf(Status.fromThrowable(e).getDescription()));
                    Rejections.count(meters, Refusal.MALFORMED_MESSAGE.tag());
                    log.refused(method, Refusal.MALFORMED_MESSAGE, detail);
                    call.close(Status.INVALID_ARGUMENT.withDescription(detail), new Metadata());
                }
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                if (!refused) {
                    super.onReady();
                }
            }
        };
    }
}
