package dev.a3c.worker.telemetry;

import dev.a3c.worker.Worker;
import dev.a3c.worker.client.ParameterServerClient;
import dev.a3c.worker.learner.VectorEnv;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's domain metrics, recorded by {@link Worker} into an injected registry: environment
 * steps played (a counter Prometheus can rate), finished episodes with their return and length,
 * pushes by outcome and refused pushes by reason, the staleness the server saw, push and pull
 * latency as the worker sees them (sent to answered), time per rollout phase, and the version of
 * the weights it plays with. Thread-safe: pushes and pulls complete on gRPC's threads.
 */
public final class WorkerMetrics {

    private final MeterRegistry meters;
    private final Counter envSteps;
    private final Counter episodes;
    private final DistributionSummary episodeReturn;
    private final DistributionSummary episodeLength;
    private final Counter applied;
    private final Counter duplicate;
    private final Counter notApplied;
    private final Counter appliedSteps;
    private final DistributionSummary staleness;
    private final Timer pushLatency;
    private final Timer pullLatency;
    private final Timer act;
    private final Timer learn;
    private final Timer wait;
    private final AtomicLong weightsVersion = new AtomicLong(-1);

    public WorkerMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.envSteps = Counter.builder("a3c.worker.env.steps").description("environment steps played by this worker")
                .register(meters);
        this.episodes = Counter.builder("a3c.worker.episodes").description("episodes finished on this worker")
                .register(meters);
        this.episodeReturn = DistributionSummary.builder("a3c.worker.episode.return")
                .description("returns of the episodes finished on this worker (unscaled)").register(meters);
        this.episodeLength = DistributionSummary.builder("a3c.worker.episode.length")
                .description("lengths of the episodes finished on this worker").register(meters);
        this.applied = pushes("applied");
        this.duplicate = pushes("duplicate");
        this.notApplied = pushes("not_applied");
        this.appliedSteps = Counter.builder("a3c.worker.applied.env.steps")
                .description("env steps of this worker's pushes the server holds: answered applied, or duplicate "
                        + "(applied on an earlier try whose answer was lost)").register(meters);
        this.staleness = DistributionSummary.builder("a3c.worker.push.staleness")
                .description("versions the server had moved on when it applied this worker's push").register(meters);
        this.pushLatency = Timer.builder("a3c.worker.push.latency")
                .description("from sending a push to its answer, on the worker").publishPercentileHistogram()
                .register(meters);
        this.pullLatency = Timer.builder("a3c.worker.pull.latency")
                .description("from asking for weights to receiving them, on the worker").publishPercentileHistogram()
                .register(meters);
        this.act = phase("act");
        this.learn = phase("learn");
        this.wait = phase("wait");
        // the refusals an honest worker meets, there at 0 from the start so that rates of them have a series
        rejected("stale");
        rejected("unknown_worker");
        // held strongly: the registry (and its /metrics) can outlive the worker that updates it, and a gauge of a
        // collected object reads NaN
        Gauge.builder("a3c.worker.weights.version", weightsVersion, AtomicLong::get).strongReference(true)
                .description("version of the weights this worker plays with (-1 before the first)").register(meters);
    }

    private Counter pushes(String result) {
        return Counter.builder("a3c.worker.pushes")
                .description("pushes answered by the server: applied, duplicate (a retry of an applied push) or "
                        + "not_applied (training was over)")
                .tag("result", result).register(meters);
    }

    private Timer phase(String phase) {
        return Timer.builder("a3c.worker.rollout.phase")
                .description("time per rollout: act (playing), learn (the gradient), wait (for the previous push)")
                .tag("phase", phase).register(meters);
    }

    /** A rollout of {@code steps} environment steps was played in {@code nanos}. */
    public void played(long steps, long nanos) {
        envSteps.increment(steps);
        act.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void learned(long nanos) {
        learn.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void waited(long nanos) {
        wait.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void episodesFinished(List<VectorEnv.Episode> finished) {
        for (VectorEnv.Episode e : finished) {
            episodes.increment();
            episodeReturn.record(e.episodeReturn());
            episodeLength.record(e.length());
        }
    }

    /** The server answered a push of {@code envSteps} environment steps after {@code nanos}. */
    public void pushAnswered(ParameterServerClient.PushAck ack, long envSteps, long nanos) {
        pushLatency.record(nanos, TimeUnit.NANOSECONDS);
        if (ack.applied()) {
            applied.increment();
            appliedSteps.increment(envSteps);
            staleness.record(ack.staleness());
        } else if (ack.duplicate()) {
            duplicate.increment();
            appliedSteps.increment(envSteps);
        } else {
            notApplied.increment();
        }
    }

    /** The server (or the transport) refused a push; {@code reason} as in {@link #reason(String)}. */
    public void pushRefused(String reason) {
        rejected(reason).increment();
    }

    private Counter rejected(String reason) {
        return Counter.builder("a3c.worker.pushes.rejected").description("pushes that failed, by reason")
                .tag("reason", reason).register(meters);
    }

    public void pulled(long nanos) {
        pullLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void weightsVersion(long version) {
        weightsVersion.set(version);
    }
}
