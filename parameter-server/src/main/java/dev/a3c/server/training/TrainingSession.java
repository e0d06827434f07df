package dev.a3c.server.training;

import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.LinearSchedule;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.server.evaluation.Evaluation;
import dev.a3c.server.evaluation.Evaluations;
import dev.a3c.server.validation.ClientText;
import dev.a3c.server.validation.RequestLimits;
import dev.a3c.server.validation.RequestRefusedException;
import dev.a3c.server.validation.RequestValidator;
import dev.a3c.wire.Refusal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parameter server's logic, free of any transport: registers workers, serves weights, applies
 * gradients exactly once per (worker, sequence), counts steps and episodes, and decides when
 * training is over.
 */
public final class TrainingSession {

    private static final Logger log = LoggerFactory.getLogger(TrainingSession.class);

    /** What a worker receives when it registers; {@code key} goes with every later call of the worker. */
    public record Registration(int workerId, int rank, TrainingConfig config, long version, byte[] key) {}

    /**
     * Weights newer than the caller's, or {@code weights == null} when it already has the newest; with weights, in a
     * run that standardizes observations, the moments that go with them ({@code moments}, else null).
     */
    public record PullResult(long version, byte[] weights, boolean stop, ObservationMoments moments) {}

    /** A finished episode, as reported by a worker. */
    public record EpisodeResult(double episodeReturn, int length) {}

    /**
     * One gradient push; {@code gradient} holds little-endian float32 values; {@code observations}, the moments of the
     * rollout's observations as the worker reports them (not yet checked), or null when it reports none.
     */
    public record Push(int workerId, byte[] key, long sequence, long baseVersion, ByteBuffer gradient, long envSteps,
                       List<EpisodeResult> episodes, ReportedMoments observations) {

        /** A push without observation moments. */
        public Push(int workerId, byte[] key, long sequence, long baseVersion, ByteBuffer gradient, long envSteps,
                    List<EpisodeResult> episodes) {
            this(workerId, key, sequence, baseVersion, gradient, envSteps, episodes, null);
        }
    }

    /** Observation moments as a worker reports them: any numbers, until {@link RequestValidator} has checked them. */
    public record ReportedMoments(long count, double[] mean, double[] m2) {}

    /**
     * The answer to a push: {@code applied} when this call changed the weights; {@code duplicate} when
     * an earlier call with the same sequence did.
     */
    public record PushResult(long version, long staleness, boolean stop, boolean duplicate, boolean applied) {}

    /** One line of the episode log. */
    public record EpisodeRecord(long index, long envSteps, double wallSeconds, int workerId, double episodeReturn,
                                int length) {}

    private final TrainingConfig config;
    private final GlobalModel model;
    private final EpisodeStatistics episodes;
    private final Evaluations evaluations;
    private final WorkerRegistry workers;
    private final RequestValidator validator;
    private final TrainingHistory history = new TrainingHistory();
    private final LinearSchedule learningRate;
    private final Clock clock;
    private final long startNanos;
    private final double wallSecondsBefore;
    private final long envStepsAtStart;
    private final AtomicLong envSteps;
    private final Object pushLock = new Object();
    private final CountDownLatch finishedLatch = new CountDownLatch(1);
    private final Consumer<EpisodeRecord> episodeLog;
    private volatile String stopReason;
    /** {@link System#nanoTime()} when training finished; 0 before. */
    private volatile long finishedNanos;
    /** An evaluation of at least 100 episodes reached the target and ended training (with {@code --stop-on eval}). */
    private volatile boolean evaluationEndedTraining;
    private volatile boolean draining;
    private final List<LongConsumer> updateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final SessionMetrics metrics;
    private final StopRule stopRule;
    private final MeterRegistry meters;

    public TrainingSession(TrainingConfig config, GlobalModel model, EpisodeStatistics episodes, long envSteps,
                    double wallSecondsBefore, MeterRegistry meters, Clock clock, Consumer<EpisodeRecord> episodeLog) {
        this(config, RequestLimits.of(config), model, episodes, new Evaluations(), envSteps, wallSecondsBefore, meters,
                clock, episodeLog);
    }

