package dev.a3c.worker;

import dev.a3c.common.config.AlgorithmConfig;
import dev.a3c.common.config.EnvironmentConfig;

import dev.a3c.common.codec.TensorCodec;
import dev.a3c.common.env.EnvironmentSpec;
import dev.a3c.common.env.Environments;
import dev.a3c.common.nn.ActorCriticNetwork;
import dev.a3c.common.nn.PolicyInference;
import dev.a3c.common.rl.ActionDistribution;
import dev.a3c.common.nn.NetworkSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An A3C worker: registers, then repeats { play a rollout with the local network, compute the
 * gradient, push it } until the server says stop. Pushing and pulling the new weights run in the
 * background while the next rollout is played; at most one push is in flight.
 */
public final class Worker {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    public static final String OVER = "server says training is over";
    /** How often a worker registers again when the server forgets it before its first pull. */
    static final int MAX_REGISTRATIONS = 5;

    /**
     * Who this worker is, as told to the server, in the form the server admits: a host name of at most
     * 253 characters of {@code [A-Za-z0-9._:%-]} and a program version of at most 64 of
     * {@code [A-Za-z0-9._+-]} (other characters become {@code -}), at least one core.
     */
    public record Identity(String host, long pid, int cores, String programVersion) {
        public Identity {
            host = admissible(host, "[^A-Za-z0-9._:%-]", 253);
            programVersion = admissible(programVersion, "[^A-Za-z0-9._+-]", 64);
            cores = Math.max(1, cores);
        }

        private static String admissible(String text, String disallowed, int maxLength) {
            String cleaned = text == null ? "" : text.replaceAll(disallowed, "-");
            cleaned = cleaned.substring(0, Math.min(cleaned.length(), maxLength));
            return cleaned.isEmpty() ? "unknown" : cleaned;
        }
    }

    /** What a worker did. */
    public record Summary(int workerId, long pushes, long envSteps, long episodes, String stopReason) {

        /** Whether the worker stopped because the server's run is over (not by request). */
        public boolean runOver() {
            return OVER.equals(stopReason);
        }
    }

