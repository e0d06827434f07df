package dev.a3c.infra.metrics;

import dev.a3c.infra.http.HttpEndpoint;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's Prometheus registry: the JVM and process metrics (memory, GC, threads, classes, CPU,
 * uptime, open files) bound to it, and its scrape as an HTTP response for {@code /metrics}. Server
 * and worker each own one; {@link #close()} unbinds the GC listeners and closes the registry.
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** The content type of Prometheus' text exposition format, as {@link PrometheusMeterRegistry#scrape()} writes it. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(PrometheusMetrics.class);

    private final PrometheusMeterRegistry registry;
    private final List<MeterBinder> binders;

    private PrometheusMetrics(PrometheusMeterRegistry registry, List<MeterBinder> binders) {
        this.registry = registry;
        this.binders = binders;
    }

    /** A new registry with the JVM and process metrics bound. */
    public static PrometheusMetrics withJvmMetrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<MeterBinder> binders = List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
                new FileDescriptorMetrics());
        binders.forEach(b -> b.bindTo(registry));
        return new PrometheusMetrics(registry, binders);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus' text format, for {@code GET /metrics}. */
    public HttpEndpoint.Response scrape() {
        return HttpEndpoint.Response.text(CONTENT_TYPE, registry.scrape());
    }

    @Override
    public void close() {
        for (MeterBinder binder : binders) {
            if (binder instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.debug("could not unbind {}", binder, e);
                }
            }
        }
        registry.close();
    }
}