    public TrainingSession(TrainingConfig config, RequestLimits limits, GlobalModel model, EpisodeStatistics episodes,
                    Evaluations evaluations, long envSteps, double wallSecondsBefore, MeterRegistry meters, Clock clock,
                    Consumer<EpisodeRecord> episodeLog) {
        this.config = config;
        this.model = model;
        this.episodes = episodes;
        this.evaluations = evaluations;
        this.workers = new WorkerRegistry(clock, WorkerRegistry.randomFirstId(), limits.maxWorkers(),
                limits.maxInactiveWorkers(), limits.inactiveRetention());
        this.validator = new RequestValidator(limits, model.parameterCount());
        this.learningRate = config.learningRateSchedule();
        this.clock = clock;
        this.startNanos = System.nanoTime();
        this.wallSecondsBefore = wallSecondsBefore;
        this.envStepsAtStart = envSteps;
        this.envSteps = new AtomicLong(envSteps);
        this.episodeLog = episodeLog;
        this.meters = meters;
        this.metrics = new SessionMetrics(meters, workers, model, episodes, evaluations);
        Gauge.builder("a3c.run.finished", this, s -> s.isFinished() ? 1 : 0)
                .description("1 once the run has met its stop condition (its target or its step budget)")
                .register(meters);
        this.stopRule = new StopRule(config.schedule(), config.evaluation());
        checkFinished();
    }

    /**
     * Adds what to call, with the new version, after each applied update (outside the push lock, on
     * the pushing thread; keep it short).
     */
    public void onUpdate(LongConsumer listener) {
        updateListeners.add(listener);
    }

    public TrainingConfig config() {
        return config;
    }

    public int parameterCount() {
        return model.parameterCount();
    }

    /** What this session accepts from workers. */
    public RequestLimits limits() {
        return validator.limits();
    }

    /**
     * Registers a worker.
     *
     * @throws RequestRefusedException for a field no honest worker sends, when the registry is full, or while
     *                                 draining; nothing changes
     */
    public Registration register(String host, long pid, int cores, String programVersion) {
        requireServing();
        validator.checkRegistration(host, pid, cores, programVersion);
        WorkerRegistry.Worker worker = workers.register(host, pid, cores, programVersion, model.version());
        log.info("worker {} (rank {}) registered: host={} pid={} cores={} version={}", worker.id, worker.rank,
                ClientText.quote(host), pid, cores, ClientText.quote(programVersion));
        return new Registration(worker.id, worker.rank, config, worker.registeredVersion, worker.key.clone());
    }

    /**
     * Counts the workers not heard from within {@code lease} as gone (a worker killed without a
     * chance to deregister); their ids no longer work, so a worker that was only cut off registers
     * again.
     */
    public List<Integer> expireLeases(Duration lease) {
        List<WorkerRegistry.Worker> expired = workers.expire(lease);
        for (WorkerRegistry.Worker w : expired) {
            metrics.expired(1);
            log.warn("worker {} (host {}, pid {}) missed its lease of {} s (last seen {}): counted as gone after {} pushes",
                    w.id, ClientText.quote(w.host), w.pid, lease.toSeconds(), w.lastSeen, w.pushes);
        }
        return expired.stream().map(w -> w.id).toList();
    }

    /**
     * Checks that a worker with this id is registered and that the key is its own; changes nothing.
     *
     * @throws RequestRefusedException {@link Refusal#UNKNOWN_WORKER} or {@link Refusal#WORKER_KEY}
     */
    public void checkWorker(int workerId, byte[] key) {
        workers.find(workerId, key);
    }

    /**
     * Who sends push {@code sequence}: a registered worker with its key, or an expired one retrying a push the server
     * applied (see {@link #push}).
     *
     * @throws RequestRefusedException for an unknown worker or a wrong key
     */
    public void checkPusher(int workerId, byte[] key, long sequence) {
        if (!workers.appliedBeforeItExpired(workerId, key, sequence)) {
            workers.find(workerId, key);
        }
    }

