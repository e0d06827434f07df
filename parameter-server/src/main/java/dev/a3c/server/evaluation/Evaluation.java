package dev.a3c.server.evaluation;

import java.util.List;

/**
 * One evaluation of the global network: the weights of {@code version} played for {@code episodes}
 * fresh episodes from {@code seed} ({@code a3c play --seed SEED --episodes N} on that model plays
 * the same ones).
 *
 * @param index 0, 1, 2, ... in the order of the run's evaluations
 * @param version the weights' version
 * @param envSteps the run's env steps when the weights were taken
 * @param wallSeconds the run's wall time when the weights were taken
 * @param seed the seed of the first episode
 * @param episodes how many episodes were played
 * @param mean the mean return
 * @param stderr the standard error of the mean (sample standard deviation over sqrt(episodes)); 0 for one episode
 * @param min the lowest return
 * @param max the highest return
 */
public record Evaluation(long index, long version, long envSteps, double wallSeconds, long seed, int episodes, double mean,
                         double stderr, double min, double max) {

    /** The statistics of these returns. */
    static Evaluation of(long index, long version, long envSteps, double wallSeconds, long seed, List<Double> returns) {
        int n = returns.size();
        if (n == 0) {
            throw new IllegalArgumentException("an evaluation needs at least one episode");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double r : returns) {
            sum += r;
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        double mean = sum / n;
        double squares = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        double stderr = n > 1 ? Math.sqrt(squares / (n - 1) / n) : 0;
        return new Evaluation(index, version, envSteps, wallSeconds, seed, n, mean, stderr, min, max);
    }

    /**
     * The evaluations {@code first} and {@code second} of the same weights (on other fresh episodes) as one: their
     * episodes together (index and seed: {@code second}'s and {@code first}'s; the steps and time of the weights).
     */
    public static Evaluation pooled(Evaluation first, Evaluation second) {
        if (first.version() != second.version()) {
            throw new IllegalArgumentException("evaluations of versions " + first.version() + " and "
                    + second.version() + " are not of the same weights");
        }
        int n = first.episodes() + second.episodes();
        double mean = (first.mean() * first.episodes() + second.mean() * second.episodes()) / n;
        double squares = first.squares() + second.squares()
                + first.episodes() * (first.mean() - mean) * (first.mean() - mean)
                + second.episodes() * (second.mean() - mean) * (second.mean() - mean);
        double stderr = n > 1 ? Math.sqrt(squares / (n - 1) / n) : 0;
        return new Evaluation(second.index(), first.version(), first.envSteps(), first.wallSeconds(), first.seed(), n,
                mean, stderr, Math.min(first.min(), second.min()), Math.max(first.max(), second.max()));
    }

    /** The sum of squared deviations from the mean, recovered from the standard error. */
    private double squares() {
        return episodes > 1 ? stderr * stderr * episodes * (episodes - 1) : 0;
    }
}
