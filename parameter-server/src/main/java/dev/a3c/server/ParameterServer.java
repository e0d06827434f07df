package dev.a3c.server;

import dev.a3c.server.run.Checkpointer;
import dev.a3c.server.training.EpisodeStatistics;
import dev.a3c.server.evaluation.EvaluationRunner;
import dev.a3c.server.evaluation.Evaluations;
import dev.a3c.server.training.GlobalModel;
import dev.a3c.server.grpc.GrpcServerSetup;
import dev.a3c.server.run.HistoryReplay;
import dev.a3c.server.grpc.ParameterServerService;
import dev.a3c.server.validation.RequestLimits;
import dev.a3c.server.run.RewardCurveRefresher;
import dev.a3c.server.run.RunFolder;
import dev.a3c.server.training.RunState;
import dev.a3c.server.grpc.ServerSecurity;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.network.Dl4jUpdaters;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.config.Json;
import dev.a3c.config.TrainingConfig;
import dev.a3c.infra.http.HttpEndpoint;
import dev.a3c.infra.metrics.PrometheusMetrics;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.learning.optim.Optimizer;
import dev.a3c.server.dashboard.Dashboard;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
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

    /**
     * How to run the server.
     *
     * @param config training configuration (ignored when resuming: the checkpoint's is used)
     * @param runDir the run folder
     * @param resume continue from the newest checkpoint in the run folder, if there is one
     * @param bindHost address to listen on
     * @param grpcPort gRPC port, 0 for any free port
     * @param httpPort HTTP port for /metrics and /status, 0 for any free port
     * @param stopGrace how long to keep answering "stop" to workers after training ends
     * @param keepCheckpoints how many periodic checkpoints to keep (the newest valid ones)
     * @param maxMessageBytes the largest gRPC message accepted
     * @param checkpointEveryUpdates also checkpoint each time the weights version reaches a multiple
     *     of this (besides the configuration's time interval); 0 for off
     * @param security TLS, mutual TLS and the shared token for gRPC ({@link ServerSecurity#NONE} for none)
     * @param lease a worker not heard from for this long is counted as gone (its id expires)
     */
    public record Options(TrainingConfig config, Path runDir, boolean resume, String bindHost, int grpcPort,
                          int httpPort, Duration stopGrace, int keepCheckpoints, int maxMessageBytes,
                          long checkpointEveryUpdates, ServerSecurity security, Duration lease) {

        /** The default lease: far longer than a rollout, short enough to notice a dead worker within a minute. */
        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

        public Options {
            Objects.requireNonNull(security, "security (ServerSecurity.NONE for none)");
            if (lease == null || lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("the worker lease must be positive");
            }
            if (grpcPort < 0 || grpcPort > 65535 || httpPort < 0 || httpPort > 65535) {
                throw new IllegalArgumentException("ports must be in [0, 65535]");
            }
            if (keepCheckpoints < 1) {
                throw new IllegalArgumentException("keep at least one checkpoint");
            }
            if (checkpointEveryUpdates < 0) {
                throw new IllegalArgumentException("checkpoint every N updates needs N >= 0 (0 = off), got " + checkpointEveryUpdates);
            }
        }

        /** With the default lease. */
        public Options(TrainingConfig config, Path runDir, boolean resume, String bindHost, int grpcPort,
                       int httpPort, Duration stopGrace, int keepCheckpoints, int maxMessageBytes,
                       long checkpointEveryUpdates, ServerSecurity security) {
            this(config, runDir, resume, bindHost, grpcPort, httpPort, stopGrace, keepCheckpoints, maxMessageBytes,
                    checkpointEveryUpdates, security, DEFAULT_LEASE);
        }

        /** Plaintext gRPC without a token. */
        public Options(TrainingConfig config, Path runDir, boolean resume, String bindHost, int grpcPort,
                       int httpPort, Duration stopGrace, int keepCheckpoints, int maxMessageBytes,
                       long checkpointEveryUpdates) {
            this(config, runDir, resume, bindHost, grpcPort, httpPort, stopGrace, keepCheckpoints, maxMessageBytes,
                    checkpointEveryUpdates, ServerSecurity.NONE);
        }

        /** Without checkpoints by update count (time-based ones only); plaintext gRPC without a token. */
        public Options(TrainingConfig config, Path runDir, boolean resume, String bindHost, int grpcPort,
                       int httpPort, Duration stopGrace, int keepCheckpoints, int maxMessageBytes) {
            this(config, runDir, resume, bindHost, grpcPort, httpPort, stopGrace, keepCheckpoints, maxMessageBytes, 0);
        }

        /** The same options with these security settings. */
        public Options withSecurity(ServerSecurity security) {
            return new Options(config, runDir, resume, bindHost, grpcPort, httpPort, stopGrace, keepCheckpoints,
                    maxMessageBytes, checkpointEveryUpdates, security, lease);
        }

        /** The same options with this worker lease. */
        public Options withLease(Duration value) {
            return new Options(config, runDir, resume, bindHost, grpcPort, httpPort, stopGrace, keepCheckpoints,
                    maxMessageBytes, checkpointEveryUpdates, security, value);
        }
    }

    /**
     * Which checkpoint a resume starts from.
     *
     * @param checkpoint the newest valid checkpoint, if any
     * @param rejected the newer ones that were skipped, newest first, each with its problem
     */
    public record ResumePoint(Optional<Path> checkpoint, List<CheckpointFile.Verification> rejected) {}

    private final Options options;
    private final RunFolder folder;
    private final TrainingSession session;
    private final PrometheusMetrics metrics;
    private final Checkpointer checkpointer;
    private final HealthStatusManager health = new HealthStatusManager();
    private final RewardCurveRefresher rewardCurve;
    private final Server grpc;
    private final HttpEndpoint http;
    /** Null when evaluation is off. */
    private final EvaluationRunner evaluations;
    private final ScheduledExecutorService scheduler;
    private boolean closed;
    private boolean outputsWritten;

    private ParameterServer(Options options, RunFolder folder, TrainingSession session, PrometheusMetrics metrics,
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
        NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(new InetSocketAddress(options.bindHost(),
                        options.grpcPort()))
                .maxInboundMessageSize(options.maxMessageBytes());
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
    public static ParameterServer start(Options options) throws IOException, InterruptedException {
        Optional<SslContext> tls = options.security().sslContext();
        RunFolder folder = new RunFolder(options.runDir());
        PrometheusMetrics metrics = PrometheusMetrics.withJvmMetrics();
        TrainingSession session = createSession(options, folder, metrics.registry());
        RunFolder.writeAtomically(folder.config(), json(session.config()));
        return new ParameterServer(options, folder, session, metrics, tls);
    }

    public static TrainingSession createSession(Options options, RunFolder folder, PrometheusMeterRegistry meters) {
        if (!options.resume()) {
            return newSession(options.config(), meters, folder);
        }
        List<CheckpointFile.Verification> rejected = new ArrayList<>();
        for (Path file : folder.checkpointsNewestFirst()) {
            CheckpointFile.Verification v = CheckpointFile.verify(file);
            CheckpointFile.Contents contents = null;
            if (v.valid()) {
                try {
                    contents = CheckpointFile.read(file);
                } catch (RuntimeException e) {
                    v = new CheckpointFile.Verification(file, "cannot be loaded: " + e, null);
                }
            }
            if (contents == null) {
                log.warn("checkpoint {} is not usable ({}); falling back to an older one", file, v.problem());
                rejected.add(v);
                continue;
            }
            return resume(file, contents, folder, meters);
        }
        if (rejected.isEmpty()) {
            log.info("no checkpoint in {}: starting a new run", folder.checkpoints());
        } else {
            log.warn("no valid checkpoint in {} ({} rejected): starting a new run", folder.checkpoints(), rejected.size());
        }
        return newSession(options.config(), meters, folder);
    }

    /** The checkpoint a resume would start from, without loading any network (for tools and tests). */
    public static ResumePoint resumePoint(RunFolder folder) {
        List<CheckpointFile.Verification> rejected = new ArrayList<>();
        for (Path file : folder.checkpointsNewestFirst()) {
            CheckpointFile.Verification v = CheckpointFile.verify(file);
            if (v.valid()) {
                return new ResumePoint(Optional.of(file), List.copyOf(rejected));
            }
            rejected.add(v);
        }
        return new ResumePoint(Optional.empty(), List.copyOf(rejected));
    }

    private static TrainingSession resume(Path file, CheckpointFile.Contents contents, RunFolder folder,
                                          PrometheusMeterRegistry meters) {
        var state = contents.state();
        TrainingConfig config = state.config();
        ActorCriticNetwork network = ActorCriticNetwork.wrap(config.networkSpec(), contents.graph());
        Optimizer optimizer = Optimizer.create(config.optimizer().kind(), network.parameterCount(), config.optimizer().settings());
        optimizer.restore(contents.optimizerState(), state.optimizerSteps());
        log.info("resuming from {}: version {}, {} env steps, {} episodes", file.getFileName(),
                state.version(), state.envSteps(), state.episodes());
        TrainingSession session = new TrainingSession(config, RequestLimits.of(config),
                new GlobalModel(network, optimizer, state.version()),
                new EpisodeStatistics(state.episodes(), state.recentReturns(), state.bestAverageReturn()),
                new Evaluations(folder.readEvaluations()), state.envSteps(), state.wallSeconds(), meters,
                Clock.systemUTC(), folder::appendEpisode);
        HistoryReplay.replay(folder, state.envSteps(), session.history());
        folder.readEvaluations().forEach(session.history()::evaluation);
        return session;
    }

    public static TrainingSession newSession(TrainingConfig config, io.micrometer.core.instrument.MeterRegistry meters, RunFolder folder) {
        return newSession(config, RequestLimits.of(config), meters, folder == null ? e -> { } : folder::appendEpisode);
    }

    /** A new session with these limits on requests, logging finished episodes to {@code episodeLog}. */
    public static TrainingSession newSession(TrainingConfig config, RequestLimits limits,
                                      io.micrometer.core.instrument.MeterRegistry meters,
                                      java.util.function.Consumer<TrainingSession.EpisodeRecord> episodeLog) {
        ActorCriticNetwork network = ActorCriticNetwork.create(config.networkSpec(), config.schedule().seed(), DataType.FLOAT,
                Dl4jUpdaters.of(config.optimizer()),
                config.policy().initialLogStd());
        Optimizer optimizer = Optimizer.create(config.optimizer().kind(), network.parameterCount(), config.optimizer().settings());
        return new TrainingSession(config, limits, new GlobalModel(network, optimizer, 0), new EpisodeStatistics(),
                new Evaluations(), 0, 0, meters, Clock.systemUTC(), episodeLog);
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
                scheduler.shutdownNow();
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
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
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
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
