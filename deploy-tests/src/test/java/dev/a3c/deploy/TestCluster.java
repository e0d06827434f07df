package dev.a3c.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.infra.metrics.PrometheusScrape;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A parameter server and workers as real processes of the packaged command, either all on loopback or each in a
 * network namespace of its own (the server's joined to each worker's by a veth pair, with the link a {@link LinkSpec}
 * describes: a bandwidth cap and random loss on the link, latency through a {@link DelayRelay} in the server's
 * namespace). In namespaces the test reaches the server's HTTP port and each worker's metrics over a separate,
 * unshaped management link. {@link #close()} stops every process and removes every namespace.
 */
final class TestCluster implements AutoCloseable {

    /** How a worker reaches the server: one-way delay and its jitter, loss in % each way, a bandwidth cap or null. */
    record LinkSpec(int delayMillis, int jitterMillis, int lossPercent, String rate) {
        static final LinkSpec DIRECT = new LinkSpec(0, 0, 0, null);

        @Override
        public String toString() {
            if (equals(DIRECT)) {
                return "direct";
            }
            return delayMillis + " +- " + jitterMillis + " ms each way, " + lossPercent + "% loss each way"
                    + (rate == null ? "" : ", " + rate);
        }
    }

    static final int GRPC_PORT = 50051;
    static final int HTTP_PORT = 8080;
    static final int METRICS_PORT = 9400;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final Path dir;
    private final NetworkNamespaces nets;
    private final List<Process> workers = new ArrayList<>();
    private final List<Path> workerLogs = new ArrayList<>();
    private final List<String> workerMetrics = new ArrayList<>();
    private final List<NetworkNamespaces.End> workerEnds = new ArrayList<>();
    private final List<Process> relays = new ArrayList<>();
    private Process server;
    private String serverNamespace;
    private String serverHttp;
    private String serverGrpc;

    private TestCluster(Path dir, NetworkNamespaces nets) {
        this.dir = dir;
        this.nets = nets;
    }

    /** Everything on 127.0.0.1 in the test's own namespace. */
    static TestCluster loopback(Path dir) throws IOException {
        return new TestCluster(Files.createDirectories(dir), null);
    }

    /** Every process in a namespace of its own, made in {@code nets}. */
    static TestCluster namespaced(Path dir, NetworkNamespaces nets) throws IOException {
        return new TestCluster(Files.createDirectories(dir), nets);
    }

    /** Starts {@code a3c server} with these training options (address, ports and run folder are the cluster's). */
    void startServer(List<String> options) throws IOException {
        int grpc;
        int http;
        List<String> prefix;
        if (nets == null) {
            grpc = Deployment.freePort();
            http = Deployment.freePort();
            serverHttp = "127.0.0.1:" + http;
            serverGrpc = "127.0.0.1:" + grpc;
            prefix = List.of();
        } else {
            grpc = GRPC_PORT;
            http = HTTP_PORT;
            serverNamespace = nets.create("srv");
            NetworkNamespaces.Link management = nets.link(serverNamespace, null, "198.19.0");
            serverHttp = management.a().address() + ":" + http;
            serverGrpc = "127.0.0.1:" + grpc;
            prefix = NetworkNamespaces.in(serverNamespace, List.of());
        }
        List<String> args = new ArrayList<>(List.of("server", "--bind", nets == null ? "127.0.0.1" : "0.0.0.0",
                "--port", Integer.toString(grpc), "--http-port", Integer.toString(http),
                "--run-dir", dir.resolve("run").toString()));
        args.addAll(options);
        server = PackagedA3c.start(prefix, PackagedA3c.SERVER_MEMORY, args, dir.resolve("server.log"));
    }

    /** Starts {@code a3c worker} over a link like {@code link} (loopback: direct only) with these extra options. */
    int addWorker(LinkSpec link, List<String> options) throws IOException, InterruptedException {
        int index = workers.size();
        String target;
        List<String> prefix;
        String metricsBind;
        int metricsPort;
        if (nets == null) {
            if (!link.equals(LinkSpec.DIRECT)) {
                throw new IllegalArgumentException("a loopback cluster has direct links only");
            }
            target = serverGrpc;
            prefix = List.of();
            metricsBind = "127.0.0.1";
            metricsPort = Deployment.freePort();
            workerMetrics.add("127.0.0.1:" + metricsPort);
            workerEnds.add(null);
        } else {
            int subnet = index + 1;
            String namespace = nets.create("w" + subnet);
            NetworkNamespaces.Link wire = nets.link(serverNamespace, namespace, "198.18." + subnet);
            NetworkNamespaces.Link management = nets.link(namespace, null, "198.19." + subnet);
            if (link.rate() != null) {
                nets.capBandwidth(wire.a(), link.rate());
                nets.capBandwidth(wire.b(), link.rate());
            }
            if (link.lossPercent() > 0) {
                nets.loss(wire.b(), link.lossPercent());
            }
            target = wire.a().address() + ":" + GRPC_PORT;
            if (link.delayMillis() > 0) {
                int relayPort = 40000 + subnet;
                startRelay(wire.a().address(), relayPort, link, subnet);
                target = wire.a().address() + ":" + relayPort;
            }
            prefix = NetworkNamespaces.in(namespace, List.of());
            metricsBind = "0.0.0.0";
            metricsPort = METRICS_PORT;
            workerMetrics.add(management.a().address() + ":" + metricsPort);
            workerEnds.add(wire.b());
        }
        List<String> args = new ArrayList<>(List.of("worker", "--server", target, "--metrics-bind", metricsBind,
                "--metrics-port", Integer.toString(metricsPort)));
        args.addAll(options);
        Path log = dir.resolve("worker-" + index + ".log");
        workerLogs.add(log);
        workers.add(PackagedA3c.start(prefix, PackagedA3c.WORKER_MEMORY, args, log));
        return index;
    }

    private void startRelay(String address, int port, LinkSpec link, int seed) throws IOException, InterruptedException {
        String classes;
        try {
            classes = Path.of(DelayRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path log = dir.resolve("relay-" + seed + ".log");
        List<String> command = NetworkNamespaces.in(serverNamespace, List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-Xss256k",
                "-cp", classes + File.pathSeparator, DelayRelay.class.getName(), address, Integer.toString(port),
                "127.0.0.1", Integer.toString(GRPC_PORT), Integer.toString(link.delayMillis()),
                Integer.toString(link.jitterMillis()), Integer.toString(seed)));
        Process relay = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        relays.add(relay);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("relay listening")) {
            if (!relay.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the delay relay did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** The server's /status, or null while it does not answer. */
    JsonNode status() {
        try {
            return Deployment.JSON.readTree(get(serverHttp, "/status"));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    PrometheusScrape serverMetrics() throws IOException, InterruptedException {
        return PrometheusScrape.parse(get(serverHttp, "/metrics"));
    }

    PrometheusScrape workerMetrics(int worker) throws IOException, InterruptedException {
        return PrometheusScrape.parse(get(workerMetrics.get(worker), "/metrics"));
    }

    /** The worker's end of its link to the server (namespaced clusters only). */
    NetworkNamespaces.End workerEnd(int worker) {
        return workerEnds.get(worker);
    }

    Process worker(int worker) {
        return workers.get(worker);
    }

    Path workerLog(int worker) {
        return workerLogs.get(worker);
    }

    int workers() {
        return workers.size();
    }

    Process server() {
        return server;
    }

    Path serverLog() {
        return dir.resolve("server.log");
    }

    Path runDir() {
        return dir.resolve("run");
    }

    NetworkNamespaces nets() {
        return nets;
    }

    private static String get(String hostPort, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** Stops the workers (SIGTERM: each pushes its last rollout, leaves and logs its summary) and waits for them. */
    void stopWorkers() throws InterruptedException {
        PackagedA3c.stopAll(workers);
    }

    /** Stops the server (SIGTERM: it writes its final checkpoint and summary.json) and waits for it. */
    void stopServer() throws InterruptedException {
        if (server != null) {
            PackagedA3c.stopAll(List.of(server));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stopWorkers();
            stopServer();
            for (Process relay : relays) {
                relay.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (nets != null) {
                nets.close();
            }
        }
    }
}