    /**
     * The weights a push's answer carries: what a pull since the push's base version returns, and for an expired
     * worker's retry of an applied push (answered as a duplicate) the newest weights all the same, so that the worker
     * counts that push as applied and learns on its next call that it must register again.
     */
    public PullResult weightsAfter(Push push) {
        if (workers.appliedBeforeItExpired(push.workerId(), push.key(), push.sequence())) {
            GlobalModel.Snapshot snapshot = model.snapshot();
            return new PullResult(snapshot.version(), snapshot.weights(), isFinished(), snapshot.moments());
        }
        return pull(push.workerId(), push.key(), push.baseVersion());
    }

    public void deregister(int workerId, byte[] key) {
        WorkerRegistry.Worker worker = workers.find(workerId, key);
        workers.deregister(workerId);
        log.info("worker {} left ({} pushes, {} env steps)", worker.id, worker.pushes, worker.envSteps);
    }

    /**
     * The weights, unless the worker holds the newest.
     *
     * @throws RequestRefusedException for an unknown worker, a wrong key, a version it cannot hold, or while
     *                                 draining; nothing changes
     */
    public PullResult pull(int workerId, byte[] key, long sinceVersion) {
        requireServing();
        WorkerRegistry.Worker worker = workers.find(workerId, key);
        validator.checkPull(worker, sinceVersion, model.version());
        workers.seen(worker);
        boolean stop = isFinished();
        if (stop) {
            worker.toldToStop = true;
        }
        GlobalModel.Snapshot snapshot = model.snapshot();
        return snapshot.version() == sinceVersion
                ? new PullResult(snapshot.version(), null, stop, null)
                : new PullResult(snapshot.version(), snapshot.weights(), stop, snapshot.moments());
    }

    /**
     * Validates and applies one gradient.
     *
     * @throws RequestRefusedException for anything an honest worker could not send ({@link RequestValidator}), an
     *                                 unknown worker or a wrong key, a gradient beyond the staleness limit, or while
     *                                 draining; nothing changes (a stale push is recorded in the staleness metrics)
     */
    public PushResult push(Push push) {
        long start = System.nanoTime();
        requireServing();
        if (workers.appliedBeforeItExpired(push.workerId(), push.key(), push.sequence())) {
            // applied, its answer lost, the worker expired since: it hears "duplicate" now, and on its next call that
            // it must register again, so that what it counts as applied stays true
            return new PushResult(model.version(), 0, isFinished(), true, false);
        }
        WorkerRegistry.Worker worker = workers.find(push.workerId(), push.key());
        FloatBuffer gradient = validator.checkPushContent(push);
        ObservationMoments observed = validator.checkObservationMoments(push,
                model.standardizes() ? model.observationSize() : 0);
        long version;
        long stale;
        boolean stop;
        List<EpisodeRecord> finished;
        // the update, its steps and its episodes change together, so a checkpoint (taken under the
        // same lock) never holds a version without the steps and episodes that came with it; the end
        // of training is decided under the lock too, so no update is applied after the one that ends it
        synchronized (pushLock) {
            validator.checkPushAgainst(worker, push, model.version());
            workers.seen(worker);
            if (push.sequence() <= worker.lastSequence) {
                return new PushResult(model.version(), 0, isFinished(), true, false);
            }
            if (isFinished()) {
                worker.toldToStop = true;
                return new PushResult(model.version(), 0, true, false, false);
            }
            stale = model.version() - push.baseVersion();
            double weight = stalenessWeight(stale);
            worker.lastStaleness = stale;
            worker.highestSequence = push.sequence();
            if (weight == 0) {
                metrics.refusedStale(stale);
                history.push(stale);
                throw RequestValidator.refuse(Refusal.STALE, "stale gradient: computed on weights " + stale
                        + " versions old, the limit is " + config.algorithm().maxStaleness() + "; dropped");
            }
            if (weight < 1) {
                metrics.downweighted();
            }
            version = model.apply(gradient, weight * learningRate.at(envSteps.get()), observed);
            worker.lastSequence = push.sequence();
            worker.lastBaseVersion = push.baseVersion();
            worker.pushes++;
            worker.lastPush = clock.instant();
            worker.envSteps += push.envSteps();
            long stepsNow = envSteps.addAndGet(push.envSteps());
            finished = recordEpisodes(worker.id, push.episodes(), stepsNow);
            checkFinished();
            stop = isFinished();
        }
        history.push(stale);
        for (EpisodeRecord record : finished) {
            metrics.episode(record.episodeReturn(), record.length());
            episodeLog.accept(record);
        }
        if (stop) {
            worker.toldToStop = true;
        }
        metrics.applied(push.envSteps(), stale, System.nanoTime() - start);
        for (LongConsumer listener : updateListeners) {
            listener.accept(version);
        }
        return new PushResult(version, stale, stop, false, true);
    }

