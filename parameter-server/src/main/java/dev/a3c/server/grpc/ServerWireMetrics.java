package dev.a3c.server.grpc;

import dev.a3c.server.validation.Rejections;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What crosses the wire, per gRPC method: the size of every message received and sent (as the
 * transport framed it: compressed size when compressed, which this project never does), and the
 * calls the transport itself refuses before any interceptor or service sees them — a message over
 * the server's size limit ({@code RESOURCE_EXHAUSTED}), counted as
 * {@code a3c.requests.rejected{reason="message_too_large"}}.
 *
 * <p>A stream tracer rather than an interceptor, because a refused message never reaches an
 * interceptor (Micrometer's {@code MetricCollectingServerInterceptor} sees only a cancelled call).
 * Methods the server does not serve are counted as {@code method="unknown"}, so a client cannot
 * create series at will.
 */
final class ServerWireMetrics extends ServerStreamTracer.Factory {

    static final String RECEIVED = "a3c.grpc.server.received";
    static final String SENT = "a3c.grpc.server.sent";

    private record MethodMeters(DistributionSummary received, DistributionSummary sent) {}

    private final MeterRegistry meters;
    private final Map<String, MethodMeters> byMethod = new ConcurrentHashMap<>();
    private final MethodMeters unknown;

    ServerWireMetrics(MeterRegistry meters, Collection<ServerServiceDefinition> services) {
        this.meters = meters;
        for (ServerServiceDefinition service : services) {
            for (MethodDescriptor<?, ?> method : service.getServiceDescriptor().getMethods()) {
                byMethod.put(method.getFullMethodName(), register(method.getServiceName(), method.getBareMethodName()));
            }
        }
        this.unknown = register("unknown", "unknown");
    }

    private MethodMeters register(String service, String method) {
        return new MethodMeters(
                DistributionSummary.builder(RECEIVED).baseUnit("bytes")
                        .description("sizes of the gRPC messages received, as framed on the wire")
                        .tag("service", service).tag("method", method).register(meters),
                DistributionSummary.builder(SENT).baseUnit("bytes")
                        .description("sizes of the gRPC messages sent, as framed on the wire")
                        .tag("service", service).tag("method", method).register(meters));
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        MethodMeters method = byMethod.getOrDefault(fullMethodName, unknown);
        return new ServerStreamTracer() {
            @Override
            public void inboundMessageRead(int seqNo, long optionalWireSize, long optionalUncompressedSize) {
                record(method.received(), optionalWireSize, optionalUncompressedSize);
            }

            @Override
            public void outboundMessageSent(int seqNo, long optionalWireSize, long optionalUncompressedSize) {
                record(method.sent(), optionalWireSize, optionalUncompressedSize);
            }

            @Override
            public void streamClosed(Status status) {
                if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    Rejections.count(meters, Rejections.MESSAGE_TOO_LARGE);
                }
            }
        };
    }

    /** Transports that do not frame (in-process) report -1 for both sizes: nothing to count. */
    private static void record(DistributionSummary summary, long wireSize, long uncompressedSize) {
        long size = wireSize >= 0 ? wireSize : uncompressedSize;
        if (size >= 0) {
            summary.record(size);
        }
    }
}
