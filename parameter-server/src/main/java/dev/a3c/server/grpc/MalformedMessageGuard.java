package dev.a3c.server.grpc;

import dev.a3c.server.validation.ClientText;
import dev.a3c.server.validation.RefusalLog;
import dev.a3c.server.validation.Rejections;
import dev.a3c.wire.Refusal;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;

/**
 * Answers a request that does not parse as its method's protobuf message with
 * {@code INVALID_ARGUMENT} and a one-line reason, counted as {@code malformed_message}, instead of
 * gRPC's default {@code UNKNOWN} with a stack trace in the log for every such call.
 *
 * <p>{@link #guard} makes the service take raw {@link InputStream} messages
 * ({@link ServerInterceptors#useInputStreamMessages}), so that parsing happens inside the listener
 * this interceptor wraps, where its failure can be caught.
 */
final class MalformedMessageGuard implements ServerInterceptor {

    private final MeterRegistry meters;
    private final RefusalLog log;

    private MalformedMessageGuard(MeterRegistry meters, RefusalLog log) {
        this.meters = meters;
        this.log = log;
    }

    /** The service, parsing its requests where a malformed one is answered {@code INVALID_ARGUMENT}. */
    static ServerServiceDefinition guard(ServerServiceDefinition service, MeterRegistry meters) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service),
                new MalformedMessageGuard(meters, new RefusalLog()));
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
