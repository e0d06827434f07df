package dev.a3c.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.infra.http.HttpEndpoint;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

    @Test
    void servesJvmProcessAndOwnMetricsOverHttp() throws Exception {
        try (PrometheusMetrics metrics = PrometheusMetrics.withJvmMetrics();
             HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, Map.of("/metrics", metrics::scrape))) {
            Counter.builder("a3c.test.things").register(metrics.registry()).increment(3);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(PrometheusMetrics.CONTENT_TYPE, response.headers().firstValue("content-type").orElseThrow());
            String body = response.body();
            for (String series : List.of("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ",
                    "jvm_classes_loaded_classes ", "jvm_info{", "process_cpu_usage ", "system_cpu_count ",
                    "process_uptime_seconds ", "process_start_time_seconds ", "process_files_open_files ")) {
                assertTrue(body.contains(series), "missing " + series + " in\n" + body);
            }
            assertTrue(body.lines().anyMatch(l -> l.equals("a3c_test_things_total 3.0")), body);
        }
    }

    @Test
    void closeClosesTheRegistry() {
        PrometheusMetrics metrics = PrometheusMetrics.withJvmMetrics();
        metrics.close();
        assertTrue(metrics.registry().isClosed());
    }
}
