package dev.a3c.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parameter-server JVM and N worker JVMs on loopback, started as child processes whose output
 * goes to {@code logs/} in the run folder. Closing it stops them all (SIGTERM, then SIGKILL).
 */
final class LocalCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A child process, the highest resident memory seen for it and the class-data archive it writes, if any. */
    static final class Child {
        final String name;
        final Process process;
        volatile long peakRssKb;
        private ClassDataArchive.Pending archive;

        Child(String name, Process process) {
            this(name, process, null);
        }

        Child(String name, Process process, ClassDataArchive.Pending archive) {
            this.name = name;
            this.process = process;
            this.archive = archive;
        }

        /** Once the process has exited: puts the archive it wrote in place. */
        synchronized void publishArchive() {
            if (archive != null && !process.isAlive()) {
                if (archive.publish(process.exitValue())) {
                    log.info("class-data archive for the {} JVMs written: {}", archive.role(), archive.target());
                }
                archive = null;
            }
        }

        void sampleMemory() {
            long kb = ProcStatus.peakRssKb(process.pid());
            if (kb > peakRssKb) {
                peakRssKb = kb;
            }
        }
    }

    private final Path runDir;
    private final Child server;
    private final List<Child> workers = new ArrayList<>();
    private final int grpcPort;
    private final int httpPort;

    private LocalCluster(Path runDir, Child server, int grpcPort, int httpPort) {
        this.runDir = runDir;
        this.server = server;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
    }

    /**
     * Starts the server with {@code serverArgs} (a run folder, loopback and a free port are added) and, at the
     * same time, {@code workers} workers, which retry until it listens: the JVMs' start-up overlaps.
     */
    static LocalCluster start(Path runDir, List<String> serverArgs, int workers, Duration startTimeout)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(runDir, serverArgs, workers, startTimeout);
            } catch (PortTaken e) {
                // another process took the free port between our check and the server's bind: pick another
                if (attempt == 3) {
                    throw new IllegalStateException(e.getMessage());
                }
                log.info("{}; trying another port", e.getMessage());
            }
        }
    }

    /** The server lost the race for the port it was given. */
    private static final class PortTaken extends RuntimeException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static LocalCluster startOnce(Path runDir, List<String> serverArgs, int workers, Duration startTimeout)
            throws IOException, InterruptedException {
        Path logs = Files.createDirectories(runDir.resolve("logs"));
        Path endpoint = runDir.resolve("server.json");
        Files.deleteIfExists(endpoint);
        int port = freeLoopbackPort();
        List<String> args = new ArrayList<>(List.of("server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--http-port", "0", "--run-dir", runDir.toString()));
        args.addAll(serverArgs);
        ClassDataArchive.Launch serverCds = cds("server", true);
        Process process = JvmLauncher.a3cWith(JvmLauncher.Memory.SERVER, serverCds.options(), args)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("server.log").toFile())
                .start();
        Child server = new Child("server", process, serverCds.pending());
        List<Child> started = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                started.add(startWorker(logs, port, i));
            }
            JsonNode ports;
            try {
                ports = awaitEndpoint(endpoint, process, startTimeout, logs.resolve("server.log"));
            } catch (IllegalStateException e) {
                if (!process.isAlive() && tail(logs.resolve("server.log"), 40).contains("BindException")) {
                    throw new PortTaken("port " + port + " was taken before the server bound it");
                }
                throw e;
            }
            LocalCluster cluster = new LocalCluster(runDir, server, ports.get("grpc_port").asInt(),
                    ports.get("http_port").asInt());
            cluster.workers.addAll(started);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            List<Child> all = new ArrayList<>(started);
            all.add(server);
            stop(all);
            throw e;
        }
    }

    private static Child startWorker(Path logs, int grpcPort, int index) throws IOException {
        // one worker writes the workers' archive when there is none yet
        ClassDataArchive.Launch cds = cds("worker", index == 0);
        Process process = JvmLauncher.a3cWith(JvmLauncher.Memory.WORKER, cds.options(),
                        List.of("worker", "--server", "127.0.0.1:" + grpcPort))
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("worker-" + index + ".log").toFile())
                .start();
        return new Child("worker-" + index, process, cds.pending());
    }

    private static ClassDataArchive.Launch cds(String role, boolean mayCreate) {
        return ClassDataArchive.forRole(role).map(a -> a.launch(mayCreate))
                .orElse(new ClassDataArchive.Launch(List.of(), null));
    }

    /** A port free on the loopback interface now (the server binds it a moment later). */
    private static int freeLoopbackPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode awaitEndpoint(Path endpoint, Process server, Duration timeout, Path serverLog)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(endpoint)) {
                return JSON.readTree(endpoint.toFile());
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("the parameter server exited with code " + server.exitValue()
                        + " before listening; see " + serverLog + ":\n" + tail(serverLog, 15));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the parameter server did not start within " + timeout.toSeconds() + " s; see " + serverLog);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }

    int grpcPort() {
        return grpcPort;
    }

    int httpPort() {
        return httpPort;
    }

    Child server() {
        return server;
    }

    List<Child> workers() {
        return workers;
    }

    void sampleMemory() {
        server.sampleMemory();
        workers.forEach(Child::sampleMemory);
    }

    boolean serverAlive() {
        return server.process.isAlive();
    }

    long aliveWorkers() {
        return workers.stream().filter(w -> w.process.isAlive()).count();
    }

    /** Waits for the workers to exit by themselves, up to {@code timeout}. */
    boolean awaitWorkers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Child w : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !w.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    int awaitServer() throws InterruptedException {
        return server.process.waitFor();
    }

    /** Stops whatever still runs: SIGTERM to the server and the workers, SIGKILL after a grace period. */
    @Override
    public void close() {
        List<Child> all = new ArrayList<>(workers);
        all.add(server);
        stop(all);
    }

    private static void stop(List<Child> children) {
        try {
            stopAll(children);
        } finally {
            children.forEach(Child::publishArchive);
        }
    }

    private static void stopAll(List<Child> children) {
        for (Child c : children) {
            if (c.process.isAlive()) {
                c.process.destroy();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Child c : children) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!c.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    log.warn("{} (pid {}) did not stop in time: killing it", c.name, c.process.pid());
                    c.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                c.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    Path runDir() {
        return runDir;
    }
}
