package dev.a3c.server.training;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Returns of finished episodes: count, the 100-episode moving average and the best such average. */
public final class EpisodeStatistics {

    static final int WINDOW = 100;

    private final ArrayDeque<Double> window = new ArrayDeque<>(WINDOW);
    private double windowSum;
    private long episodes;
    private Double bestAverage;

    public EpisodeStatistics() {}

    public EpisodeStatistics(long episodes, List<Double> recentReturns, Double bestAverage) {
        for (double r : recentReturns) {
            push(r);
        }
        this.episodes = episodes;
        this.bestAverage = bestAverage;
    }

    public synchronized void record(double episodeReturn) {
        push(episodeReturn);
        episodes++;
        if (window.size() == WINDOW) {
            double average = windowSum / WINDOW;
            if (bestAverage == null || average > bestAverage) {
                bestAverage = average;
            }
        }
    }

    /**
     * Adds a return to the window. The sum is taken anew over the window (100 additions) rather than
     * updated by subtracting the return that leaves: with returns of very different sizes, a running
     * sum would keep the rounding error of a large one long after it left.
     */
    private void push(double value) {
        if (window.size() == WINDOW) {
            window.removeFirst();
        }
        window.addLast(value);
        double sum = 0;
        for (double r : window) {
            sum += r;
        }
        windowSum = sum;
    }

    synchronized long episodes() {
        return episodes;
    }

    /** The average of the last 100 returns, or of all of them while there are fewer; null before the first. */
    public synchronized Double average() {
        return window.isEmpty() ? null : windowSum / window.size();
    }

    /** True once 100 episodes finished and their average is at least {@code target}. */
    synchronized boolean reached(double target) {
        return window.size() == WINDOW && windowSum / WINDOW >= target;
    }

    /** The best full-window average, or null before 100 episodes. */
    synchronized Double bestAverage() {
        return bestAverage;
    }

    synchronized List<Double> recent() {
        return new ArrayList<>(window);
    }
}