    /**
     * The factor on the step size of a push this stale: 1 within the limit; beyond it 0 (reject) or
     * {@code maxStaleness / staleness} (down-weight).
     */
    double stalenessWeight(long stale) {
        int max = config.algorithm().maxStaleness();
        if (max == 0 || stale <= max) {
            return 1;
        }
        return config.algorithm().downweightStale() ? (double) max / stale : 0;
    }

    /** Adds a push's episodes to the statistics; called under the push lock. */
    private List<EpisodeRecord> recordEpisodes(int workerId, List<EpisodeResult> results, long stepsNow) {
        if (results.isEmpty()) {
            return List.of();
        }
        double wall = wallSeconds();
        List<EpisodeRecord> records = new ArrayList<>(results.size());
        synchronized (episodes) {
            for (EpisodeResult episode : results) {
                episodes.record(episode.episodeReturn());
                history.episode(stepsNow, episode.episodeReturn(), episodes.average());
                records.add(new EpisodeRecord(episodes.episodes(), stepsNow, wall, workerId, episode.episodeReturn(),
                        episode.length()));
            }
        }
        return records;
    }

    /**
     * Whether this evaluation is to be repeated on other fresh episodes before it is recorded: with {@code --stop-on
     * eval}, one that reaches the target (see {@link StopRule}).
     */
    public boolean needsConfirmation(Evaluation evaluation) {
        return stopRule.needsConfirmation(evaluation);
    }

    /** Records an evaluation that was not repeated; see {@link #recordEvaluation(Evaluation, Evaluation)}. */
    public boolean recordEvaluation(Evaluation evaluation) {
        return recordEvaluation(evaluation, null);
    }

    /**
     * Records an evaluation of the global network, with its confirmation on other fresh episodes when it had one (the
     * two count as one, pooled); with {@code --stop-on eval}, an evaluation at the target whose confirmation reaches it
     * too ends training.
     *
     * @return whether it is the best so far
     */
    public boolean recordEvaluation(Evaluation first, Evaluation confirmation) {
        Evaluation evaluation = confirmation == null ? first : Evaluation.pooled(first, confirmation);
        boolean best = evaluations.record(evaluation);
        history.evaluation(evaluation);
        log.info("evaluation {}: version {}, {} episodes, mean return {} +- {} (min {}, max {}){}{}", evaluation.index(),
                evaluation.version(), evaluation.episodes(), String.format("%.2f", evaluation.mean()),
                String.format("%.2f", evaluation.stderr()), evaluation.min(), evaluation.max(),
                confirmation == null ? "" : String.format(" (%.2f, then %.2f on other episodes)", first.mean(),
                        confirmation.mean()),
                best ? ": the best so far" : "");
        String reason = stopRule.afterEvaluation(first, confirmation);
        if (reason != null) {
            evaluationEndedTraining = true;
            finish(reason);
        }
        return best;
    }

    /** The index the next evaluation gets (evaluations of a resumed run continue the numbering). */
    public long nextEvaluationIndex() {
        return evaluations.next();
    }

    public Evaluation latestEvaluation() {
        return evaluations.latest();
    }

    public Evaluation bestEvaluation() {
        return evaluations.best();
    }

    private void checkFinished() {
        if (stopReason != null) {
            return;
        }
        String reason = stopRule.afterUpdate(episodes, envSteps.get());
        if (reason != null) {
            finish(reason);
        }
    }

