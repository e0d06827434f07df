package dev.a3c.server.training;

import dev.a3c.server.evaluation.Evaluation;
import dev.a3c.server.evaluation.Evaluations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The training session's meters (Prometheus names: docs/observability.md). */
final class SessionMetrics {

    private final Counter steps;
    private final Counter updates;
    private final DistributionSummary staleness;
    private final DistributionSummary episodeReturn;
    private final DistributionSummary episodeLength;
    private final Timer pushLatency;
    private final Counter downweighted;
    private final Counter expiredWorkers;

    SessionMetrics(MeterRegistry meters, WorkerRegistry workers, GlobalModel model, EpisodeStatistics episodes,
                   Evaluations evaluations) {
        steps = Counter.builder("a3c.env.steps").description("environment steps covered by applied gradients")
                .register(meters);
        updates = Counter.builder("a3c.updates").description("gradients applied to the global network").register(meters);
        staleness = DistributionSummary.builder("a3c.push.staleness")
                .description("server version minus the version a gradient was computed on")
                .publishPercentileHistogram().register(meters);
        episodeReturn = DistributionSummary.builder("a3c.episode.return").description("returns of finished episodes")
                .register(meters);
        episodeLength = DistributionSummary.builder("a3c.episode.length").description("lengths of finished episodes")
                .register(meters);
        expiredWorkers = Counter.builder("a3c.workers.expired")
                .description("workers counted as gone because they missed their lease").register(meters);
        downweighted = Counter.builder("a3c.push.downweighted")
                .description("pushes beyond the maximum staleness applied with a smaller step").register(meters);
        pushLatency = Timer.builder("a3c.push.latency").description("time to validate and apply a push")
                .publishPercentileHistogram().register(meters);
        Gauge.builder("a3c.workers.active", workers, WorkerRegistry::activeCount)
                .description("registered workers that have not left").register(meters);
        Gauge.builder("a3c.weights.version", model, GlobalModel::version).register(meters);
        Gauge.builder("a3c.episode.return.avg100", episodes, e -> e.average() == null ? Double.NaN : e.average())
                .description("moving average of the last 100 episode returns").register(meters);
        evaluationGauge(meters, evaluations, "a3c.eval.mean.return", "mean return of the latest evaluation",
                Evaluations::latest, Evaluation::mean);
        evaluationGauge(meters, evaluations, "a3c.eval.stderr.return", "standard error of the latest evaluation's mean",
                Evaluations::latest, Evaluation::stderr);
        evaluationGauge(meters, evaluations, "a3c.eval.episodes", "episodes of the latest evaluation",
                Evaluations::latest, e -> (double) e.episodes());
        evaluationGauge(meters, evaluations, "a3c.eval.best.mean.return", "mean return of the best evaluation so far",
                Evaluations::best, Evaluation::mean);
        evaluationGauge(meters, evaluations, "a3c.eval.best.version", "weights version of the best evaluation so far",
                Evaluations::best, e -> (double) e.version());
    }

    private static void evaluationGauge(MeterRegistry meters, Evaluations evaluations, String name, String description,
                                        Function<Evaluations, Evaluation> which, Function<Evaluation, Double> value) {
        Gauge.builder(name, evaluations, e -> {
            Evaluation evaluation = which.apply(e);
            return evaluation == null ? Double.NaN : value.apply(evaluation);
        }).description(description).register(meters);
    }

    /** A push applied: its steps, its staleness and how long it took. */
    void applied(long envSteps, long stale, long nanos) {
        steps.increment(envSteps);
        updates.increment();
        staleness.record(stale);
        pushLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A push refused as too stale (its staleness is recorded all the same). */
    void refusedStale(long stale) {
        staleness.record(stale);
    }

    void downweighted() {
        downweighted.increment();
    }

    void episode(double returned, int length) {
        episodeReturn.record(returned);
        episodeLength.record(length);
    }

    void expired(int workers) {
        expiredWorkers.increment(workers);
    }
}
