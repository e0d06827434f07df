package dev.a3c.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code summary.json}: what a run achieved. */
public record RunSummary(
        String env,
        List<Worker> workers,
        @JsonProperty("envs_per_worker") int envsPerWorker,
        @JsonProperty("env_steps") long envSteps,
        long updates,
        long episodes,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("steps_per_second") double stepsPerSecond,
        @JsonProperty("final_avg_return_100") Double finalAvgReturn100,
        @JsonProperty("best_avg_return_100") Double bestAvgReturn100,
        @JsonProperty("target_return") Double targetReturn,
        @JsonProperty("reached_target") boolean reachedTarget,
        @JsonProperty("stop_reason") String stopReason) {

    /** A worker that took part. */
    public record Worker(int id, String host, long pid, long pushes, @JsonProperty("env_steps") long envSteps) {}

    static RunSummary of(TrainingSession session) {
        TrainingSession.Status s = session.status();
        List<Worker> workers = s.workers().stream()
                .map(w -> new Worker(w.id(), w.host(), w.pid(), w.pushes(), w.envSteps()))
                .toList();
        return new RunSummary(session.config().env(), workers, session.config().envsPerWorker(), s.envSteps(),
                s.updates(), s.episodes(), s.wallSeconds(), s.wallSeconds() > 0 ? s.envSteps() / s.wallSeconds() : 0,
                s.avgReturn100(), s.bestAvgReturn100(), session.config().targetReturn(), session.reachedTarget(),
                s.stopReason() != null ? s.stopReason() : "server shut down");
    }
}
