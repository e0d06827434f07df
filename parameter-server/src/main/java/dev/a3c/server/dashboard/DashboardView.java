package dev.a3c.server.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.a3c.server.evaluation.Evaluation;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingHistory;
import dev.a3c.server.training.TrainingSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the dashboard page shows, as one JSON document ({@code /api/dashboard}): headline
 * figures, the workers, the training curve, throughput over time and the staleness of recent
 * pushes. Series are columns (one array per quantity), the form charting libraries take.
 */
public record DashboardView(
        RunState headline,
        List<WorkerRow> workers,
        Curve curve,
        Evaluations evaluations,
        Throughput throughput,
        Staleness staleness) {

    /** Staleness values from this one on share the last histogram bucket. */
    static final int STALENESS_BUCKETS = 30;

    /** The evaluations of the global network: env steps when its weights were taken, their version, mean and error. */
    public record Evaluations(
            @JsonProperty("env_steps") long[] envSteps,
            long[] version,
            double[] mean,
            double[] stderr,
            int[] episodes) {}

    /**
     * A worker, with ages in seconds relative to the moment of the view ({@code lastPushAgeSeconds}
     * and {@code lastStaleness} are null before its first push).
     */
    public record WorkerRow(
            int id,
            String host,
            long pid,
            int cores,
            String state,
            long pushes,
            @JsonProperty("env_steps") long envSteps,
            @JsonProperty("last_staleness") Long lastStaleness,
            @JsonProperty("last_push_age_seconds") Double lastPushAgeSeconds,
            @JsonProperty("last_seen_age_seconds") double lastSeenAgeSeconds) {}

    /**
     * The training curve: point i stands for {@code episodes[i]} consecutive episodes, the last of
     * them reported at {@code envSteps[i]}, with their mean, min and max return and the 100-episode
     * average after the last one.
     */
    public record Curve(
            @JsonProperty("env_steps") long[] envSteps,
            long[] episodes,
            double[] mean,
            double[] min,
            double[] max,
            @JsonProperty("avg_return_100") double[] avgReturn100) {}

    /**
     * Throughput over time: counters at each sample and the rates since the previous sample (null
     * for the first sample, and the mean staleness null where no push came in between).
     */
    public record Throughput(
            @JsonProperty("wall_seconds") double[] wallSeconds,
            @JsonProperty("env_steps") long[] envSteps,
            long[] updates,
            @JsonProperty("active_workers") int[] activeWorkers,
            @JsonProperty("steps_per_second") Double[] stepsPerSecond,
            @JsonProperty("updates_per_second") Double[] updatesPerSecond,
            @JsonProperty("mean_staleness") Double[] meanStaleness) {}

    /**
     * The staleness of the last {@code window} pushes (of {@code pushes} in all): summary figures
     * (null when there was none) and a histogram whose last bucket may gather all values from
     * {@link #STALENESS_BUCKETS} on.
     */
    public record Staleness(
            long pushes,
            int window,
            Double mean,
            Long p50,
            Long p90,
            Long max,
            List<String> labels,
            long[] counts) {}

    /** The view of {@code session} at {@code now}. */
    public static DashboardView of(TrainingSession session, Instant now) {
        RunState status = session.status();
        TrainingHistory.Snapshot history = session.history().snapshot();
        return new DashboardView(status, workers(status, now), curve(history.curve()),
                evaluations(history.evaluations()), throughput(history.progress()),
                staleness(history.recentStaleness(), history.pushes()));
    }

    static List<WorkerRow> workers(RunState status, Instant now) {
        return status.workers().stream()
                .map(w -> new WorkerRow(w.id(), w.host(), w.pid(), w.cores(), w.state(), w.pushes(), w.envSteps(),
                        w.lastStaleness(), w.lastPush() == null ? null : ageSeconds(Instant.parse(w.lastPush()), now),
                        ageSeconds(Instant.parse(w.lastSeen()), now)))
                .toList();
    }

    private static double ageSeconds(Instant then, Instant now) {
        return Math.max(0, Duration.between(then, now).toNanos() / 1e9);
    }

    static Curve curve(List<TrainingHistory.EpisodePoint> points) {
        int n = points.size();
        long[] steps = new long[n];
        long[] episodes = new long[n];
        double[] mean = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        double[] avg = new double[n];
        for (int i = 0; i < n; i++) {
            TrainingHistory.EpisodePoint p = points.get(i);
            steps[i] = p.envSteps();
            episodes[i] = p.episodes();
            mean[i] = p.meanReturn();
            min[i] = p.minReturn();
            max[i] = p.maxReturn();
            avg[i] = p.avgReturn100();
        }
        return new Curve(steps, episodes, mean, min, max, avg);
    }

    static Evaluations evaluations(List<Evaluation> list) {
        int n = list.size();
        long[] steps = new long[n];
        long[] version = new long[n];
        double[] mean = new double[n];
        double[] stderr = new double[n];
        int[] episodes = new int[n];
        for (int i = 0; i < n; i++) {
            Evaluation e = list.get(i);
            steps[i] = e.envSteps();
            version[i] = e.version();
            mean[i] = e.mean();
            stderr[i] = e.stderr();
            episodes[i] = e.episodes();
        }
        return new Evaluations(steps, version, mean, stderr, episodes);
    }

    static Throughput throughput(List<TrainingHistory.ProgressPoint> points) {
        int n = points.size();
        double[] wall = new double[n];
        long[] steps = new long[n];
        long[] updates = new long[n];
        int[] workers = new int[n];
        Double[] stepRate = new Double[n];
        Double[] updateRate = new Double[n];
        Double[] staleness = new Double[n];
        for (int i = 0; i < n; i++) {
            TrainingHistory.ProgressPoint p = points.get(i);
            wall[i] = p.wallSeconds();
            steps[i] = p.envSteps();
            updates[i] = p.updates();
            workers[i] = p.activeWorkers();
            if (i > 0) {
                TrainingHistory.ProgressPoint q = points.get(i - 1);
                double dt = p.wallSeconds() - q.wallSeconds();
                if (dt > 0) {
                    stepRate[i] = (p.envSteps() - q.envSteps()) / dt;
                    updateRate[i] = (p.updates() - q.updates()) / dt;
                }
                long pushes = p.pushes() - q.pushes();
                if (pushes > 0) {
                    staleness[i] = (double) (p.stalenessSum() - q.stalenessSum()) / pushes;
                }
            }
        }
        return new Throughput(wall, steps, updates, workers, stepRate, updateRate, staleness);
    }

    static Staleness staleness(long[] recent, long pushes) {
        if (recent.length == 0) {
            return new Staleness(pushes, 0, null, null, null, null, List.of(), new long[0]);
        }
        long[] sorted = recent.clone();
        Arrays.sort(sorted);
        long max = sorted[sorted.length - 1];
        int buckets = (int) Math.min(max, STALENESS_BUCKETS) + 1;
        long[] counts = new long[buckets];
        List<String> labels = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            labels.add(b == STALENESS_BUCKETS ? STALENESS_BUCKETS + "+" : Integer.toString(b));
        }
        double sum = 0;
        for (long v : recent) {
            counts[(int) Math.min(v, STALENESS_BUCKETS)]++;
            sum += v;
        }
        return new Staleness(pushes, recent.length, sum / recent.length, percentile(sorted, 0.5),
                percentile(sorted, 0.9), max, labels, counts);
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
