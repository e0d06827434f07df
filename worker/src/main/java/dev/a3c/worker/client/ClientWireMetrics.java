package dev.a3c.worker.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The size of every gRPC message a client sends and receives, per method, as framed on the wire
 * ({@code a3c.grpc.client.sent} and {@code a3c.grpc.client.received}, in bytes): an interceptor
 * that puts a stream tracer on each call.
 */
public final class ClientWireMetrics implements ClientInterceptor {

    static final String SENT = "a3c.grpc.client.sent";
    static final String RECEIVED = "a3c.grpc.client.received";

    private final MeterRegistry meters;
    private final Map<String, ClientStreamTracer.Factory> tracers = new ConcurrentHashMap<>();

    public ClientWireMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientStreamTracer.Factory tracer = tracers.computeIfAbsent(method.getFullMethodName(), name -> factory(method));
        return next.newCall(method, options.withStreamTracerFactory(tracer));
    }

    private ClientStreamTracer.Factory factory(MethodDescriptor<?, ?> method) {
        DistributionSummary sent = summary(SENT, "sizes of the gRPC messages sent, as framed on the wire", method);
        DistributionSummary received = summary(RECEIVED, "sizes of the gRPC messages received, as framed on the wire",
                method);
        return new ClientStreamTracer.Factory() {
            @Override
            public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
                return new ClientStreamTracer() {
                    @Override
                    public void outboundMessageSent(int seqNo, long optionalWireSize, long optionalUncompressedSize) {
                        record(sent, optionalWireSize, optionalUncompressedSize);
                    }

                    @Override
                    public void inboundMessageRead(int seqNo, long optionalWireSize, long optionalUncompressedSize) {
                        record(received, optionalWireSize, optionalUncompressedSize);
                    }
                };
            }
        };
    }

    private DistributionSummary summary(String name, String description, MethodDescriptor<?, ?> method) {
        return DistributionSummary.builder(name).baseUnit("bytes").description(description)
                .tag("service", method.getServiceName()).tag("method", method.getBareMethodName()).register(meters);
    }

    /** Transports that do not frame (in-process) report -1 for both sizes: nothing to count. */
    private static void record(DistributionSummary summary, long wireSize, long uncompressedSize) {
        long size = wireSize >= 0 ? wireSize : uncompressedSize;
        if (size >= 0) {
            summary.record(size);
        }
    }
}
