package dev.a3c.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on loopback, its data in a test's folder, and its
 * HTTP API. {@link #close()} stops it, also when the test failed.
 */
final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The {@code prometheus} binary on the PATH, if any. */
    static Optional<Path> binary() {
        return Executables.find("prometheus");
    }

    /** The {@code promtool} binary on the PATH, if any. */
    static Optional<Path> promtool() {
        return Executables.find("promtool");
    }

    /** Starts Prometheus with {@code config}, storing its data under {@code dir}, listening on 127.0.0.1 only. */
    static PrometheusProcess start(Path binary, Path config, Path dir) throws IOException {
        int port = Deployment.freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PrometheusProcess(process, port, log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        return PackagedA3c.tail(log, 20);
    }

    /** GET /api/v1/PATH; the {@code data} of a successful answer, else an IOException with Prometheus' error. */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        JsonNode answer;
        try {
            answer = Deployment.JSON.readTree(Deployment.get(port, "/api/v1/" + pathAndQuery));
        } catch (IOException e) {
            throw new IOException("/api/v1/" + pathAndQuery + ": " + e.getMessage(), e);
        }
        if (!"success".equals(answer.path("status").asText())) {
            throw new IOException("/api/v1/" + pathAndQuery + ": " + answer);
        }
        return answer.path("data");
    }

    /** An instant query's result vector (or scalar) now. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
