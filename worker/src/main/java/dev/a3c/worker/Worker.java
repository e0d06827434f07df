package dev.a3c.worker;


import dev.a3c.config.NetworkSpec;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Environments;
import dev.a3c.network.NativeKernels;
import dev.a3c.network.PlainNetwork;
import dev.a3c.worker.client.IncompatibleServerException;
import dev.a3c.worker.client.ParameterServerClient;
import dev.a3c.worker.client.ServerException;
import dev.a3c.worker.telemetry.WorkerMetrics;
import dev.a3c.worker.telemetry.WorkerProgress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
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
     * The longest wait between attempts of the first registration: {@code a3c train} starts the workers with the
     * server, so the first attempts usually come before it listens, and it will listen within seconds.
     */
    static final Duration FIRST_JOIN_BACKOFF = Duration.ofMillis(200);

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

    private final ParameterServerClient client;
    private final Identity identity;
    private final Retry retry;
    private final Retry firstJoin;
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
        this.retry = new Retry(retryBudget, Retry.LONGEST_BACKOFF, client::reconnectNow);
        this.firstJoin = new Retry(retryBudget, FIRST_JOIN_BACKOFF, client::reconnectNow);
        this.metrics = new WorkerMetrics(meters);
    }

    /** Asks the loop to stop after the current rollout. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * The worker: joins, then plays a rollout and pushes its gradient until the server says the run is over (or
     * a stop is requested). The push of one rollout travels while the next is played.
     */
    public Summary run() throws InterruptedException {
        NativeKernels.loadInBackground();
        Joined joined = join();
        ParameterServerClient.Registration reg = joined.registration();
        if (joined.weights().stop()) {
            // nothing to build or play: a run that ended before this worker joined
            deregister(reg.workerId());
            log.info("worker {} stopped: {} before it started", reg.workerId(), OVER);
            return new Summary(reg.workerId(), 0, 0, 0, OVER);
        }
        log.info("registered as worker {} (rank {}): {} x{} envs, rollout {}, network {} ({})", reg.workerId(), reg.rank(),
                reg.config().id(), reg.config().algorithm().envsPerWorker(), reg.config().algorithm().rolloutSteps(),
                reg.fingerprint(), reg.network().describe());
        log.info("{}; {}", NativeKernels.describe(), PlainNetwork.describeKernels());
        LocalLearner learner = new LocalLearner(reg, joined.weights());
        try {
            metrics.weightsVersion(learner.version());
            PushPipeline pushes = new PushPipeline(client, metrics, retry);
            WorkerProgress progress = new WorkerProgress(reg.workerId(), 10_000_000_000L);
            long sequence = 0;
            String stopReason = null;
            while (stopReason == null) {
                ParameterServerClient.Weights fresh = pushes.takeWeights();
                if (stopRequested || (fresh != null && fresh.stop())) {
                    stopReason = stopRequested ? "stop requested" : OVER;
                    break;
                }
                if (fresh != null && learner.adopt(fresh)) {
                    metrics.weightsVersion(learner.version());
                }
                PushPipeline.Push next = learn(learner, reg.workerId(), ++sequence, progress);
                if (pushes.inFlight()) {
                    long waitStart = System.nanoTime();
                    try {
                        ParameterServerClient.PushAck ack = pushes.await();
                        metrics.waited(System.nanoTime() - waitStart);
                        progress.waited(System.nanoTime() - waitStart);
                        progress.acknowledged(ack, pushes.pending().envSteps(), pushes.pending().episodes().size());
                        if (ack.stop()) {
                            stopReason = OVER;
                            break;
                        }
                    } catch (ServerException.StalePush e) {
                        // refused as computed on weights too old: dropped; the next rollout takes the newest weights
                        log.debug("push {} dropped: {}", pushes.pending().sequence(), e.getMessage());
                        progress.dropped();
                        int id = reg.workerId();
                        long since = learner.version();
                        pushes.offerWeights(retry.call("pull", () -> pull(id, since)));
                    } catch (ServerException.UnknownWorker e) {
                        // the server restarted: join it again with its weights; gradients computed on the old ones are dropped
                        log.warn("the server no longer knows worker {} ({}): registering again", reg.workerId(), e.getMessage());
                        reg = registerAgain(reg);
                        int id = reg.workerId();
                        ParameterServerClient.Weights weights = retry.call("pull", () -> pull(id, -1));
                        learner.restart(weights);
                        metrics.weightsVersion(learner.version());
                        sequence = 0;
                        pushes.reset();
                        progress.rejoined(id);
                        if (weights.stop()) {
                            stopReason = OVER;
                            break;
                        }
                        continue;
                    }
                }
                pushes.send(next);
                progress.maybeLog();
            }
            PushPipeline.Push last = pushes.pending();
            pushes.finish(Duration.ofSeconds(5)).ifPresent(ack -> progress.acknowledged(ack, last.envSteps(), last.episodes().size()));
            deregister(reg.workerId());
            Summary summary = progress.summary(stopReason);
            log.info("worker {} stopped: {} ({} pushes, {} env steps, {} episodes)", reg.workerId(), stopReason,
                    summary.pushes(), summary.envSteps(), summary.episodes());
            return summary;
        } finally {
            learner.close();
        }
    }

    /** A registration and the weights it starts from. */
    private record Joined(ParameterServerClient.Registration registration, ParameterServerClient.Weights weights) {}

    /**
     * Registers and pulls the first weights (before building the network: DL4J's first use in this JVM can outlast
     * a short lease), registering again if the server forgot this worker before that pull.
     */
    private Joined join() throws InterruptedException {
        ParameterServerClient.Registration reg = register(firstJoin);
        checkCompatible(reg);
        for (int attempt = 1; ; attempt++) {
            int id = reg.workerId();
            try {
                return new Joined(reg, retry.call("pull", () -> pull(id, -1)));
            } catch (ServerException.UnknownWorker e) {
                if (attempt >= MAX_REGISTRATIONS) {
                    throw e;
                }
                log.warn("the server no longer knows worker {} ({}): registering again", id, e.getMessage());
                reg = registerAgain(reg);
            }
        }
    }

    /** One rollout and its gradient, timed and counted, as the push to send. */
    private PushPipeline.Push learn(LocalLearner learner, int workerId, long sequence, WorkerProgress progress) {
        LocalLearner.Step step = learner.step(sequence);
        progress.acted(step.actNanos());
        progress.learned(step.learnNanos(), step.result());
        metrics.played(step.envSteps(), step.actNanos());
        metrics.learned(step.learnNanos());
        metrics.episodesFinished(step.episodes());
        return new PushPipeline.Push(workerId, sequence, step.baseVersion(), step.gradient(), step.envSteps(),
                step.episodes(), step.observations(), learner.precision());
    }

    private void deregister(int workerId) {
        try {
            client.deregister(workerId);
        } catch (ServerException e) {
            log.debug("deregister failed: {}", e.getMessage());
        }
    }

    private ParameterServerClient.Registration register(Retry policy) throws InterruptedException {
        return policy.call("register",
                () -> client.register(identity.host(), identity.pid(), identity.cores(), identity.programVersion()));
    }

    /** Registers with a restarted server, which must run the same job. */
    private ParameterServerClient.Registration registerAgain(ParameterServerClient.Registration old)
            throws InterruptedException {
        ParameterServerClient.Registration reg = register(retry);
        checkCompatible(reg);
        if (!reg.fingerprint().equals(old.fingerprint()) || !reg.config().equals(old.config())) {
            throw new IncompatibleServerException("the restarted server runs another job (network " + reg.fingerprint()
                    + ", " + reg.config().id() + "); this worker ran " + old.fingerprint() + ", " + old.config().id());
        }
        log.info("registered again as worker {} (rank {})", reg.workerId(), reg.rank());
        return reg;
    }

    /** A blocking pull, timed. */
    private ParameterServerClient.Weights pull(int workerId, long sinceVersion) {
        long start = System.nanoTime();
        ParameterServerClient.Weights weights = client.pull(workerId, sinceVersion);
        metrics.pulled(System.nanoTime() - start);
        return weights;
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
            env = reg.config().environment().spec();
        } catch (IllegalArgumentException e) {
            throw new IncompatibleServerException("this worker cannot run the server's environment: " + e.getMessage());
        }
        boolean actionsFit = env.actionSpace() instanceof dev.a3c.env.ActionSpace.Box box
                ? spec.head().isGaussian() && spec.head().size() == box.size()
                : !spec.head().isGaussian() && spec.head().size() == env.actionCount();
        if (!env.observationShape().equals(spec.observationShape()) || !actionsFit) {
            throw new IncompatibleServerException("network " + spec.describe() + " does not fit environment " + env);
        }
    }
}
