package dev.a3c.server.training;

import dev.a3c.server.evaluation.Evaluation;
import dev.a3c.server.run.HistoryReplay;
import java.util.List;

/**
 * What the run did over time, in bounded memory, for the dashboard: the training curve (episode
 * returns and the 100-episode average against env steps), progress samples (counters once a
 * second, from which rates follow) and the staleness of the most recent pushes. The curve and the
 * progress samples and the evaluations of the global network are {@link DownsampledSeries}: a long run keeps its whole span at a coarser
 * resolution. Held in memory; a resumed server refills it from the run folder ({@link HistoryReplay}). Thread-safe.
 */
public final class TrainingHistory {

    /** Points kept per series (between half and all of them are shown). */
    public static final int DEFAULT_POINTS = 2000;
    /** Pushes whose staleness is kept. */
    public static final int DEFAULT_RECENT_PUSHES = 1000;

    /**
     * Consecutive finished episodes merged into one point.
     *
     * @param envSteps the global env-step count when the last of them was reported
     * @param episodes how many episodes the point stands for
     * @param meanReturn, minReturn, maxReturn their returns
     * @param avgReturn100 the 100-episode moving average after the last of them
     */
    public record EpisodePoint(long envSteps, long episodes, double meanReturn, double minReturn, double maxReturn,
                               double avgReturn100) {

        static EpisodePoint of(long envSteps, double episodeReturn, double avgReturn100) {
            return new EpisodePoint(envSteps, 1, episodeReturn, episodeReturn, episodeReturn, avgReturn100);
        }

        static EpisodePoint merge(EpisodePoint earlier, EpisodePoint later) {
            long n = earlier.episodes + later.episodes;
            double mean = (earlier.meanReturn * earlier.episodes + later.meanReturn * later.episodes) / n;
            return new EpisodePoint(later.envSteps, n, mean, Math.min(earlier.minReturn, later.minReturn),
                    Math.max(earlier.maxReturn, later.maxReturn), later.avgReturn100);
        }
    }

    /**
     * The run's cumulative counters at one moment; rates are differences between two points. Two
     * merged points keep the later one, so a rate over merged points is the average over their span.
     *
     * @param wallSeconds training wall time (including time before a resume)
     * @param pushes pushes whose staleness was recorded (applied or refused as too stale)
     * @param stalenessSum the sum of their staleness
     */
    public record ProgressPoint(double wallSeconds, long envSteps, long updates, int activeWorkers, long pushes,
                                long stalenessSum) {

        static ProgressPoint merge(ProgressPoint earlier, ProgressPoint later) {
            return later;
        }
    }

    /** A consistent copy of the whole history. */
    public record Snapshot(List<EpisodePoint> curve, List<ProgressPoint> progress, long[] recentStaleness,
                           long pushes, List<Evaluation> evaluations) {}

    private final DownsampledSeries<EpisodePoint> curve;
    private final DownsampledSeries<ProgressPoint> progress;
    /** Two merged evaluations keep the better one: the curve never hides the best model. */
    private final DownsampledSeries<Evaluation> evaluations;
    private final long[] recent;
    private long pushes;
    private long stalenessSum;

    public TrainingHistory() {
        this(DEFAULT_POINTS, DEFAULT_RECENT_PUSHES);
    }

    public TrainingHistory(int points, int recentPushes) {
        if (recentPushes < 1) {
            throw new IllegalArgumentException("keep the staleness of at least one push, got " + recentPushes);
        }
        this.curve = new DownsampledSeries<>(points, EpisodePoint::merge);
        this.progress = new DownsampledSeries<>(points, ProgressPoint::merge);
        this.evaluations = new DownsampledSeries<>(points, (a, b) -> b.mean() > a.mean() ? b : a);
        this.recent = new long[recentPushes];
    }

    /** A finished episode, reported when the global count reached {@code envSteps}. */
    public synchronized void episode(long envSteps, double episodeReturn, double avgReturn100) {
        curve.add(EpisodePoint.of(envSteps, episodeReturn, avgReturn100));
    }

    /** An evaluation of the global network. */
    public synchronized void evaluation(Evaluation evaluation) {
        evaluations.add(evaluation);
    }

    /** A push the server saw, computed on weights {@code staleness} versions old. */
    synchronized void push(long staleness) {
        recent[(int) (pushes % recent.length)] = staleness;
        pushes++;
        stalenessSum += staleness;
    }

    /** Samples the counters; the server calls it once a second. */
    public synchronized void progress(double wallSeconds, long envSteps, long updates, int activeWorkers) {
        progress.add(new ProgressPoint(wallSeconds, envSteps, updates, activeWorkers, pushes, stalenessSum));
    }

    public synchronized Snapshot snapshot() {
        int n = (int) Math.min(pushes, recent.length);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = recent[(int) ((pushes - n + i) % recent.length)];
        }
        return new Snapshot(curve.snapshot(), progress.snapshot(), values, pushes, evaluations.snapshot());
    }
}
