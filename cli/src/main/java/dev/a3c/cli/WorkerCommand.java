package dev.a3c.cli;

import dev.a3c.worker.Worker;
import dev.a3c.worker.client.ChannelSecurity;
import dev.a3c.worker.client.IncompatibleServerException;
import dev.a3c.worker.client.ParameterServerClient;
import dev.a3c.worker.client.Reconnect;
import dev.a3c.worker.client.ServerException;
import dev.a3c.worker.telemetry.WorkerTelemetry;
import io.grpc.ManagedChannel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code a3c worker}: one worker process; it needs only the server's address. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run one A3C worker against a parameter server: it receives its configuration from the server, "
                + "plays rollouts, and pushes gradients until the server says training is over.")
final class WorkerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", description = "The parameter server's gRPC address.")
    String server;

    @Option(names = "--deadline", paramLabel = "SECONDS", description = "Deadline of each call (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    double deadlineSeconds;

    @Option(names = "--retry-for", paramLabel = "SECONDS",
            description = "How long to keep retrying while the server is unreachable (default: ${DEFAULT-VALUE}).", defaultValue = "60")
    double retrySeconds;

    @Option(names = "--stay-up", description = "When the server says the run is over, stay up and ask again every "
            + "--stay-up-poll seconds, joining the next run the server starts, instead of exiting (for platforms that "
            + "restart a process that exits, such as Kubernetes).")
    boolean stayUp;

    @Option(names = "--stay-up-poll", paramLabel = "SECONDS",
            description = "With --stay-up: seconds between asks (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    double stayUpPollSeconds;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus) and /healthz over HTTP on this port; 0: off (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    int metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS",
            description = "Address the metrics port listens on (default: ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0")
    String metricsBind;

    @Mixin
    TokenOptions token = new TokenOptions();

    @Option(names = "--tls", description = "Connect over TLS, trusting the system's certificate authorities.")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "Connect over TLS, trusting this CA (PEM) instead of the system's.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Mutual TLS: present this client certificate chain (PEM); needs --tls-key; implies --tls.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert (PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--tls-authority", paramLabel = "NAME",
            description = "The server name its certificate must carry, when not the host in --server; implies --tls.")
    String tlsAuthority;

    @Mixin
    EnvServerOption envServer = new EnvServerOption();

    @Override
    public Integer call() throws Exception {
        envServer.apply();
        HostAndPort address = HostAndPort.parse(server);
        if (!(stayUpPollSeconds > 0)) {
            throw new IllegalArgumentException("--stay-up-poll must be > 0 seconds, got " + stayUpPollSeconds);
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("--metrics-port must be in [0, 65535] (0: off), got " + metricsPort);
        }
        try (WorkerTelemetry telemetry = new WorkerTelemetry()) {
            if (metricsPort > 0) {
                serveMetrics(telemetry);
            }
            return run(address, telemetry);
        }
    }

    private int run(HostAndPort address, WorkerTelemetry telemetry) throws Exception {
        ManagedChannel channel = security().channelBuilder(address.host(), address.port())
                .maxInboundMessageSize(256 << 20)
                .build();
        Worker worker = new Worker(new ParameterServerClient(telemetry.instrument(channel),
                Duration.ofMillis(Math.round(deadlineSeconds * 1000)), Reconnect.of(channel)),
                new Worker.Identity(hostname(), ProcessHandle.current().pid(), Runtime.getRuntime().availableProcessors(),
                        A3cCommand.programVersion()),
                Duration.ofMillis(Math.round(retrySeconds * 1000)), telemetry.registry());
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            worker.requestStop();
            stopping.countDown();
            try {
                done.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runUntilStopped(worker::run, stayUp, Duration.ofMillis(Math.round(stayUpPollSeconds * 1000)), stopping);
            return 0;
        } catch (IncompatibleServerException e) {
            System.err.println("a3c worker: " + e.getMessage());
            return 3;
        } catch (ServerException e) {
            System.err.println("a3c worker: the parameter server at " + server + " failed the call: " + e.status().getCode()
                    + (e.status().getDescription() == null ? "" : " (" + e.status().getDescription() + ")")
                    + tlsProblem(e)
                    + (e instanceof ServerException.Unavailable ? "; gave up after retrying for " + retrySeconds + " s" : ""));
            return 4;
        } finally {
            channel.shutdown();
            channel.awaitTermination(5, TimeUnit.SECONDS);
            done.countDown();
        }
    }

    /**
     * Runs the worker once or, with {@code stayUp}, again after each run that ended because the server's run
     * was over, {@code poll} later, until {@code stopping} is counted down; returns the last run's summary.
     */
    static Worker.Summary runUntilStopped(Callable<Worker.Summary> worker, boolean stayUp, Duration poll,
                                          CountDownLatch stopping) throws Exception {
        while (true) {
            Worker.Summary summary = worker.call();
            if (!stayUp || !summary.runOver()) {
                return summary;
            }
            log.info("the server's run is over: asking again in {} s for a new one (--stay-up)", poll.toMillis() / 1000.0);
            if (stopping.await(poll.toNanos(), TimeUnit.NANOSECONDS)) {
                return summary;
            }
        }
    }

    private void serveMetrics(WorkerTelemetry telemetry) throws InterruptedException {
        try {
            telemetry.serveHttp(metricsBind, metricsPort);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty reports a port in use (a java.net.BindException) without declaring it
            if (e instanceof java.net.SocketException) {
                throw new IllegalArgumentException("cannot serve metrics on " + metricsBind + ":" + metricsPort + ": "
                        + e.getMessage());
            }
            throw e;
        }
    }

    private ChannelSecurity security() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return new ChannelSecurity(tls, Optional.ofNullable(tlsCa), Optional.ofNullable(tlsCert),
                Optional.ofNullable(tlsKey), Optional.ofNullable(tlsAuthority), token.token());
    }

    /** Why the TLS handshake failed, if it did, in a few words. */
    static String tlsProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null) {
                return "; TLS: " + t.getMessage().lines().findFirst().orElse("");
            }
        }
        return "";
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** {@code host:port}, validated. */
    record HostAndPort(String host, int port) {
        static HostAndPort parse(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new IllegalArgumentException("--server must be HOST:PORT, got '" + value + "'");
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--server port must be a number, got '" + value + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--server port must be in [1, 65535], got " + port);
            }
            return new HostAndPort(value.substring(0, colon), port);
        }
    }
}
