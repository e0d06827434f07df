package dev.a3c.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.config.Json;
import dev.a3c.infra.concurrent.GentleShutdown;
import dev.a3c.infra.http.HttpEndpoint;
import dev.a3c.infra.metrics.PrometheusMetrics;
import dev.a3c.network.NativeKernels;
import dev.a3c.server.dashboard.Dashboard;
import dev.a3c.server.evaluation.EvaluationRunner;
import dev.a3c.server.grpc.GrpcServerSetup;
import dev.a3c.server.grpc.ParameterServerService;
import dev.a3c.server.run.Checkpointer;
import dev.a3c.server.run.RewardCurveRefresher;
import dev.a3c.server.run.RunFolder;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parameter-server process: a {@link TrainingSession} behind gRPC (with the standard health
 * service, see {@link GrpcServerSetup}), an HTTP endpoint for {@code /metrics}, {@code /status} and the
 * {@link Dashboard}, periodic checkpoints (each followed by a fresh reward-curve plot) and a run folder.
 * Shuts down in order: health NOT_SERVING, stop accepting calls, drain, final checkpoint and model,
 * summary, plot.
 */
public final class ParameterServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParameterServer.class);
    private static final ObjectMapper JSON = Json.mapper();

    private final ServerOptions options;
    private final RunFolder folder;
    private final TrainingSession session;
    private final PrometheusMetrics metrics;
    private final Checkpointer checkpointer;
    /** How long the housekeeping thread's task in hand (a checkpoint, say) may take to finish at a stop. */
    private static final Duration HOUSEKEEPING_GRACE = Duration.ofSeconds(10);
    private final HealthStatusManager health = new HealthStatusManager();
    private final RewardCurveRefresher rewardCurve;
    private final Server grpc;
    private final HttpEndpoint http;
    /** Null when evaluation is off. */
    private final EvaluationRunner evaluations;
    private final ScheduledExecutorService scheduler;
    private boolean closed;
    private boolean outputsWritten;

    private ParameterServer(ServerOptions options, RunFolder folder, TrainingSession session, PrometheusMetrics metrics,
                            Optional<SslContext> tls) throws IOException, InterruptedException {
        this.options = options;
        this.folder = folder;
        this.session = session;
        this.metrics = metrics;
        this.checkpointer = new Checkpointer(session, folder, options.keepCheckpoints(),
                options.checkpointEveryUpdates());
        this.rewardCurve = new RewardCurveRefresher(folder, session.config());
        this.evaluations = session.config().evaluation().enabled()
                ? new EvaluationRunner(session, folder, checkpointer) : null;
        log.info("accepting from workers: {}", session.limits().describe());
        log.info("{}", NativeKernels.describe());
        NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(new InetSocketAddress(options.bindHost(),
                        options.grpcPort()))
                .maxInboundMessageSize(options.maxMessageBytes())
                // calls are short (a push is validated and applied in well under a millisecond): run them on the
                // transport's threads rather than handing each to an executor thread and back
                .directExecutor();
        tls.ifPresent(grpcBuilder::sslContext);
        this.grpc = GrpcServerSetup.configure(grpcBuilder, new ParameterServerService(session),
                        options.security().token(), session.meters(), health)
                .build()
                .start();
        this.http = HttpEndpoint.start(options.bindHost(), options.httpPort(), Dashboard.withRoutes(session, Map.of(
                "/metrics", metrics::scrape,
                "/status", () -> HttpEndpoint.Response.text("application/json", json(session.status())),
                "/healthz", () -> HttpEndpoint.Response.text("text/plain", "ok\n"))));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "server-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long checkpointMillis = session.config().schedule().checkpointInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(this::periodicCheckpoint, checkpointMillis, checkpointMillis, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::logProgress, 10, 10, TimeUnit.SECONDS);
        if (options.checkpointEveryUpdates() > 0) {
            session.onUpdate(version -> {
                if (checkpointer.dueAfterUpdate(version)) {
                    try {
                        scheduler.execute(this::periodicCheckpoint);
                    } catch (RejectedExecutionException e) {
                        // shutting down: the final checkpoint covers it
                    }
                }
            });
        }
        RunFolder.writeAtomically(folder.endpoint(), json(Map.of(
                "grpc_port", grpcPort(), "http_port", httpPort(), "pid", ProcessHandle.current().pid())));
        log.info("parameter server listening: gRPC {}:{} ({}), HTTP {}:{}, run folder {}", options.bindHost(),
                grpcPort(), options.security().describe(), options.bindHost(), httpPort(), folder.root());
        if (options.security().token().isPresent() && !options.security().tls()) {
            log.warn("gRPC requires a token but is not on TLS: the token crosses the network in clear text");
        }
        if (evaluations != null) {
            evaluations.start();
        }
        GrpcServerSetup.serving(health);
    }

    /** Creates or resumes the session and starts serving. */
    public static ParameterServer start(ServerOptions options) throws IOException, InterruptedException {
        Optional<SslContext> tls = options.security().sslContext();
        RunFolder folder = new RunFolder(options.runDir());
        PrometheusMetrics metrics = PrometheusMetrics.withJvmMetrics();
        TrainingSession session = SessionLoader.load(options, folder, metrics.registry());
        RunFolder.writeAtomically(folder.config(), json(session.config()));
        return new ParameterServer(options, folder, session, metrics, tls);
    }

    public TrainingSession session() {
        return session;
    }

    public RunFolder folder() {
        return folder;
    }

    public int grpcPort() {
        return grpc.getPort();
    }

    public int httpPort() {
        return http.port();
    }

    /**
     * Blocks until training is over and every active worker has been told so (or the grace period
     * has passed), then shuts down.
     */
    public void awaitCompletion() throws InterruptedException {
        if (!awaitTrainingEnd()) {
            return;
        }
        long deadline = System.nanoTime() + options.stopGrace().toNanos();
        while (!session.allWorkersToldToStop() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        close();
    }

    /**
     * Blocks until training is over, writes the run's final checkpoint, model and summary, and then
     * keeps serving until {@link #close} (from a shutdown hook, say): {@code /status}, {@code /metrics}
     * and the dashboard stay up, the health service says SERVING, and workers that call are told
     * training is over. For platforms that restart a process that exits (a Kubernetes StatefulSet).
     */
    public void awaitCompletionAndStayUp() throws InterruptedException {
        if (!awaitTrainingEnd()) {
            return;
        }
        synchronized (this) {
            if (!closed) {
                GentleShutdown.stop(scheduler, HOUSEKEEPING_GRACE);
                writeFinalOutputs();
                log.info("staying up until stopped (--stay-up): /status, /metrics and the dashboard keep serving, "
                        + "workers are told the run is over");
            }
        }
        grpc.awaitTermination();
    }

    /** Waits until training is over: true, or false if the server was closed first. */
    private boolean awaitTrainingEnd() throws InterruptedException {
        while (!session.awaitFinished(Duration.ofSeconds(1))) {
            if (grpc.isTerminated()) {
                return false;
            }
        }
        return true;
    }

    private void tick() {
        try {
            session.expireLeases(options.lease());
        } catch (RuntimeException e) {
            log.warn("could not check worker leases", e);
        }
        session.recordProgress();
        try {
            folder.appendMetrics(session.status());
        } catch (RuntimeException e) {
            log.warn("could not write metrics", e);
        }
    }

    private void periodicCheckpoint() {
        try {
            checkpointer.write();
        } catch (RuntimeException e) {
            log.error("periodic checkpoint failed", e);
        }
        rewardCurve.refresh();
    }

    private void logProgress() {
        RunState s = session.status();
        log.info("steps {} ({} /s), updates {}, episodes {}, avg100 {}, workers {}", s.envSteps(),
                Math.round(s.stepsPerSecond()), s.updates(), s.episodes(),
                s.avgReturn100() == null ? "-" : String.format("%.1f", s.avgReturn100()), s.activeWorkers());
    }

    /** Stops accepting calls, drains, writes the final checkpoint, model and summary. Idempotent. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        // probes see NOT_SERVING first; workers that call while we drain get UNAVAILABLE, not "stop": they retry,
        // and join a restarted server
        health.enterTerminalState();
        session.drain();
        grpc.shutdown();
        if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
            grpc.shutdownNow();
            grpc.awaitTermination(2, TimeUnit.SECONDS);
        }
        // a periodic checkpoint being written finishes (interrupting it closed its file under it)
        GentleShutdown.stop(scheduler, HOUSEKEEPING_GRACE);
        try {
            writeFinalOutputs();
            // after --stay-up, a push that was in flight when training ended may have reopened episodes.csv
            folder.closeLogs();
        } finally {
            http.close();
            metrics.close();
        }
    }

    /** The final checkpoint, model, metrics row, summary and reward curve; once (the session no longer changes). */
    private void writeFinalOutputs() {
        if (outputsWritten) {
            return;
        }
        outputsWritten = true;
        evaluateFinalModel();
        checkpointer.write();
        checkpointer.writeFinal();
        tick();
        folder.closeLogs();
        RunState summary = session.status().withStopReasonIfMissing("server shut down");
        RunFolder.writeAtomically(folder.summary(), json(summary));
        rewardCurve.draw();
        log.info("run finished: {} env steps, {} updates, {} episodes, avg100 {}, {} -> {}", summary.envSteps(),
                summary.updates(), summary.episodes(), summary.avgReturn100(), session.status().stopReason(),
                folder.root());
    }

    /**
     * Stops evaluating beside training and, when training is over (not on an interrupted run),
     * evaluates the final weights, so that the summary holds the final model's evaluation.
     */
    private void evaluateFinalModel() {
        if (evaluations == null) {
            return;
        }
        try {
            evaluations.close();
            if (session.isFinished()) {
                evaluations.evaluateNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("the final evaluation failed", e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}
