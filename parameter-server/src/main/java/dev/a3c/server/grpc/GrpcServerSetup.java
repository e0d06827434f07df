package dev.a3c.server.grpc;

import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.server.validation.Rejections;
import io.grpc.BindableService;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.util.List;
import java.util.Optional;

/**
 * Everything the parameter server's gRPC server carries besides the a3c service itself: the
 * standard health service ({@code grpc.health.v1.Health}, open without the token, since probes
 * carry none), the token check on the a3c service only, Micrometer's per-method call metrics
 * ({@code grpc.server.*}) for every service, and {@link ServerWireMetrics} for message sizes and
 * transport refusals, and {@link MalformedMessageGuard} for requests that do not parse. Works on
 * any {@link ServerBuilder}, so tests use the in-process transport.
 */
public final class GrpcServerSetup {

    /** The health service name of the a3c service, as probes ask for it. */
    public static final String A3C_SERVICE = ParameterServerGrpc.SERVICE_NAME;

    private GrpcServerSetup() {}

    public static <B extends ServerBuilder<B>> B configure(B builder, BindableService service, Optional<String> token,
                                                   MeterRegistry meters, HealthStatusManager health) {
        ServerServiceDefinition parsed = MalformedMessageGuard.guard(service.bindService(), meters);
        ServerServiceDefinition a3c = token
                .map(t -> ServerInterceptors.intercept(parsed, new TokenAuthInterceptor(t, meters)))
                .orElse(parsed);
        ServerServiceDefinition healthService = health.getHealthService().bindService();
        MetricCollectingServerInterceptor calls = new MetricCollectingServerInterceptor(meters);
        calls.preregisterService(a3c);
        Rejections.registerAll(meters);
        return builder.addService(a3c)
                .addService(healthService)
                .intercept(calls)
                .addStreamTracerFactory(new ServerWireMetrics(meters, List.of(a3c, healthService)));
    }

    /** Reports the server ({@code ""}) and the a3c service as SERVING. */
    public static void serving(HealthStatusManager health) {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(A3C_SERVICE, ServingStatus.SERVING);
    }
}
