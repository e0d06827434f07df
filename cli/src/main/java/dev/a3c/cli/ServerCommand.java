package dev.a3c.cli;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.grpc.ServerSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code a3c server}: the parameter server alone; workers attach with {@code a3c worker}. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the parameter server: owns the global network and optimizer, serves workers over gRPC, "
                + "/metrics and /status over HTTP, writes checkpoints and a summary to the run folder.")
final class ServerCommand implements Callable<Integer>, TrainingOptions.Configured {

    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Override
    public TrainingOptions training() {
        return training;
    }

    @Option(names = "--port", description = "gRPC port; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "50051")
    int port;

    @Option(names = "--http-port", description = "HTTP port for the dashboard, /metrics and /status; 0 picks a free one (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int httpPort;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0")
    String bind;

    @Option(names = "--run-dir", description = "Run folder for checkpoints, logs and the summary (default: ${DEFAULT-VALUE}).", defaultValue = "runs/server")
    Path runDir;

    @Option(names = "--resume", description = "Resume from the newest checkpoint in the run folder, if any.")
    boolean resume;

    @Option(names = "--keep-checkpoints", description = "Periodic checkpoints to keep (default: ${DEFAULT-VALUE}).", defaultValue = "" + ServerOptions.DEFAULT_KEEP_CHECKPOINTS)
    int keepCheckpoints;

    @Option(names = "--stop-grace", paramLabel = "SECONDS", description = "After training ends, how long to keep telling workers to stop (default: ${DEFAULT-VALUE}).", defaultValue = "" + ServerOptions.DEFAULT_STOP_GRACE_SECONDS)
    double stopGraceSeconds;

    @Option(names = "--stay-up", description = "After training ends, keep serving /status, /metrics, the dashboard and "
            + "\"training is over\" to workers until stopped, instead of exiting (for platforms that restart a process "
            + "that exits, such as Kubernetes).")
    boolean stayUp;

    @Option(names = "--checkpoint-every", paramLabel = "UPDATES",
            description = "Also checkpoint every this many updates; 0: only by time (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long checkpointEveryUpdates;

    @Option(names = "--max-message-mb", description = "Largest gRPC message accepted, in MiB (default: ${DEFAULT-VALUE}).", defaultValue = "" + ServerOptions.DEFAULT_MAX_MESSAGE_MB)
    int maxMessageMb;

    @Option(names = "--lease", paramLabel = "SECONDS",
            description = "A worker not heard from for this long is counted as gone; its id stops working (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + ServerOptions.DEFAULT_LEASE_SECONDS)
    double leaseSeconds;

    @Mixin
    TokenOptions token = new TokenOptions();

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve gRPC over TLS with this certificate chain (PEM); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert (PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "FILE",
            description = "Mutual TLS: require client certificates signed by this CA (PEM); needs --tls-cert.")
    Path tlsClientCa;

    @Mixin
    EnvServerOption envServer = new EnvServerOption();

    @Override
    public Integer call() throws Exception {
        envServer.apply();
        TrainingConfig config = training.toConfig();
        ParameterServer server = ParameterServer.start(ServerOptions.builder(config, runDir)
                .resume(resume).bind(bind).grpcPort(port).httpPort(httpPort)
                .stopGrace(Duration.ofMillis(Math.round(stopGraceSeconds * 1000))).keepCheckpoints(keepCheckpoints)
                .maxMessageBytes(maxMessageMb << 20).checkpointEveryUpdates(checkpointEveryUpdates)
                .security(security()).lease(lease()).build());
        Thread hook = new Thread(() -> {
            log.info("shutting down");
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (stayUp) {
            server.awaitCompletionAndStayUp();
        } else {
            server.awaitCompletion();
        }
        return 0;
    }

    private Duration lease() {
        if (!(leaseSeconds > 0)) {
            throw new IllegalArgumentException("--lease must be > 0 seconds, got " + leaseSeconds);
        }
        return Duration.ofMillis(Math.round(leaseSeconds * 1000));
    }

    private ServerSecurity security() {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (tlsClientCa != null && tlsCert == null) {
            throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
        }
        return new ServerSecurity(token.token(), Optional.ofNullable(tlsCert), Optional.ofNullable(tlsKey),
                Optional.ofNullable(tlsClientCa));
    }
}
