package dev.a3c.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.infra.metrics.PrometheusScrape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a run over some link showed: its speed, the push latency workers saw, and the staleness of their pushes. */
record NetworkFigures(String link, boolean reachedTarget, double seconds, long envSteps, double pushLatencyP50,
                      double pushLatencyP99, double stalenessMean, double stalenessP90, long pushes,
                      double pushLatencyMean, double waitPerPush) {

    /** The share of a push's latency the worker did not wait for: it played its next rollout meanwhile. */
    double hidden() {
        return 1 - waitPerPush / pushLatencyMean;
    }


    /** The figures of a finished run: its /status, the server's metrics and every worker's. */
    static NetworkFigures of(String link, JsonNode status, PrometheusScrape server, List<PrometheusScrape> workers) {
        List<PrometheusScrape.Sample> latency = new ArrayList<>();
        for (PrometheusScrape w : workers) {
            latency.addAll(w.find("a3c_worker_push_latency_seconds_bucket"));
        }
        double stalenessCount = server.value("a3c_push_staleness_count");
        double latencySum = 0;
        double latencyCount = 0;
        double waitSum = 0;
        double waitCount = 0;
        for (PrometheusScrape w : workers) {
            latencySum += w.value("a3c_worker_push_latency_seconds_sum");
            latencyCount += w.value("a3c_worker_push_latency_seconds_count");
            waitSum += w.value("a3c_worker_rollout_phase_seconds_sum", "phase", "wait");
            waitCount += w.value("a3c_worker_rollout_phase_seconds_count", "phase", "wait");
        }
        return new NetworkFigures(link, status.path("reached_target").asBoolean(), status.path("wall_seconds").asDouble(),
                status.path("env_steps").asLong(), quantile(latency, 0.5), quantile(latency, 0.99),
                server.value("a3c_push_staleness_sum") / stalenessCount,
                quantile(server.find("a3c_push_staleness_bucket"), 0.9), (long) server.value("a3c_updates_total"),
                latencySum / latencyCount, waitSum / waitCount);
    }

    /**
     * The {@code q} quantile of cumulative histogram buckets (samples with an {@code le} label; several histograms'
     * buckets are summed by bound), interpolated linearly inside its bucket as Prometheus' histogram_quantile does.
     */
    static double quantile(List<PrometheusScrape.Sample> buckets, double q) {
        Map<Double, Double> byBound = new TreeMap<>();
        for (PrometheusScrape.Sample s : buckets) {
            String le = s.labels().get("le");
            double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            byBound.merge(bound, s.value(), Double::sum);
        }
        double total = byBound.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : byBound.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                return inBucket == 0 ? bucket.getKey()
                        : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    static String tableHeader() {
        return "| link | reached 475 | time to target (s) | env steps | env steps/s | pushes | push latency p50 / p99 (ms)"
                + " | staleness mean / p90 | wait per push (ms) | latency hidden |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    }

    String row() {
        return String.format(Locale.ROOT, "| %s | %s | %.1f | %,d | %,.0f | %,d | %.1f / %.1f | %.2f / %.1f | %.1f | %.0f%% |%n",
                link, reachedTarget ? "yes" : "no", seconds, envSteps, envSteps / seconds, pushes, pushLatencyP50 * 1000,
                pushLatencyP99 * 1000, stalenessMean, stalenessP90, waitPerPush * 1000, hidden() * 100);
    }
}
