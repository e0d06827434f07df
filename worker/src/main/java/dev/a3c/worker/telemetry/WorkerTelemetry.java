package dev.a3c.worker.telemetry;

import dev.a3c.infra.http.HttpEndpoint;
import dev.a3c.infra.metrics.PrometheusMetrics;
import dev.a3c.worker.client.ClientWireMetrics;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingClientInterceptor;
import java.util.Map;

/**
 * A worker process's telemetry: a Prometheus registry with the JVM and process metrics, into which
 * the worker records its {@link WorkerMetrics} and its gRPC channel its per-method calls
 * (Micrometer's {@code grpc.client.*}) and message sizes ({@link ClientWireMetrics}); optionally
 * served over HTTP as {@code /metrics} (Prometheus text) and {@code /healthz}.
 */
public final class WorkerTelemetry implements AutoCloseable {

    private final PrometheusMetrics metrics = PrometheusMetrics.withJvmMetrics();
    private HttpEndpoint http;

    public MeterRegistry registry() {
        return metrics.registry();
    }

    /** The channel with every call counted and timed per method, and its message sizes recorded. */
    public Channel instrument(Channel channel) {
        return ClientInterceptors.intercept(channel, new ClientWireMetrics(metrics.registry()),
                new MetricCollectingClientInterceptor(metrics.registry()));
    }

    /**
     * Serves {@code /metrics} and {@code /healthz} on {@code host:port} (0: any free port) until closed.
     *
     * @return the port it listens on
     */
    public synchronized int serveHttp(String host, int port) throws InterruptedException {
        if (http != null) {
            throw new IllegalStateException("already serving on port " + http.port());
        }
        http = HttpEndpoint.start(host, port, Map.of(
                "/metrics", metrics::scrape,
                "/healthz", () -> HttpEndpoint.Response.text("text/plain; charset=utf-8", "ok\n")));
        return http.port();
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
        metrics.close();
    }
}