    /** The server's configuration cannot be run by this worker. */
    public static final class IncompatibleServerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IncompatibleServerException(String message) {
            super(message);
        }
    }

    private record PendingPush(int workerId, long sequence, long baseVersion, byte[] gradient, long envSteps,
                               List<VectorEnv.Episode> episodes) {}

    private final ParameterServerClient client;
    private final Identity identity;
    private final Duration retryBudget;
    private final WorkerMetrics metrics;
    private volatile boolean stopRequested;

    /** A worker whose metrics go to a registry of its own. */
    public Worker(ParameterServerClient client, Identity identity, Duration retryBudget) {
        this(client, identity, retryBudget, new SimpleMeterRegistry());
    }

    /** A worker that records its metrics ({@link WorkerMetrics}) into {@code meters}. */
    public Worker(ParameterServerClient client, Identity identity, Duration retryBudget, MeterRegistry meters) {
        this.client = client;
        this.identity = identity;
        this.retryBudget = retryBudget;
        this.metrics = new WorkerMetrics(meters);
    }

    /** Asks the loop to stop after the current rollout. */
    public void requestStop() {
        stopRequested = true;
    }

    public Summary run() throws InterruptedException {
        ParameterServerClient.Registration reg = register();
        checkCompatible(reg);
        // the weights first: building the network (DL4J's first use in this JVM) can outlast a short lease
        ParameterServerClient.Weights initial = null;
        for (int attempt = 1; initial == null; attempt++) {
            int id = reg.workerId();
            try {
                initial = retrying("pull", () -> pull(id, -1));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND || attempt >= MAX_REGISTRATIONS) {
                    throw e;
                }
                log.warn("the server no longer knows worker {} ({}): registering again", id, e.getStatus().getDescription());
                reg = registerAgain(reg);
            }
        }
        if (initial.stop()) {
            // nothing to build or play: a run that ended before this worker joined
            deregister(reg.workerId());
            log.info("worker {} stopped: {} before it started", reg.workerId(), OVER);
            return new Summary(reg.workerId(), 0, 0, 0, OVER);
        }
        EnvironmentConfig environment = reg.config().environment();
        AlgorithmConfig algorithm = reg.config().algorithm();
        log.info("registered as worker {} (rank {}): {} x{} envs, rollout {}, network {} ({})", reg.workerId(), reg.rank(),
                environment.id(), algorithm.envsPerWorker(), algorithm.rolloutSteps(), reg.fingerprint(),
                reg.network().describe());

        SplittableRandom seeds = new SplittableRandom(reg.config().schedule().seed() + reg.rank());
        ActorCriticNetwork network = ActorCriticNetwork.create(reg.network(), seeds.nextLong());
        FloatBuffer parameters = network.parameters();
        load(parameters, initial);
        long localVersion = initial.version();
        metrics.weightsVersion(localVersion);

        VectorEnv envs = new VectorEnv(environment::make, algorithm.envsPerWorker(), seeds.split());
        PolicyInference policy = PolicyInference.of(network);
        ActionDistribution distribution = ActionDistribution.of(reg.network().head());
        RolloutCollector collector = new RolloutCollector(envs, policy, distribution, reg.network().lstmSize(),
                seeds.split(), environment::shapeReward);
        GradientComputer gradients = new GradientComputer(network, algorithm);
        Rollout rollout = new Rollout(algorithm.rolloutSteps(), algorithm.envsPerWorker(), envs.observationSize(),
                distribution.actionWidth());
        byte[][] buffers = {new byte[network.parameterCount() * Float.BYTES], new byte[network.parameterCount() * Float.BYTES]};
        AtomicReference<ParameterServerClient.Weights> pulled = new AtomicReference<>();

        WorkerProgress progress = new WorkerProgress(reg.workerId(), 10_000_000_000L);
        long sequence = 0;
        PendingPush pending = null;
        CompletableFuture<ParameterServerClient.PushAck> inFlight = null;
        String stopReason = null;

        while (stopReason == null) {
            if (stopRequested) {
                stopReason = "stop requested";
                break;
            }
            ParameterServerClient.Weights fresh = pulled.getAndSet(null);
            if (fresh != null) {
                if (fresh.stop()) {
                    stopReason = OVER;
                    break;
                }
                if (fresh.weights() != null && fresh.version() > localVersion) {
                    load(parameters, fresh);
                    policy.refresh();
                    localVersion = fresh.version();
                    metrics.weightsVersion(localVersion);
                }
            }

            long t0 = System.nanoTime();
            collector.collect(rollout);
            long t1 = System.nanoTime();
            GradientComputer.Result learned = gradients.compute(rollout);
            sequence++;
            byte[] buffer = buffers[(int) (sequence & 1)];
            TensorCodec.encodeInto(network.gradient(), buffer);
            long t2 = System.nanoTime();
            progress.acted(t1 - t0);
            progress.learned(t2 - t1, learned);
            List<VectorEnv.Episode> finished = envs.drainFinishedEpisodes();
            metrics.played(rollout.transitions(), t1 - t0);
            metrics.learned(t2 - t1);
            metrics.episodesFinished(finished);
            PendingPush next = new PendingPush(reg.workerId(), sequence, localVersion, buffer, rollout.transitions(),
                    finished);

            if (inFlight != null) {
                long waitStart = System.nanoTime();
                ParameterServerClient.PushAck ack;
                try {
                    ack = await(inFlight, pending, pulled);
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                        // the server refused the gradient (computed on weights too old): drop it and take the
                        // newest weights for the next rollout
                        log.debug("push {} dropped: {}", pending.sequence(), e.getStatus().getDescription());
                        progress.dropped();
                        int id = reg.workerId();
                        long since = localVersion;
                        pulled.set(retrying("pull", () -> pull(id, since)));
                        pending = next;
                        inFlight = pushThenPull(pending, pulled);
                        progress.maybeLog();
                        continue;
                    }
                    if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                        throw e;
                    }
                    // The server does not know us: it restarted. Join it again with its weights; the gradients
                    // computed on the old ones are dropped.
                    log.warn("the server no longer knows worker {} ({}): registering again", reg.workerId(),
                            e.getStatus().getDescription());
                    reg = registerAgain(reg);
                    int id = reg.workerId();
                    ParameterServerClient.Weights weights = retrying("pull", () -> pull(id, -1));
                    load(parameters, weights);
                    policy.refresh();
                    collector.resetState();
                    localVersion = weights.version();
                    metrics.weightsVersion(localVersion);
                    sequence = 0;
                    inFlight = null;
                    pending = null;
                    pulled.set(null);
                    progress.rejoined(id);
                    if (weights.stop()) {
                        stopReason = OVER;
                        break;
                    }
                    continue;
                }
                inFlight = null;
                long waited = System.nanoTime() - waitStart;
                progress.waited(waited);
                metrics.waited(waited);
                progress.acknowledged(ack, pending.envSteps(), pending.episodes().size());
                if (ack.stop()) {
                    stopReason = OVER;
                    break;
                }
            }
            pending = next;
            inFlight = pushThenPull(pending, pulled);
            progress.maybeLog();
        }
        if (inFlight != null) {
            // The last push is not counted yet: the loop stopped on request, or because a pull said training is over.
            // It is not retried: a worker asked to stop leaves promptly.
            try {
                ParameterServerClient.PushAck ack = inFlight.get(5, TimeUnit.SECONDS);
                progress.acknowledged(ack, pending.envSteps(), pending.episodes().size());
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.debug("last push not confirmed", e);
            }
        }
        deregister(reg.workerId());
        Summary summary = progress.summary(stopReason);
        log.info("worker {} stopped: {} ({} pushes, {} env steps, {} episodes)", reg.workerId(), stopReason,
                summary.pushes(), summary.envSteps(), summary.episodes());
        return summary;
    }

    private void deregister(int workerId) {
        try {
            client.deregister(workerId);
        } catch (StatusRuntimeException e) {
            log.debug("deregister failed: {}", e.getStatus());
        }
    }

    private ParameterServerClient.Registration register() throws InterruptedException {
        return retrying("register",
                () -> client.register(identity.host(), identity.pid(), identity.cores(), identity.programVersion()));
    }

    /** Registers with a restarted server, which must run the same job. */
    private ParameterServerClient.Registration registerAgain(ParameterServerClient.Registration old)
            throws InterruptedException {
        ParameterServerClient.Registration reg = register();
        checkCompatible(reg);
        if (!reg.fingerprint().equals(old.fingerprint()) || !reg.config().equals(old.config())) {
            throw new IncompatibleServerException("the restarted server runs another job (network " + reg.fingerprint()
                    + ", " + reg.config().id() + "); this worker ran " + old.fingerprint() + ", " + old.config().id());
        }
        log.info("registered again as worker {} (rank {})", reg.workerId(), reg.rank());
        return reg;
    }

    private CompletableFuture<ParameterServerClient.PushAck> pushThenPull(
            PendingPush push, AtomicReference<ParameterServerClient.Weights> pulled) {
        long pushStart = System.nanoTime();
        return client.pushAsync(push.workerId(), push.sequence(), push.baseVersion(), push.gradient(), push.envSteps(),
                        push.episodes())
                .whenComplete((ack, error) -> {
                    if (error == null) {
                        metrics.pushAnswered(ack, System.nanoTime() - pushStart);
                    } else {
                        metrics.pushRefused(WorkerMetrics.reason(Status.fromThrowable(error).getCode().name()));
                    }
                })
                .thenCompose(ack -> {
                    if (ack.stop()) {
                        return CompletableFuture.completedFuture(ack);
                    }
                    long pullStart = System.nanoTime();
                    return client.pullAsync(push.workerId(), push.baseVersion()).thenApply(weights -> {
                        metrics.pulled(System.nanoTime() - pullStart);
                        pulled.set(weights);
                        return ack;
                    });
                });
    }

    /** A blocking pull, timed. */
    private ParameterServerClient.Weights pull(int workerId, long sinceVersion) {
        long start = System.nanoTime();
        ParameterServerClient.Weights weights = client.pull(workerId, sinceVersion);
        metrics.pulled(System.nanoTime() - start);
        return weights;
    }

    /** Waits for a push (and its pull); on a transient failure re-sends the same push, then pulls. */
    private ParameterServerClient.PushAck await(CompletableFuture<ParameterServerClient.PushAck> future,
                                               PendingPush push, AtomicReference<ParameterServerClient.Weights> pulled)
            throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (!isTransient(e.getCause())) {
                throw asRuntime(e.getCause());
            }
            log.warn("push {} failed ({}), retrying", push.sequence(), describe(e.getCause()));
            return retrying("push", () -> {
                try {
                    return pushThenPull(push, pulled).get();
                } catch (ExecutionException inner) {
                    throw asRuntime(inner.getCause());
                } catch (InterruptedException inner) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(inner);
                }
            });
        }
    }

    private void checkCompatible(ParameterServerClient.Registration reg) {
        NetworkSpec spec = reg.network();
        if (!spec.fingerprint().equals(reg.fingerprint()) || spec.parameterCount() != reg.parameterCount()) {
            throw new IncompatibleServerException("the server's network (" + reg.fingerprint() + ", "
                    + reg.parameterCount() + " parameters) differs from the one this worker builds from its definition ("
                    + spec.fingerprint() + ", " + spec.parameterCount() + "): different program versions?");
        }
        EnvironmentSpec env;
        try {
            env = Environments.spec(reg.config().id());
        } catch (IllegalArgumentException e) {
            throw new IncompatibleServerException("this worker cannot run the server's environment: " + e.getMessage());
        }
        boolean actionsFit = env.actionSpace() instanceof dev.a3c.common.env.ActionSpace.Box box
                ? spec.head().isGaussian() && spec.head().size() == box.size()
                : !spec.head().isGaussian() && spec.head().size() == env.actionCount();
        if (!env.observationShape().equals(spec.observationShape()) || !actionsFit) {
            throw new IncompatibleServerException("network " + spec.describe() + " does not fit environment " + env);
        }
    }

    private static void load(FloatBuffer parameters, ParameterServerClient.Weights weights) {
        if (weights.weights() == null) {
            return;
        }
        FloatBuffer incoming = TensorCodec.decode(weights.weights(), parameters.limit());
        parameters.clear();
        parameters.put(incoming);
        parameters.clear();
    }

    private <T> T retrying(String what, java.util.function.Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        long backoffMillis = 100;
        SplittableRandom jitter = new SplittableRandom();
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!isTransient(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("{} failed ({}), retrying in {} ms", what, describe(e), backoffMillis);
                Thread.sleep(backoffMillis / 2 + jitter.nextLong(backoffMillis / 2 + 1));
                backoffMillis = Math.min(5_000, backoffMillis * 2);
            }
        }
    }

    private static boolean isTransient(Throwable t) {
        Status.Code code = Status.fromThrowable(t).getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }

    private static String describe(Throwable t) {
        Status status = Status.fromThrowable(t);
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