    /** Ends training: every following push or pull answers "stop". Idempotent. */
    public synchronized void finish(String reason) {
        if (stopReason == null) {
            finishedNanos = System.nanoTime();
            stopReason = reason;
            log.info("training finished: {}", reason);
            finishedLatch.countDown();
        }
    }

    /**
     * Stops taking work without ending training: from now on register, pull and push throw
     * {@link DrainingException}. Used on shutdown, so that a restarted server can continue the run.
     */
    public void drain() {
        draining = true;
    }

    private void requireServing() {
        if (draining) {
            throw RequestValidator.refuse(Refusal.DRAINING, "the parameter server is shutting down");
        }
    }

    public boolean isFinished() {
        return stopReason != null;
    }

    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finishedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True when every active worker has been told to stop. */
    public boolean allWorkersToldToStop() {
        return workers.allToldToStop();
    }

    /** Whether the target was reached by the run's stop rule (the training average, or an evaluation). */
    public boolean reachedTarget() {
        return stopRule.targetReached(episodes, evaluationEndedTraining);
    }

    public long envSteps() {
        return envSteps.get();
    }

    /** The run's training time: before this session, and this session's up to now or to the end of training. */
    public double wallSeconds() {
        return wallSecondsBefore + sessionSeconds();
    }

    /** This session's training time: up to now, or to the moment training finished (a server that stays up). */
    private double sessionSeconds() {
        long end = finishedNanos;
        return ((end == 0 ? System.nanoTime() : end) - startNanos) / 1e9;
    }

    public RunState status() {
        double sessionSeconds = sessionSeconds();
        long steps = envSteps.get();
        List<WorkerStatus> list = workers.all().stream()
                .map(w -> new WorkerStatus(w.id, w.host, w.pid, w.cores, w.active,
                        w.active ? "active" : w.expired ? "expired" : "left", w.pushes, w.envSteps,
                        w.lastSeen.toString(), w.lastPush == null ? null : w.lastPush.toString(),
                        w.lastStaleness < 0 ? null : w.lastStaleness))
                .toList();
        long version = model.version();
        Evaluation latest = evaluations.latest();
        Evaluation best = evaluations.best();
        return new RunState(config.environment().id(), version, steps, config.schedule().maxSteps(), version,
                episodes.episodes(), episodes.average(), episodes.bestAverage(), config.schedule().targetReturn(),
                reachedTarget(), config.evaluation().stopOn().name().toLowerCase(Locale.ROOT), workers.activeCount(),
                config.algorithm().envsPerWorker(), isFinished(), stopReason, wallSeconds(),
                sessionSeconds > 0 ? (steps - envStepsAtStart) / sessionSeconds : 0,
                latest == null ? null : latest.mean(), latest == null ? null : latest.stderr(),
                latest == null ? null : latest.episodes(), latest == null ? null : latest.version(),
                config.evaluation().actions().name().toLowerCase(Locale.ROOT),
                best == null ? null : best.mean(), best == null ? null : best.stderr(),
                best == null ? null : best.version(), best == null ? null : best.seed(), list);
    }

    /** Adds a sample of the counters to the {@link #history()}; the server calls it once a second. */
    public void recordProgress() {
        history.progress(wallSeconds(), envSteps.get(), model.version(), workers.activeCount());
    }

    /** The run's curve, progress samples and recent staleness, in bounded memory. */
    public TrainingHistory history() {
        return history;
    }

    /** Everything a checkpoint holds, consistent with itself. */
    public record CheckpointData(GlobalModel.CheckpointCopy model, long envSteps, long episodes,
                                 List<Double> recentReturns, Double bestAverage, double wallSeconds) {}

    public CheckpointData checkpointData() {
        synchronized (pushLock) {
            synchronized (episodes) {
                return new CheckpointData(model.copyForCheckpoint(), envSteps.get(), episodes.episodes(),
                        episodes.recent(), episodes.bestAverage(), wallSeconds());
            }
        }
    }

    Clock clock() {
        return clock;
    }

    public MeterRegistry meters() {
        return meters;
    }
}
